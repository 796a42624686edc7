import { platformFailure, readVideoList } from '../../domain/platform-answers.js';
import { apiUrl, failAll, getJson, outOfTime, type PlatformAccess, type PostAsk, type PostResult } from './access.js';

/** The most ids one `videos.list` call takes. */
export const VIDEOS_PER_CALL = 50;

/**
 * Reads YouTube videos' statistics, 50 ids a call (a call costs one unit of the day's quota whatever
 * its ids). A video the answer leaves out is gone (deleted or private). A refused key, the quota or a
 * rate limit stops the calls: every post left gets that failure.
 */
export async function readYoutube(posts: readonly PostAsk[], key: string, access: PlatformAccess, deadline: number, now: () => number): Promise<Map<number, PostResult>> {
  const results = new Map<number, PostResult>();
  const ids = [...new Set(posts.map((p) => p.id))];
  for (let i = 0; i < ids.length; i += VIDEOS_PER_CALL) {
    if (now() > deadline) {
      failAll(results, posts, outOfTime('youtube'));
      break;
    }
    const batch = ids.slice(i, i + VIDEOS_PER_CALL);
    const answer = await getJson('youtube', apiUrl(access.youtubeApiUrl, 'videos', { part: 'statistics', id: batch.join(','), maxResults: String(VIDEOS_PER_CALL) }), access.rules, { 'X-Goog-Api-Key': key });
    const read = answer.ok ? readVideoList(answer.status, answer.body) : answer;
    const mine = posts.filter((p) => batch.includes(p.id));
    if (!read.ok) {
      failAll(results, read.failure.platformWide ? posts : mine, read.failure);
      if (read.failure.platformWide) break;
      continue;
    }
    const gone = platformFailure('youtube', 'gone', null);
    for (const p of mine) {
      const figures = read.videos.get(p.id);
      results.set(p.entryId, figures ? { ok: true, figures } : { ok: false, failure: gone });
    }
  }
  return results;
}
