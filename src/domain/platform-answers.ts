/**
 * What the platforms answer, read: the figures of a post, or why there are none, in Vietnamese with
 * the platform's own words. Pure: the answers come in as a status and parsed JSON (`services/platforms/`
 * fetches them).
 */
import { LIMITS } from './fields.js';
import { type Platform, PLATFORM_LABELS } from './platform-links.js';
import { capChars, cleanLine } from './text.js';

/** A post's figures as a platform counts them; null for a figure it does not give. */
export interface Figures {
  views: number | null;
  interactions: number | null;
}

/**
 * Why a platform gave no figures: the token or key refused, the day's quota spent, too many calls, the
 * post gone, or another error. A `platformWide` failure stops every call to that platform for this run
 * (the next run tries again); the others concern one post.
 */
export interface PlatformFailure {
  kind: 'token' | 'quota' | 'rate' | 'gone' | 'network' | 'answer';
  platformWide: boolean;
  message: string;
}

const MAX_SAID = 300;

/** A platform's own message, as one plain line (YouTube's may carry HTML links). */
export function platformWords(said: unknown): string | null {
  if (typeof said !== 'string') return null;
  const text = capChars(cleanLine(said.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim(), MAX_SAID);
  return text || null;
}

/** A failure in words: what it means for the office, then what the platform said. */
export function platformFailure(platform: Platform, kind: PlatformFailure['kind'], said: string | null, status?: number): PlatformFailure {
  const what = meaning(platform, kind, status);
  const platformWide = kind !== 'gone' && !(kind === 'answer' && status !== undefined && status < 500 && platform !== 'zalo');
  return { kind, platformWide, message: said ? `${what} ${PLATFORM_LABELS[platform]} trả lời: “${said}”` : what };
}

/** A failure found on this side (no answer, no time left, a post not in the list), with what happened. */
export function ownFailure(platform: Platform, kind: 'network' | 'gone', detail: string): PlatformFailure {
  return { kind, platformWide: kind === 'network', message: `${meaning(platform, kind)} (${detail})` };
}

function meaning(platform: Platform, kind: PlatformFailure['kind'], status?: number): string {
  const p = PLATFORM_LABELS[platform];
  const what: Record<PlatformFailure['kind'], string> = {
    token: `${p} không nhận ${platform === 'youtube' ? 'khóa API' : 'mã truy cập'} (hết hạn, bị thu hồi, sai hoặc không đủ quyền): hãy nhập ${platform === 'youtube' ? 'khóa' : 'mã'} mới trong Cài đặt.`,
    quota: `${p} báo đã dùng hết hạn mức gọi (quota) trong ngày: sẽ thử lại ở lần cập nhật sau.`,
    rate: `${p} báo gọi quá nhiều trong thời gian ngắn: sẽ thử lại ở lần cập nhật sau.`,
    gone: `Không còn thấy bài trên ${p} (bài đã bị xóa, bị ẩn hoặc mã truy cập không xem được bài này).`,
    network: `Không gọi được ${p}: sẽ thử lại ở lần cập nhật sau.`,
    answer: `${p} trả lời lỗi${status ? ` ${status}` : ''}: sẽ thử lại ở lần cập nhật sau.`,
  };
  return what[kind];
}

/** A count as a platform writes it (a number, or digits in a string, as YouTube does); null otherwise. */
export function countOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, LIMITS.views) : null;
}

/** The sum of the counts given; null when none is given. */
function sumOf(...counts: (number | null)[]): number | null {
  const given = counts.filter((c): c is number => c !== null);
  return given.length ? Math.min(given.reduce((a, b) => a + b, 0), LIMITS.views) : null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objOf = (v: unknown): Obj => (isObj(v) ? v : {});

export type VideosAnswer = { ok: true; videos: Map<string, Figures> } | { ok: false; failure: PlatformFailure };

/**
 * YouTube Data API v3 `videos.list?part=statistics`: each video's `viewCount` as its views and
 * `likeCount` + `commentCount` as its interactions (a channel may hide either). A video missing from
 * `items` is gone (deleted, private) — the caller tells it. Errors: `quotaExceeded` (403), rate limits
 * (403 `rateLimitExceeded`, 429) and a refused key (400 `keyInvalid`, 403 `accessNotConfigured`…).
 */
export function readVideoList(status: number, body: unknown): VideosAnswer {
  const b = objOf(body);
  if (status >= 200 && status < 300 && Array.isArray(b.items)) {
    const videos = new Map<string, Figures>();
    for (const item of b.items) {
      const v = objOf(item);
      if (typeof v.id !== 'string') continue;
      const s = objOf(v.statistics);
      videos.set(v.id, { views: countOf(s.viewCount), interactions: sumOf(countOf(s.likeCount), countOf(s.commentCount)) });
    }
    return { ok: true, videos };
  }
  const error = objOf(b.error);
  const reasons = (Array.isArray(error.errors) ? error.errors : []).map((e) => String(objOf(e).reason ?? ''));
  const said = platformWords(error.message);
  const has = (...names: string[]): boolean => reasons.some((r) => names.includes(r));
  let kind: PlatformFailure['kind'] = 'answer';
  if (has('quotaExceeded', 'dailyLimitExceeded')) kind = 'quota';
  else if (status === 429 || has('rateLimitExceeded', 'userRateLimitExceeded')) kind = 'rate';
  else if (has('keyInvalid', 'keyExpired', 'accessNotConfigured', 'forbidden', 'ipRefererBlocked') || (status === 400 && /API key/i.test(said ?? ''))) kind = 'token';
  return { ok: false, failure: platformFailure('youtube', kind, said, status) };
}

export type PostAnswer = { ok: true; figures: Figures } | { ok: false; failure: PlatformFailure };

// Graph error codes: https://developers.facebook.com/docs/graph-api/guides/error-handling
const GRAPH_RATE_CODES = new Set([4, 17, 32, 613, 80001]);
const GRAPH_TOKEN_CODES = new Set([102, 190, 10]);

/**
 * A Facebook Page post read from the Graph API with `shares`, `reactions.summary(total_count)`,
 * `comments.summary(total_count)` and `insights.metric(post_media_view)`: views are the lifetime
 * `post_media_view`; interactions are reactions + comments + shares (a post never shared has no
 * `shares`). Errors: code 190 (token expired or revoked), rate limits (4, 17, 32, 613, HTTP 429), a
 * post that no longer exists (100 with subcode 33), permissions (10, 200–299).
 */
export function readGraphPost(status: number, body: unknown): PostAnswer {
  const b = objOf(body);
  if (status >= 200 && status < 300 && !b.error && typeof b.id === 'string') {
    const metric = (Array.isArray(objOf(b.insights).data) ? (objOf(b.insights).data as unknown[]) : []).map(objOf).find((m) => m.name === 'post_media_view');
    const firstValue = objOf(Array.isArray(metric?.values) ? metric.values[0] : undefined).value;
    const reactions = countOf(objOf(objOf(b.reactions).summary).total_count);
    const comments = countOf(objOf(objOf(b.comments).summary).total_count);
    const shares = b.shares === undefined ? (reactions !== null || comments !== null ? 0 : null) : countOf(objOf(b.shares).count);
    return { ok: true, figures: { views: countOf(firstValue), interactions: sumOf(reactions, comments, shares) } };
  }
  const error = objOf(b.error);
  const code = Number(error.code);
  const said = platformWords(error.message);
  let kind: PlatformFailure['kind'] = 'answer';
  if (status === 429 || GRAPH_RATE_CODES.has(code)) kind = 'rate';
  else if (GRAPH_TOKEN_CODES.has(code) || (code >= 200 && code < 300) || (error.type === 'OAuthException' && status === 401)) kind = 'token';
  else if (code === 100 && Number(error.error_subcode) === 33) kind = 'gone';
  else if (status === 404) kind = 'gone';
  return { ok: false, failure: platformFailure('facebook', kind, said, status) };
}

/** A time as epoch milliseconds, from milliseconds or seconds (a value below 10^11 is seconds: before 1973 in ms). */
function epochMs(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  return n < 1e11 ? n * 1000 : n;
}

/** One article of a Zalo OA's list. */
export interface ZaloArticle {
  id: string;
  figures: Figures;
  /** When it was made (epoch ms), when the list says. */
  createdAt: number | null;
  /** Its link, when the list gives one. */
  link: string | null;
}

export type ArticlesAnswer = { ok: true; articles: ZaloArticle[] } | { ok: false; failure: PlatformFailure };

// Zalo OA error codes naming the access token (invalid, expired, no permission).
const ZALO_TOKEN_CODES = new Set([-216, -124, -220, -230, -209]);

/**
 * A page of Zalo OA `article/getslice` (at most 10 articles, newest first): `data.medias`, each with
 * its `total_view` (views) and `total_share` (interactions). Zalo answers errors with HTTP 200 and a
 * negative `error` (-216: access token invalid…) and its `message`.
 */
export function readArticleSlice(status: number, body: unknown): ArticlesAnswer {
  const b = objOf(body);
  const data = objOf(b.data);
  if (status >= 200 && status < 300 && b.error === 0 && Array.isArray(data.medias)) {
    const articles = data.medias.map(objOf).flatMap((m): ZaloArticle[] => {
      const id = typeof m.id === 'string' || typeof m.id === 'number' ? String(m.id) : '';
      if (!id) return [];
      return [{ id, figures: { views: countOf(m.total_view), interactions: countOf(m.total_share) }, createdAt: epochMs(m.create_date), link: typeof m.link === 'string' ? m.link : null }];
    });
    return { ok: true, articles };
  }
  const code = Number(b.error);
  const said = platformWords(b.message);
  let kind: PlatformFailure['kind'] = 'answer';
  if (status === 429 || /rate.?limit|quota|too many/i.test(said ?? '')) kind = 'rate';
  else if (ZALO_TOKEN_CODES.has(code) || /access.?token/i.test(said ?? '')) kind = 'token';
  return { ok: false, failure: platformFailure('zalo', kind, said, status >= 400 ? status : undefined) };
}
