import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);

/** The product's one time zone: every date the users see or type is Vietnam time. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so a fixed offset is exact for
// every date this log can hold, and it keeps hot paths (reports over 700,000 entries) free of Intl calls.
const OFFSET_MS = 7 * 3600 * 1000;
const OFFSET_TEXT = '+07:00';

/** A local date as `YYYY-MM-DD` (Vietnam). */
export type LocalDate = string;
/** An instant written in Vietnam time: `YYYY-MM-DDTHH:mm:ss+07:00`; sorts as text. */
export type LocalIso = string;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Writes an instant as a Vietnam-time ISO string, e.g. `2026-03-31T23:59:00+07:00`. */
export function toLocalIso(instant: Date): LocalIso {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}${OFFSET_TEXT}`;
}

/** Reads back an instant written by `toLocalIso` (or any ISO string with an offset). */
export function fromLocalIso(text: LocalIso): Date {
  return new Date(text);
}

/** The Vietnam calendar date of a stored local ISO string. */
export function localDateOf(at: LocalIso): LocalDate {
  return at.slice(0, 10);
}

/** Today's date in Vietnam. */
export function localToday(now: Date): LocalDate {
  return localDateOf(toLocalIso(now));
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export type DateParse = { ok: true; date: LocalDate } | { ok: false; reason: 'format' | 'calendar' };

/**
 * Parses a date typed by a user: `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` separators, `d/m/yy` for
 * 20yy), `yyyy-mm-dd`, or digits only as a numeric keypad types them: `23112026`, `231126`.
 */
export function parseLocalDate(input: string): DateParse {
  const text = input.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(text);
  let year: number, month: number, day: number;
  if (m) {
    day = Number(m[1]);
    month = Number(m[2]);
    year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else {
    return { ok: false, reason: 'format' };
  }
  if (!isRealDate(year, month, day)) return { ok: false, reason: 'calendar' };
  return { ok: true, date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/**
 * Parses a 24-hour time: `HH:mm` (also `H:mm`, `HHhmm`, `HH.mm`), an hour alone (`6`, `6h`), or digits
 * only as a numeric keypad types them (`0600`, `600`); null when it is not a real time.
 */
export function parseLocalTime(input: string): string | null {
  const text = input.trim();
  const m = /^(\d{1,2})[:hH.](\d{2})$/.exec(text) ?? /^(\d{1,2})(\d{2})$/.exec(text) ?? /^(\d{1,2})[hH]?()$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

/** Joins a local date and time into a stored local ISO string. */
export function localIsoFromParts(date: LocalDate, time: string): LocalIso {
  return `${date}T${time.length === 5 ? `${time}:00` : time}${OFFSET_TEXT}`;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses an ISO 8601 date-time for the API; without an offset it is Vietnam time. Null if invalid. */
export function parseIsoDateTime(input: string): LocalIso | null {
  const m = ISO_RE.exec(input.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number, number, number, number, number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const zone = m[7];
  let offsetMs = OFFSET_MS;
  if (zone && zone.toUpperCase() === 'Z') offsetMs = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return null;
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return toLocalIso(new Date(wallClock - offsetMs));
}

/** `dd/mm/yyyy` for a local date or local ISO string. */
export function fmtDate(value: LocalDate | LocalIso | null | undefined): string {
  if (!value) return '';
  return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
}

/** `HH:mm` (24-hour) of a local ISO string. */
export function fmtTime(value: LocalIso | null | undefined): string {
  if (!value) return '';
  return value.slice(11, 16);
}

/** `dd/mm/yyyy HH:mm` of a local ISO string. */
export function fmtDateTime(value: LocalIso | null | undefined): string {
  if (!value) return '';
  return `${fmtDate(value)} ${fmtTime(value)}`;
}

/** Adds whole days to a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** Adds whole calendar years to a local date (29/02 becomes 28/02 in a common year). */
export function addYears(date: LocalDate, years: number): LocalDate {
  return dayjs.utc(date).add(years, 'year').format('YYYY-MM-DD');
}

/** The Monday of the (Monday–Sunday) week holding a local date. */
export function weekStart(date: LocalDate): LocalDate {
  const d = dayjs.utc(date);
  const sinceMonday = (d.day() + 6) % 7;
  return d.subtract(sinceMonday, 'day').format('YYYY-MM-DD');
}

/** The last day of the month holding a local date. */
export function monthEnd(date: LocalDate): LocalDate {
  return dayjs.utc(date).endOf('month').format('YYYY-MM-DD');
}

/** The stored-time bounds of an inclusive local date range: `start <= at < endExclusive`. */
export function rangeBounds(from: LocalDate, to: LocalDate): { start: LocalIso; endExclusive: LocalIso } {
  return { start: `${from}T00:00:00${OFFSET_TEXT}`, endExclusive: `${addDays(to, 1)}T00:00:00${OFFSET_TEXT}` };
}
