import { LIMITS, type Raw, readCode, readTopics } from './fields.js';
import { normaliseHost } from './link-page.js';
import type { FieldErrors, Result } from './model.js';
import { cleanLine, foldText } from './text.js';
import { fromLocalIso, type LocalIso, toLocalIso } from './time.js';
import type { Vocabulary } from './vocabulary.js';

/** Where a commune's posts appear: a section page of its portal, an RSS/Atom feed, or a vnPortal category read through its public API. */
export type PlaceKind = 'page' | 'feed' | 'vnportal';

export const PLACE_KINDS: { code: PlaceKind; label: string }[] = [
  { code: 'page', label: 'Trang chuyên mục của Cổng TTĐT' },
  { code: 'feed', label: 'Nguồn tin RSS/Atom' },
  { code: 'vnportal', label: 'Cổng vnPortal (API công khai, theo mã chuyên mục)' },
];

/** A place the watch reads, with what its new posts are proposed as. */
export interface WatchPlace {
  id: number;
  url: string;
  kind: PlaceKind;
  /** vnPortal's category id (`articleCatID`); null for the other kinds. */
  categoryId: string | null;
  channel: string;
  format: string;
  topics: string[];
  unit: string;
  /** New posts are logged at once instead of waiting in the inbox. */
  autoLog: boolean;
  createdAt: LocalIso;
  createdBy: string;
  deletedAt: LocalIso | null;
  deletedBy: string | null;
  /** When the place was last read, and what went wrong then (Vietnamese; null when it was read well). */
  checkedAt: LocalIso | null;
  error: string | null;
}

export type PostStatus = 'new' | 'logged' | 'dismissed';

/** A post the watch found: in the inbox while `new`, kept once logged or dismissed so that it is never proposed again. */
export interface InboxPost {
  id: number;
  placeId: number;
  url: string;
  /** The link as compared (`linkKey`). */
  urlKey: string;
  title: string;
  /** The title folded (`foldText`). */
  titleKey: string;
  /** When the post was published (Vietnam time); null when its page does not say. */
  publishedAt: LocalIso | null;
  channel: string;
  format: string;
  topics: string[];
  unit: string;
  foundAt: LocalIso;
  status: PostStatus;
  decidedAt: LocalIso | null;
  decidedBy: string | null;
  /** The entry a logged post became. */
  entryId: number | null;
}

/** Who logs the posts of a place that logs them without confirmation. */
export const WATCH_USER = 'theo dõi tự động';

/** The most places a commune may watch (each is read every round). */
export const MAX_PLACES = 30;

// Query parameters that only say where a click came from: two links that differ in them are one post.
const TRACKING = /^(utm_\w+|fbclid|gclid|zarsrc|zacc|_ga|ref)$/i;

/**
 * A link as compared: scheme, `www.`, a default port, a trailing slash, a fragment and tracking
 * parameters ignored, the other parameters sorted; null when it is not an http(s) link.
 */
export function linkKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const params = [...url.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  const path = url.pathname.replace(/\/+$/, '');
  return `${normaliseHost(url.hostname)}${url.port ? `:${url.port}` : ''}${path}${query ? `?${query}` : ''}`;
}

/** The ways a person may have written a link in the log (http or https, with or without `www.` and a final slash), to look it up. */
export function linkVariants(raw: string): string[] {
  const key = linkKey(raw);
  if (!key) return [];
  const cut = key.search(/[/?]/);
  const host = cut < 0 ? key : key.slice(0, cut);
  const rest = cut < 0 ? '' : key.slice(cut);
  const [path = '', query] = rest.split('?', 2);
  const out = new Set<string>([raw.trim()]);
  for (const scheme of ['https://', 'http://']) {
    for (const h of [host, `www.${host}`]) {
      for (const p of path ? [path, `${path}/`] : ['', '/']) out.add(`${scheme}${h}${p}${query ? `?${query}` : ''}`);
    }
  }
  return [...out];
}

/** The time a logged post is dated: its publication, or when it was found when its page does not say (or says a time more than a day ahead). */
export function postTime(post: Pick<InboxPost, 'publishedAt' | 'foundAt'>): LocalIso {
  if (!post.publishedAt) return post.foundAt;
  return fromLocalIso(post.publishedAt).getTime() > fromLocalIso(post.foundAt).getTime() + LIMITS.futureMs ? post.foundAt : post.publishedAt;
}

/** What a found post is proposed as, from its place. */
export function proposal(place: WatchPlace, found: { url: string; title: string; publishedAt: LocalIso | null }, now: Date): Omit<InboxPost, 'id' | 'status' | 'decidedAt' | 'decidedBy' | 'entryId'> | null {
  const urlKey = linkKey(found.url);
  const title = cleanLine(found.title).replace(/\s+/g, ' ');
  if (!urlKey || !title || found.url.length > LIMITS.url) return null;
  const { channel, format, topics, unit } = place;
  return { placeId: place.id, url: found.url, urlKey, title: [...title].slice(0, LIMITS.title).join(''), titleKey: foldText(title), publishedAt: found.publishedAt, channel, format, topics: [...topics], unit, foundAt: toLocalIso(now) };
}

/** A place as typed (a form or a JSON body), checked. */
export type PlaceFields = Pick<WatchPlace, 'url' | 'kind' | 'categoryId' | 'channel' | 'format' | 'topics' | 'unit' | 'autoLog'>;

const yes = (v: unknown): boolean => v === true || v === 'true' || v === 'on' || v === '1';

/**
 * Validates a place: an http(s) address, its kind (a vnPortal place names its category, a number),
 * an online channel, a format, topics (none is allowed: the posts stay "Chưa phân loại" until chosen)
 * and a unit (the first unit in use when none is given).
 */
export function validatePlace(raw: Raw, vocab: Vocabulary): Result<PlaceFields> {
  const errors: FieldErrors = {};
  const urlText = typeof raw.url === 'string' ? cleanLine(raw.url) : '';
  let url = '';
  if (!urlText) errors.url = 'Vui lòng nhập địa chỉ trang chuyên mục hoặc nguồn tin.';
  else if (urlText.length > LIMITS.url || !linkKey(urlText) || /\s/.test(urlText)) errors.url = 'Địa chỉ phải bắt đầu bằng http:// hoặc https://, ví dụ https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh.';
  else if (new URL(urlText).username || new URL(urlText).password) errors.url = 'Địa chỉ không được chứa tên đăng nhập hoặc mật khẩu.';
  else url = new URL(urlText).href;
  const kind = PLACE_KINDS.find((k) => k.code === raw.kind)?.code;
  if (!kind) errors.kind = 'Vui lòng chọn loại: trang chuyên mục, nguồn tin RSS/Atom hoặc cổng vnPortal.';
  const catText = typeof raw.categoryId === 'string' || typeof raw.categoryId === 'number' ? String(raw.categoryId).trim() : '';
  if (kind === 'vnportal' && !/^\d{1,12}$/.test(catText)) errors.categoryId = 'Cổng vnPortal cần mã chuyên mục (articleCatID), là một số, ví dụ 1234.';
  const channel = readCode(raw, 'channel', errors, vocab.channels.filter((c) => c.kind === 'online'), 'kênh đăng (Cổng TTĐT, Fanpage, Zalo, YouTube)');
  const format = raw.format === undefined || raw.format === '' ? 'news' : readCode(raw, 'format', errors, vocab.formats, 'hình thức thể hiện');
  const topics = readTopics(raw, errors, vocab, undefined, true);
  const firstUnit = vocab.units.find((u) => !u.retired)?.code ?? '';
  const unit = raw.unit === undefined || raw.unit === '' ? firstUnit : readCode(raw, 'unit', errors, vocab.units, 'đơn vị thực hiện');
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { url, kind: kind!, categoryId: kind === 'vnportal' ? catText : null, channel, format, topics, unit, autoLog: yes(raw.autoLog) } };
}

/** Validates the ids of a batch of inbox posts (`ids`: a list, or one id): whole numbers, at least one. */
export function readPostIds(raw: Raw, key = 'ids'): Result<number[]> {
  const value = raw[key];
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  const ids: number[] = [];
  for (const v of list.slice(0, 1000)) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) return { ok: false, errors: { [key]: 'Danh sách tin bài không hợp lệ.' } };
    if (!ids.includes(n)) ids.push(n);
  }
  if (!ids.length) return { ok: false, errors: { [key]: 'Vui lòng đánh dấu ít nhất một tin bài.' } };
  return { ok: true, value: ids };
}
