import type { Font, Row } from 'exceljs';
import { type Cell, excelDuration } from '../domain/export-rows.js';
import type { Figures } from '../domain/counting.js';
import { closingLine, daysWithoutLine, type Logbook, LOGBOOK_COLUMNS, LOGBOOK_TITLE, showsWeeks, TOTAL_LABEL, totalText, unitHeading, weekLabel } from '../domain/logbook.js';
import type { Settings } from '../domain/settings.js';
import { loadExcelJS } from '../exceljs.js';
import { xmlSafe } from '../domain/text.js';
import { DURATION_FORMAT, WHOLE_FORMAT, xmlSafeCells } from './xlsx.js';

// In the order of LOGBOOK_COLUMNS: the date and time columns wide enough for dd/mm/yyyy and HH:mm.
const WIDTHS = [6, 11, 7, 44, 12, 9, 8, 18, 18];
const FORMATS: (string | undefined)[] = [undefined, 'dd/mm/yyyy', undefined, undefined, undefined, DURATION_FORMAT, WHOLE_FORMAT, undefined, undefined];
const LAST = LOGBOOK_COLUMNS.length;
const HEADER_ROW = 5;
const thin = { style: 'thin' } as const;
const BOX = { top: thin, bottom: thin, left: thin, right: thin };

/** A local date as a spreadsheet date (midnight of that day: Excel dates carry no time zone). */
const excelDay = (at: string): Date => new Date(`${at.slice(0, 10)}T00:00:00Z`);

/**
 * The radio log book as a workbook of one sheet, laid out as the printed book (A4 portrait, fit to
 * the page's width, the header row repeated on every page, no page break of its own): one line per
 * airing with its date as a date, plays as numbers and time on air as an [h]:mm:ss time, a subtotal
 * per week when there are several, the total in bold; the subtotals' figures add up as the lines'. Text from the log goes into text cells, which Excel
 * never runs as formulas.
 */
export async function logbookXlsx(book: Logbook, settings: Pick<Settings, 'communeName' | 'communeKind'>): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nhật ký tuyên truyền CCHC';
  const sheet = workbook.addWorksheet('Sổ nhật ký phát thanh', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  sheet.columns = WIDTHS.map((width, i) => ({ width, style: FORMATS[i] ? { numFmt: FORMATS[i] } : {} }));

  const merged = (value: string, font: Partial<Font>, align: 'left' | 'center' = 'center'): Row => {
    const row = sheet.addRow([xmlSafe(value)]);
    sheet.mergeCells(row.number, 1, row.number, LAST);
    row.getCell(1).font = font;
    row.getCell(1).alignment = { horizontal: align, vertical: 'middle', wrapText: true };
    return row;
  };
  const ruled = (cells: Cell[], look: 'header' | 'row' | 'total'): Row => {
    const row = sheet.addRow(xmlSafeCells(cells));
    for (let c = 1; c <= LAST; c++) {
      const cell = row.getCell(c);
      cell.border = BOX;
      if (look !== 'row') cell.font = { bold: true };
      cell.alignment = look === 'header' ? { horizontal: 'center', vertical: 'middle', wrapText: true } : { vertical: 'top', wrapText: c === 4 || c === 5 || c >= 8 };
    }
    return row;
  };
  const total = (label: string, t: Figures): void => {
    const row = ruled([totalText(label, t), null, null, null, null, t.airtimeSeconds > 0 ? excelDuration(t.airtimeSeconds) : null, t.plays], 'total');
    sheet.mergeCells(row.number, 1, row.number, 5);
    row.getCell(1).alignment = { vertical: 'top', wrapText: true };
  };

  merged(unitHeading(settings.communeKind, settings.communeName), { bold: true });
  merged(LOGBOOK_TITLE, { bold: true, size: 14 });
  merged(book.period.heading, { italic: true });
  sheet.addRow([]);
  ruled([...LOGBOOK_COLUMNS], 'header');
  for (const week of book.weeks) {
    for (const r of week.rows) {
      ruled([r.no, excelDay(r.at), r.time, r.title, r.format, r.airtimeSeconds === null ? null : excelDuration(r.airtimeSeconds), r.plays, r.recordedBy, r.note], 'row');
    }
    if (showsWeeks(book)) total(weekLabel(week), week.totals);
  }
  total(TOTAL_LABEL, book.totals);

  sheet.addRow([]);
  merged(daysWithoutLine(book), { italic: true }, 'left');
  merged(closingLine(book), { bold: true }, 'left');
  sheet.addRow([]);
  const roles = sheet.addRow([null, 'Người ghi', null, null, null, null, 'Phụ trách đơn vị']);
  const notes = sheet.addRow([null, '(Ký, ghi rõ họ tên)', null, null, null, null, '(Ký, ghi rõ họ tên)']);
  for (const [row, font] of [[roles, { bold: true }], [notes, { italic: true }]] as const) {
    sheet.mergeCells(row.number, 2, row.number, 4);
    sheet.mergeCells(row.number, 7, row.number, 9);
    for (const c of [2, 7]) {
      row.getCell(c).font = font;
      row.getCell(c).alignment = { horizontal: 'center' };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
