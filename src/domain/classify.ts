import { readTopics } from './fields.js';
import { type Paging, readDateRange, readPaging } from './filters.js';
import type { FieldErrors, Result } from './model.js';
import { foldText } from './text.js';
import type { LocalDate } from './time.js';
import type { Topic, Vocabulary } from './vocabulary.js';

// Classifying the items an import left without a topic ("Chưa phân loại"): which ones to list, and
// the choice that sets topics on many of them at once.

/** Which live items without a topic to list. Dates are inclusive, Vietnam time. */
export interface UnclassifiedFilter {
  /** Words of the title, as typed; matched without diacritics. */
  q?: string;
  /** Only these items (the ones an import made). */
  itemIds?: readonly number[];
  /** Only items with a live airing or post in [from, to] (either end may be open). */
  from?: LocalDate;
  to?: LocalDate;
}

/** The page's query: the filter, the import asked for (its items are looked up), the paging. */
export interface UnclassifiedQuery {
  filter: Omit<UnclassifiedFilter, 'itemIds'>;
  importId: number | null;
  paging: Paging;
}

export const UNCLASSIFIED_PAGE_SIZE = 50;
export const MAX_UNCLASSIFIED_PAGE_SIZE = 200;
/** The most items one save may classify. */
export const MAX_CLASSIFY = 500;

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '').trim();

/** Reads the page's filter from query parameters: `q`, `importId`, `from`, `to` (dd/mm/yyyy or yyyy-mm-dd), `page`, `pageSize`. */
export function parseUnclassifiedQuery(query: Record<string, unknown>): Result<UnclassifiedQuery> {
  const errors: FieldErrors = {};
  const filter: UnclassifiedQuery['filter'] = readDateRange(query, errors);
  const q = first(query.q);
  if (q) filter.q = q.slice(0, 200);
  let importId: number | null = null;
  const importText = first(query.importId);
  if (importText) {
    if (/^\d{1,9}$/.test(importText) && Number(importText) >= 1) importId = Number(importText);
    else errors.importId = 'Lần nhập không hợp lệ.';
  }
  const paging = readPaging(query, errors, UNCLASSIFIED_PAGE_SIZE, MAX_UNCLASSIFIED_PAGE_SIZE);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { filter, importId, paging } };
}

/** The query string of a filter (links that keep it: paging, the redirect after a save). */
export function unclassifiedQueryString(q: Pick<UnclassifiedQuery, 'filter' | 'importId'>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q.importId !== null) params.set('importId', String(q.importId));
  for (const key of ['from', 'to', 'q'] as const) if (q.filter[key]) params.set(key, q.filter[key]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** What one save sets: these topics on these items. */
export interface Classification {
  itemIds: number[];
  topics: string[];
}

/**
 * Validates a classification: `itemIds` (a list of item ids, or one) and `topics` (at least one active
 * topic of the plan, in its order). Whether the items exist is for the transaction to tell.
 */
export function validateClassification(raw: Record<string, unknown>, vocab: Vocabulary): Result<Classification> {
  const errors: FieldErrors = {};
  const list = raw.itemIds === undefined || raw.itemIds === null || raw.itemIds === '' ? [] : Array.isArray(raw.itemIds) ? raw.itemIds : [raw.itemIds];
  const ids = new Set<number>();
  for (const v of list) {
    const id = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) {
      errors.itemIds = 'Mã tin bài không hợp lệ.';
      break;
    }
    ids.add(id);
  }
  const itemIds = [...ids];
  if (!errors.itemIds && !itemIds.length) errors.itemIds = 'Vui lòng đánh dấu ít nhất một tin bài để phân loại.';
  else if (itemIds.length > MAX_CLASSIFY) errors.itemIds = `Mỗi lần lưu phân loại tối đa ${MAX_CLASSIFY} tin bài.`;
  const topics = readTopics(raw, errors, vocab);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { itemIds, topics } };
}

/** Text as whole words: lower case, every run of other characters one space, a space at each end. */
const asWords = (text: string): string => ` ${text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** Whether a key word is found in a title as whole words: with its diacritics when it has some ("số" is not "sổ"), else without. */
function holdsKeyword(title: string, keyword: string): boolean {
  const word = asWords(keyword);
  if (!word.trim()) return false;
  const folded = asWords(foldText(keyword));
  return folded === word ? asWords(foldText(title)).includes(folded) : asWords(title).includes(word);
}

/**
 * The topics a title suggests: the active ones with a key word found in it as whole words, case and
 * punctuation ignored, diacritics too when the key word is typed without them ("dich vu cong").
 */
export function suggestTopics(title: string, topics: readonly (Topic & { retired?: boolean; keywords?: readonly string[] })[]): string[] {
  return topics.filter((t) => !t.retired && (t.keywords ?? []).some((k) => holdsKeyword(title, k))).map((t) => t.code);
}
