import { ownFailure, type PlatformFailure, platformFailure } from '../../domain/platform-answers.js';
import type { Platform } from '../../domain/platform-links.js';
import type { Sealer } from '../../security/sealing.js';
import { fetchAnswer, FetchRefused, type FetchRules } from '../page-fetch.js';

/** What reading the platforms needs: their API addresses, the deployment's YouTube key, the sealer of the communes' keys, the fetch rules. */
export interface PlatformAccess {
  youtubeApiUrl: string;
  facebookGraphUrl: string;
  zaloOaApiUrl: string;
  /** A YouTube API key for every commune without its own (YOUTUBE_API_KEY). */
  youtubeApiKey: string | null;
  sealer: Sealer;
  rules: FetchRules;
}

/** A post to ask a platform about. */
export interface PostAsk {
  entryId: number;
  /** The platform's id of the post. */
  id: string;
  /** The link as logged. */
  url: string;
}

/** What a platform said of one post. */
export type PostResult = { ok: true; figures: { views: number | null; interactions: number | null } } | { ok: false; failure: PlatformFailure };

/** A platform's answer: its status and parsed JSON, or why there is none. */
export type JsonAnswer = { ok: true; status: number; body: unknown } | { ok: false; failure: PlatformFailure };

// Platforms answer JSON, Graph sometimes as text/javascript.
const JSON_TYPES = /json|javascript|text\/plain/i;

/**
 * GETs a platform's JSON through the one fetcher (its rules, one call at a time per host, the polite
 * user agent), error answers included so the platform's own message can be shown. The secrets travel
 * in headers, never in the address: an address can end up in a message, a header does not.
 */
export async function getJson(platform: Platform, url: URL, rules: FetchRules, headers: Record<string, string>): Promise<JsonAnswer> {
  try {
    const answer = await fetchAnswer(url, rules, { accept: 'application/json', headers, errorAnswers: true, types: JSON_TYPES });
    try {
      return { ok: true, status: answer.status, body: JSON.parse(answer.body.toString('utf8')) };
    } catch {
      return { ok: false, failure: platformFailure(platform, answer.status === 429 ? 'rate' : 'answer', null, answer.status >= 400 ? answer.status : 502) };
    }
  } catch (err) {
    if (err instanceof FetchRefused) return { ok: false, failure: ownFailure(platform, 'network', err.message.replace(/[.:]\s*$/, '')) };
    throw err;
  }
}

/** The failure of the posts a run had no time left for. */
export const outOfTime = (platform: Platform): PlatformFailure => ownFailure(platform, 'network', 'hết thời gian dành cho một lần cập nhật');

/** Every post given the same failure (one that stopped the platform for this run). */
export function failAll(results: Map<number, PostResult>, posts: readonly PostAsk[], failure: PlatformFailure): void {
  for (const p of posts) if (!results.has(p.entryId)) results.set(p.entryId, { ok: false, failure });
}

/** An API address with a path under it (the base keeps its own path, such as Graph's version). */
export function apiUrl(base: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}
