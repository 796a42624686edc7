/**
 * Whose connections a PostgreSQL store closes: its own pool at `close`, never a pool the caller gave it
 * (the tests' stores share one database's connections from one test to the next that way).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgPool, openPostgresStorage, PG_WAIT_DEFAULTS } from '../../src/storage/postgres/index.js';
import { tempDataDir } from '../helpers.js';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';

describe('a PostgreSQL store and its connections', () => {
  it('ends its own pool at close, and leaves a pool it was given open, with the limits the engine sets', async () => {
    const db = await newTestDatabase();
    const filesDir = path.join(await tempDataDir(), 'files');
    const given = openPgPool(db.url, 2, { ...PG_WAIT_DEFAULTS, statementMs: 1_234 });
    try {
      const own = await openPostgresStorage({ url: db.url, filesDir });
      await own.close();
      await expect(own.pool.query('SELECT 1')).rejects.toThrow();

      const borrowing = await openPostgresStorage({ url: db.url, filesDir, pool: given });
      expect(borrowing.pool).toBe(given);
      await borrowing.commune().settings();
      await borrowing.close();
      const { rows } = await given.query<{ timeout: string }>(`SELECT current_setting('statement_timeout') AS timeout`);
      expect(rows[0]!.timeout).toBe('1234ms');
    } finally {
      await given.end();
      await dropTestDatabase(db.name);
    }
  });
});
