import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, type TestApp } from '../helpers.js';
import { binary } from '../zip.js';

/** Imports a file through the API as `nhapexcel` (an editor who keeps no book), as a script would. */
async function importAs(t: TestApp, file: Buffer, name: string): Promise<void> {
  const importer = await apiAs(t.app, t.store, 'nhapexcel', 'editor');
  await request(t.app).post('/api/v1/imports').set('Authorization', `Bearer ${importer.token}`).attach('file', file, name).expect(201);
}

const csv = (lines: string[][]): Buffer => Buffer.from(`\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`);

// Three airings of a radio book, two naming who kept the book, one naming nobody; and one typed in the app.
const BOOK = csv([
  ['Ngày', 'Giờ', 'Kênh', 'Tiêu đề', 'Hình thức', 'Nội dung tuyên truyền', 'Đơn vị', 'Số lượt phát', 'Người thực hiện'],
  ['16/11/2026', '06:00', 'Truyền thanh', 'Tin sáng', 'Tin', 'm', 'tt-dvsnc', '2', 'Nguyễn Thị Lan'],
  ['17/11/2026', '06:00', 'Truyền thanh', 'Tin trưa', 'Tin', 'm', 'tt-dvsnc', '1', ''],
  ['18/11/2026', '17:30', 'Truyền thanh', 'Tin chiều', 'Tin', 'm', 'tt-dvsnc', '1', 'Trần Văn Bình'],
]);

async function seeded(): Promise<TestApp> {
  const t = await makeApp();
  await importAs(t, BOOK, 'so-phat-thanh.csv');
  await t.api.post('/api/v1/entries', { title: 'Tin gõ tay', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-19T06:00', playCount: 1 }).expect(201);
  return t;
}

describe('who recorded an imported row', () => {
  it('is the person the file names, blank when it names nobody, never the account that ran the import; the app\'s own rows name their account', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const rows = parse(res.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Tiêu đề'], r['Người ghi'], r['Tài khoản ghi']])).toEqual([
      ['Tin gõ tay', 'Cán bộ bientap', 'bientap'],
      ['Tin chiều', 'Trần Văn Bình', 'nhapexcel'],
      ['Tin trưa', '', 'nhapexcel'],
      ['Tin sáng', 'Nguyễn Thị Lan', 'nhapexcel'],
    ]);
    for (const r of rows) expect(r['Người ghi']).not.toBe('Cán bộ nhapexcel');
  });

  it('is in the log workbook, and comes back when the export is imported into another install', async () => {
    const { api } = await seeded();
    const xlsx = await api.get('/export/entries.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.getRow(2).getCell(col('Người ghi')).value).toBe('Cán bộ bientap');
    expect(sheet.getRow(3).getCell(col('Người ghi')).value).toBe('Trần Văn Bình');
    expect(sheet.getRow(3).getCell(col('Tài khoản ghi')).value).toBe('nhapexcel');

    const exported = await api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const target = await makeApp();
    await importAs(target, exported.body as Buffer, 'nhat-ky.csv');
    const again = await target.api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const rows = parse(again.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Tiêu đề'], r['Người ghi']])).toEqual([
      ['Tin gõ tay', 'Cán bộ bientap'],
      ['Tin chiều', 'Trần Văn Bình'],
      ['Tin trưa', ''],
      ['Tin sáng', 'Nguyễn Thị Lan'],
    ]);
  });

  it('is the "Người ghi" of the entry page and of the printable log, as the log book says it; the entry page names the account apart', async () => {
    const { web, store } = await seeded();
    const cellsOf = (html: string) =>
      [...html.matchAll(/<tr>\s*(<td[\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim()));
    // Title → "Người ghi": the log book (this week's), its cells 4 and 8; the printable log's, 5 and 9.
    const book = new Map(cellsOf((await web.get('/logbook').expect(200)).text).map((c) => [c[3], c[7]]));
    const printed = new Map(cellsOf((await web.get('/entries/print?from=16%2F11%2F2026&to=22%2F11%2F2026').expect(200)).text).map((c) => [c[4], c[8]]));
    const expected = new Map([['Tin gõ tay', 'Cán bộ bientap'], ['Tin chiều', 'Trần Văn Bình'], ['Tin trưa', ''], ['Tin sáng', 'Nguyễn Thị Lan']]);
    expect(book).toEqual(expected);
    expect(printed).toEqual(expected);

    const idOf = async (title: string) => (await store.commune.listEntries({}, { page: 1, pageSize: 10 })).rows.find((e) => e.item.title === title)!.id;
    const facts = async (title: string) => {
      const html = (await web.get(`/entries/${await idOf(title)}`).expect(200)).text;
      return /<dt>Người ghi<\/dt>([\s\S]*?)<\/dl>/.exec(html)?.[1]?.trim();
    };
    expect(await facts('Tin chiều')).toBe('<dd>Trần Văn Bình</dd>\n  <dt>Tài khoản ghi</dt><dd>nhapexcel</dd>\n  <dt>Thời điểm ghi</dt><dd>22/11/2026 10:00</dd>');
    expect(await facts('Tin trưa')).toBe('<dd class="muted">Tệp nhập không ghi tên</dd>\n  <dt>Tài khoản ghi</dt><dd>nhapexcel</dd>\n  <dt>Thời điểm ghi</dt><dd>22/11/2026 10:00</dd>');
    expect(await facts('Tin gõ tay')).toBe('<dd>Cán bộ bientap</dd>\n  <dt>Tài khoản ghi</dt><dd>bientap</dd>\n  <dt>Thời điểm ghi</dt><dd>22/11/2026 10:00</dd>');
  });
});
