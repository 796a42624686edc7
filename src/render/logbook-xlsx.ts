import type { Font, Row } from 'exceljs';
import { type Cell, excelDuration } from '../domain/export-rows.js';
import { type Logbook, LOGBOOK_COLUMNS, LOGBOOK_TITLE, type LogbookTotals, unitHeading } from '../domain/logbook.js';
import type { Settings } from '../domain/settings.js';
import { loadExcelJS } from '../exceljs.js';
import { xmlSafe } from '../domain/text.js';
import { DURATION_FORMAT, WHOLE_FORMAT, xmlSafeCells } from './xlsx.js';

const WIDTHS = [5, 8, 48, 14, 9, 11, 11, 22];
const FORMATS: (string | undefined)[] = [undefined, undefined, undefined, undefined, WHOLE_FORMAT, DURATION_FORMAT, DURATION_FORMAT, undefined];
const LAST = LOGBOOK_COLUMNS.length;
const thin = { style: 'thin' } as const;
const BOX = { top: thin, bottom: thin, left: thin, right: thin };

type Look = 'header' | 'day' | 'row' | 'total' | 'note';

/**
 * The radio log book as a workbook of one sheet, laid out as the printed book (A4 portrait, the
 * header row repeated on every page, a month's weeks each from a new page): day headings, one line
 * per airing, totals in bold with plays as numbers and durations as [h]:mm:ss times that add up.
 * Text from the log goes into text cells, which Excel never runs as formulas.
 */
export async function logbookXlsx(book: Logbook, settings: Pick<Settings, 'communeName' | 'communeKind'>): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nhật ký tuyên truyền CCHC';
  const sheet = workbook.addWorksheet('Sổ nhật ký phát thanh', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' },
  });
  sheet.columns = WIDTHS.map((width, i) => ({ width, style: FORMATS[i] ? { numFmt: FORMATS[i] } : {} }));

  const merged = (text: string, font: Partial<Font>, align: 'left' | 'center' = 'center'): Row => {
    const row = sheet.addRow([xmlSafe(text)]);
    sheet.mergeCells(row.number, 1, row.number, LAST);
    row.getCell(1).font = font;
    row.getCell(1).alignment = { horizontal: align, vertical: 'middle', wrapText: true };
    return row;
  };
  const line = (cells: Cell[], look: Look): Row => {
    const row = look === 'day' || look === 'note' ? merged(String(cells[0]), { bold: look === 'day', italic: look === 'note' }, 'left') : sheet.addRow(xmlSafeCells(cells));
    for (let c = 1; c <= LAST; c++) {
      const cell = row.getCell(c);
      cell.border = BOX;
      if (look === 'header' || look === 'total') cell.font = { bold: true };
      if (look === 'header') cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      else if (look === 'row' || look === 'total') cell.alignment = { vertical: 'top', wrapText: c === 3 || c === 8 };
    }
    return row;
  };
  const seconds = (s: number | null): Cell => (s === null ? null : excelDuration(s));
  const total = (label: string, t: LogbookTotals): Row => line([null, null, `${label}: ${t.airings} tin bài`, null, t.plays, null, seconds(t.seconds)], 'total');

  merged(unitHeading(settings.communeKind, settings.communeName), { bold: true });
  merged(LOGBOOK_TITLE, { bold: true, size: 14 });
  merged(book.heading, { italic: true });
  sheet.addRow([]);
  line([...LOGBOOK_COLUMNS], 'header');

  const month = book.period.kind === 'month';
  let no = 1;
  book.weeks.forEach((week, i) => {
    if (month) {
      // A new page for each week of a month: the break goes under the last row of the week before.
      if (i > 0) sheet.lastRow?.addPageBreak();
      merged(week.heading, { bold: true, size: 12 }, 'left');
    }
    for (const day of week.days) {
      line([day.heading], 'day');
      if (!day.rows.length) line(['Không có buổi phát'], 'note');
      for (const r of day.rows) line([no++, r.time, r.title, r.format, r.plays, seconds(r.durationSeconds), seconds(r.totalSeconds), r.recordedBy], 'row');
      if (day.rows.length) total('Cộng ngày', day.totals);
    }
    if (month) total(`Cộng tuần ${week.heading.slice('Tuần '.length)}`, week.totals);
  });
  total(month ? 'Cộng cả tháng' : 'Cộng cả tuần', book.totals);

  sheet.addRow([]);
  const roles = sheet.addRow([null, 'Người ghi', null, null, null, 'Phụ trách đơn vị']);
  const notes = sheet.addRow([null, '(Ký, ghi rõ họ tên)', null, null, null, '(Ký, ghi rõ họ tên)']);
  for (const [row, font] of [[roles, { bold: true }], [notes, { italic: true }]] as const) {
    sheet.mergeCells(row.number, 2, row.number, 3);
    sheet.mergeCells(row.number, 6, row.number, 8);
    for (const c of [2, 6]) {
      row.getCell(c).font = font;
      row.getCell(c).alignment = { horizontal: 'center' };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
