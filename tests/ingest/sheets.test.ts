import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitWhen } from '../../src/domain/import-values.js';
import type { SheetLimits } from '../../src/ingest/limits.js';
import { listSheets, type OpenOptions, openSheet, readingThreads, type SheetRow } from '../../src/ingest/sheet.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sheets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function fileOf(wb: ExcelJS.Workbook): Promise<string> {
  const file = path.join(dir, `${++n}.xlsx`);
  await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

/** Every row read (cells, sheet, number, links), or the reason the file is refused. */
async function read(file: string, options: OpenOptions = {}): Promise<{ sheet?: string; row?: number; cells: unknown[]; links?: (string | undefined)[] }[] | string> {
  try {
    const out: { sheet?: string; row?: number; cells: unknown[]; links?: (string | undefined)[] }[] = [];
    for await (const batch of (await openSheet(file, options)).rows) {
      for (const r of batch as SheetRow[]) out.push({ sheet: r.sheet, row: r.rowNumber, cells: [...r], ...(r.links ? { links: [...r.links] } : {}) });
    }
    return out;
  } catch (err) {
    return (err as Error).message;
  }
}

const day = (d: number, m: number): Date => new Date(Date.UTC(2026, m - 1, d));
const at = (h: number, min: number): Date => new Date(Date.UTC(1899, 11, 30, h, min));

/**
 * An office's log as Excel keeps it: a sheet a month, the day's date merged down over its rows, times
 * in several formats, a title merged across two columns, portal titles linked, and a hidden sheet.
 */
function monthlyLog(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const jan = wb.addWorksheet('Tháng 1');
  jan.addRow(['Ngày', 'Giờ', 'Tiêu đề', null, 'Kênh']);
  jan.mergeCells('C1:D1');
  const rows: [Date | null, Date, ExcelJS.CellValue, string, string][] = [
    [day(5, 1), at(6, 0), { text: 'Tin A', hyperlink: 'https://cong.example.vn/tin-a' }, 'h:mm', 'Cổng TTĐT'],
    [null, at(11, 30), 'Tin B', 'hh:mm AM/PM', 'Truyền thanh'],
    [null, at(17, 45), { text: 'Tin C', hyperlink: 'mailto:vanthu@xa.gov.vn' }, '[$-42A]h:mm;@', 'Truyền thanh'],
    [day(6, 1), at(6, 15), { text: 'Tin D', hyperlink: 'http://cong.example.vn/tin-d' }, 'HH:MM', 'Cổng TTĐT'],
  ];
  for (const [date, time, title, timeFormat, channel] of rows) {
    const row = jan.addRow([date, time, title, null, channel]);
    row.getCell(1).numFmt = row.number === 5 ? '[$-42A]dd/mm/yyyy' : 'dd/mm/yyyy';
    row.getCell(2).numFmt = timeFormat;
  }
  jan.mergeCells('A2:A4');
  jan.mergeCells('C3:D3');
  const feb = wb.addWorksheet('Tháng 2');
  feb.addRow(['Ngày', 'Giờ', 'Tiêu đề']);
  const feb2 = feb.addRow([new Date(Date.UTC(2026, 1, 2, 7, 30)), null, 'Tin E']);
  feb2.getCell(1).numFmt = 'dd/mm/yyyy hh:mm';
  const notes = wb.addWorksheet('Ghi chú');
  notes.addRow(['Sổ này ghi các buổi phát']);
  notes.state = 'hidden';
  const macros = wb.addWorksheet('Cũ');
  macros.addRow([1]);
  macros.state = 'veryHidden';
  return wb;
}

const JANUARY = [
  { sheet: 'Tháng 1', row: 1, cells: ['Ngày', 'Giờ', 'Tiêu đề', null, 'Kênh'] },
  { sheet: 'Tháng 1', row: 2, cells: [day(5, 1), at(6, 0), 'Tin A', null, 'Cổng TTĐT'], links: [undefined, undefined, 'https://cong.example.vn/tin-a'] },
  // The date merged down, the title merged across (its second cell empty).
  { sheet: 'Tháng 1', row: 3, cells: [day(5, 1), at(11, 30), 'Tin B', null, 'Truyền thanh'] },
  // A mailto: link is no post's address.
  { sheet: 'Tháng 1', row: 4, cells: [day(5, 1), at(17, 45), 'Tin C', null, 'Truyền thanh'] },
  { sheet: 'Tháng 1', row: 5, cells: [day(6, 1), at(6, 15), 'Tin D', null, 'Cổng TTĐT'], links: [undefined, undefined, 'http://cong.example.vn/tin-d'] },
];
const FEBRUARY = [
  { sheet: 'Tháng 2', row: 1, cells: ['Ngày', 'Giờ', 'Tiêu đề'] },
  { sheet: 'Tháng 2', row: 2, cells: [new Date(Date.UTC(2026, 1, 2, 7, 30)), null, 'Tin E'] },
];

describe('a workbook of several sheets', () => {
  it('lists its worksheets as the tabs show them, in order, hidden ones marked; a CSV has none', async () => {
    const file = await fileOf(monthlyLog());
    expect(await listSheets(file)).toEqual([
      { name: 'Tháng 1', state: 'visible' },
      { name: 'Tháng 2', state: 'visible' },
      { name: 'Ghi chú', state: 'hidden' },
      { name: 'Cũ', state: 'veryHidden' },
    ]);
    const csv = path.join(dir, 'log.csv');
    await writeFile(csv, 'Tiêu đề,Ngày\nTin A,20/11/2026\n');
    expect(await listSheets(csv)).toEqual([]);
    expect(readingThreads()).toBe(0);
  });

  it('reads the first sheet unless told, each row named by its sheet and numbered as in Excel, with merged values and links', async () => {
    const file = await fileOf(monthlyLog());
    const sheet = await openSheet(file);
    expect(sheet.description).toBe('Excel (.xlsx), trang tính đầu tiên');
    expect(await read(file)).toEqual(JANUARY);
  });

  it('reads the sheets chosen by name, every visible one, or all of them, in the workbook order', async () => {
    const file = await fileOf(monthlyLog());
    expect(await read(file, { sheets: ['Tháng 2'] })).toEqual(FEBRUARY);
    expect(await read(file, { sheets: ['Tháng 2', 'Tháng 1'] })).toEqual([...JANUARY, ...FEBRUARY]);
    expect(await read(file, { sheets: 'visible' })).toEqual([...JANUARY, ...FEBRUARY]);
    const all = (await read(file, { sheets: 'all' })) as { sheet?: string }[];
    expect(all.map((r) => r.sheet)).toEqual([...JANUARY, ...FEBRUARY].map((r) => r.sheet).concat(['Ghi chú', 'Cũ']));
    expect((await openSheet(file, { sheets: ['Tháng 1', 'Tháng 2'] })).description).toBe('Excel (.xlsx), trang tính "Tháng 1", "Tháng 2"');
    // Names as a form sends them back, composed or not.
    expect(await read(file, { sheets: ['Tháng 2'.normalize('NFD')] })).toEqual(FEBRUARY);
  });

  it('refuses a sheet the workbook does not have, naming it', async () => {
    const file = await fileOf(monthlyLog());
    expect(await read(file, { sheets: ['Tháng 1', 'Tháng 3'] })).toBe('Tệp .xlsx không có trang tính "Tháng 3".');
  });

  it('gives date cells as dates and time cells as times on 30/12/1899, as the import splits them', async () => {
    const rows = (await read(await fileOf(monthlyLog()))) as { cells: unknown[] }[];
    const when = rows.slice(1).map((r) => [splitWhen(r.cells[0] as Date), splitWhen(r.cells[1] as Date)]);
    expect(when).toEqual([
      [{ date: '05/01/2026', time: '' }, { date: '', time: '06:00' }],
      [{ date: '05/01/2026', time: '' }, { date: '', time: '11:30' }],
      [{ date: '05/01/2026', time: '' }, { date: '', time: '17:45' }],
      [{ date: '06/01/2026', time: '' }, { date: '', time: '06:15' }],
    ]);
  });
});

describe('the budgets of a workbook of several sheets', () => {
  /** A workbook of sheets of `rows` rows each. */
  function sheetsOf(count: number, rows: number, text = 'Tin'): ExcelJS.Workbook {
    const wb = new ExcelJS.Workbook();
    for (let s = 1; s <= count; s++) {
      const ws = wb.addWorksheet(`Tháng ${s}`);
      ws.addRow(['Tiêu đề', 'Ngày']);
      for (let i = 1; i < rows; i++) ws.addRow([`${text} ${s}.${i}`, day(1 + (i % 28), s)]);
    }
    return wb;
  }
  const limits: Partial<SheetLimits> = { maxRows: 50 };

  it('counts the rows of every sheet read together: two sheets of 600 rows are over a budget of 1,100', async () => {
    const file = await fileOf(sheetsOf(2, 600));
    expect(await read(file, { limits, sheets: ['Tháng 1'] })).toHaveLength(600);
    expect(await read(file, { limits, sheets: ['Tháng 2'] })).toHaveLength(600);
    expect(await read(file, { limits, sheets: 'all' })).toContain('Tệp có hơn 1.100 dòng kể cả dòng trống');
    expect(readingThreads()).toBe(0);
  });

  it('settles each sheet\'s columns by its own first rows', async () => {
    const wb = new ExcelJS.Workbook();
    const narrow = wb.addWorksheet('Hẹp');
    for (let i = 0; i < 40; i++) narrow.addRow([`Tin ${i}`]);
    const wide = wb.addWorksheet('Rộng');
    for (let i = 0; i < 3; i++) wide.addRow(['Tin', null, null, null, null, 'Kênh', null, null, null, null, 'Ghi chú']);
    const rows = (await read(await fileOf(wb), { sheets: 'all', limits: { columnMargin: 2 } })) as { sheet?: string; cells: unknown[] }[];
    expect(rows.filter((r) => r.sheet === 'Rộng').map((r) => r.cells.at(-1))).toEqual(['Ghi chú', 'Ghi chú', 'Ghi chú']);
  });
});
