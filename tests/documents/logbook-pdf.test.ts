/**
 * The radio log book as the office prints it before an inspection: the Word document converted to PDF
 * by LibreOffice and read back line by line (`pdftotext -layout`). A short book is one page, a month of
 * 60 airings at most three, the header row is on every page, no date or time of the book is split
 * across two printed lines, and its totals are the report's figures in the report's words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Entry, entryStamps, type Item, itemStamps } from '../../src/domain/model.js';
import { fmtDate } from '../../src/domain/time.js';
import { makeApp, type TestApp } from '../helpers.js';
import { binary } from '../zip.js';
import { docxToPdfs, lineWith, type PdfRead } from './pdf.js';

// Titles as offices write them, short and long.
const TITLES = [
  'Tin CCHC tuần',
  'Hướng dẫn đăng ký khai sinh trực tuyến trên Cổng Dịch vụ công quốc gia',
  'Thanh toán không dùng tiền mặt khi nộp phí, lệ phí thủ tục hành chính',
  'Đề án 06: cấp căn cước và tài khoản định danh điện tử mức 2',
  'Chuyển đổi số, chính quyền số ở cơ sở',
  'Lịch tiếp công dân của lãnh đạo UBND phường',
  'Kết quả giải quyết hồ sơ thủ tục hành chính tháng trước',
  'Hỏi đáp: làm thủ tục chứng thực bản sao ở đâu?',
  'Bản tin cải cách hành chính',
  'Dịch vụ bưu chính công ích: nộp hồ sơ và nhận kết quả tại nhà',
  'Quy định mới về cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Cải cách hành chính: người dân đánh giá mức độ hài lòng',
];
const FORMATS = ['news', 'report', 'audio', 'article'];

interface Airing {
  at: string;
  item: number;
  plays: number;
  seconds: number | null;
  /** For an imported row: the name its file gave. */
  recorder?: string;
  note?: string;
}

/** Stores `items` new radio items and the airings of them (as an import stores them, names of recorders included). */
async function seed(t: TestApp, items: number, airings: Airing[]): Promise<void> {
  const now = '2026-11-22T08:00:00+07:00';
  await t.store.updateSettings({ ...(await t.store.settings()), communeName: 'An Hải', communeKind: 'phường' }, 'test');
  await t.store.commune.transaction(async (tx) => {
    const made = await tx.createItems(
      Array.from({ length: items }, (_, i): Omit<Item, 'id'> => ({ title: `${TITLES[i % TITLES.length]}${i >= TITLES.length ? ` (kỳ ${Math.floor(i / TITLES.length) + 1})` : ''}`, summary: '', format: FORMATS[i % FORMATS.length]!, topics: ['m'], unit: 'tt-dvsnc', author: '', sourceUrl: null, ...itemStamps('bientap', now) })),
    );
    await tx.createEntries(
      airings.map((a): Omit<Entry, 'id'> => ({ itemId: made[a.item]!.id, channel: 'radio', at: `${a.at}:00+07:00`, playCount: a.plays, durationSeconds: a.seconds, url: null, views: null, interactions: null, note: a.note ?? '', ...entryStamps('bientap', now), recorderName: a.recorder ?? null })),
    );
  });
}

/** `n` airings from a first day, two a day (06:00 and 17:30) on every `step`-th day, of `items` items in turn. */
function airings(n: number, first: string, items: number, skipDays: number[] = []): Airing[] {
  const out: Airing[] = [];
  const start = Date.parse(`${first}T00:00:00Z`);
  for (let day = 0; out.length < n; day++) {
    if (skipDays.includes(day)) continue;
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (const time of ['06:00', '17:30']) {
      const i = out.length;
      if (i < n) out.push({ at: `${date}T${time}`, item: i % items, plays: 1 + (i % 3), seconds: i % 5 === 0 ? null : 120 + (i % 7) * 15, recorder: i % 4 === 0 ? 'Nguyễn Thị Lan' : undefined, note: i % 6 === 0 ? 'Phát lại' : undefined });
    }
  }
  return out;
}

/** The log book's Word document of a query, as the app sends it. */
async function bookDocx(t: TestApp, query: string): Promise<Buffer> {
  return (await t.api.get(`/export/logbook.docx?${query}`).buffer(true).parse(binary).expect(200)).body as Buffer;
}

/** Every airing's date and time printed whole, side by side on one line. */
function expectDatesAndTimesWhole(read: PdfRead, list: Airing[]): void {
  for (const a of list) {
    const printed = `${fmtDate(a.at.slice(0, 10))} ${a.at.slice(11, 16)}`;
    expect(lineWith(read, printed), `"${printed}" on one printed line`).toBeDefined();
  }
}

/** The header row at the top of every page. */
function expectHeaderOnEveryPage(read: PdfRead): void {
  for (const [i, page] of read.pageTexts.entries()) {
    const lines = page.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines.some((l) => l.includes('STT') && l.includes('Ngày') && l.includes('Nội dung tin bài')), `the header row on page ${i + 1}`).toBe(true);
  }
}

// The three books, each of a log of its own, made first and converted to PDF by one start of LibreOffice
// (a start costs some 4 s of CPU); each test then reads its book.
const week = [
  { at: '2026-11-16T06:00', item: 0, plays: 2, seconds: 180 },
  { at: '2026-11-16T17:30', item: 1, plays: 1, seconds: null, recorder: 'Trần Văn Bình' },
  { at: '2026-11-18T06:00', item: 0, plays: 1, seconds: 180 },
  { at: '2026-11-22T23:59', item: 2, plays: 3, seconds: 60, note: 'Phát lại' },
];
// March 2026: two airings a day on 30 of its 31 days (not the 15th), of 25 items.
const month = airings(60, '2026-03-01', 25, [14]);
// The first quarter of 2026: 60 airings of 23 items, two every other day from 01/01.
const quarter = airings(60, '2026-01-01', 23, Array.from({ length: 45 }, (_, i) => 2 * i + 1));
let books: { week: PdfRead; month: PdfRead; quarter: PdfRead };
let quarterReport: { byChannel: { code: string; entries: number; items: number }[] };

beforeAll(async () => {
  const weekApp = await makeApp();
  await seed(weekApp, 3, week);
  const monthApp = await makeApp();
  await seed(monthApp, 25, month);
  const quarterApp = await makeApp();
  await seed(quarterApp, 23, quarter);
  quarterReport = (await quarterApp.api.get('/api/v1/report?period=q1&year=2026').expect(200)).body as typeof quarterReport;
  const [w, m, q] = await docxToPdfs([
    { bytes: await bookDocx(weekApp, 'period=this-week'), name: 'so-tuan' },
    { bytes: await bookDocx(monthApp, 'period=custom&from=01/03/2026&to=31/03/2026'), name: 'so-thang' },
    { bytes: await bookDocx(quarterApp, 'period=q1&year=2026'), name: 'so-quy' },
  ]);
  books = { week: w!, month: m!, quarter: q! };
}, 300_000);

describe('the log book, printed', () => {
  it('is one page for 4 airings of a week, its totals in the report\'s words', () => {
    const read = books.week;
    expect(read.pages).toBe(1);
    expectHeaderOnEveryPage(read);
    expectDatesAndTimesWhole(read, week);
    // 4 airings of 3 items; 7 plays; 6:00 + 3:00 + 3:00 = 0:12:00 on air; aired on 3 of 7 days.
    expect(lineWith(read, 'Tổng cộng: 4 lượt phát sóng của 3 tin bài')).toBeDefined();
    expect(lineWith(read, 'Tổng cộng 4 lượt phát sóng của 3 tin bài, 7 lượt phát; thời lượng phát 0:12:00.')).toBeDefined();
    expect(lineWith(read, 'Trong kỳ có 4 ngày không có buổi phát')).toBeDefined();
    // Who recorded the imported line, as its file named them, on the line of its date and time.
    expect(lineWith(read, '16/11/2026 17:30')).toMatch(/Trần/);
    expect(read.text).not.toContain('Không có buổi phát');
  });

  it('takes at most three pages for a month of 60 airings, the header row on each, no date or time split', () => {
    const read = books.month;
    console.log(`log book of a month of 60 airings: ${read.pages} pages`);
    expect(read.pages).toBeLessThanOrEqual(3);
    expect(read.pages).toBeGreaterThan(1);
    expectHeaderOnEveryPage(read);
    expectDatesAndTimesWhole(read, month);
    expect(lineWith(read, 'Tổng cộng: 60 lượt phát sóng của 25 tin bài')).toBeDefined();
    expect(lineWith(read, 'Trong kỳ có 1 ngày không có buổi phát')).toBeDefined();
    expect(lineWith(read, 'Cộng tuần 02/03 – 08/03/2026: 14 lượt phát sóng của 14 tin bài')).toBeDefined();
  });

  it('counts in a quarter\'s book as many "tin bài" as the report has radio items', () => {
    const radio = quarterReport.byChannel.find((r) => r.code === 'radio')!;
    expect(radio).toMatchObject({ entries: 60, items: 23 });
    const read = books.quarter;
    console.log(`log book of a quarter of 60 airings: ${read.pages} pages`);
    expect(lineWith(read, `Tổng cộng: ${radio.entries} lượt phát sóng của ${radio.items} tin bài`)).toBeDefined();
    expect(lineWith(read, 'Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)')).toBeDefined();
    expectHeaderOnEveryPage(read);
    expectDatesAndTimesWhole(read, quarter);
  });
});
