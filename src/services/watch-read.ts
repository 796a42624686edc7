import { readPage } from '../domain/link-page.js';
import { type ListedPost, readFeed, readVnPortal, vnPortalMessage } from '../domain/watch-feeds.js';
import { hasOgTitle, readSection, textDate } from '../domain/watch-pages.js';
import type { WatchPlace } from '../domain/watch.js';
import { decodePage } from './link-preview.js';
import { fetchAnswer, fetchPage, FetchRefused, type FetchRules } from './page-fetch.js';

/** What reading a place gave: the posts it lists (new ones, for a section page), and what went wrong (Vietnamese), or null. */
export interface PlaceReading {
  posts: ListedPost[];
  error: string | null;
}

/** Of these links, the ones already known (found before, or in the log): a section page's articles known are not fetched again. */
export type KnownLinks = (urls: string[]) => Promise<Set<string>>;

/** The most pages of a section read in one round: the next page is read at a place's first reading, and later only while every article of a page is new. */
export const MAX_SECTION_PAGES = 3;
/** The most articles of one place fetched in one round; the rest come in the next rounds. */
export const MAX_ARTICLES = 20;

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/** An error of a fetch in words; anything unexpected is logged and named plainly (one place must not stop the others). */
function wordsOf(err: unknown, what: string): string {
  if (err instanceof FetchRefused) return `Không đọc được ${what}: ${err.message}`;
  console.error(`Watch: reading ${what} failed:`, err);
  return `Không đọc được ${what}: lỗi không mong đợi (${err instanceof Error ? err.message : String(err)}).`;
}

/**
 * Reads one place under the fetch rules (one fetch at a time per host): a feed's items, a vnPortal
 * category's articles, or a section page's new articles, each read on its own page for its title
 * and publication time. Never throws for what a site answers: the error comes back in words.
 */
export async function readPlace(place: WatchPlace, rules: FetchRules, known: KnownLinks): Promise<PlaceReading> {
  try {
    if (place.kind === 'feed') return await readFeedPlace(place, rules);
    if (place.kind === 'vnportal') return await readVnPortalPlace(place, rules);
  } catch (err) {
    return { posts: [], error: wordsOf(err, place.kind === 'feed' ? 'nguồn tin' : 'cổng vnPortal') };
  }
  return readSectionPlace(place, rules, known);
}

async function readFeedPlace(place: WatchPlace, rules: FetchRules): Promise<PlaceReading> {
  const answer = await fetchAnswer(new URL(place.url), rules, { accept: FEED_ACCEPT });
  const text = decodePage(answer.body, answer.contentType);
  const posts = readFeed(text, answer.url);
  if (!posts.length && !/<(rss|feed|rdf:RDF)\b/i.test(text.slice(0, 5000))) return { posts, error: 'Địa chỉ này không phải nguồn tin RSS/Atom: hãy chọn loại "Trang chuyên mục".' };
  return { posts, error: null };
}

async function readVnPortalPlace(place: WatchPlace, rules: FetchRules): Promise<PlaceReading> {
  const api = new URL(`/api/public/articles?articleCatID=${encodeURIComponent(place.categoryId ?? '')}`, place.url);
  const answer = await fetchAnswer(api, rules, { accept: 'application/json', errorAnswers: true });
  let json: unknown = null;
  try {
    json = JSON.parse(answer.body.toString('utf8'));
  } catch {
    json = null;
  }
  if (answer.status >= 400) {
    const said = vnPortalMessage(json);
    const hint = answer.status === 404 ? `: không có bài nào ở chuyên mục ${place.categoryId} (kiểm tra lại mã chuyên mục)` : '';
    return { posts: [], error: `Cổng vnPortal trả lời lỗi ${answer.status}${said ? ` "${said}"` : ''}${hint}.` };
  }
  if (json === null) return { posts: [], error: 'Cổng vnPortal không trả lời dữ liệu JSON: kiểm tra địa chỉ cổng.' };
  return { posts: readVnPortal(json, answer.url), error: null };
}

async function readSectionPlace(place: WatchPlace, rules: FetchRules, known: KnownLinks): Promise<PlaceReading> {
  const posts: ListedPost[] = [];
  const failed: string[] = [];
  let pageUrl = new URL(place.url);
  let fetched = 0;
  for (let pageNo = 1; pageNo <= MAX_SECTION_PAGES; pageNo++) {
    let section;
    try {
      const page = await fetchPage(pageUrl, rules);
      section = readSection(decodePage(page.body, page.contentType), page.url, pageNo);
    } catch (err) {
      // The first page unread is the place's error; a later one only ends the reading.
      if (pageNo === 1) return { posts, error: wordsOf(err, 'trang chuyên mục') };
      failed.push(wordsOf(err, `trang ${pageNo} của chuyên mục`));
      break;
    }
    if (pageNo === 1 && !section.links.length) return { posts, error: 'Không tìm thấy bài nào trên trang chuyên mục: kiểm tra lại địa chỉ (trang danh sách bài của chuyên mục).' };
    const seen = await known(section.links.map((l) => l.url));
    const fresh = section.links.filter((l) => !seen.has(l.url));
    for (const link of fresh) {
      if (fetched >= MAX_ARTICLES) break;
      fetched++;
      try {
        const page = await fetchPage(new URL(link.url), rules);
        const html = decodePage(page.body, page.contentType);
        const facts = readPage(html);
        // Without og:title a page's <title> adds the portal's name: the list's own words are the title, unless cut short.
        const listed = link.text && !/(\.\.\.|…)$/.test(link.text) ? link.text : null;
        const title = hasOgTitle(html) ? facts.title : (listed ?? facts.title);
        if (title) posts.push({ url: link.url, title, publishedAt: facts.publishedAt ?? textDate(html) });
      } catch (err) {
        failed.push(wordsOf(err, `bài ${link.url}`));
      }
    }
    // A list runs newest first: past an article already known, the older pages were read before.
    if (!section.next || (place.checkedAt !== null && fresh.length < section.links.length) || fetched >= MAX_ARTICLES) break;
    pageUrl = new URL(section.next);
  }
  const error = failed.length ? `${failed[0]}${failed.length > 1 ? ` (và ${failed.length - 1} lỗi khác)` : ''}` : null;
  return { posts, error };
}
