/**
 * Merged cells, hyperlinks and several sheets in workbooks written by hand, for what Excel (and ExcelJS)
 * would not write: values inside merged ranges, overlapping merges, links of every kind, tags cut
 * between the pieces the zip is read in, and budgets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetLimits } from '../../src/ingest/limits.js';
import { listSheets, type OpenOptions, openSheet, readingThreads } from '../../src/ingest/sheet.js';
import { inlineRow, type Part, type Piece, workbookParts, zipOf } from './workbooks.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'marks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rels = (items: string): string => `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
const link = (id: string, target: string, external = true): string => `<Relationship Id="${id}" Type="${REL}/hyperlink" Target="${target.replace(/&/g, '&amp;')}"${external ? ' TargetMode="External"' : ''}/>`;

/** A sheet part: its rows, then what follows them (merges, links). */
const sheetOf = (rows: Part, tail = ''): Piece[] => [{ text: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><dimension ref="A1:D9"/><sheetData>` }, ...(Array.isArray(rows) ? rows : [{ text: rows }]), { text: `</sheetData>${tail}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>` }];

interface SheetSpec {
  name: string;
  state?: string;
  /** The sheet's part; none for a sheet whose part is missing. */
  xml: Piece[] | null;
  /** The relationship's type: `worksheet` unless told. */
  type?: string;
  /** The sheet's relationships (its links' addresses). */
  rels?: string;
}

/** A workbook of the sheets given (style 1 a date), and other parts. */
function bookOf(sheets: SheetSpec[], extra: Record<string, Part> = {}): Buffer {
  const parts: Record<string, Part> = workbookParts({
    workbook: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  });
  parts['xl/_rels/workbook.xml.rels'] = rels(`${sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${s.type ?? 'worksheet'}" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId99" Type="${REL}/styles" Target="styles.xml"/>`);
  sheets.forEach((s, i) => {
    if (s.xml) parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml;
    if (s.rels) parts[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = s.rels;
  });
  return zipOf({ ...parts, ...extra });
}

let n = 0;
async function read(body: Buffer, options: OpenOptions = {}): Promise<{ sheet?: string; row?: number; cells: unknown[]; links?: (string | undefined)[] }[] | string> {
  const file = path.join(dir, `${++n}.xlsx`);
  await writeFile(file, body);
  try {
    const out: { sheet?: string; row?: number; cells: unknown[]; links?: (string | undefined)[] }[] = [];
    for await (const batch of (await openSheet(file, options)).rows) for (const r of batch) out.push({ sheet: r.sheet, row: r.rowNumber, cells: [...r], ...(r.links ? { links: [...r.links] } : {}) });
    return out;
  } catch (err) {
    return (err as Error).message;
  }
}

const cellsOf = async (body: Buffer, options: OpenOptions = {}): Promise<unknown[][] | string> => {
  const rows = await read(body, options);
  return typeof rows === 'string' ? rows : rows.map((r) => r.cells);
};

const text = (ref: string, value: string): string => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const date5Jan = new Date(Date.UTC(2026, 0, 5));

describe('merged cells', () => {
  it('gives a value merged down to each row of its column, empties the other cells of a merge, and leaves out a merge that overlaps another', async () => {
    const rows = [
      inlineRow(1, ['Ngày', 'Tiêu đề', 'Kênh']),
      `<row r="2"><c r="A2" s="1"><v>46027</v></c>${text('B2', 'Tin A')}${text('C2', 'Cổng TTĐT')}</row>`,
      `<row r="3"><c r="A3" s="1"/>${text('B3', 'Tin B')}${text('C3', 'thừa')}</row>`,
      `<row r="4">${text('A4', 'thừa')}${text('B4', 'Tin C')}${text('C4', 'Truyền thanh')}</row>`,
      // Row 5, the first of A5:A6, is not in the file: A6 shows nothing.
      `<row r="6">${text('A6', 'thừa')}${text('B6', 'Tin D')}</row>`,
    ].join('');
    const merges = '<mergeCells count="4"><mergeCell ref="A2:A4"/><mergeCell ref="B3:C3"/><mergeCell ref="A3:B3"/><mergeCell ref="A5:A6"/></mergeCells>';
    expect(await read(bookOf([{ name: 'Nhật ký', xml: sheetOf(rows, merges) }]))).toEqual([
      { sheet: 'Nhật ký', row: 1, cells: ['Ngày', 'Tiêu đề', 'Kênh'] },
      { sheet: 'Nhật ký', row: 2, cells: [date5Jan, 'Tin A', 'Cổng TTĐT'] },
      { sheet: 'Nhật ký', row: 3, cells: [date5Jan, 'Tin B'] },
      { sheet: 'Nhật ký', row: 4, cells: [date5Jan, 'Tin C', 'Truyền thanh'] },
      { sheet: 'Nhật ký', row: 6, cells: [null, 'Tin D'] },
    ]);
  });

  it('fills a merged value into a row that has no cell in its column, and reads prefixed parts', async () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" s="1"><x:v>46027</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Tin A</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="C2"><x:v>3</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells></x:worksheet>`;
    expect(await cellsOf(bookOf([{ name: 'A', xml: [{ text: xml }] }]))).toEqual([[date5Jan], [date5Jan, null, 3]]);
  });

  it('finds the merges whatever pieces the part is unzipped in, its rows\' tags cut anywhere', async () => {
    // The zip is read in pieces of 16 KB: padding puts <sheetData> across the first edge and </sheetData> across the second, cut after `cut` characters.
    for (const cut of [1, 2, 5, 10, 11]) {
      const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetViews><sheetView workbookViewId="0"`;
      const beforeRows = `${head}${' '.repeat(16_384 - cut - head.length - 15)}/></sheetViews>`;
      const rows = '<row r="1"><c r="A1" s="1"><v>46027</v></c></row><row r="2"><c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>';
      const beforeEnd = `${beforeRows}<sheetData>${rows}`;
      const xml = `${beforeEnd}${'x'.repeat(32_768 - Math.min(cut, 10) - beforeEnd.length - 19)}</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>`;
      expect(xml.indexOf('<sheetData>')).toBe(16_384 - cut);
      expect(xml.indexOf('</sheetData>')).toBe(32_768 - Math.min(cut, 10));
      const got = (await cellsOf(bookOf([{ name: 'A', xml: [{ text: xml }] }]))) as unknown[][];
      expect(got.map((r) => r.slice(0, 2))).toEqual([[date5Jan], [date5Jan, 1]]);
    }
  });

  it('counts a value merged down toward the text of each row it fills', async () => {
    const rows = `<row r="1">${text('A1', 'a'.repeat(600))}</row><row r="2">${text('B2', 'b'.repeat(600))}</row>`;
    const body = bookOf([{ name: 'A', xml: sheetOf(rows, '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>') }]);
    expect(await read(body, { limits: { maxRowChars: 1_200 } })).toHaveLength(2);
    expect(await read(body, { limits: { maxRowChars: 1_000 } })).toContain('Dòng 2 của tệp dài hơn 1.000 ký tự');
  });

  it('refuses a sheet of more merges than the budget, naming the sheet', async () => {
    const merges = '<mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/><mergeCell ref="A3:B3"/></mergeCells>';
    const body = bookOf([{ name: 'Tháng 1', xml: sheetOf(inlineRow(1, ['Tin']), merges) }]);
    expect(await read(body, { limits: { maxMerges: 3 } })).toHaveLength(1);
    expect(await read(body, { limits: { maxMerges: 2 } })).toBe('Trang tính "Tháng 1" có hơn 2 vùng gộp ô, quá giới hạn đọc một lần: chia tệp ra rồi nhập từng phần.');
  });

  it('refuses as damaged a sheet whose rows hold their own closing tag in CDATA, which no spreadsheet writes', async () => {
    const rows = `<row r="1"><c r="A1" t="str"><v><![CDATA[</sheetData>]]></v></c></row>`;
    expect(await read(bookOf([{ name: 'A', xml: sheetOf(rows) }]))).toBe('Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.');
  });
});

describe('hyperlinks', () => {
  const long = `https://cong.example.vn/${'a'.repeat(2_000)}`;
  const sheetRels = rels(link('rId1', 'https://cong.example.vn/tin-a') + link('rId2', 'mailto:vanthu@xa.gov.vn') + link('rId3', 'https://cong.example.vn/tin-d?id=4&kieu=tin') + link('rId4', long) + link('rId5', 'javascript:alert(1)') + link('rId6', '../tin.docx', false));

  it('gives each cell with a value the web address it links to: external http(s) links only, ranges, a link merged down', async () => {
    const rows = [
      inlineRow(1, ['Tiêu đề', 'Kênh']),
      inlineRow(2, ['Tin A', 'Cổng TTĐT']),
      inlineRow(3, ['Tin B', 'Cổng TTĐT']),
      inlineRow(4, ['Tin C', 'Cổng TTĐT']),
      inlineRow(5, ['Tin D', 'Cổng TTĐT']),
      `<row r="6"><c r="A6" t="inlineStr"><is><t></t></is></c>${text('B6', 'Cổng TTĐT')}</row>`,
      inlineRow(7, ['Tin E', 'Cổng TTĐT']),
      inlineRow(8, ['Tin F', 'Cổng TTĐT']),
      `<row r="9">${text('B9', 'Cổng TTĐT')}</row>`,
    ].join('');
    const links = [
      '<hyperlink ref="A2" r:id="rId1" tooltip="Mở tin"/>',
      `<hyperlink ref="A3" location="'Tháng 2'!A1" display="Tháng 2"/>`,
      '<hyperlink ref="A4" r:id="rId2"/>',
      '<hyperlink ref="A5:B5" r:id="rId3" location="phan-2"/>',
      '<hyperlink ref="A6" r:id="rId1"/>',
      '<hyperlink ref="A7" r:id="rId4"/><hyperlink ref="B7" r:id="rId5"/><hyperlink ref="B8" r:id="rId6"/><hyperlink ref="B9" r:id="rId404"/>',
      '<hyperlink ref="A8" r:id="rId1"/>',
    ].join('');
    const tail = `<mergeCells count="1"><mergeCell ref="A8:A9"/></mergeCells><hyperlinks>${links}</hyperlinks>`;
    const got = (await read(bookOf([{ name: 'Cổng', xml: sheetOf(rows, tail), rels: sheetRels }]))) as { links?: unknown[] }[];
    expect(got.map((r) => r.links)).toEqual([
      undefined,
      ['https://cong.example.vn/tin-a'],
      undefined,
      undefined,
      ['https://cong.example.vn/tin-d?id=4&kieu=tin#phan-2', 'https://cong.example.vn/tin-d?id=4&kieu=tin#phan-2'],
      undefined,
      undefined,
      ['https://cong.example.vn/tin-a'],
      ['https://cong.example.vn/tin-a'],
    ]);
    expect((got as { cells: unknown[] }[])[8]!.cells).toEqual(['Tin F', 'Cổng TTĐT']);
  });

  it('refuses a sheet of more links than the budget', async () => {
    const tail = '<hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="A2" r:id="rId1"/></hyperlinks>';
    const body = bookOf([{ name: 'Cổng', xml: sheetOf(inlineRow(1, ['Tin A']) + inlineRow(2, ['Tin B']), tail), rels: sheetRels }]);
    expect(await read(body, { limits: { maxLinks: 1 } })).toBe('Trang tính "Cổng" có hơn 1 liên kết, quá giới hạn đọc một lần: chia tệp ra rồi nhập từng phần.');
  });
});

describe('the sheets of a workbook', () => {
  it('lists worksheets only, those whose part is there, in the workbook order', async () => {
    const body = bookOf([
      { name: 'Tháng 1', xml: sheetOf(inlineRow(1, ['Tin A'])) },
      { name: 'Biểu đồ', type: 'chartsheet', xml: [{ text: '<chartsheet/>' }] },
      { name: 'Mất', xml: null },
      { name: 'Tháng 2', state: 'hidden', xml: sheetOf(inlineRow(1, ['Tin B'])) },
    ]);
    const file = path.join(dir, 'chart.xlsx');
    await writeFile(file, body);
    expect(await listSheets(file)).toEqual([
      { name: 'Tháng 1', state: 'visible' },
      { name: 'Tháng 2', state: 'hidden' },
    ]);
    expect(await read(body, { sheets: ['Mất'] })).toBe('Tệp .xlsx không có trang tính "Mất".');
    expect(readingThreads()).toBe(0);
  });

  it('counts what the sheets read unzip to together', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => inlineRow(i + 1, [`Tin số ${i} về cải cách hành chính`])).join('');
    // Each sheet part is 106,676 bytes of rows and 320 around them; the workbook and styles under 2 KB.
    const body = bookOf([
      { name: 'Tháng 1', xml: sheetOf(rows) },
      { name: 'Tháng 2', xml: sheetOf(rows) },
    ]);
    const limits: Partial<SheetLimits> = { maxUnzippedBytes: 150_000 };
    expect(await read(body, { limits, sheets: ['Tháng 2'] })).toHaveLength(1_000);
    expect(await read(body, { limits, sheets: 'all' })).toContain('khi giải nén lớn hơn');
  });

  it('refuses a damaged sheet among those read, after the good one', async () => {
    const body = bookOf([
      { name: 'Tháng 1', xml: sheetOf(inlineRow(1, ['Tin A'])) },
      { name: 'Tháng 2', xml: [{ text: `<worksheet ${NS}><sheetData><row r="1">` }] },
    ]);
    expect(await read(body, { sheets: ['Tháng 1'] })).toHaveLength(1);
    expect(await read(body, { sheets: 'all' })).toBe('Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.');
  });
});
