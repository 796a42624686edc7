import iconv from 'iconv-lite';
import { LIMITS } from '../domain/fields.js';
import { channelOfHost, charsetOf, readPage } from '../domain/link-page.js';
import { MSG } from '../domain/messages.js';
import type { LocalIso } from '../domain/time.js';
import { countersOf } from './counters.js';
import { fetchPage, FetchRefused, type FetchRules } from './page-fetch.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

/** What a pasted link says of the post behind it; each part null when the page does not say. */
export interface LinkPreview {
  url: string;
  title: string | null;
  publishedAt: LocalIso | null;
  /** A channel code of the vocabulary, from the link's host. */
  channel: string | null;
}

export type PreviewResult = { ok: true; value: LinkPreview } | { ok: false; status: 422 | 429; error: string };

/** How many links one user may have read in a minute (each is a fetch the server makes for them). */
export const MAX_PREVIEWS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** The link as typed, or the reason it is not one the server will read. */
function linkOf(raw: unknown): URL | string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return MSG.previewNoLink;
  if (text.length > LIMITS.url) return MSG.previewLinkLong(LIMITS.url);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return MSG.previewNotWeb;
    return url;
  } catch {
    return MSG.previewNotWeb;
  }
}

/** The page's text: its bytes decoded by the character set it declares (UTF-8 when unknown or unsupported). */
export function decodePage(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType, body.subarray(0, 4096).toString('latin1'));
  const text = iconv.decode(body, iconv.encodingExists(charset) ? charset : 'utf-8');
  // Legacy Vietnamese code pages write some tones as combining marks.
  return text.normalize('NFC');
}

/**
 * Reads a post from its link for the record form: the server fetches the page (under `rules`: see
 * fetchPage) and reads its title and publication time, and the channel from the link's host (the
 * commune's portal from the settings, Facebook, YouTube, Zalo). Nothing is stored. A user may read
 * MAX_PREVIEWS_PER_MINUTE links a minute; past that, 429.
 */
export async function previewLink(scope: Scope, actor: string, raw: unknown, rules: FetchRules): Promise<PreviewResult> {
  const link = linkOf(raw);
  if (typeof link === 'string') return { ok: false, status: 422, error: link };
  const counters = countersOf(scope.storage);
  if ((await counters.increment(`link-preview:${actor}`, WINDOW_MS, scope.clock().getTime())).hits > MAX_PREVIEWS_PER_MINUTE) {
    return { ok: false, status: 429, error: MSG.previewsTooMany(MAX_PREVIEWS_PER_MINUTE) };
  }
  const { portalHost } = await settingsOf(scope);
  let page;
  try {
    page = await fetchPage(link, rules);
  } catch (err) {
    if (err instanceof FetchRefused) return { ok: false, status: 422, error: err.message };
    throw err;
  }
  const facts = readPage(decodePage(page.body, page.contentType));
  const channel = channelOfHost(link.hostname, portalHost || null) ?? channelOfHost(page.url.hostname, portalHost || null);
  return { ok: true, value: { url: link.href, title: facts.title, publishedAt: facts.publishedAt, channel } };
}
