/**
 * Undoing an import on PostgreSQL is a few statements whatever the import's size: the statements the
 * DELETE request sends are counted on every client of the pool, and so are those the server runs for
 * them (the triggers' and functions' included, as auto_explain reports each one), for an import of 10
 * rows and one of 1,000: the counts must be the same. What the undo leaves (entries and items deleted,
 * the import marked, one audit record, the report's figures) is checked too.
 */
import type pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, type TestApp } from '../helpers.js';
import { poolOf } from '../pg/databases.js';

/**
 * Counts every query the pool's clients send from now on (a multi-statement text counts once: one
 * round trip), and every statement the server runs for them, nested ones included: each client
 * loads auto_explain (the tests' server runs as a superuser), which reports each statement's plan
 * to the client as a notice.
 */
function countStatements(pool: pg.Pool): { sent: string[]; run: string[] } {
  const log = { sent: [] as string[], run: [] as string[] };
  const patched = new WeakSet<object>();
  pool.on('acquire', (client: pg.PoolClient) => {
    if (patched.has(client)) return;
    patched.add(client);
    client.on('notice', (notice) => {
      const text = /Query Text: ([^\n]*)/.exec(notice.message ?? '')?.[1];
      if (text) log.run.push(text);
    });
    // Queued before the caller's first query on this client.
    void client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'`);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      log.sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return query(...args);
    };
  });
  return log;
}

const HEADER = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền';

/** `n` rows, each a new item aired once on the radio in November 2026 (two minutes, one play). */
function csvOf(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `${String((i % 20) + 1).padStart(2, '0')}/11/2026;06:00;Tin số ${i + 1} về cải cách hành chính;Tin;1;120;Truyền thanh;TT DVSNC;m`);
  return `${HEADER}\n${rows.join('\n')}\n`;
}

async function importRows(app: TestApp, n: number): Promise<number> {
  const res = await request(app.app).post('/api/v1/imports').set('Authorization', `Bearer ${app.api.token}`).attach('file', Buffer.from(csvOf(n)), `so-${n}.csv`).expect(201);
  expect(res.body).toMatchObject({ entries: n, newItems: n });
  return res.body.importId as number;
}

/** Imports `n` rows, then undoes the import as an admin; the statements the undo sent, and what it answered. */
async function undoCounted(n: number): Promise<{ app: TestApp; sent: string[]; run: string[]; body: Record<string, unknown> }> {
  const app = await makeApp({ engine: 'postgres' });
  const admin = await apiAs(app.app, app.store, 'quantri', 'admin');
  const id = await importRows(app, n);
  // Warm: the admin's token and the commune's id are read once per process.
  await admin.get('/api/v1/imports').expect(200);
  const log = countStatements(poolOf(app.store));
  const res = await admin.delete(`/api/v1/imports/${id}`).expect(200);
  return { app, sent: log.sent.splice(0), run: log.run.splice(0), body: res.body as Record<string, unknown> };
}

describe('undoing an import on PostgreSQL', () => {
  it('sends and runs the same few statements for 10 rows as for 1,000, and deletes them all with one audit record', async () => {
    const small = await undoCounted(10);
    const large = await undoCounted(1_000);
    const listed = (sent: string[]): string => sent.map((s) => s.replace(/\s+/g, ' ').slice(0, 90)).join('\n');
    expect(large.sent.length, listed(large.sent)).toBe(small.sent.length);
    expect(large.sent.length, listed(large.sent)).toBeLessThanOrEqual(10);
    // The triggers that keep the report's rollup included: nothing runs once per row.
    expect(large.run.length, listed(large.run)).toBe(small.run.length);
    expect(large.run.length, listed(large.run)).toBeLessThanOrEqual(30);

    for (const [{ app, body }, n] of [[small, 10], [large, 1_000]] as const) {
      expect(body).toMatchObject({ undoneBy: 'quantri', counts: { entries: n, newItems: n } });
      expect(await app.store.stats()).toMatchObject({ entries: n, items: n });
      expect((await app.api.get('/api/v1/entries?pageSize=10').expect(200)).body.entries).toEqual([]);
      expect((await app.api.get('/api/v1/report?from=2026-11-01&to=2026-11-30').expect(200)).body.totals).toMatchObject({ entries: 0, items: 0, plays: 0 });
      const trail = (await app.store.queryAudit({ action: 'import.undo' }, { page: 1, pageSize: 10 })).rows;
      expect(trail.map((r) => [r.user, r.target, r.after])).toEqual([['quantri', { type: 'import', id: 1 }, { fileName: `so-${n}.csv`, entries: n, items: n }]]);
    }
  });
});
