import { dropNonCharacters } from './text.js';

/** A cell as the readers give it: text, a number, a date (an Excel date cell) or nothing. */
export type SheetCell = string | number | Date | boolean | null | undefined;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Text of a cell, noncharacters dropped; a leading apostrophe that neutralised a formula in our own CSV export is taken off. */
export function cellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : `${pad(cell.getUTCDate())}/${pad(cell.getUTCMonth() + 1)}/${cell.getUTCFullYear()}`;
  // Noncharacters and lone surrogates (a damaged file, a hostile one) never reach the log.
  const text = typeof cell === 'string' ? dropNonCharacters(cell) : String(cell);
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

// Excel counts days from 30/12/1899; the fraction is the time of day. Excel cells carry wall-clock time.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const fromSerial = (n: number): Date => new Date(EXCEL_EPOCH + Math.round(n * 86_400) * 1000);
const isSerialDate = (n: number): boolean => n >= 1 && n < 2_958_466;

/** A date and a time (either may be empty) out of a cell that holds a date, a time or both. */
export function splitWhen(cell: SheetCell): { date: string; time: string } {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { date: '', time: '' };
    const time = `${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}`;
    // A time-only cell is a date on 30/12/1899 (or 31/12/1899 in some files).
    if (cell.getUTCFullYear() < 1900) return { date: '', time };
    return { date: cellText(cell), time: cell.getUTCHours() || cell.getUTCMinutes() ? time : '' };
  }
  if (typeof cell === 'number') {
    if (cell >= 0 && cell < 1) return { date: '', time: splitWhen(fromSerial(cell)).time };
    if (isSerialDate(cell)) return splitWhen(fromSerial(cell));
    return { date: String(cell), time: '' };
  }
  const text = cellText(cell).trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(:\d{2})?/.exec(text);
  if (iso) return { date: iso[1]!, time: iso[2]! };
  const m = /^(\S+)\s+(?:lúc\s+)?(\S+)$/i.exec(text);
  if (m && /\d[/.-]\d/.test(m[1]!)) return { date: m[1]!, time: m[2]!.replace(/:\d{2}$(?<=\d:\d{2}:\d{2})/, '') };
  if (m && /\d[/.-]\d/.test(m[2]!)) return { date: m[2]!, time: m[1]! };
  if (/^\d{1,2}([:hg.]\d{0,2})?h?$/i.test(text) && !/^\d{1,2}\.\d{1,2}$/.test(text)) return { date: '', time: text };
  return { date: text, time: '' };
}
