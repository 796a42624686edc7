import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { xmlSafe } from '../domain/text.js';

// The layout of Decree 30/2020/NĐ-CP for administrative documents: A4, Times New Roman 13–14 pt,
// margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm, page numbers centred in the top
// margin from the second page on.

/** Millimetres in twips (twentieths of a point), the unit of Word's page and indent measures. */
export const twips = (mm: number): number => Math.round((mm / 25.4) * 1440);

export const DECREE30 = {
  font: 'Times New Roman',
  /** Body text, in half-points (14 pt). */
  bodySize: 28,
  /** Tables, in half-points (12 pt). */
  tableSize: 24,
  margins: { top: twips(20), bottom: twips(20), left: twips(30), right: twips(15) },
  /** A4 in twips, portrait. */
  a4: { width: 11906, height: 16838 },
} as const;

export interface TextOpts {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Space after the paragraph, in points. */
  after?: number;
  /** First-line indent, in mm (body paragraphs of Decree 30 documents indent 10–12.7 mm). */
  indent?: number;
  /** On the same page as the next paragraph (a heading and its table; the rows of a short table). */
  keepNext?: boolean;
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

/**
 * A paragraph of plain text (never markup: text from users is written as it is, less what XML cannot
 * hold). Line breaks start new lines.
 */
export function para(text: string, opts: TextOpts = {}): Paragraph {
  const lines = xmlSafe(text).split('\n');
  return new Paragraph({
    alignment: ALIGN[opts.align ?? 'left'],
    spacing: { after: (opts.after ?? 0) * 20 },
    indent: opts.indent ? { firstLine: twips(opts.indent) } : undefined,
    keepNext: opts.keepNext,
    children: lines.map((line, i) => new TextRun({ text: line, bold: opts.bold, italics: opts.italics, size: opts.size, break: i > 0 ? 1 : undefined })),
  });
}

/** A paragraph of runs with their own emphasis. */
export function runs(parts: { text: string; bold?: boolean; italics?: boolean }[], opts: TextOpts = {}): Paragraph {
  return new Paragraph({
    alignment: ALIGN[opts.align ?? 'left'],
    spacing: { after: (opts.after ?? 0) * 20 },
    children: parts.map((p) => new TextRun({ text: xmlSafe(p.text), bold: p.bold, italics: p.italics, size: opts.size })),
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
// Borders and cell margins are the table's, not each cell's: the same grid, and a long table (a month of
// the log book) takes some 40% less memory to build, and half the bytes.
const grid = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
const cellMargins = { top: 40, bottom: 40, left: 80, right: 80 };

function cell(text: string, width: number, opts: TextOpts & { header?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    // Cells sit at the top unless told otherwise: only the header's are centred.
    verticalAlign: opts.header ? VerticalAlign.CENTER : undefined,
    children: text.split('\n').map((line) => para(line, { bold: opts.header || opts.bold, size: DECREE30.tableSize, align: opts.align ?? (opts.header ? 'center' : 'left'), keepNext: opts.keepNext })),
  });
}

/**
 * A table with a header row repeated at the top of every page. `widths` are fractions of the text
 * width (they are scaled to it); `align` per column. `keepTogether`: on one page (a short table), each
 * row kept with the next as Word does it.
 */
export function table(headers: string[], rows: string[][], opts: { textWidth: number; widths: number[]; align?: ('left' | 'center' | 'right')[]; boldRows?: number[]; keepTogether?: boolean }): Table {
  const keep = (ri: number): boolean => !!opts.keepTogether && ri < rows.length - 1;
  const total = opts.widths.reduce((a, b) => a + b, 0);
  const widths = opts.widths.map((w) => Math.floor((w / total) * opts.textWidth));
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: grid,
    margins: cellMargins,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i]!, { header: true, keepNext: !!opts.keepTogether })) }),
      ...rows.map((r, ri) => new TableRow({ cantSplit: !!opts.keepTogether, children: r.map((text, i) => cell(text, widths[i]!, { align: opts.align?.[i], bold: opts.boldRows?.includes(ri), keepNext: keep(ri) })) })),
    ],
  });
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** A line of a block of `sideBySide`: centred unless aligned otherwise. */
export interface BlockLine {
  text: string;
  bold?: boolean;
  italics?: boolean;
  align?: 'left' | 'center';
}

/**
 * Two blocks side by side without borders (the heading of an administrative document: the issuing
 * body on the left, the national motto on the right; or the signatures). Lines in bold where asked.
 */
export function sideBySide(left: BlockLine[], right: BlockLine[], opts: { textWidth: number; leftShare?: number }): Table {
  const leftWidth = Math.floor(opts.textWidth * (opts.leftShare ?? 0.42));
  const widths = [leftWidth, opts.textWidth - leftWidth];
  const block = (lines: typeof left, width: number): TableCell =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: { top: none, bottom: none, left: none, right: none },
      children: lines.map((l) => para(l.text, { bold: l.bold, italics: l.italics, align: l.align ?? 'center', size: 26 })),
    });
  return new Table({
    width: { size: opts.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [new TableRow({ children: [block(left, widths[0]!), block(right, widths[1]!)] })],
  });
}

/** The width available for text on a page, in twips. */
export function textWidth(landscape: boolean): number {
  const width = landscape ? DECREE30.a4.height : DECREE30.a4.width;
  return width - DECREE30.margins.left - DECREE30.margins.right;
}

const pageSize = (landscape: boolean) => ({ width: DECREE30.a4.width, height: DECREE30.a4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT });
const pageNumberHeader = (): Header => new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: DECREE30.bodySize })] })] });

/**
 * A whole document in the Decree 30 layout: A4 portrait or landscape; with `annex`, a second part on
 * pages of its own orientation (a report in portrait, its wide table in landscape), numbered on.
 */
export function decree30Document(opts: { title: string; landscape: boolean; children: (Paragraph | Table)[]; annex?: { landscape: boolean; children: (Paragraph | Table)[] } }): Document {
  return new Document({
    title: xmlSafe(opts.title),
    creator: 'Nhật ký tuyên truyền CCHC',
    styles: { default: { document: { run: { font: DECREE30.font, size: DECREE30.bodySize } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: pageSize(opts.landscape), margin: { ...DECREE30.margins, header: twips(10) } } },
        // No number on the first page; centred in the top margin from the second on.
        headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: opts.children,
      },
      ...(opts.annex ? [{ properties: { page: { size: pageSize(opts.annex.landscape), margin: { ...DECREE30.margins, header: twips(10) } } }, headers: { default: pageNumberHeader() }, children: opts.annex.children }] : []),
    ],
  });
}

/** The document as the bytes of a .docx file. */
export function docxBuffer(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc);
}

export { DOCX_TYPE } from './exports.js';

// Advance widths in Times New Roman (regular and bold; the wider of the two), in ems, of the characters
// dates, times and counts are written with; anything else counts as a capital M.
const GLYPH_EM: Record<string, number> = { '/': 0.278, ':': 0.333, '.': 0.25, ',': 0.25, ' ': 0.25 };
for (const d of '0123456789') GLYPH_EM[d] = 0.5;

// A ruled table's cells keep 3 pt each side: nine columns fit across A4 portrait.
const RULED_MARGINS = { top: 20, bottom: 20, left: 60, right: 60 };

/**
 * The narrowest column of a `ruledTable`, in twips, that prints `sample` (a date, a time, a count)
 * on one line at a font size in half-points: its width in Times New Roman, a tenth to spare (another
 * font LibreOffice may use in its place), and the table's cell margins.
 */
export function oneLineWidth(sample: string, halfPoints: number): number {
  const em = [...sample].reduce((sum, ch) => sum + (GLYPH_EM[ch] ?? 0.833), 0);
  return Math.ceil(em * (halfPoints / 2) * 20 * 1.1) + RULED_MARGINS.left + RULED_MARGINS.right;
}

/** A cell of a `ruledTable` row: its text, alignment, and how many columns it spans. */
export interface RuledCell {
  text: string;
  align?: 'left' | 'center' | 'right';
  span?: number;
}

/**
 * A ruled table of a given font size (half-points) and column widths (twips), its header row repeated
 * at the top of every page, each row kept whole on a page, rows in bold where asked; a cell may span
 * several columns. `keepLast`: that many last rows kept on the page of what follows the table (the
 * total and the signatures never start a page of their own).
 */
export function ruledTable(opts: { widths: number[]; size: number; headers: string[]; rows: { cells: RuledCell[]; bold?: boolean }[]; keepLast?: number }): Table {
  const { widths, size } = opts;
  const firstKept = opts.rows.length - (opts.keepLast ?? 0);
  const make = (cells: RuledCell[], look: { header?: boolean; bold?: boolean; keepNext?: boolean }): TableCell[] => {
    let column = 0;
    return cells.map((c) => {
      const span = c.span ?? 1;
      const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
      column += span;
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        columnSpan: span > 1 ? span : undefined,
        verticalAlign: look.header ? VerticalAlign.CENTER : undefined,
        children: c.text.split('\n').map((line) => para(line, { bold: look.header || look.bold, size, align: c.align ?? (look.header ? 'center' : 'left'), keepNext: look.keepNext })),
      });
    });
  };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: grid,
    margins: RULED_MARGINS,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: make(opts.headers.map((text) => ({ text })), { header: true }) }),
      // A line is never split across two pages: its date stays with its title.
      ...opts.rows.map((r, i) => new TableRow({ cantSplit: true, children: make(r.cells, { bold: r.bold, keepNext: i >= firstKept }) })),
    ],
  });
}
