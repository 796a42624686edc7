import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import { openSheet } from '../../src/ingest/sheet.js';
import { inlineRow, xlsxOf, zipOf, workbookParts, sheetXml } from './workbooks.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function rowsOf(body: Buffer): Promise<(SheetCell[] & { rowNumber?: number })[]> {
  const file = path.join(dir, `${++n}.xlsx`);
  await writeFile(file, body);
  const rows: (SheetCell[] & { rowNumber?: number })[] = [];
  for await (const batch of (await openSheet(file)).rows) rows.push(...batch);
  return rows;
}

describe('reading an .xlsx', () => {
  it('reads rows and cells without their references (`r`) in order, as Excel does', async () => {
    const rows = await rowsOf(xlsxOf([inlineRow(0, ['Tiêu đề', 'Ngày'], false), inlineRow(0, ['Tin A', '20/11/2026'], false), '<row><c><v>7</v></c><c/><c t="inlineStr"><is><t>x</t></is></c></row>'].join('')));
    expect(rows.map((r) => [r.rowNumber, [...r]])).toEqual([
      [1, ['Tiêu đề', 'Ngày']],
      [2, ['Tin A', '20/11/2026']],
      [3, [7, null, 'x']],
    ]);
  });

  it('follows a row without its reference on from the row before, and a cell from the cell before', async () => {
    const rows = await rowsOf(xlsxOf('<row r="4"><c r="C4"><v>1</v></c><c><v>2</v></c></row><row><c r="B5"><v>3</v></c></row>'));
    expect(rows.map((r) => [r.rowNumber, [...r]])).toEqual([
      [4, [null, null, 1, 2]],
      [5, [null, 3]],
    ]);
  });

  it('gives shared strings (rich text joined, phonetic guides left out, Excel escapes undone), numbers, booleans, dates and formula results', async () => {
    const strings = [
      '<si><t>Hướng dẫn</t></si>',
      '<si><r><rPr><b/></rPr><t>Đề án </t></r><r><t xml:space="preserve">06</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
      '<si><t>dòng 1_x000D_\ndòng 2 &amp; &lt;3&gt; &#7843;</t></si>',
      '<si/>',
    ].join('');
    const sheet = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>0</v></c></row>',
      '<row r="2"><c r="A2" s="1"><v>46346.25</v></c><c r="B2"><v>2.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A1</f><v>kết quả</v></c><c r="F2" s="1"><f>A2+1</f><v>46347</v></c><c r="G2" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c><c r="H2"><![CDATA[x]]><v><![CDATA[4]]></v></c></row>',
    ].join('');
    const rows = await rowsOf(xlsxOf(sheet, strings));
    expect([...rows[0]!]).toEqual(['Hướng dẫn', 'Đề án 06', 'dòng 1\r\ndòng 2 & <3> ả', '', 'Hướng dẫn']);
    expect([...rows[1]!]).toEqual([new Date(Date.UTC(2026, 10, 20, 6)), 2.5, true, null, 'kết quả', new Date(Date.UTC(2026, 10, 21)), 'ab', 4]);
  });

  it('reads dates of a 1904 workbook, namespaced parts, and the first sheet in the workbook order', async () => {
    const parts = workbookParts({
      workbook: '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="B" sheetId="2" r:id="rId9"/><x:sheet name="A" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
    });
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/second.xml"/></Relationships>');
    const body = zipOf({
      ...parts,
      'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'),
      'xl/worksheets/second.xml': '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" s="1"><x:v>44884</x:v></x:c></x:row></x:sheetData></x:worksheet>',
    });
    const rows = await rowsOf(body);
    expect([...rows[0]!]).toEqual([new Date(Date.UTC(2026, 10, 20))]);
  });

  it('stops at the end of the rows: what follows them is not read', async () => {
    const rows = await rowsOf(xlsxOf([{ text: '<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><sheetData>' }]));
    expect(rows).toHaveLength(1);
  });
});
