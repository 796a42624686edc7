import { Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { type Logbook, LOGBOOK_COLUMNS, type LogbookDay, LOGBOOK_TITLE, type LogbookTotals, totalsLine, unitHeading } from '../domain/logbook.js';
import type { Settings } from '../domain/settings.js';
import { fmtHms, xmlSafe } from '../domain/text.js';
import { decree30Document, docxBuffer, para, table, textWidth } from './docx-layout.js';

const WIDTHS = [0.5, 0.75, 3.6, 1.2, 0.85, 1.05, 1.05, 1.5];
const ALIGN: ('left' | 'center' | 'right')[] = ['center', 'center', 'left', 'left', 'right', 'right', 'right', 'left'];

const WIDTH = textWidth(false);

/** The table of one day: its airings, numbered on from `firstNo`, and the day's total in bold. */
function dayTable(day: LogbookDay, firstNo: number): Table {
  const rows = day.rows.map((r, i) => [String(firstNo + i), r.time, r.title, r.format, String(r.plays), fmtHms(r.durationSeconds), fmtHms(r.totalSeconds), r.recordedBy]);
  rows.push(['', '', `Cộng ngày: ${day.totals.airings} tin bài`, '', String(day.totals.plays), '', fmtHms(day.totals.seconds), '']);
  return table([...LOGBOOK_COLUMNS], rows, { textWidth: WIDTH, widths: WIDTHS, align: ALIGN, boldRows: [rows.length - 1] });
}

const figures = (t: LogbookTotals): string[] => [String(t.airings), String(t.plays), fmtHms(t.seconds)];

/** The summary at the end: one line per day (a week's book) or per week (a month's), and the total. */
function summaryTable(book: Logbook): Table {
  const month = book.period.kind === 'month';
  const lines = month ? book.weeks.map((w) => [w.heading, ...figures(w.totals)]) : book.weeks.flatMap((w) => w.days.map((d) => [d.heading, ...figures(d.totals)]));
  lines.push([month ? 'Cộng cả tháng' : 'Cộng cả tuần', ...figures(book.totals)]);
  return table([month ? 'Tuần' : 'Ngày', 'Số tin bài', 'Số lượt phát', 'Tổng thời lượng'], lines, { textWidth: WIDTH, widths: [4, 1.3, 1.3, 1.6], align: ['left', 'right', 'right', 'right'], boldRows: [lines.length - 1] });
}

/** "Người ghi" and "Phụ trách đơn vị" side by side, each with room to sign: a table without borders. */
function signatures(): Table {
  const half = Math.floor(WIDTH / 2);
  const column = (role: string) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      children: [para(role, { bold: true, align: 'center' }), para('(Ký, ghi rõ họ tên)', { italics: true, align: 'center', after: 60 })],
    });
  return new Table({
    width: { size: half * 2, type: WidthType.DXA },
    columnWidths: [half, half],
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [column('Người ghi'), column('Phụ trách đơn vị')] })],
  });
}

/**
 * The radio log book as a Word document in the Decree 30 layout (A4 portrait): the heading, each
 * day's airings (a month's weeks each from a new page), the totals, and the signature block. Text
 * from the log is written as plain text, never markup. For the download and, later, the evidence bundle.
 */
export function logbookDocx(book: Logbook, settings: Pick<Settings, 'communeName' | 'communeKind'>): Promise<Buffer> {
  const month = book.period.kind === 'month';
  const children: (Paragraph | Table)[] = [
    para(unitHeading(settings.communeKind, settings.communeName), { bold: true, align: 'center', after: 12 }),
    para(LOGBOOK_TITLE, { bold: true, align: 'center' }),
    para(book.heading, { italics: true, align: 'center', after: 12 }),
  ];
  let no = 1;
  book.weeks.forEach((week, i) => {
    if (month) children.push(new Paragraph({ pageBreakBefore: i > 0, spacing: { after: 120 }, children: [new TextRun({ text: xmlSafe(week.heading), bold: true })] }));
    for (const day of week.days) {
      children.push(para(day.heading, { bold: true, after: 3 }));
      if (!day.rows.length) children.push(para('Không có buổi phát', { italics: true, after: 9 }));
      else children.push(dayTable(day, no), para('', { after: 6 }));
      no += day.rows.length;
    }
    if (month) children.push(para(`Cộng ${week.heading.charAt(0).toLowerCase()}${week.heading.slice(1)}: ${totalsLine(week.totals)}.`, { bold: true, after: 9 }));
  });
  children.push(
    para(month ? `Tổng hợp ${book.heading.toLowerCase()}` : 'Tổng hợp trong tuần', { bold: true, after: 3 }),
    summaryTable(book),
    para(`${month ? 'Cộng cả tháng' : 'Cộng cả tuần'}: ${totalsLine(book.totals)}.`, { bold: true, after: 18 }),
    signatures(),
  );
  return docxBuffer(decree30Document({ title: `Sổ nhật ký chương trình phát thanh, ${book.heading.toLowerCase()}`, landscape: false, children }));
}
