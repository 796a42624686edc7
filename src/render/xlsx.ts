import type { Writable } from 'node:stream';
import type { Cell } from '../domain/export-rows.js';
import { xmlSafe } from '../domain/text.js';
import { loadExcelJS } from '../exceljs.js';

/** A column of a sheet: its Vietnamese header, its width in characters, and how its cells show. */
export interface SheetColumn {
  header: string;
  width: number;
  /** Excel number format: dates as dd/mm/yyyy hh:mm, whole numbers with a thousands separator. */
  numFmt?: string;
}

export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
export const WHOLE_FORMAT = '#,##0';
/** A duration (a time in days): hours past 24 are not wrapped, so 247370 seconds show as 68:42:50. */
export const DURATION_FORMAT = '[h]:mm:ss';

/**
 * A row's cells with the text XML cannot hold taken out: the writers' backstop, so that a character stored
 * before input was cleaned cannot make a workbook that Excel and LibreOffice refuse to open.
 */
export function xmlSafeCells(cells: readonly Cell[]): Cell[] {
  return cells.map((c) => (typeof c === 'string' ? xmlSafe(c) : c));
}

interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>;
  /** Lines written above the table (a title, the period), in bold. */
  preface?: string[];
  /** An Excel autofilter on the header row, over every column and row of the table. */
  autoFilter?: boolean;
}

/**
 * Streams a workbook to `out`: each sheet with a bold header row frozen in place, set column widths,
 * real date cells and numbers as numbers. Rows are committed as they are written, so a long log
 * does not sit in memory. A `signal` that aborts (the client went away) stops the writing.
 */
export async function writeWorkbook(out: Writable, sheets: readonly SheetSpec[], signal?: AbortSignal): Promise<void> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Nhật ký tuyên truyền CCHC';
  for (const spec of sheets) {
    const preface = spec.preface ?? [];
    const headerRow = preface.length + 1;
    const sheet = workbook.addWorksheet(xmlSafe(spec.name).slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRow }] });
    sheet.columns = spec.columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    for (const line of preface) {
      const row = sheet.addRow([xmlSafe(line)]);
      row.font = { bold: true };
      row.commit();
    }
    const header = sheet.addRow(spec.columns.map((c) => xmlSafe(c.header)));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.commit();
    let n = 0;
    for await (const cells of spec.rows) {
      sheet.addRow(xmlSafeCells(cells)).commit();
      // Let other requests run, and notice a cancelled download, every so many rows.
      if (++n % 1000 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
      }
    }
    // The streaming writer writes the filter when the sheet is committed, so its range can end at the last row.
    if (spec.autoFilter) sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + n, column: spec.columns.length } };
    sheet.commit();
  }
  signal?.throwIfAborted();
  await workbook.commit();
}
