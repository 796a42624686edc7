/**
 * `/healthz` tells the truth: 200 while the storage answers, 503 with the reason (and Retry-After)
 * when it cannot, 200 again once it is back. A supervisor or a proxy can act on it.
 */
import { mkdir, rm } from 'node:fs/promises';
import pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { PostgresStorage } from '../../src/storage/postgres/index.js';
import { makeApp, TEST_ENGINE, type TestStore } from '../helpers.js';

/** Takes the storage away as a failure would (the database refusing connections; the data folder gone), and gives a way back. */
async function takeAway(store: TestStore): Promise<() => Promise<void>> {
  if (TEST_ENGINE === 'postgres') {
    const pool = (store.storage as unknown as PostgresStorage).pool;
    const db = (await pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    const url = (pool.options as { connectionString: string }).connectionString;
    const admin = new pg.Client({ connectionString: url.replace(`/${db}`, '/postgres') });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db]);
    return async () => {
      await admin.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
      await admin.end();
    };
  }
  await rm(store.dataDir, { recursive: true, force: true });
  return async () => {
    await mkdir(store.dataDir, { recursive: true });
  };
}

describe('GET /healthz', () => {
  it('answers 200 while the storage answers, 503 with the reason when it cannot, and 200 once it is back', async () => {
    const { app, store } = await makeApp();
    expect((await request(app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    const giveBack = await takeAway(store);
    const down = await request(app).get('/healthz').expect(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.reason).toMatch(TEST_ENGINE === 'postgres' ? /PostgreSQL/ : /data directory/);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    await giveBack();
    expect((await request(app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
  });
});
