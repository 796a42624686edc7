import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

// The SQL files sit beside the sources; the built server (dist/) reads them from src/ too.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../src/storage/postgres/migrations', import.meta.url));

/** The advisory lock taken while migrating: processes starting together migrate one after another. */
const MIGRATION_LOCK = 7_241_865_300;

/**
 * Brings the database's schema up to date with node-pg-migrate's SQL migrations. The lock is ours
 * (node-pg-migrate's own lock refuses a second process instead of waiting): a process that finds
 * another migrating waits, then finds nothing left to do.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  if (await upToDate(pool)) return;
  const client = await pool.connect();
  try {
    // A migration may rewrite a large table, and waits for the process migrating before it: no limits here.
    await client.query('SET statement_timeout = 0; SET lock_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const { runner } = await import('node-pg-migrate');
      await runner({ dbClient: client as unknown as pg.Client, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'schema_migrations', noLock: true, log: () => undefined, checkOrder: true });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    // Its limits were lifted: it goes, rather than back to the pool.
    client.release(true);
  }
}

/**
 * Whether every migration file is recorded as run, in the order of the files: then node-pg-migrate
 * would find nothing to do, and the server starts without loading it (a tenth of a second or more).
 * A migration is recorded in the transaction that applies it, so a record seen is a migration done.
 * Anything else (no table yet, a file not run, another order) is left to node-pg-migrate.
 */
async function upToDate(pool: pg.Pool): Promise<boolean> {
  const files = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((f) => f.isFile() && !f.name.startsWith('.'))
    .map((f) => path.basename(f.name, path.extname(f.name)))
    .sort();
  const run = await pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY run_on, id').catch(() => null);
  return !!run && run.rows.length === files.length && run.rows.every((r, i) => r.name === files[i]);
}
