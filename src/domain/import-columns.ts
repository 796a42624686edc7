import { foldText } from './text.js';

/** What a column of an imported sheet can hold. */
export const IMPORT_FIELDS = [
  'itemKey', 'at', 'date', 'time', 'partOfDay', 'channel', 'title', 'summary', 'format', 'topics', 'unit', 'author',
  'playCount', 'durationSeconds', 'url', 'views', 'interactions', 'note', 'recorder',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Vietnamese names of the fields, for the mapping form and the messages. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  itemKey: 'Mã tin bài (gộp các dòng cùng tin bài)',
  at: 'Thời gian (ngày và giờ)',
  date: 'Ngày',
  time: 'Giờ',
  partOfDay: 'Buổi (sáng/chiều)',
  channel: 'Kênh',
  title: 'Tiêu đề',
  summary: 'Tóm tắt',
  format: 'Hình thức',
  topics: 'Nội dung tuyên truyền',
  unit: 'Đơn vị thực hiện',
  author: 'Tác giả/nguồn',
  playCount: 'Số lượt phát',
  durationSeconds: 'Thời lượng',
  url: 'Đường dẫn',
  views: 'Lượt xem',
  interactions: 'Lượt tương tác',
  note: 'Ghi chú',
  recorder: 'Người ghi (người thực hiện)',
};

/** Which column (0-based) holds each field. */
export type ColumnMap = Partial<Record<ImportField, number>>;

// Header spellings, folded (case and diacritics ignored). The app's own export headers come first.
const SYNONYMS: [ImportField, string[]][] = [
  ['itemKey', ['ma tin bai']],
  ['at', ['thoi gian', 'thoi gian phat song', 'thoi gian phat', 'thoi gian dang', 'ngay gio', 'ngay gio phat', 'thoi diem phat']],
  ['date', ['ngay phat', 'ngay', 'ngay dang', 'ngay phat song', 'ngay thang']],
  ['time', ['gio', 'gio phat', 'gio phat song', 'khung gio']],
  ['partOfDay', ['buoi', 'buoi phat']],
  ['channel', ['kenh', 'kenh phat', 'kenh dang', 'phuong tien']],
  ['title', ['tieu de', 'ten tin bai', 'noi dung', 'ten bai', 'tin bai', 'ten chuong trinh', 'ten bai viet', 'tieu de bai viet']],
  ['summary', ['tom tat', 'mo ta']],
  ['format', ['hinh thuc the hien', 'hinh thuc', 'the loai']],
  ['topics', ['noi dung tuyen truyen', 'chu de', 'linh vuc']],
  ['unit', ['don vi thuc hien', 'don vi', 'don vi phu trach']],
  ['author', ['tac gia/nguon', 'tac gia', 'nguon']],
  ['playCount', ['so luot phat', 'luot phat', 'so lan phat', 'so lan']],
  ['durationSeconds', ['thoi luong 1 lan (giay)', 'thoi luong', 'thoi luong 1 lan', 'thoi luong phat']],
  ['url', ['duong dan', 'link', 'lien ket', 'url']],
  ['views', ['luot xem', 'so luot xem']],
  ['interactions', ['luot tuong tac', 'tuong tac', 'so luot tuong tac']],
  ['note', ['ghi chu']],
  // Who kept the book for the row: the log book's "Người ghi" (never the account running the import).
  ['recorder', ['nguoi ghi', 'nguoi thuc hien', 'nguoi ghi so', 'can bo thuc hien']],
];

const fold = (text: string): string => foldText(text).replace(/\s+/g, ' ').trim();
const wordsOf = (folded: string): string[] => folded.split(/[^a-z0-9]+/).filter(Boolean);

/** The field a header names exactly (case, diacritics and spacing aside), or null. */
export function fieldOfHeader(header: string): ImportField | null {
  const key = fold(header);
  if (!key) return null;
  for (const [field, names] of SYNONYMS) if (names.includes(key)) return field;
  return null;
}

/** How a header cell names a field. */
export interface HeaderMatch {
  field: ImportField;
  /** The header is one of the field's names, word for word (punctuation aside). */
  exact: boolean;
  /** A total column ("Tổng thời lượng"): it holds the field only for want of a better column. */
  total: boolean;
}

// Every name as words, the most specific (most words, then longest) first.
const NAMES = SYNONYMS.flatMap(([field, names]) => names.map((name) => ({ field, words: wordsOf(name) })))
  .sort((a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length);
// A header is a short label; a long text, or one holding a date, is a title line or data.
const MAX_HEADER_CHARS = 80;
const DATE_LIKE = /\d{1,2}\s*[/.-]\s*\d{1,2}/;

/**
 * The field a header cell names: its words equal, or contain as a run of whole words, a name of the
 * field ("Tên bài viết" holds "tên bài": title). The most specific name wins: more words first ("Nội
 * dung tuyên truyền" is topics, not "nội dung": title), then the one nearer the start ("Tóm tắt nội
 * dung" is a summary). Null for an empty or long text or one holding a date.
 */
export function matchHeader(header: string): HeaderMatch | null {
  const key = fold(header);
  if (!key || key.length > MAX_HEADER_CHARS || DATE_LIKE.test(key)) return null;
  const words = wordsOf(key);
  const line = ` ${words.join(' ')} `;
  let best: { field: ImportField; size: number; at: number } | null = null;
  for (const n of NAMES) {
    if (best && n.words.length < best.size) break;
    const at = line.indexOf(` ${n.words.join(' ')} `);
    if (at >= 0 && (!best || at < best.at)) best = { field: n.field, size: n.words.length, at };
  }
  if (!best) return null;
  return { field: best.field, exact: best.size === words.length, total: words[0] === 'tong' && best.size < words.length };
}

// How well a match names its field: a header that is the name beats one that holds it, a total column comes last.
const strength = (m: HeaderMatch): number => (m.exact ? 3 : m.total ? 1 : 2);

/**
 * Maps the header texts of a table: each column names at most one field (`matchHeader`); when several
 * columns name one field the strongest wins (exactly named, then holding the name, then a total
 * column), the leftmost among equals. The score adds each mapped field's strength (3, 2, 1), to compare
 * candidate header rows.
 */
export function mapHeaderTexts(headers: readonly string[]): { columns: ColumnMap; score: number } {
  const chosen = new Map<ImportField, { column: number; strength: number }>();
  headers.forEach((h, column) => {
    const m = matchHeader(h);
    if (!m) return;
    const held = chosen.get(m.field);
    if (!held || strength(m) > held.strength) chosen.set(m.field, { column, strength: strength(m) });
  });
  // A sheet with a date and time of its own reads them, not a combined time column it also has.
  if (chosen.has('at') && chosen.has('date')) chosen.delete('at');
  const columns: ColumnMap = {};
  let score = 0;
  for (const [field, c] of chosen) {
    columns[field] = c.column;
    score += c.strength;
  }
  return { columns, score };
}

/** Values that apply to every row when the sheet has no column for them. */
export interface ImportDefaults {
  channel?: string;
  format?: string;
  unit?: string;
  topics?: string[];
}

export interface ImportMapping {
  columns: ColumnMap;
  defaults: ImportDefaults;
}

/** Maps the headers of a row (see `mapHeaderTexts`). */
export function mapHeaders(headers: readonly string[]): ColumnMap {
  return mapHeaderTexts(headers).columns;
}

/** Whether a mapped row can be a header: a title and some time. */
export function isUsableMap(map: ColumnMap): boolean {
  return map.title !== undefined && (map.at !== undefined || map.date !== undefined);
}

/** The first row that names a title and a date, as one header row; its index or -1. `findTable` (sheet-table.ts) also reads headers over two or three rows. */
export function findHeaderRow(rows: readonly (readonly string[])[]): number {
  for (let i = 0; i < rows.length; i++) if (isUsableMap(mapHeaders(rows[i]!))) return i;
  return -1;
}

/** Reads a mapping sent by a form or the API, keeping only known fields and column numbers in range. */
export function readMapping(value: unknown, columnCount: number): ImportMapping | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const raw = value as { columns?: unknown; defaults?: unknown };
  const columns: ColumnMap = {};
  if (raw.columns && typeof raw.columns === 'object') {
    for (const [k, v] of Object.entries(raw.columns as Record<string, unknown>)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if ((IMPORT_FIELDS as readonly string[]).includes(k) && Number.isInteger(n) && n >= 0 && n < columnCount) columns[k as ImportField] = n;
    }
  }
  const defaults: ImportDefaults = {};
  const d = (raw.defaults && typeof raw.defaults === 'object' ? raw.defaults : {}) as Record<string, unknown>;
  for (const k of ['channel', 'format', 'unit'] as const) if (typeof d[k] === 'string' && d[k]) defaults[k] = (d[k] as string).slice(0, 100);
  if (Array.isArray(d.topics)) defaults.topics = d.topics.filter((t): t is string => typeof t === 'string').slice(0, 20);
  else if (typeof d.topics === 'string' && d.topics) defaults.topics = [d.topics.slice(0, 100)];
  return { columns, defaults };
}
