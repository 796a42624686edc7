/**
 * The storage reads of the hot pages, counted the way linkding counts queries: the app runs over the
 * real engine, every call of the storage port counted (tests/counting-storage.ts), and a page must
 * read what it needs once, and a list page in bulk, however many rows it shows.
 */
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { CallCounts, countingStorage } from '../counting-storage.js';
import { apiAs, draft, fixedClock, formBody, openStore, SECRET, signIn } from '../helpers.js';

async function countedApp() {
  const store = await openStore();
  const counts = new CallCounts();
  const app = createApp({ storage: countingStorage(store.storage, counts), clock: fixedClock, sessionSecret: SECRET, uploadDir: path.join(store.dataDir, 'tmp') });
  const web = await signIn(app, store, 'bientap', 'editor');
  const api = await apiAs(app, store, 'bientap', 'editor');
  counts.reset();
  return { app, store, web, api, counts };
}

/** Reads of the commune's settings: asked for, read inside a transaction, or read along with a new entry's ground (unless the caller gave its copy). */
const settingsReads = (counts: CallCounts): number =>
  counts.of('commune.settings', 'tx.settings') + counts.calls.filter((c) => c.name === 'commune.entryGround' && c.args[1] === undefined).length;

const HEADER = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền';
/** A hand-kept CSV of `rows` airings on one October day, each of its own item. */
const csvOf = (rows: number, day: number): string =>
  `${HEADER}\n${Array.from({ length: rows }, (_, i) => `${String(day).padStart(2, '0')}/10/2026;${String(6 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')};Tin số ${day}-${i};Tin;1;60;Truyền thanh;TT DVSNC;m`).join('\n')}\n`;

describe('reads of the hot pages', () => {
  it('reads the settings once to record an entry from the form (the layout\'s copy is the entry\'s), and once for the form after it', async () => {
    const { web, counts } = await countedApp();
    const saved = await web.post('/entries', formBody()).expect(303);
    expect(settingsReads(counts), JSON.stringify(counts.all())).toBe(1);
    expect(counts.of('commune.entryGround', 'commune.recordEntry')).toBe(2);
    counts.reset();
    const form = await web.get(saved.headers.location!).expect(200);
    expect(form.text).toContain('Hướng dẫn nộp hồ sơ trực tuyến');
    expect(settingsReads(counts), JSON.stringify(counts.all())).toBe(1);
  });

  it('reads an import\'s page in the same few calls for 3 rows as for 120, its entries in one', async () => {
    const { app, api, web, counts } = await countedApp();
    const reads: Record<string, number>[] = [];
    for (const [rows, day] of [
      [3, 1],
      [120, 2],
    ] as const) {
      const done = await request(app).post('/api/v1/imports').set('Authorization', `Bearer ${api.token}`).attach('file', Buffer.from(csvOf(rows, day)), 'so-phat-thanh.csv').expect(201);
      expect(done.body).toMatchObject({ entries: rows, newItems: rows });
      counts.reset();
      const page = await web.get(`/imports/${done.body.importId}`).expect(200);
      // The first page shows 100 rows at most: the 3 of the small file, the first 100 of the large one.
      expect(page.text).toContain(`Tin số ${day}-0`);
      expect(page.text).toContain(`Tin số ${day}-${Math.min(rows, 100) - 1}`);
      expect(page.text).not.toContain(`Tin số ${day}-100`);
      expect(counts.of('commune.entry')).toBe(0);
      expect(counts.calls.filter((c) => c.name === 'commune.entriesWithIds').map((c) => (c.args[0] as number[]).length)).toEqual([Math.min(rows, 100)]);
      reads.push(counts.all());
    }
    expect(reads[1]).toEqual(reads[0]);
    expect(Object.values(reads[0]!).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8);
  });

  it('counts a year once for its report page, its Word report and its evidence bundle, reading the settings once each', async () => {
    const { store, web, counts } = await countedApp();
    for (const at of ['2026-01-05T06:30:00+07:00', '2026-06-10T17:00:00+07:00', '2026-11-20T06:30:00+07:00']) await store.addEntry(draft({ entry: { at }, title: `Tin ngày ${at.slice(0, 10)}` }), 'bientap');
    counts.reset();
    const page = await web.get('/reports?period=year&year=2026').expect(200);
    expect(page.text).toMatch(/3 tin bài/);
    expect(counts.of('commune.countEntries'), JSON.stringify(counts.all())).toBe(1);
    expect(counts.of('commune.streamEntries')).toBe(0);
    expect(settingsReads(counts)).toBe(1);
    for (const download of ['/export/report.docx?period=year&year=2026', '/export/bundle.zip?period=year&year=2026']) {
      counts.reset();
      await web.get(download).buffer(true).expect(200);
      expect(counts.of('commune.countEntries'), `${download}: ${JSON.stringify(counts.all())}`).toBe(1);
      expect(settingsReads(counts), download).toBe(1);
    }
  });
});
