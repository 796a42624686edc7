import type { Entry, FieldErrors, Item, Result } from './model.js';
import { foldText, matchesQuery } from './text.js';
import { type LocalDate, parseLocalDate } from './time.js';
import { hasCode, isOnlineChannel, type Vocabulary } from './vocabulary.js';

/** What the log list, the API and (later) the exports filter on. Dates are inclusive, Vietnam time. */
export interface EntryFilter {
  from?: LocalDate;
  to?: LocalDate;
  channel?: string;
  format?: string;
  topic?: string;
  unit?: string;
  /** Free text as typed; matched without diacritics. */
  q?: string;
  /** Only posts on online channels whose views are not filled in yet. */
  missingViews?: boolean;
  /** Only posts on online channels (the bulk views page). */
  online?: boolean;
}

export interface Paging {
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

/**
 * The period of query parameters `from` and `to` (dd/mm/yyyy or yyyy-mm-dd, either may be open), their
 * errors added to `errors`: a day not on the calendar, another form, an end before the start.
 */
export function readDateRange(query: Record<string, unknown>, errors: FieldErrors): { from?: LocalDate; to?: LocalDate } {
  const range: { from?: LocalDate; to?: LocalDate } = {};
  for (const key of ['from', 'to'] as const) {
    const text = first(query[key]);
    if (!text) continue;
    const parsed = parseLocalDate(text);
    if (parsed.ok) range[key] = parsed.date;
    else errors[key] = parsed.reason === 'calendar' ? `Ngày ${text} không có trên lịch.` : 'Ngày phải có dạng dd/mm/yyyy.';
  }
  if (range.from && range.to && range.to < range.from) errors.to = 'Ngày kết thúc phải sau ngày bắt đầu.';
  return range;
}

/** The paging of query parameters `page` and `pageSize` (1 to `maxSize`), their errors added to `errors`. */
export function readPaging(query: Record<string, unknown>, errors: FieldErrors, defaultSize: number, maxSize: number): Paging {
  const paging: Paging = { page: 1, pageSize: defaultSize };
  const pageText = first(query.page);
  if (pageText) {
    if (/^\d{1,7}$/.test(pageText) && Number(pageText) >= 1) paging.page = Number(pageText);
    else errors.page = 'Số trang không hợp lệ.';
  }
  const sizeText = first(query.pageSize);
  if (sizeText) {
    if (/^\d{1,7}$/.test(sizeText) && Number(sizeText) >= 1 && Number(sizeText) <= maxSize) paging.pageSize = Number(sizeText);
    else errors.pageSize = `Số dòng mỗi trang phải từ 1 đến ${maxSize}.`;
  }
  return paging;
}

/** Reads the filter and paging from query parameters; unknown codes and bad dates are errors. */
export function parseEntryQuery(query: Record<string, unknown>, vocab: Vocabulary): Result<{ filter: EntryFilter; paging: Paging }> {
  const errors: FieldErrors = {};
  const filter: EntryFilter = readDateRange(query, errors);
  const codeLists = { channel: vocab.channels, format: vocab.formats, topic: vocab.topics, unit: vocab.units } as const;
  const names = { channel: 'Kênh', format: 'Hình thức', topic: 'Nội dung', unit: 'Đơn vị' } as const;
  for (const key of ['channel', 'format', 'topic', 'unit'] as const) {
    const text = first(query[key]);
    if (!text) continue;
    if (hasCode(codeLists[key], text)) filter[key] = text;
    else errors[key] = `${names[key]} "${text}" không có trong danh mục.`;
  }
  const q = first(query.q);
  if (q) filter.q = q.slice(0, 200);
  const missing = first(query.missingViews);
  if (missing === '1' || missing === 'true' || missing === 'on') filter.missingViews = true;
  const online = first(query.online);
  if (online === '1' || online === 'true' || online === 'on') filter.online = true;
  const paging = readPaging(query, errors, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { filter, paging } };
}

/** The folded text an entry is found by: its item's title, summary and author, its note and link. */
export function entrySearchText(entry: Entry, item: Item): string {
  return foldText(`${item.title} ${item.summary} ${item.author} ${entry.note} ${entry.url ?? ''}`);
}

/**
 * Whether an entry (with its item) passes the non-date parts of a filter. `foldedQuery` is `foldText(filter.q)`;
 * `searchText` is called only when there is free text to match, so callers can cache it.
 */
export function matchesFilter(
  entry: Entry,
  item: Item,
  filter: EntryFilter,
  foldedQuery: string,
  searchText: () => string,
): boolean {
  if (filter.channel && entry.channel !== filter.channel) return false;
  if (filter.format && item.format !== filter.format) return false;
  if (filter.topic && !item.topics.includes(filter.topic)) return false;
  if (filter.unit && item.unit !== filter.unit) return false;
  if (filter.missingViews && (entry.views !== null || !isOnlineChannel(entry.channel))) return false;
  if (filter.online && !isOnlineChannel(entry.channel)) return false;
  if (foldedQuery && !matchesQuery(searchText(), foldedQuery)) return false;
  return true;
}

/** The query string of a filter (for links that keep the filter, such as paging). */
export function filterToQuery(filter: EntryFilter, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) params.set(k, String(v));
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return params.toString();
}
