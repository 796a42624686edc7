import type { ImportField, ImportMapping } from './import-columns.js';
import type { EntryFields, FieldErrors, ItemFields } from './model.js';
import { foldText } from './text.js';
import { validateEntryFields, validateItemFields } from './validation.js';
import type { Term, Vocabulary } from './vocabulary.js';

/** A cell as the readers give it: text, a number, a date (an Excel date cell) or nothing. */
export type SheetCell = string | number | Date | boolean | null | undefined;

/** One row of an import, checked: the item it names (by key) and its airing. */
export interface ImportRowDraft {
  /** The row's number in the sheet, 1-based, as the user sees it. */
  row: number;
  /** Rows with one key are one item: the sheet's item number when it has one, else the folded title. */
  itemKey: string;
  item: ItemFields;
  entry: EntryFields;
}

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Text of a cell; a leading apostrophe that neutralised a formula in our own CSV export is taken off. */
export function cellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : `${pad(cell.getUTCDate())}/${pad(cell.getUTCMonth() + 1)}/${cell.getUTCFullYear()}`;
  const text = String(cell);
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

/** A time of day out of a cell. */
function timeOf(cell: SheetCell): string {
  if (cell instanceof Date || (typeof cell === 'number' && cell < 1)) return splitWhen(cell).time;
  return cellText(cell).trim();
}

/** A length in seconds or as typed, out of a cell (an Excel time cell is a fraction of a day). */
function durationOf(cell: SheetCell): string | number {
  if (cell instanceof Date) return cell.getUTCHours() * 3600 + cell.getUTCMinutes() * 60 + cell.getUTCSeconds();
  if (typeof cell === 'number') return cell > 0 && cell < 1 ? Math.round(cell * 86_400) : cell;
  return cellText(cell).trim();
}

/** Label or code lookups of one vocabulary, diacritics and case ignored ("a) ..." labels also by their text). */
export function codeFinder(terms: readonly Term[]): (text: string) => string | null {
  const map = new Map<string, string>();
  for (const t of terms) {
    map.set(foldText(t.code), t.code);
    map.set(foldText(t.label), t.code);
    const bare = /^[a-zđ]{1,2}\)\s*(.+)$/i.exec(t.label);
    if (bare) map.set(foldText(bare[1]!), t.code);
  }
  return (text) => map.get(foldText(text).replace(/\s+/g, ' ').trim()) ?? null;
}

export interface RowContext {
  vocab: Vocabulary;
  now: Date;
  mapping: ImportMapping;
  headers: readonly string[];
  find: { channel: (t: string) => string | null; format: (t: string) => string | null; unit: (t: string) => string | null; topic: (t: string) => string | null };
}

export function rowContext(vocab: Vocabulary, now: Date, mapping: ImportMapping, headers: readonly string[]): RowContext {
  return { vocab, now, mapping, headers, find: { channel: codeFinder(vocab.channels), format: codeFinder(vocab.formats), unit: codeFinder(vocab.units), topic: codeFinder(vocab.topics) } };
}

function topicsOf(text: string, find: (t: string) => string | null): string[] {
  const out: string[] = [];
  for (const part of text.split(/[;\n]+/)) {
    const p = part.trim();
    if (!p) continue;
    const code = find(p);
    if (code) out.push(code);
    else for (const bit of p.split(',')) if (bit.trim()) out.push(find(bit) ?? bit.trim());
  }
  return [...new Set(out)];
}

// Which field of the validators each error belongs to, to name the sheet's column.
const ERROR_FIELD: Record<string, ImportField[]> = { date: ['date', 'at'], time: ['time', 'at'], at: ['at', 'date'] };

/** Checks one row of the sheet: its item and its airing, with the defaults for missing columns. */
export function readImportRow(cells: readonly SheetCell[], row: number, ctx: RowContext): { ok: true; value: ImportRowDraft } | { ok: false; problems: ImportProblem[] } {
  const { columns, defaults } = ctx.mapping;
  const get = (f: ImportField): SheetCell => (columns[f] === undefined ? undefined : cells[columns[f]!]);
  const text = (f: ImportField): string => cellText(get(f)).trim();
  const code = (f: 'channel' | 'format' | 'unit'): string => {
    const t = text(f);
    return t ? (ctx.find[f](t) ?? t) : (defaults[f] ?? '');
  };
  let date = text('date');
  let time = columns.time !== undefined ? timeOf(get('time')) : '';
  if (columns.date !== undefined) {
    const when = splitWhen(get('date'));
    date = when.date;
    if (!time) time = when.time;
  } else if (columns.at !== undefined) {
    const when = splitWhen(get('at'));
    date = when.date;
    time = time || when.time;
  }
  const topicsText = text('topics');
  const raw = {
    title: text('title'),
    summary: text('summary'),
    format: code('format'),
    unit: code('unit'),
    topics: topicsText ? topicsOf(topicsText, ctx.find.topic) : (defaults.topics ?? []),
    author: text('author'),
    channel: code('channel'),
    date,
    time: time || '00:00',
    playCount: columns.playCount === undefined ? 1 : typeof get('playCount') === 'number' ? get('playCount') : text('playCount'),
    durationSeconds: columns.durationSeconds === undefined ? '' : durationOf(get('durationSeconds')),
    url: text('url'),
    views: typeof get('views') === 'number' ? get('views') : text('views'),
    interactions: typeof get('interactions') === 'number' ? get('interactions') : text('interactions'),
    note: columns.note === undefined ? '' : cellText(get('note')).trim(),
  };
  const item = validateItemFields(raw, ctx.vocab);
  const entry = validateEntryFields(raw, ctx.vocab, ctx.now);
  const errors: FieldErrors = { ...(item.ok ? {} : item.errors), ...(entry.ok ? {} : entry.errors) };
  if (!item.ok || !entry.ok) {
    const problems = Object.entries(errors).map(([field, message]) => {
      const candidates = ERROR_FIELD[field] ?? [field as ImportField];
      const col = candidates.map((f) => columns[f]).find((c) => c !== undefined);
      return { row, column: col === undefined ? '(mặc định)' : (ctx.headers[col] ?? `Cột ${col + 1}`), message };
    });
    return { ok: false, problems };
  }
  const key = text('itemKey');
  return { ok: true, value: { row, itemKey: key ? `#${key}` : `t:${foldText(item.value.title)}`, item: item.value, entry: entry.value } };
}
