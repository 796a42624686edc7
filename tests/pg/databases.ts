/**
 * Test databases on the run's PostgreSQL server, copies of the migrated template. A test file keeps a
 * few (handed out in order within a test, emptied back to the template's rows after it), reused by
 * the next file of its worker; `newTestDatabase` makes one for a test to own and drop.
 */
import { inject } from 'vitest';
import pg from 'pg';
import { openPgPool, PG_WAIT_DEFAULTS } from '../../src/storage/postgres/index.js';
import type { TestStore } from '../test-store.js';

const TEMPLATE_DB = 'cchc_template';
let counter = 0;
let admin: pg.Pool | null = null;

/** The pool a PostgreSQL test store works through, for a test that looks at the tables themselves. */
export const poolOf = (store: TestStore): pg.Pool => (store.storage as unknown as { pool: pg.Pool }).pool;

const urlOf = (db: string): string => inject('pgUrl').replace('{db}', db);

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: urlOf('postgres'), max: 2 });
  return admin;
}

/** A new database with the schema and the first commune; its connection string. */
export async function newTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `cchc_t${process.pid}_${++counter}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return { name, url: urlOf(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

interface Kept {
  name: string;
  url: string;
  /** One connection, kept for emptying it (connecting costs more than emptying). */
  pool: pg.Pool;
  /**
   * The stores' connections, kept from test to test (`storePool`): a new connection is a new PostgreSQL
   * process, which reads the catalog again before its first statements.
   */
  stores: pg.Pool | null;
  /** Whether it may hold rows of an earlier test (or of an earlier file of this worker). */
  dirty: boolean;
}

const kept: Promise<Kept>[] = [];
let used = 0;

// Vitest numbers the workers running at the same time 1..maxWorkers: a file's databases are its worker's.
const worker = process.env.VITEST_POOL_ID ?? `p${process.pid}`;

function connect(name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: urlOf(name), max: 1 });
  // A test may end every connection to its database (health checks): the next query connects again.
  pool.on('error', () => undefined);
  return pool;
}

/** A database of this worker: made from the template, or the one an earlier file left (to be emptied first). */
async function open(name: string): Promise<Kept> {
  const exists = await adminPool().query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return { name, url: urlOf(name), pool: connect(name), stores: null, dirty: exists.rowCount !== 0 };
}

/** Empties a database back to the template's rows; when it cannot (left locked, closed to connections), makes it again. */
async function empty(db: Kept): Promise<void> {
  try {
    await db.pool.query(inject('pgReset'));
  } catch {
    await db.pool.end().catch(() => undefined);
    await endStores(db);
    await adminPool().query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
    await adminPool().query(`CREATE DATABASE ${db.name} TEMPLATE ${TEMPLATE_DB}`);
    db.pool = connect(db.name);
  }
  db.dirty = false;
}

async function endStores(db: Kept): Promise<void> {
  const stores = db.stores;
  db.stores = null;
  await stores?.end().catch(() => undefined);
}

/** Connections of a test store (the tests' default pool size). */
export const STORE_POOL_SIZE = 4;

/** A test's database: its connection string, and the connections its stores with the default pool work through. */
export interface TestDatabase {
  url: string;
  /** Opened as the engine opens them (`STORE_POOL_SIZE`, the default waits), kept open after a store closes, for the next test's store. */
  storePool(): pg.Pool;
}

/** The test's next database: the file's first one for its first store, the second for a store on another folder... */
export async function takeTestDatabase(): Promise<TestDatabase> {
  const index = used++;
  kept[index] ??= open(`cchc_w${worker}_${index + 1}`);
  const db = await kept[index];
  if (db.dirty) await empty(db);
  db.dirty = true;
  return { url: db.url, storePool: () => (db.stores ??= openPgPool(db.url, STORE_POOL_SIZE, PG_WAIT_DEFAULTS)) };
}

/** After a test (its stores closed): empties the databases it used. */
export async function releaseTestDatabases(): Promise<void> {
  const taken = kept.slice(0, used);
  used = 0;
  for (const db of taken) await empty(await db);
}

/** After a file: lets go of its connections (the databases stay for the worker's next file). */
export async function closeTestDatabases(): Promise<void> {
  const all = await Promise.allSettled(kept.splice(0));
  used = 0;
  await Promise.all(all.map((r) => (r.status === 'fulfilled' ? Promise.all([r.value.pool.end().catch(() => undefined), endStores(r.value)]) : undefined)));
  await admin?.end();
  admin = null;
}
