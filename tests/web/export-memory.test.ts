import { describe, expect, it } from 'vitest';
import type request from 'supertest';
import { draft, makeApp } from '../helpers.js';

const ROWS = 100_000;

/** Counts the bytes of a response without keeping them. */
function counting(res: request.Response, cb: (err: Error | null, body: { bytes: number; head: Buffer }) => void): void {
  let bytes = 0;
  let head = Buffer.alloc(0);
  res.on('data', (c: Buffer) => {
    if (head.length < 3) head = Buffer.concat([head, c.subarray(0, 3)]);
    bytes += c.length;
  });
  res.on('end', () => cb(null, { bytes, head }));
}

describe('CSV export of 100,000 rows', () => {
  it('streams them in bounded memory', async () => {
    const { api, store } = await makeApp({ segmentMaxBytes: 4 * 1024 * 1024 });
    const first = await store.addEntry(draft({ title: 'Tin phát nhiều lần' }), 'bientap');
    for (let done = 1; done < ROWS; ) {
      const batch = Math.min(2000, ROWS - done);
      await Promise.all(Array.from({ length: batch }, (_, i) => store.addEntry({ item: { existingId: first.item.id }, entry: { ...draft().entry, note: `Lần phát thứ ${done + i}, phát lại trong chương trình buổi sáng` } }, 'bientap')));
      done += batch;
    }
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const res = await api.get('/export/entries.csv').buffer(true).parse(counting).expect(200);
    clearInterval(sampler);
    const body = res.body as { bytes: number; head: Buffer };
    expect([...body.head]).toEqual([0xef, 0xbb, 0xbf]);
    // Every row is at least 150 bytes, so the whole file is over 15 MB...
    expect(body.bytes).toBeGreaterThan(ROWS * 150);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(`CSV export of ${ROWS} rows: ${(body.bytes / 1024 / 1024).toFixed(1)} MB sent; heap grew by at most ${growthMb.toFixed(1)} MB while streaming`);
    // ...while the heap grows by less than the file: it is never held whole (a buffered export would
    // hold at least all its bytes, and its rows besides).
    expect(growthMb).toBeLessThan(body.bytes / 1024 / 1024);
  }, 120_000);
});
