import { ownFailure, readArticleSlice, type ZaloArticle } from '../../domain/platform-answers.js';
import { apiUrl, failAll, getJson, outOfTime, type PlatformAccess, type PostAsk, type PostResult } from './access.js';

/** The most articles `article/getslice` gives in one call. */
export const ARTICLES_PER_CALL = 10;
/** The most pages read of each kind of article (normal, video) in one run. */
export const MAX_PAGES = 50;

const sameLink = (a: string, b: string): boolean => a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();

/**
 * Reads Zalo OA articles' figures. Zalo gives no figures by article id: the OA's articles are listed,
 * newest first, 10 a call (normal articles, then videos), until every post asked about is found or
 * the list reaches articles older than `since` (epoch ms). A post not found is reported, not guessed.
 */
export async function readZalo(posts: readonly PostAsk[], token: string, access: PlatformAccess, since: number, deadline: number, now: () => number): Promise<Map<number, PostResult>> {
  const results = new Map<number, PostResult>();
  const wanted = new Set(posts.map((p) => p.entryId));
  const take = (article: ZaloArticle): void => {
    for (const p of posts) {
      if (wanted.has(p.entryId) && (article.id === p.id || (article.link !== null && sameLink(article.link, p.url)))) {
        results.set(p.entryId, { ok: true, figures: article.figures });
        wanted.delete(p.entryId);
      }
    }
  };
  let listed = 0;
  for (const type of ['normal', 'video']) {
    for (let page = 0; page < MAX_PAGES && wanted.size; page++) {
      if (now() > deadline) {
        failAll(results, posts, outOfTime('zalo'));
        return results;
      }
      const url = apiUrl(access.zaloOaApiUrl, 'v2.0/article/getslice', { offset: String(page * ARTICLES_PER_CALL), limit: String(ARTICLES_PER_CALL), type });
      const answer = await getJson('zalo', url, access.rules, { access_token: token });
      const read = answer.ok ? readArticleSlice(answer.status, answer.body) : answer;
      if (!read.ok) {
        failAll(results, posts, read.failure);
        return results;
      }
      read.articles.forEach(take);
      listed += read.articles.length;
      const oldest = read.articles.at(-1)?.createdAt ?? null;
      if (read.articles.length < ARTICLES_PER_CALL || (oldest !== null && oldest < since)) break;
    }
  }
  failAll(results, posts, ownFailure('zalo', 'gone', `không có trong ${listed} bài mới nhất của OA`));
  return results;
}
