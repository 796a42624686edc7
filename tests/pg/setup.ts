/**
 * Vitest's global set-up for the PostgreSQL runs: one throwaway server for the whole run, and a
 * template database with the schema migrated, from which every test database is copied.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPostgresStorage } from '../../src/storage/postgres/index.js';
import { startCluster } from './cluster.js';
import { resetScript } from './reset.js';

export const TEMPLATE_DB = 'cchc_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string of the test server, with `{db}` where the database's name goes. */
    pgUrl: string;
    /** The SQL that empties a test database back to the template's rows (`tests/pg/reset.ts`). */
    pgReset: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Nothing here has to outlive a power cut: no fsync (on this machine a dropped or emptied
  // database waited seconds for the disk; a crash of the server itself still loses nothing).
  const cluster = startCluster(undefined, { fsync: 'off', full_page_writes: 'off' });
  let reset: string;
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const storage = await openPostgresStorage({ url: cluster.url(TEMPLATE_DB), filesDir: '/nonexistent' });
    await storage.close();
    const template = new pg.Client({ connectionString: cluster.url(TEMPLATE_DB) });
    await template.connect();
    reset = await resetScript(template);
    await template.end();
  } catch (err) {
    cluster.stop();
    throw err;
  }
  project.provide('pgUrl', cluster.url('{db}'));
  project.provide('pgReset', reset);
  return () => cluster.stop();
}
