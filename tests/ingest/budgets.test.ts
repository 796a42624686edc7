import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import type { SheetLimits } from '../../src/ingest/limits.js';
import { endWaitingThreads, openSheet, readingThreads, waitingThreads } from '../../src/ingest/sheet.js';
import { inlineRow, xlsxOf, zipOf, workbookParts, sheetXml } from './workbooks.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'budgets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function fileOf(body: Buffer | string, ext = 'xlsx'): Promise<string> {
  const file = path.join(dir, `${++n}.${ext}`);
  await writeFile(file, body);
  return file;
}

/** Every row of a file, or the reason it is refused. */
async function read(body: Buffer | string, limits: Partial<SheetLimits> = {}, ext = 'xlsx'): Promise<SheetCell[][] | string> {
  const rows: SheetCell[][] = [];
  try {
    // Cells only (a workbook's rows also carry their numbers).
    for await (const batch of (await openSheet(await fileOf(body, ext), { limits })).rows) rows.push(...batch.map((r) => [...r]));
    return rows;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A zip with a part's declared unzipped size changed, in its local header and in the directory. */
function declaring(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(name); at >= 0; at = out.indexOf(name, at + 1)) {
    if (out.readUInt32LE(at - 30) === 0x04034b50) out.writeUInt32LE(size, at - 30 + 22);
    if (out.readUInt32LE(at - 46) === 0x02014b50) out.writeUInt32LE(size, at - 46 + 24);
  }
  return out;
}

const HEADER = inlineRow(1, ['Tiêu đề', 'Ngày']);

describe('reading a workbook within its budgets', () => {
  it('refuses a part that unzips over 100 times its size before reading any of it', async () => {
    // The bomb's content would be refused for its DTD if it were read.
    const bomb = xlsxOf([{ text: `<!DOCTYPE x>${HEADER}` }, { text: ' '.repeat(1_000_000), times: 3 }]);
    expect(await read(bomb)).toContain('bung ra lớn gấp hơn 100 lần');
  });

  it('refuses a workbook whose parts unzip to more than the budget, as the zip directory declares them', async () => {
    expect(await read(xlsxOf(HEADER + inlineRow(2, ['x'.repeat(5_000)])), { maxUnzippedBytes: 4_000 })).toContain('khi giải nén lớn hơn');
  });

  it('refuses a part that unzips to more than its directory declares', async () => {
    const body = declaring(xlsxOf(HEADER + inlineRow(2, ['Tin A', '20/11/2026'])), 'xl/worksheets/sheet1.xml', 100);
    expect(await read(body)).toContain('bị hỏng');
  });

  it('refuses a zip of too many files, and one that is damaged', async () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i < 30; i++) parts[`xl/media/anh${i}.png`] = 'x';
    expect(await read(zipOf({ ...workbookParts(), 'xl/worksheets/sheet1.xml': sheetXml(HEADER), ...parts }), { maxZipEntries: 20 })).toContain('hơn 20 phần');
    expect(await read(xlsxOf(HEADER).subarray(0, 300))).toContain('bị hỏng');
  });

  it('refuses a DTD, an unknown entity and a tag cut off, in any part', async () => {
    expect(await read(xlsxOf(`<!DOCTYPE worksheet [<!ENTITY a "b">]>${HEADER}`))).toContain('DTD');
    expect(await read(xlsxOf(HEADER, undefined, { 'xl/styles.xml': '<!DOCTYPE x><styleSheet/>' }))).toContain('DTD');
    expect(await read(xlsxOf('<row r="1"><c r="A1" t="inlineStr"><is><t>a &nbsp; b</t></is></c></row>'))).toContain('bị hỏng');
    expect(await read(zipOf({ ...workbookParts(), 'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"' }))).toContain('bị hỏng');
  });

  it('refuses elements nested deeper than the budget', async () => {
    expect(await read(xlsxOf(HEADER + '<x>'.repeat(100)))).toContain('sâu hơn 64 cấp');
    expect(await read(xlsxOf(HEADER + '<x>'.repeat(10)), { maxXmlDepth: 8 })).toContain('sâu hơn 8 cấp');
  });

  it('refuses more shared strings, or more of their text, than the budget', async () => {
    const strings = Array.from({ length: 11 }, (_, i) => `<si><t>chữ ${i}</t></si>`).join('');
    const sheet = HEADER + '<row r="2"><c r="A2" t="s"><v>10</v></c></row>';
    expect(await read(xlsxOf(sheet, strings), { maxSharedStrings: 11 })).toEqual([['Tiêu đề', 'Ngày'], ['chữ 10']]);
    expect(await read(xlsxOf(sheet, strings), { maxSharedStrings: 10 })).toContain('hơn 10 đoạn chữ');
    expect(await read(xlsxOf(sheet, strings), { maxSharedStringChars: 40 })).toContain('hơn 40 ký tự tất cả');
  });

  it('refuses a cell longer than Excel allows (32,767 characters), shared or inline, and names an inline one', async () => {
    const long = 'a'.repeat(32_768);
    expect(await read(xlsxOf(HEADER + inlineRow(2, ['a'.repeat(32_767)])))).toHaveLength(2);
    expect(await read(xlsxOf(HEADER + inlineRow(2, ['Tin', long])))).toContain('Ô B2 của tệp dài hơn 32.767 ký tự');
    expect(await read(xlsxOf(HEADER + inlineRow(2, ['Tin', long.replace(/a/g, '&amp;')])))).toContain('dài hơn 32.767 ký tự');
    expect(await read(xlsxOf(HEADER, `<si><t>${long}</t></si>`))).toContain('Một ô của tệp dài hơn 32.767 ký tự');
  });

  it('refuses a row whose text is longer than the budget', async () => {
    expect(await read(xlsxOf(HEADER + inlineRow(2, ['a'.repeat(600), 'b'.repeat(600)])), { maxRowChars: 1_000 })).toContain('Dòng 2 của tệp dài hơn 1.000 ký tự');
  });

  it('reads past the first rows only the widest of them and a margin, and never more than the budget of columns', async () => {
    const first = Array.from({ length: 29 }, (_, i) => inlineRow(i + 2, [`Tin ${i}`, '20/11/2026'])).join('');
    const far = '<row r="40"><c r="B40"><v>1</v></c><c r="S40"><v>2</v></c><c r="T40"><v>3</v></c><c r="XFD40"><v>4</v></c></row>';
    const rows = (await read(xlsxOf(HEADER + first + far), { columnMargin: 17 })) as SheetCell[][];
    // Two columns wide, and 17 more: up to column S.
    expect(rows.at(-1)).toEqual([null, 1, ...Array(16).fill(null), 2]);
    const wide = (await read(xlsxOf('<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>2</v></c></row>'), { maxColumns: 30 })) as SheetCell[][];
    expect(wide[0]).toEqual([1]);
  });

  it('counts every row read, blank or not, against its budget', async () => {
    const blank = Array.from({ length: 1_100 }, (_, i) => `<row r="${i + 2}"><c r="XFD${i + 2}" s="1"/></row>`).join('');
    expect(await read(xlsxOf(HEADER + blank), { maxRows: 50 })).toContain('hơn 1.100 dòng kể cả dòng trống');
    expect(((await read(xlsxOf(HEADER + blank), { maxRows: 100 })) as SheetCell[][]).length).toBe(1_101);
  });
});

describe('the issue\'s zip bombs, were their ratio allowed', () => {
  const open = { maxRatio: 1e9, maxUnzippedBytes: 4 * 1024 ** 3 };

  it('refuses 15 million nested elements by depth', async () => {
    expect(await read(xlsxOf([{ text: HEADER }, { text: '<x>'.repeat(1_000_000), times: 15 }]), open)).toContain('sâu hơn 64 cấp');
  });

  it('refuses a shared string of 20 million characters by the length of a cell', async () => {
    const body = xlsxOf(HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', [{ text: '<si><t>' }, { text: 'Đề án 06 về cải cách hành chính. '.repeat(10_000), times: 61 }, { text: '</t></si>' }]);
    expect(await read(body, open)).toContain('Một ô của tệp dài hơn 32.767 ký tự');
  });

  it('refuses 150 million shared strings by their count', async () => {
    expect(await read(xlsxOf(HEADER, [{ text: '<si><t/></si>'.repeat(1_000_000), times: 150 }]), open)).toContain('hơn 1.000.000 đoạn chữ');
  });
});

describe('reading a CSV within its budgets', () => {
  it('refuses a line longer than the budget, and a quote never closed, naming the line', async () => {
    expect(await read(`Tiêu đề,Ngày\nTin A,${'x'.repeat(3_000)}\n`, { maxRowChars: 1_000 }, 'csv')).toContain('Dòng 2 của tệp dài hơn 1.000 ký tự (có thể thiếu dấu ngoặc kép đóng)');
    const unclosed = `Tiêu đề,Ngày\n"Tin A,20/11/2026\n${'Tin B,21/11/2026\n'.repeat(200)}`;
    expect(await read(unclosed, { maxRowChars: 1_000 }, 'csv')).toContain('Dòng 2 của tệp');
  });

  it('reads line breaks, separators and doubled, stray or spaced quotes in a field as PapaParse does, within the budget', async () => {
    const body = 'Tiêu đề,Ngày\n"a ""b"", c\nd",1\nTin 5" màn hình,2\n"e" ,3\n"f"g",4\n';
    expect(await read(body, { maxRowChars: 30 }, 'csv')).toEqual([['Tiêu đề', 'Ngày'], ['a "b", c\nd', '1'], ['Tin 5" màn hình', '2'], ['e', '3'], ['f"g', '4']]);
  });

  it('counts blank lines as rows read', async () => {
    expect(await read(`Tiêu đề,Ngày\n${'\n'.repeat(1_200)}`, { maxRows: 50 }, 'csv')).toContain('kể cả dòng trống');
  });
});

describe('the reading thread', () => {
  it('ends a reading that needs more memory than its budget, and the process goes on', async () => {
    const strings = [{ text: '<si><t>Đề án 06 về cải cách hành chính, chuyển đổi số</t></si>'.repeat(10_000), times: 300 }];
    const refused = await read(xlsxOf(HEADER, strings), { memoryMb: 32, maxRatio: 1e9, maxSharedStrings: 1e9, maxSharedStringChars: 1e12 });
    expect(refused).toContain('cần nhiều hơn 32 MB bộ nhớ');
    expect(readingThreads()).toBe(0);
    // A file that fits is read with the same budget.
    expect(await read(xlsxOf(HEADER, '<si><t>x</t></si>'), { memoryMb: 32 })).toEqual([['Tiêu đề', 'Ngày']]);
  }, 30_000);

  it('keeps a thread that read a small file for the next one, and ends one that read a large file', async () => {
    await endWaitingThreads();
    expect(waitingThreads()).toBe(0);
    const small = await fileOf(xlsxOf(HEADER + inlineRow(2, ['Tin', '20/11/2026'])));
    for await (const _batch of (await openSheet(small)).rows);
    expect(waitingThreads()).toBe(1);
    // A large file grew the thread's heap: it is not kept through the import that follows.
    const large = await fileOf(xlsxOf(HEADER + Array.from({ length: 12_000 }, (_, i) => inlineRow(i + 2, [`Tin ${i}`, '20/11/2026'])).join('')));
    let rows = 0;
    for await (const batch of (await openSheet(large)).rows) rows += batch.length;
    expect(rows).toBe(12_001);
    expect(waitingThreads()).toBe(0);
    expect(readingThreads()).toBe(0);
  }, 30_000);

  it('stops a reading that takes longer than its time', async () => {
    expect(await read(xlsxOf(HEADER), { timeMs: 1 })).toContain('Đọc tệp quá 0 giây');
  });

  it('stops reading as soon as it is cancelled, or its reader stops', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => inlineRow(i + 2, [`Tin ${i}`, '20/11/2026'])).join('');
    const file = await fileOf(xlsxOf(HEADER + rows));
    const cancel = new AbortController();
    let seen = 0;
    const reading = (async () => {
      for await (const batch of (await openSheet(file, { signal: cancel.signal })).rows) {
        seen += batch.length;
        cancel.abort();
      }
    })();
    await expect(reading).rejects.toThrow('Đã dừng đọc tệp');
    expect(seen).toBeLessThan(50_000);
    expect(readingThreads()).toBe(0);
    for await (const _batch of (await openSheet(file)).rows) break;
    expect(readingThreads()).toBe(0);
  });
});
