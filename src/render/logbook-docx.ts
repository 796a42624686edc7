import { Paragraph, Table, TableBorders, TableCell, TableRow, WidthType } from 'docx';
import { airtimeText, closingLine, daysWithoutLine, type Logbook, LOGBOOK_COLUMNS, LOGBOOK_TITLE, type LogbookWeek, showsWeeks, TOTAL_LABEL, totalAirtime, totalText, unitHeading, weekLabel } from '../domain/logbook.js';
import type { Settings } from '../domain/settings.js';
import { fmtNumber } from '../domain/text.js';
import { decree30Document, docxBuffer, oneLineWidth, para, type RuledCell, ruledTable, textWidth } from './docx-layout.js';

/** The table's font size, in half-points (10 pt): nine columns across A4 portrait, a title in two lines or so. */
const SIZE = 20;
const WIDTH = textWidth(false);
const SHARES = { title: 0.58, format: 0.14, recorder: 0.16, note: 0.12 };

const widest = (texts: string[]): string => texts.reduce((a, b) => (b.length > a.length ? b : a), '');

/**
 * The widths of the book's columns, in the order of LOGBOOK_COLUMNS. Those holding a date, a time, a
 * length or a count are as narrow as their widest value in this book printed on one line (so a date
 * never wraps as "16/11/20 / 26", a time as "06:0 / 0"), and never narrower than their headers' words;
 * the text columns share the rest, the title most.
 */
function columnWidths(book: Logbook): number[] {
  const rows = book.weeks.flatMap((w) => w.rows);
  const totals = [book.totals, ...book.weeks.map((w) => w.totals)];
  const fit = (texts: string[], least: string) => oneLineWidth(widest([least, ...texts]), SIZE);
  const fixed = {
    no: fit([String(rows.length)], '0000'),
    date: fit(['00/00/0000'], ''),
    time: fit(['00:00'], ''),
    length: fit([...rows.map((r) => airtimeText(r.airtimeSeconds)), ...totals.map(totalAirtime)], '00000'),
    plays: fit(totals.map((t) => fmtNumber(t.plays)), '0000'),
  };
  const rest = WIDTH - Object.values(fixed).reduce((a, b) => a + b, 0);
  const share = (part: number): number => Math.floor(rest * part);
  return [fixed.no, fixed.date, fixed.time, share(SHARES.title), share(SHARES.format), fixed.length, fixed.plays, share(SHARES.recorder), share(SHARES.note)];
}

/** A subtotal or total row: the words across the first five columns, the air time and the plays under theirs. */
function totalRow(label: string, totals: LogbookWeek['totals']): { cells: RuledCell[]; bold: boolean } {
  return { bold: true, cells: [{ text: totalText(label, totals), span: 5 }, { text: totalAirtime(totals), align: 'right' }, { text: fmtNumber(totals.plays), align: 'right' }, { text: '', span: 2 }] };
}

/** The book's one table: every airing, a subtotal after each week when there are several, the total. */
function bookTable(book: Logbook): Table {
  const rows: { cells: RuledCell[]; bold?: boolean }[] = [];
  for (const week of book.weeks) {
    for (const r of week.rows) {
      rows.push({
        cells: [
          { text: String(r.no), align: 'center' },
          { text: r.date, align: 'center' },
          { text: r.time, align: 'center' },
          { text: r.title },
          { text: r.format },
          { text: airtimeText(r.airtimeSeconds), align: 'right' },
          { text: fmtNumber(r.plays), align: 'right' },
          { text: r.recordedBy },
          { text: r.note },
        ],
      });
    }
    if (showsWeeks(book)) rows.push(totalRow(weekLabel(week), week.totals));
  }
  rows.push(totalRow(TOTAL_LABEL, book.totals));
  return ruledTable({ widths: columnWidths(book), size: SIZE, headers: [...LOGBOOK_COLUMNS], rows, keepLast: 3 });
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
 * The radio log book as a Word document in the Decree 30 layout (A4 portrait): the heading, one ruled
 * table running on across days and pages (its header row on each), the days without an airing
 * counted in a line, the total in words, and the signature block. Text from the log is written as
 * plain text, never markup. For the download and the evidence bundle.
 */
export function logbookDocx(book: Logbook, settings: Pick<Settings, 'communeName' | 'communeKind'>): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    para(unitHeading(settings.communeKind, settings.communeName), { bold: true, align: 'center', after: 6 }),
    para(LOGBOOK_TITLE, { bold: true, align: 'center' }),
    para(book.period.heading, { italics: true, align: 'center', after: 12 }),
    bookTable(book),
    para('', { after: 3, keepNext: true }),
    para(daysWithoutLine(book), { italics: true, size: SIZE, after: 3, keepNext: true }),
    para(closingLine(book), { bold: true, size: 26, after: 18, keepNext: true }),
    signatures(),
  ];
  return docxBuffer(decree30Document({ title: `Sổ nhật ký chương trình phát thanh, ${book.period.label}`, landscape: false, children }));
}
