import { type ImportMapping, readMapping } from './import-columns.js';
import { DEFAULT_PARTS_OF_DAY, type PartOfDay, partOfDayAt, type PartsOfDay } from './office-values.js';
import type { Slot } from './schedule.js';
import { parseLocalTime } from './time.js';

/**
 * What a user (the preview's form, or the API's `mapping` JSON) may say of how to read a file, beyond
 * what the app works out itself: which columns hold which field and the defaults for the ones the file
 * lacks, which rows are the header, which sheets to import, and the times of the parts of the day.
 */
export interface ImportOptions {
  /** Columns (none: read from the headers) and defaults. */
  mapping: ImportMapping | null;
  /** The header's rows as the sheet numbers them (1-based), top to bottom; null: found by the app. */
  headerRows: number[] | null;
  /** The sheets to import, by name; null: every sheet with a usable table. */
  sheets: string[] | null;
  /** Times given for parts of the day; the others come from the schedule, else the defaults. */
  partsOfDay: Partial<PartsOfDay>;
}

export const NO_OPTIONS: ImportOptions = { mapping: null, headerRows: null, sheets: null, partsOfDay: {} };

/** The lowest header row a user may name: the app keeps this many rows of a sheet before it reads on. */
export const MAX_HEADER_ROW = 200;
const MAX_HEADER_ROWS = 3;
const PARTS = Object.keys(DEFAULT_PARTS_OF_DAY) as PartOfDay[];

/**
 * Header rows as given: one number, a list of consecutive numbers (`[4, 5]`), or the form's text ("5",
 * "4-5"); null when there is none; an error message when it is not one of those.
 */
export function readHeaderRows(value: unknown): number[] | null | string {
  if (value === undefined || value === null || value === '') return null;
  let rows: number[];
  if (typeof value === 'number') rows = [value];
  else if (Array.isArray(value)) rows = value.map((v) => (typeof v === 'number' ? v : NaN));
  else if (typeof value === 'string' && /^\s*\d{1,4}\s*(?:[-–]\s*\d{1,4}\s*)?$/.test(value)) {
    const [a, b] = value.split(/[-–]/).map((s) => Number(s.trim())) as [number, number | undefined];
    rows = b === undefined ? [a] : Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  } else rows = [NaN];
  const ok = rows.length >= 1 && rows.length <= MAX_HEADER_ROWS && rows.every((r, i) => Number.isInteger(r) && r >= 1 && r <= MAX_HEADER_ROW && (i === 0 || r === rows[i - 1]! + 1));
  return ok ? rows : `Dòng tiêu đề phải là số dòng (1 đến ${MAX_HEADER_ROW}), hoặc hai, ba dòng liền nhau như [4, 5].`;
}

/** Parts of the day given as `{ "sang": "06:00", … }` (a time per part, as the forms read it); an error message otherwise. */
export function readPartsOfDay(value: unknown): Partial<PartsOfDay> | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return 'partsOfDay phải là một đối tượng như { "sang": "06:00" }.';
  const parts: Partial<PartsOfDay> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(PARTS as string[]).includes(k)) return `Buổi "${k.slice(0, 20)}" không có: chỉ sang, trua, chieu, toi.`;
    if (v === '' || v === null) continue;
    const time = typeof v === 'string' ? parseLocalTime(v) : null;
    if (!time) return `Giờ của buổi ${k} phải có dạng HH:mm, ví dụ 06:00.`;
    parts[k as PartOfDay] = time;
  }
  return parts;
}

/** Sheet names as given: a list of texts (at most 200, each cut to 200 characters); an error message otherwise. */
export function readSheetNames(value: unknown): string[] | null | string {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length > 200 || !value.every((v) => typeof v === 'string')) return 'sheets phải là danh sách tên trang tính.';
  return [...new Set(value.map((v: string) => v.slice(0, 200)))];
}

/**
 * Reads the API's `mapping` JSON: `columns` and `defaults` (see `readMapping`), `headerRow`, `sheets`
 * and `partsOfDay`; and `skipProblemRows`, which is not a way of reading the file but what to do with it.
 */
export function readImportOptions(value: unknown, columnCount: number): { ok: true; value: ImportOptions; skipProblemRows: boolean } | { ok: false; message: string } {
  const mapping = readMapping(value, columnCount);
  if (!mapping) return { ok: false, message: 'Cách ghép cột (mapping) không phải JSON hợp lệ.' };
  const raw = value as Record<string, unknown>;
  if ('columns' in raw && (typeof raw.columns !== 'object' || raw.columns === null || Array.isArray(raw.columns))) return { ok: false, message: 'Cách ghép cột (mapping) không phải JSON hợp lệ.' };
  const headerRows = readHeaderRows(raw.headerRow);
  if (typeof headerRows === 'string') return { ok: false, message: headerRows };
  const sheets = readSheetNames(raw.sheets);
  if (typeof sheets === 'string') return { ok: false, message: sheets };
  const partsOfDay = readPartsOfDay(raw.partsOfDay);
  if (typeof partsOfDay === 'string') return { ok: false, message: partsOfDay };
  if (raw.skipProblemRows !== undefined && typeof raw.skipProblemRows !== 'boolean') return { ok: false, message: 'skipProblemRows phải là true hoặc false.' };
  return { ok: true, value: { mapping, headerRows, sheets, partsOfDay }, skipProblemRows: raw.skipProblemRows === true };
}

/** Whether options say anything (else the file is read as the app finds it). */
export const hasOptions = (o: ImportOptions): boolean =>
  o.mapping !== null || o.headerRows !== null || o.sheets !== null || Object.keys(o.partsOfDay).length > 0;

/** The header rows as the API answers them: one number, or the list for a header over several rows. */
export const headerRowJson = (rows: readonly number[]): number | number[] | null => (rows.length === 0 ? null : rows.length === 1 ? rows[0]! : [...rows]);

/** Where the time of a part of the day came from: typed by the user, the commune's schedule, or the defaults. */
export type PartSource = 'given' | 'schedule' | 'default';

/** The source of each part's time (see `partsOfDayFrom`, which picks the times the same way). */
export function partsOfDaySources(slots: readonly Pick<Slot, 'start' | 'deletedAt'>[], given: Partial<PartsOfDay>): Record<PartOfDay, PartSource> {
  const sources = {} as Record<PartOfDay, PartSource>;
  for (const part of PARTS) sources[part] = given[part] ? 'given' : slots.some((s) => !s.deletedAt && partOfDayAt(s.start) === part) ? 'schedule' : 'default';
  return sources;
}

/**
 * A file read as the app found it, completed with the mapping used last time: its defaults, and the
 * columns it had chosen for fields no header names here (when those columns exist and are free). Null
 * when that changes nothing (the file is then not read again).
 */
export function withLastMapping(found: ImportMapping, last: ImportMapping, columnCount: number): ImportOptions | null {
  const columns = { ...found.columns };
  const used = new Set(Object.values(columns));
  for (const [field, col] of Object.entries(last.columns) as [keyof typeof columns, number][]) {
    if (columns[field] === undefined && col < columnCount && !used.has(col)) {
      columns[field] = col;
      used.add(col);
    }
  }
  const changed = Object.keys(columns).length > Object.keys(found.columns).length || Object.keys(last.defaults).length > 0;
  return changed ? { mapping: { columns, defaults: last.defaults }, headerRows: null, sheets: null, partsOfDay: {} } : null;
}
