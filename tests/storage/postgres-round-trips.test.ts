/**
 * A new entry on PostgreSQL costs few round trips to the database, and holds the commune's lock for
 * one of them: the statements each request sends are counted on every client of the pool.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { entryBody, makeApp } from '../helpers.js';
import { poolOf } from '../pg/databases.js';

interface Sent {
  text: string;
  at: number;
}

/** Counts every query the pool's clients send from now on (a multi-statement text counts once: one round trip). */
function countQueries(pool: pg.Pool): { sent: Sent[] } {
  const log = { sent: [] as Sent[] };
  const patched = new WeakSet<object>();
  const patch = (client: pg.PoolClient): void => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      log.sent.push({ text: typeof first === 'string' ? first : String((first as { text?: string }).text), at: Date.now() });
      return query(...args);
    };
  };
  pool.on('acquire', patch);
  return log;
}

describe('a new entry on PostgreSQL', () => {
  it('takes at most 3 round trips and one of them under the commune lock, for a new item and for a re-air', async () => {
    const { store, api } = await makeApp({ engine: 'postgres' });
    const pool = poolOf(store);
    // Warm: the commune's id, the token's account, the settings' first read.
    const first = await api.post('/api/v1/entries', entryBody({ title: 'Khởi động' })).expect(201);
    const log = countQueries(pool);

    const created = await api.post('/api/v1/entries', entryBody({ title: 'Tin mới về một cửa' })).expect(201);
    const forNew = log.sent.splice(0);
    const reair = await api.post('/api/v1/entries', { itemId: created.body.item.id, channel: 'radio', at: '2026-11-21T07:00', playCount: 1 }).expect(201);
    const forReair = log.sent.splice(0);

    const listed = (sent: Sent[]): string => sent.map((s) => s.text.replace(/\s+/g, ' ').slice(0, 70)).join('\n');
    // The token's account, what the entry depends on, the write.
    expect(forNew.length, listed(forNew)).toBeLessThanOrEqual(3);
    expect(forReair.length, listed(forReair)).toBeLessThanOrEqual(3);
    // The lock is taken and let go within one statement: no transaction spans round trips.
    for (const sent of [forNew, forReair]) expect(sent.filter((s) => /\b(BEGIN|COMMIT|pg_advisory)/i.test(s.text)), listed(sent)).toEqual([]);

    // What was stored: the item, both entries, and the audit records naming their ids.
    expect(first.body.id).toBeLessThan(created.body.id);
    expect(created.body.id).toBeLessThan(reair.body.id);
    expect(reair.body.item.id).toBe(created.body.item.id);
    // A re-air without a length lasts what the item lasted last time on that channel.
    expect(reair.body.durationSeconds).toBe(180);
    const itemAudit = await store.auditOf('item', created.body.item.id);
    expect(itemAudit).toMatchObject([{ action: 'item.create', user: 'bientap', target: { type: 'item', id: created.body.item.id }, after: { title: 'Tin mới về một cửa' } }]);
    expect(await store.auditOf('entry', reair.body.id)).toMatchObject([{ action: 'entry.create', target: { type: 'entry', id: reair.body.id }, after: { itemId: created.body.item.id, playCount: 1, durationSeconds: 180 } }]);
    expect((await api.get(`/api/v1/entries/${reair.body.id}`).expect(200)).body).toMatchObject({ id: reair.body.id, playCount: 1, item: { title: 'Tin mới về một cửa' } });
  });
});
