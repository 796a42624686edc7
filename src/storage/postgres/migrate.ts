import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
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
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await runner({ dbClient: client as unknown as pg.Client, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'schema_migrations', noLock: true, log: () => undefined, checkOrder: true });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
