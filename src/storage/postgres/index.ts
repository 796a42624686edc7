import path from 'node:path';
import pg from 'pg';
import { toLocalIso } from '../../domain/time.js';
import type { CommuneStorage, Storage } from '../port.js';
import { StorageUnavailableError } from '../unavailable.js';
import * as city from './city.js';
import { FolderBlobStore } from '../lowdb/blobs.js';
import { communeStorage } from './commune.js';
import { one } from './db.js';
import { deploymentAudit } from './deployment-audit.js';
import { pgLimits } from './limits.js';
import { migrate } from './migrate.js';
import { WriteQueue } from './queue.js';
import { deploymentSecret, pgLoginSessions, userReads } from './users.js';

export interface PostgresOptions {
  /** `postgres://…` */
  url: string;
  /** Where evidence files' bytes are kept (a folder every app process shares). */
  filesDir: string;
  /** The code of the deployment's first commune, made at the first start. */
  firstCommune?: string;
  /** Connections per process. */
  poolSize?: number;
  /** The time source of session expiry; tests pass a fixed clock. */
  clock?: () => Date;
  /** How long waits may last before a request is answered "busy" (defaults: `PG_WAIT_DEFAULTS`). */
  waits?: Partial<PgWaits>;
  /**
   * Connections the caller opened (`openPgPool`, with the same waits) and keeps: used instead of a pool of
   * the engine's own, and left open at `close`. The tests' stores share one database's connections from
   * one test to the next this way.
   */
  pool?: pg.Pool;
}

/** The bounds on every wait of the PostgreSQL engine, in milliseconds. */
export interface PgWaits {
  /** A write waiting for the writes of its commune before it in this process. */
  queueMs: number;
  /** Waiting for a free client of the pool. */
  acquireMs: number;
  /** One statement (PostgreSQL's `statement_timeout`). */
  statementMs: number;
  /** Waiting for a lock, the commune's among them (`lock_timeout`). */
  lockMs: number;
  /** A transaction left open with nothing running (`idle_in_transaction_session_timeout`): its connection is closed. */
  idleTransactionMs: number;
}

export const PG_WAIT_DEFAULTS: PgWaits = { queueMs: 10_000, acquireMs: 5_000, statementMs: 30_000, lockMs: 10_000, idleTransactionMs: 60_000 };

/** How long the health check waits for the database's answer. */
const PING_MS = 2_000;

export interface PostgresStorage extends Storage {
  readonly pool: pg.Pool;
}

/** The code of the commune a deployment starts with (a ward moving its data in names its own). */
export const FIRST_COMMUNE = 'main';

/** The engine's pool: `size` connections at most, each with the waits' limits on its statements and locks. */
export function openPgPool(url: string, size: number, waits: PgWaits): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: waits.acquireMs,
    statement_timeout: waits.statementMs,
    lock_timeout: waits.lockMs,
    idle_in_transaction_session_timeout: waits.idleTransactionMs,
  });
  // An idle client that loses its connection must not bring the process down (checked-out ones listen for themselves: db.ts).
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Opens the PostgreSQL engine: a pool, the schema brought up to date (one process at a time), the
 * first commune made when the database has none. The database keeps everything but evidence files'
 * bytes, which live in `filesDir`.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  const waits = { ...PG_WAIT_DEFAULTS, ...options.waits };
  const pool = options.pool ?? openPgPool(options.url, options.poolSize ?? 10, waits);
  const end = (): Promise<void> => (options.pool ? Promise.resolve() : pool.end());
  const queue = new WriteQueue(waits.queueMs);
  try {
    await migrate(pool);
    await pool.query(`INSERT INTO communes (code, name) SELECT $1, '' WHERE NOT EXISTS (SELECT 1 FROM communes)`, [options.firstCommune ?? FIRST_COMMUNE]);
  } catch (err) {
    await end();
    throw err;
  }
  const clock = options.clock ?? (() => new Date());
  const known = new Map<string, CommuneStorage>();
  const handle = (code: string): CommuneStorage => {
    let found = known.get(code);
    if (!found) known.set(code, (found = communeStorage(pool, code, queue, waits.lockMs)));
    return found;
  };
  const first = handle((await one<{ code: string }>(pool, 'SELECT code FROM communes ORDER BY id LIMIT 1'))!.code);
  let closed = false;
  return {
    engine: 'postgres',
    pool,
    communes: () => city.communes(pool),
    createCommune: (c) => city.createCommune(pool, c, toLocalIso(clock())),
    cityCounts: (from, to) => city.cityCounts(pool, from, to),
    idleCommunes: (since) => city.idleCommunes(pool, since),
    // Any code gives a handle; a code no commune has fails at its first call (the web checks first).
    commune: (code?: string) => (code === undefined ? first : handle(code)),
    users: userReads(pool),
    deploymentAudit: deploymentAudit(pool),
    loginSessions: pgLoginSessions(pool, clock),
    limits: pgLimits(pool),
    blobs: new FolderBlobStore(path.resolve(options.filesDir)),
    sessionSecret: () => deploymentSecret(pool),
    ping: () => ping(pool),
    describe: async () => {
      const n = (await one<{ db: string; version: string; entries: number; items: number; communes: number }>(
        pool,
        `SELECT current_database() AS db, current_setting('server_version') AS version, (SELECT count(*) FROM entries)::int AS entries,
           (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM communes)::int AS communes`,
      ))!;
      return `PostgreSQL ${n.version}, database ${n.db}; ${n.entries} entries, ${n.items} items, ${n.communes} commune(s); files: ${path.resolve(options.filesDir)}`;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await end();
    },
  };
}

/** Answers when the database runs a statement within `PING_MS`; throws `StorageUnavailableError` with the reason otherwise. */
async function ping(pool: pg.Pool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailableError(`PostgreSQL did not answer within ${PING_MS} ms`)), PING_MS);
  });
  try {
    await Promise.race([pool.query('SELECT 1'), late]);
  } catch (err) {
    throw err instanceof StorageUnavailableError ? err : new StorageUnavailableError(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}
