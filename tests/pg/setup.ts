/**
 * Vitest's global set-up for the PostgreSQL runs: one throwaway server for the whole run, and a
 * template database with the schema migrated, from which every test store is copied.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPostgresStorage } from '../../src/storage/postgres/index.js';
import { startCluster } from './cluster.js';

export const TEMPLATE_DB = 'cchc_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string of the test server, with `{db}` where the database's name goes. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = startCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const storage = await openPostgresStorage({ url: cluster.url(TEMPLATE_DB), filesDir: '/nonexistent' });
    await storage.close();
  } catch (err) {
    cluster.stop();
    throw err;
  }
  project.provide('pgUrl', cluster.url('{db}'));
  return () => cluster.stop();
}
