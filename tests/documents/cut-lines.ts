import type { PdfRead } from './pdf.js';

const DATE_OR_TIME = /\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}:\d{2}/g;
const count = (text: string): number => text.match(DATE_OR_TIME)?.length ?? 0;

/**
 * The places where a date (dd/mm/yyyy) or a time (HH:mm) is cut across two printed lines: the two lines
 * run together hold one more than the lines apart ("01/01/" + "2026", "06:0" + "0").
 */
export function cutAcrossLines(read: PdfRead): string[] {
  const cut: string[] = [];
  for (let i = 0; i + 1 < read.lines.length; i++) {
    const [a, b] = [read.lines[i]!, read.lines[i + 1]!];
    if (count(a + b) > count(a) + count(b)) cut.push(`${a} ⏎ ${b}`);
  }
  return cut;
}

/** The whole text with its runs of spaces and line ends folded to one space: a paragraph as one string. */
export const folded = (read: PdfRead): string => read.text.replace(/\s+/g, ' ');
