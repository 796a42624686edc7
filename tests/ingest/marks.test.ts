/**
 * Several sheets in workbooks written by hand, for what Excel (and ExcelJS) would not write: sheets
 * whose part is missing, damaged sheets, and budgets.
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
async function read(body: Buffer, options: OpenOptions = {}): Promise<{ sheet?: string; row?: number; cells: unknown[] }[] | string> {
  const file = path.join(dir, `${++n}.xlsx`);
  await writeFile(file, body);
  try {
    const out: { sheet?: string; row?: number; cells: unknown[] }[] = [];
    for await (const batch of (await openSheet(file, options)).rows) for (const r of batch) out.push({ sheet: r.sheet, row: r.rowNumber, cells: [...r] });
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
