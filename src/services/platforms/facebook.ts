import { readGraphPost } from '../../domain/platform-answers.js';
import { apiUrl, failAll, getJson, outOfTime, type PlatformAccess, type PostAsk, type PostResult } from './access.js';

/**
 * The fields asked of a Page post. Only current metric names: one retired name (post_impressions,
 * retired in November 2025) fails the whole request. Summaries with limit(0) give the totals without
 * the lists.
 */
export const POST_FIELDS = 'id,shares,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count),insights.metric(post_media_view)';

/**
 * Reads Facebook Page posts from the Graph API, one post a call (a post that is gone fails alone; a
 * multi-id read would fail whole). An expired or revoked token or a rate limit stops the calls: every
 * post left gets that failure.
 */
export async function readFacebook(posts: readonly PostAsk[], token: string, access: PlatformAccess, deadline: number, now: () => number): Promise<Map<number, PostResult>> {
  const results = new Map<number, PostResult>();
  const seen = new Map<string, PostResult>();
  for (const p of posts) {
    const known = seen.get(p.id);
    if (known) {
      results.set(p.entryId, known);
      continue;
    }
    if (now() > deadline) {
      failAll(results, posts, outOfTime('facebook'));
      break;
    }
    const answer = await getJson('facebook', apiUrl(access.facebookGraphUrl, encodeURIComponent(p.id), { fields: POST_FIELDS }), access.rules, { Authorization: `Bearer ${token}` });
    const read = answer.ok ? readGraphPost(answer.status, answer.body) : answer;
    const result: PostResult = read.ok ? { ok: true, figures: read.figures } : { ok: false, failure: read.failure };
    results.set(p.entryId, result);
    seen.set(p.id, result);
    if (!read.ok && read.failure.platformWide) {
      failAll(results, posts, read.failure);
      break;
    }
  }
  return results;
}
