/**
 * Documents within budgets: a log book is built whole (the Word writer has no streaming form), so a book
 * past LOGBOOK_MAX_ROWS airings is refused with a message that says what to choose instead, and the
 * evidence bundle builds its month books one after another, a note in place of a month too long. A month
 * of 100,000 radio airings (one import away) once ran the server out of memory.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { entryStamps } from '../../src/domain/model.js';
import { fmtNumber } from '../../src/domain/text.js';
import { toLocalIso } from '../../src/domain/time.js';
import { LOGBOOK_MAX_ROWS } from '../../src/services/logbook.js';
import { draft, makeApp, NOW, type TestStore } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

// How many Word log books are being built at once, at most (the renderer wrapped, not replaced).
const books = vi.hoisted(() => ({ active: 0, peak: 0, built: 0 }));
vi.mock('../../src/render/word.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/render/word.js')>();
  return {
    ...actual,
    logbookDocx: async (...args: Parameters<typeof actual.logbookDocx>) => {
      books.active++;
      books.peak = Math.max(books.peak, books.active);
      try {
        return await actual.logbookDocx(...args);
      } finally {
        books.active--;
        books.built++;
      }
    },
  };
});

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const kept = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;

/** Runs `work`, sampling the memory JavaScript keeps every few milliseconds; the growth past the start, in MB. */
async function peakGrowthMb<T>(work: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  gc();
  const baseline = kept();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, kept())), 5);
  try {
    const value = await work();
    peak = Math.max(peak, kept());
    return { value, growthMb: (peak - baseline) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Stores `count` radio airings of one item spread over the days [firstDay, lastDay] of March 2026, many at a time (as an import does). */
async function seedMarch(store: TestStore, count: number, firstDay = 1, lastDay = 31): Promise<void> {
  const first = await store.addEntry(draft({ title: 'Bản tin cải cách hành chính', entry: { at: '2026-03-01T05:00:00+07:00' } }), 'bientap');
  const stamps = entryStamps('bientap', toLocalIso(NOW));
  const days = lastDay - firstDay + 1;
  for (let done = 1; done < count; ) {
    const batch = Math.min(10_000, count - done);
    const rows = Array.from({ length: batch }, (_, i) => {
      const n = done + i;
      const day = String(firstDay + (n % days)).padStart(2, '0');
      const minute = Math.floor(n / days) % 1080;
      const at = `2026-03-${day}T${String(5 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+07:00`;
      return { ...draft().entry, at, itemId: first.item.id, note: `Lần phát thứ ${n}`, ...stamps };
    });
    await store.commune.transaction((tx) => tx.createEntries(rows));
    done += batch;
  }
}

describe('log book beyond its row limit', () => {
  it('is refused for the month, on the page and as Word, Excel and JSON, pointing to shorter periods, whose books open', async () => {
    const { web, api, store } = await makeApp();
    // About 100 a day: the month is past the limit, each week well under it.
    await seedMarch(store, LOGBOOK_MAX_ROWS + 1000);
    const message = `Tháng 3 năm 2026 (từ ngày 01/03/2026 đến ngày 31/03/2026) có hơn ${fmtNumber(LOGBOOK_MAX_ROWS)} lượt phát thanh, quá dài để làm một sổ`;

    const page = await web.get('/logbook?month=03/2026').expect(422);
    expect(page.text).toContain(message);
    expect(page.text).toContain('Vui lòng chọn kỳ ngắn hơn');
    // The period control keeps the month, as the range it is, and bears the message.
    expect(page.text).toMatch(/id="f-period"[^>]*aria-invalid="true"/);
    expect(page.text).toContain('value="01/03/2026"');
    expect(page.text).toContain('role="alert"');
    for (const format of ['docx', 'xlsx']) {
      const res = await web.get(`/export/logbook.${format}?period=custom&from=01/03/2026&to=31/03/2026`).expect(422);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(`Từ ngày 01/03/2026 đến ngày 31/03/2026 có hơn ${fmtNumber(LOGBOOK_MAX_ROWS)} lượt phát thanh`);
    }
    const json = await api.get('/export/logbook.docx?month=2026-03').expect(422);
    expect((json.body as { errors: { period: string } }).errors.period).toContain(message);

    // A week of that month is a book of its own.
    await web.get('/logbook?week=09/03/2026').expect(200);
    const week = await web.get('/export/logbook.docx?week=09/03/2026').buffer(true).parse(binary).expect(200);
    const text = docxText((await unzip(week.body as Buffer)).get('word/document.xml')!.toString('utf8'));
    expect(text).toContain('Tuần từ 09/03/2026 đến 15/03/2026');
  }, 120_000);

  it('is refused for a month of 100,000 airings without building it: memory stays bounded', async () => {
    const { web, store } = await makeApp();
    await seedMarch(store, 100_000);
    const { value: res, growthMb } = await peakGrowthMb(() => web.get('/export/logbook.docx?month=03/2026'));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tháng 3 năm 2026 (từ ngày 01/03/2026 đến ngày 31/03/2026) có hơn');
    console.log(`log book of a month of 100,000 airings: refused; JavaScript kept at most ${growthMb.toFixed(1)} MB more`);
    // Reading stops one batch past the limit; a book built whole would need gigabytes.
    expect(growthMb).toBeLessThan(100);
  }, 180_000);
});

describe('evidence bundle', () => {
  it('builds the month books of its period one after another', async () => {
    const { api, store } = await makeApp();
    for (const month of ['01', '03', '05']) await store.addEntry(draft({ title: `Tin tháng ${month}`, entry: { at: `2026-${month}-04T06:30:00+07:00` } }), 'bientap');
    books.peak = 0;
    books.built = 0;
    const res = await api.get('/export/bundle.zip?from=2026-01-01&to=2026-06-30').buffer(true).parse(binary).expect(200);
    const files = await unzip(res.body as Buffer);
    expect([...files.keys()].filter((n) => n.startsWith('so-nhat-ky-phat-thanh/')).length).toBe(6);
    const may = await unzip(files.get('so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-05.docx')!);
    expect(docxText(may.get('word/document.xml')!.toString('utf8'))).toContain('Tin tháng 05');
    // Six books built, never two at once.
    expect(books.built).toBe(6);
    expect(books.peak).toBe(1);
  });

  it('holds a note in place of the book of a month of 100,000 airings, in bounded memory', async () => {
    const { api, store } = await makeApp();
    await seedMarch(store, 100_000);
    books.built = 0;
    // A period of one day still holds the book of its whole month.
    const { value: res, growthMb } = await peakGrowthMb(() => api.get('/export/bundle.zip?from=2026-03-02&to=2026-03-02').buffer(true).parse(binary));
    expect(res.status).toBe(200);
    const files = await unzip(res.body as Buffer);
    expect([...files.keys()].filter((n) => n.startsWith('so-nhat-ky-phat-thanh/'))).toEqual(['so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-03_qua-dai.txt']);
    const note = files.get('so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-03_qua-dai.txt')!.toString('utf8');
    expect(note).toContain(`Tháng 3 năm 2026 (từ ngày 01/03/2026 đến ngày 31/03/2026) có hơn ${fmtNumber(LOGBOOK_MAX_ROWS)} lượt phát thanh`);
    expect(files.get('manifest.csv')!.toString('utf8')).toContain('so-nhat-ky-phat-thanh-2026-03_qua-dai.txt');
    // The day's airings are all in the log of the period.
    expect(files.get('nhat-ky_2026-03-02_2026-03-02.csv')!.toString('utf8').split('\n').length).toBeGreaterThan(3000);
    expect(books.built).toBe(0);
    console.log(`bundle of a day of a month of 100,000 airings: JavaScript kept at most ${growthMb.toFixed(1)} MB more`);
    expect(growthMb).toBeLessThan(100);
  }, 180_000);
});
