/**
 * A morning burst of writes into one commune, on a listening server with a small pool (4 clients on
 * PostgreSQL): every request is answered (201, or 503 "busy" that a retry then stores), nothing
 * acknowledged is lost or stored twice, and meanwhile the health check and another commune's report
 * keep answering. Before writes queued per commune, 68 such requests froze a PostgreSQL process for good.
 */
import { describe, expect, it } from 'vitest';
import { entryStamps, type ItemFields, itemStamps } from '../../src/domain/model.js';
import { toLocalIso } from '../../src/domain/time.js';
import { type ApiClient, apiAs, draft, makeApp, NOW, type TestApp, type TestStore } from '../helpers.js';
import { listen, stalledDownloads } from '../serve.js';

/** A request that gets no answer in this long counts as a frozen server (today's answers take milliseconds). */
const FROZEN_MS = 10_000;

/** What else goes on in the process during the burst, started just before it; awaited after it. */
type Meanwhile = (ctx: { app: TestApp['app']; store: TestStore; api: TestApp['api']; admin: ApiClient; port: number }) => Promise<() => Promise<void>>;

/**
 * Sends the burst (with `meanwhile` going on) and checks it: every request answered, 503s retried until
 * stored, probes answered throughout, and the figures as counted by hand.
 */
async function burst(meanwhile?: Meanwhile): Promise<void> {
  const { app, store, api } = await makeApp();
  const admin = await apiAs(app, store, 'quantri', 'admin');
  await admin.post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
  // Three items aired once each, with their lengths: the re-airs below give none and take these.
  const lengths = [180, 150, 200];
  const ids: number[] = [];
  for (const [i, durationSeconds] of lengths.entries()) {
    const res = await api.post('/api/v1/entries', { title: `Tin bài ${i + 1}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:00', playCount: 1, durationSeconds }).expect(201);
    ids.push(res.body.itemId as number);
  }
  const { base, port } = await listen(app);
  const finish = meanwhile ? await meanwhile({ app, store, api, admin, port }) : async () => undefined;
  const auth = { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' };
  const minute = (n: number): string => `2026-11-21T${String(6 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
  // 60 re-airs of the first item without a length, and 8 sessions re-airing all three, at distinct minutes.
  const writes: { path: string; body: object }[] = [
    ...Array.from({ length: 60 }, (_, i) => ({ path: '/api/v1/entries', body: { itemId: ids[0], channel: 'radio', at: minute(i), playCount: 1 } })),
    ...Array.from({ length: 8 }, (_, i) => ({ path: '/api/v1/sessions', body: { channel: 'radio', at: minute(120 + i * 5), entries: ids.map((itemId) => ({ itemId })) } })),
  ];
  const send = (w: { path: string; body: object }): Promise<Response> => fetch(`${base}${w.path}`, { method: 'POST', headers: auth, body: JSON.stringify(w.body), signal: AbortSignal.timeout(FROZEN_MS) });

  let bursting = true;
  const probes: { what: string; status: number }[] = [];
  const probing = (async () => {
    while (bursting) {
      const [health, report] = await Promise.all([
        fetch(`${base}/healthz`, { signal: AbortSignal.timeout(FROZEN_MS) }),
        fetch(`${base}/api/v1/report?from=2026-11-01&to=2026-11-30&commune=an-hai`, { headers: { Authorization: `Bearer ${admin.token}` }, signal: AbortSignal.timeout(FROZEN_MS) }),
      ]);
      probes.push({ what: 'health', status: health.status }, { what: 'report', status: report.status });
      await Promise.all([health.arrayBuffer(), report.arrayBuffer()]);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const first = await Promise.all(writes.map(send));
  bursting = false;
  await probing;

  const statuses = first.map((r) => r.status);
  expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
  for (const r of first.filter((res) => res.status === 503)) {
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await r.json()).error).toContain('không có gì bị lưu');
  }
  // What was refused busy is sent again until stored.
  let pending = writes.filter((_, i) => statuses[i] === 503);
  for (let round = 0; pending.length && round < 20; round++) {
    const again = await Promise.all(pending.map(send));
    expect(again.map((r) => r.status).filter((s) => s !== 201 && s !== 503)).toEqual([]);
    pending = pending.filter((_, i) => again[i]!.status === 503);
  }
  expect(pending).toEqual([]);
  expect(probes.length).toBeGreaterThan(0);
  expect(probes.filter((p) => p.status !== 200)).toEqual([]);

  // By hand: 3 first airings, 60 re-airs of item 1 and 8 × 3 session rows = 87 entries, 87 plays;
  // air time 180 × (1 + 60 + 8) + 150 × (1 + 8) + 200 × (1 + 8) = 12,420 + 1,350 + 1,800 = 15,570 s.
  const report = await api.get('/api/v1/report?from=2026-11-01&to=2026-11-30').expect(200);
  expect(report.body.totals).toEqual({ entries: 87, plays: 87, items: 3, airtimeSeconds: 15_570, views: 0, interactions: 0 });
  const other = await admin.get('/api/v1/report?from=2026-11-01&to=2026-11-30&commune=an-hai').expect(200);
  expect(other.body.totals.entries).toBe(0);
  await finish();
}

describe('a burst of writes into one commune', () => {
  it('answers every request, stores each write once, and keeps the health check and another commune answering', async () => {
    await burst();
  }, 120_000);

  it('does the same while an import of 20,000 rows is undone and ten downloads of the log stall', async () => {
    await burst(async ({ store, admin, api, port }) => {
      // An old import of October's log (outside the burst's month), undone by an admin as the burst begins.
      const stamps = entryStamps('bientap', toLocalIso(NOW));
      const record = await store.commune.transaction(async (tx) => {
        const [item] = await tx.createItems([{ ...(draft({ title: 'Tin nhập từ sổ cũ' }).item as { fields: ItemFields }).fields, ...itemStamps('bientap', toLocalIso(NOW)) }]);
        const made = await tx.createEntries(Array.from({ length: 20_000 }, (_, i) => ({ ...draft().entry, at: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T06:00:00+07:00`, itemId: item!.id, note: `Dòng ${i} của sổ cũ, phát lại buổi sáng`, ...stamps })));
        return tx.createImport({ fileName: 'so-cu.csv', sha256: 'c'.repeat(64), counts: { rows: 20_000, entries: 20_000, items: 1 } as never, mapping: {} as never, entryIds: made.map((e) => e.id), itemIds: [item!.id], createdAt: toLocalIso(NOW), createdBy: 'bientap', undoneAt: null, undoneBy: null });
      });
      // Ten clients ask for the whole log and never read it.
      stalledDownloads(port, api.token, 10);
      const undo = admin.delete(`/api/v1/imports/${record.id}`).then((r) => r);
      return async () => {
        const res = await undo;
        expect(res.status).toBe(200);
        const october = await api.get('/api/v1/report?from=2026-10-01&to=2026-10-31').expect(200);
        expect(october.body.totals.entries).toBe(0);
      };
    });
  }, 180_000);
});
