import type yauzl from 'yauzl';
import type { SheetCell } from '../domain/import-values.js';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import { readPart } from './xlsx-parts.js';
import { attributes } from './xml.js';
import type { Zip } from './zip.js';

// Excel's built-in number formats that show dates or times (14–22, 45–47; 27–36 and 50–58 in East Asian Excel).
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * A number format that shows a date or a time. Quoted text, escaped characters (`\m`), padding and
 * fill characters (`_m`, `*m`) and bracketed codes (`[$-42A]`, `[Red]`) are left out, elapsed times
 * (`[h]`, `[mm]`) kept; the date and time letters count in either case (LibreOffice writes `DD/MM/YYYY`).
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '')
    .replace(/\[(h+|m+|s+)]/gi, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/general/gi, '');
  return /[ymdhs]/i.test(bare);
}

/** Excel allows about 64,000 cell formats. */
const MAX_CELL_FORMATS = 100_000;

/** For each cell format of the workbook, whether it shows the number as a date or a time. */
export async function dateStyles(zip: Zip, entry: yauzl.Entry | undefined, limits: SheetLimits): Promise<boolean[]> {
  const dates: boolean[] = [];
  if (!entry) return dates;
  const custom = new Map<number, boolean>();
  const formats: number[] = [];
  // Number formats of conditional formats (`dxfs`) are not cells' formats.
  let inNumFmts = false;
  let inCellXfs = false;
  await readPart(zip, entry, () => ({
    open(name, tag, selfClosing) {
      if (name === 'numFmts') inNumFmts = !selfClosing;
      else if (name === 'numFmt' && inNumFmts) {
        const a = attributes(tag);
        if (custom.size >= MAX_CELL_FORMATS) throw new NotASheetError(refusals.damaged());
        custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
      } else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) {
        if (formats.length >= MAX_CELL_FORMATS) throw new NotASheetError(refusals.damaged());
        formats.push(Number(attributes(tag).numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
      else if (name === 'numFmts') inNumFmts = false;
    },
    text() {},
  }), limits);
  for (const id of formats) dates.push(custom.get(id) ?? BUILT_IN_DATES.has(id));
  return dates;
}

const DAY_S = 86_400;

/**
 * An Excel serial day number as the date it shows (wall-clock time, read as UTC; ExcelJS's arithmetic),
 * to the second: a serial's last digit can be off by a few milliseconds (ExcelJS writes 06:30 as
 * 0.2708333333321207), enough to turn 07:01:00 into 07:00:59.999. A time alone (below 1) is a time on
 * 30/12/1899, as `splitWhen` expects, whichever day the workbook counts from.
 */
export function excelDate(serial: number, date1904: boolean): Date {
  const days = serial >= 0 && serial < 1 ? serial - 25569 : serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(days * DAY_S) * 1000);
}

/**
 * A date cell written as text (`t="d"`, ISO 8601): a date and time without a zone is the wall clock
 * shown, read as UTC like the serial numbers; a time alone is on 30/12/1899.
 */
export function isoCellDate(text: string): SheetCell {
  const t = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  const time = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(t) ? t : null;
  const value = iso ? `${iso[1]}T${iso[2] ?? '00:00'}${iso[3]?.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') ?? 'Z'}` : time ? `1899-12-30T${time}Z` : '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
