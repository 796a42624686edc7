/**
 * Downloads that their clients stop reading (a proxy that streams, a phone that lost its signal):
 * ten of them hold nothing the other requests need (on PostgreSQL, no pooled client between two
 * batches), and each is dropped once it has moved no byte for the stall limit.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { entryStamps } from '../../src/domain/model.js';
import { toLocalIso } from '../../src/domain/time.js';
import type { PostgresStorage } from '../../src/storage/postgres/index.js';
import { draft, makeApp, NOW, TEST_ENGINE } from '../helpers.js';
import { listen, stalledDownloads } from '../serve.js';

const ROWS = 40_000;
const STALL_MS = 4_000;

const connections = (server: import('node:http').Server): Promise<number> => new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

describe('stalled downloads', () => {
  it('hold nothing other requests need, and are dropped after the stall limit', async () => {
    const { app, store, api } = await makeApp({ stallMs: STALL_MS, segmentMaxBytes: 4 * 1024 * 1024 });
    const first = await store.addEntry(draft({ title: 'Tin phát nhiều lần' }), 'bientap');
    const stamps = entryStamps('bientap', toLocalIso(NOW));
    for (let done = 1; done < ROWS; done += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, ROWS - done) }, (_, i) => ({ ...draft().entry, itemId: first.item.id, note: `Lần phát thứ ${done + i}, phát lại trong chương trình buổi sáng của đài truyền thanh`, ...stamps }));
      await store.commune.transaction((tx) => tx.createEntries(rows));
    }
    const { base, server, port } = await listen(app);
    // Ten clients ask for the whole log (about 9 MB each) and never read a byte of it.
    stalledDownloads(port, api.token, 10);
    // On PostgreSQL, no transaction stays open while a download waits for its client (sampled throughout;
    // a transaction between two of its statements is idle for a moment, one held across a download for seconds).
    let sampling = TEST_ENGINE === 'postgres';
    let openTransactions = 0;
    let samples = 0;
    const sampler = (async () => {
      if (!sampling) return;
      const pool = (store.storage as unknown as PostgresStorage).pool;
      const watch = new pg.Client({ connectionString: (pool.options as { connectionString: string }).connectionString });
      await watch.connect();
      while (sampling) {
        const r = await watch.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND now() - state_change > interval '2 seconds'`);
        openTransactions = Math.max(openTransactions, r.rows[0]!.n);
        samples++;
        await new Promise((res) => setTimeout(res, 50));
      }
      await watch.end();
    })();
    // All ten accepted (polled: the downloads that started first keep the event loop busy a moment), well within the stall limit.
    let accepted = await connections(server);
    for (let i = 0; i < 60 && accepted < 10; i++) {
      await new Promise((r) => setTimeout(r, 50));
      accepted = await connections(server);
    }
    expect(accepted).toBe(10);
    const auth = { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' };
    const signal = () => AbortSignal.timeout(10_000);
    const [health, report, write] = await Promise.all([
      fetch(`${base}/healthz`, { signal: signal() }),
      fetch(`${base}/api/v1/report?from=2026-11-01&to=2026-11-30`, { headers: auth, signal: signal() }),
      fetch(`${base}/api/v1/entries`, { method: 'POST', headers: auth, signal: signal(), body: JSON.stringify({ itemId: first.item.id, channel: 'radio', at: '2026-11-21T06:00', playCount: 1 }) }),
    ]);
    expect([health.status, report.status, write.status]).toEqual([200, 200, 201]);
    // Dropped by the server once stalled for the limit (polled: the limit is what is tested, not a speed).
    let open = await connections(server);
    for (let i = 0; i < 600 && open > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      open = await connections(server);
    }
    expect(open).toBe(0);
    sampling = false;
    await sampler;
    if (TEST_ENGINE === 'postgres') {
      expect(samples).toBeGreaterThan(10);
      expect(openTransactions).toBe(0);
    }
  }, 120_000);
});
