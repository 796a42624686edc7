import { foldText } from './text.js';

/** What a column of an imported sheet can hold. */
export const IMPORT_FIELDS = [
  'itemKey', 'at', 'date', 'time', 'channel', 'title', 'summary', 'format', 'topics', 'unit', 'author',
  'playCount', 'durationSeconds', 'url', 'views', 'interactions', 'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Vietnamese names of the fields, for the mapping form and the messages. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  itemKey: 'Mã tin bài (gộp các dòng cùng tin bài)',
  at: 'Thời gian (ngày và giờ)',
  date: 'Ngày',
  time: 'Giờ',
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
};

// Header spellings, folded (case and diacritics ignored). The app's own export headers come first.
const SYNONYMS: [ImportField, string[]][] = [
  ['itemKey', ['ma tin bai']],
  ['at', ['thoi gian', 'thoi gian phat song', 'thoi gian phat', 'thoi gian dang', 'ngay gio', 'ngay gio phat']],
  ['date', ['ngay phat', 'ngay', 'ngay dang', 'ngay phat song', 'ngay thang']],
  ['time', ['gio', 'gio phat', 'gio phat song', 'khung gio']],
  ['channel', ['kenh', 'kenh phat', 'kenh dang', 'phuong tien']],
  ['title', ['tieu de', 'ten tin bai', 'noi dung', 'ten bai', 'tin bai', 'ten chuong trinh']],
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
];

const fold = (text: string): string => foldText(text).replace(/\s+/g, ' ').trim();

/** The field a header names, or null. */
export function fieldOfHeader(header: string): ImportField | null {
  const key = fold(header);
  if (!key) return null;
  for (const [field, names] of SYNONYMS) if (names.includes(key)) return field;
  return null;
}

/** Which column (0-based) holds each field. */
export type ColumnMap = Partial<Record<ImportField, number>>;

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

/** Maps the headers of a row; the first column that names a field wins. */
export function mapHeaders(headers: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  headers.forEach((h, i) => {
    const field = fieldOfHeader(h);
    if (field && map[field] === undefined) map[field] = i;
  });
  // A sheet with a date and time of its own reads them, not a combined time column it also has.
  if (map.at !== undefined && map.date !== undefined) delete map.at;
  return map;
}

/** Whether a mapped row can be a header: a title and some time. */
export function isUsableMap(map: ColumnMap): boolean {
  return map.title !== undefined && (map.at !== undefined || map.date !== undefined);
}

/** Looks for the header row among the first rows (a title block may come before it); its index or -1. */
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
