import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { xmlSafe } from '../domain/text.js';
import { twips } from './docx-layout.js';

// The heading of an administrative document in the layout of Decree 30/2020/NĐ-CP (Phụ lục I): the
// issuing body on the left, the national motto on the right, each with a short rule under it; the
// number line under the body and the place and date under the motto, on one line. A table of fixed
// widths without borders, so that Word and LibreOffice lay it out alike.

/** The national motto, 12 pt bold upper case: 88 mm wide in Times New Roman, so it fits the right column whole. */
export const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO_LINE = 'Độc lập - Tự do - Hạnh phúc';

/** Sizes in half-points: the bodies and the motto 12 pt, "Độc lập - Tự do - Hạnh phúc", the number and the date 13 pt. */
const SIZE = { body: 24, motto: 24, mottoLine: 26, number: 26, date: 26 } as const;
/** The left column's share of the text width: the right one (99 mm on portrait A4) holds the 88 mm motto with room. */
const LEFT_SHARE = 0.4;
/** The rules: under the body a third to a half of its line; under "Độc lập - Tự do - Hạnh phúc" as long as it (57 mm at 13 pt bold). */
const RULE_MM = { body: 22, motto: 57 } as const;

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: none, bottom: none, left: none, right: none };

export interface DocumentHeading {
  /** The body above the issuer, regular upper case ("UBND THÀNH PHỐ HẢI PHÒNG"); none for a commune's People's Committee. */
  parent?: string;
  /** The issuing body, bold upper case, a line each ("ỦY BAN NHÂN DÂN", "PHƯỜNG AN HẢI"). */
  issuer: string[];
  /** The number and symbol, with the blank the clerk fills in: "Số:        /BC-UBND". */
  number: string;
  /** The place and date, with blanks: "An Hải, ngày     tháng     năm 2026". */
  placeDate: string;
}

const line = (text: string, size: number, opts: { bold?: boolean; italics?: boolean } = {}): Paragraph =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: xmlSafe(text), size, bold: opts.bold, italics: opts.italics })] });

/** A centred horizontal rule of a fixed length in a space of `width` twips: an empty paragraph's bottom border. */
export function rule(lengthMm: number, width: number, after = 6): Paragraph {
  const side = Math.max(0, Math.floor((width - twips(lengthMm)) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: after * 20, line: 60, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 2 },
    children: [],
  });
}

const cell = (width: number, children: Paragraph[]): TableCell =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, margins: { left: 0, right: 0, top: 0, bottom: 0 }, children });

/** The heading block of a document, `textWidth` twips wide. */
export function documentHeading(h: DocumentHeading, textWidth: number): Table {
  const left = Math.floor(textWidth * LEFT_SHARE);
  const right = textWidth - left;
  const body = [...(h.parent ? [line(h.parent, SIZE.body)] : []), ...h.issuer.map((t) => line(t, SIZE.body, { bold: true })), rule(RULE_MM.body, left)];
  const motto = [line(MOTTO, SIZE.motto, { bold: true }), line(MOTTO_LINE, SIZE.mottoLine, { bold: true }), rule(RULE_MM.motto, right)];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: { ...noBorders, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({ children: [cell(left, body), cell(right, motto)] }),
      new TableRow({ children: [cell(left, [line(h.number, SIZE.number)]), cell(right, [line(h.placeDate, SIZE.date, { italics: true })])] }),
    ],
  });
}

/** One line of a block of the signature table. */
export interface SignLine {
  text: string;
  bold?: boolean;
  italics?: boolean;
  /** In half-points (13 pt unless told). */
  size?: number;
  align?: 'left' | 'center';
}

/**
 * The foot of a document: "Nơi nhận" on the left (12 pt bold italic, then 11 pt lines), the authority
 * and the signer's title on the right, with room to sign and seal under them.
 */
export function signatureBlock(recipients: string[], signer: string[], textWidth: number): Table {
  const left = Math.floor(textWidth * 0.45);
  const right = textWidth - left;
  const para = (l: SignLine): Paragraph =>
    new Paragraph({ alignment: l.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER, children: [new TextRun({ text: xmlSafe(l.text), bold: l.bold, italics: l.italics, size: l.size ?? 26 })] });
  const leftLines: SignLine[] = [{ text: 'Nơi nhận:', bold: true, italics: true, size: 24, align: 'left' }, ...recipients.map((text) => ({ text, size: 22, align: 'left' as const }))];
  // Four empty lines: the room Decree 30 leaves for the signature and the seal.
  const rightLines: SignLine[] = [...signer.map((text) => ({ text, bold: true })), ...Array.from({ length: 4 }, () => ({ text: '' }))];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: { ...noBorders, insideHorizontal: none, insideVertical: none },
    rows: [new TableRow({ cantSplit: true, children: [cell(left, leftLines.map(para)), cell(right, rightLines.map(para))] })],
  });
}
