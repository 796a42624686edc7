import type { AuditRecord } from '../../domain/model.js';
import type { InboxPost, WatchPlace } from '../../domain/watch.js';

/** `watch.json`: the places a commune's posts are watched at, the posts found, the round last claimed, and the records of the places' changes. */
export interface WatchData {
  format: 'cchc-watch/1';
  places: WatchPlace[];
  posts: InboxPost[];
  round: string | null;
  audit: AuditRecord[];
}

export const emptyWatch = (): WatchData => ({ format: 'cchc-watch/1', places: [], posts: [], round: null, audit: [] });

export function watchPlaces(data: WatchData): WatchPlace[] {
  return data.places.filter((p) => !p.deletedAt).map((p) => structuredClone(p));
}

const timeOf = (p: InboxPost): string => p.publishedAt ?? p.foundAt;

export function inboxPosts(data: WatchData): InboxPost[] {
  return data.posts
    .filter((p) => p.status === 'new')
    .sort((a, b) => (timeOf(a) === timeOf(b) ? b.id - a.id : timeOf(a) < timeOf(b) ? 1 : -1))
    .map((p) => structuredClone(p));
}

export function inboxCount(data: WatchData): number {
  let n = 0;
  for (const p of data.posts) if (p.status === 'new') n++;
  return n;
}

export function postsMatching(data: WatchData, urlKeys: readonly string[], titleKeys: readonly string[]): InboxPost[] {
  const urls = new Set(urlKeys);
  const titles = new Set(titleKeys);
  return data.posts.filter((p) => urls.has(p.urlKey) || titles.has(p.titleKey)).map((p) => structuredClone(p));
}
