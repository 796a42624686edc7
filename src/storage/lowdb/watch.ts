/** The watch (`watch.json`): the places a commune's posts are watched at, the posts found, the round last claimed. */
import type { InboxPost, WatchPlace } from '../../domain/watch.js';
import type { WatchTx } from '../watch-port.js';
import { type AnyFile, removeFrom, replaceIn, type TxChanges } from './changes.js';
import type { WatchData } from './data-files.js';
import type { LowdbState } from './state.js';

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

/** The watch's part of a transaction: places, the posts found, the round claimed. */
export class TxWatch implements WatchTx {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async watchPlace(id: number): Promise<WatchPlace | null> {
    const found = this.s.watch.data.places.find((p) => p.id === id);
    return found ? structuredClone(found) : null;
  }

  async watchPlaces(): Promise<WatchPlace[]> {
    return watchPlaces(this.s.watch.data);
  }

  async createWatchPlace(fields: Omit<WatchPlace, 'id'>): Promise<WatchPlace> {
    const place: WatchPlace = structuredClone({ id: this.s.next.place++, ...fields });
    const list = this.s.watch.data.places;
    list.push(place);
    this.c.touch(this.s.watch as AnyFile);
    this.c.undo(() => removeFrom(list, place));
    return structuredClone(place);
  }

  async replaceWatchPlace(next: WatchPlace): Promise<void> {
    const list = this.s.watch.data.places;
    const old = list.find((p) => p.id === next.id);
    if (!old) throw new Error(`no watch place ${next.id}`);
    this.c.touch(this.s.watch as AnyFile);
    this.c.undo(replaceIn(list, old, structuredClone(next)));
  }

  async watchPosts(ids: readonly number[]): Promise<InboxPost[]> {
    const byId = new Map(this.s.watch.data.posts.map((p) => [p.id, p]));
    return ids.flatMap((id) => (byId.has(id) ? [structuredClone(byId.get(id)!)] : []));
  }

  async postsMatching(urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]> {
    return postsMatching(this.s.watch.data, urlKeys, titleKeys);
  }

  async createWatchPosts(posts: Omit<InboxPost, 'id'>[]): Promise<InboxPost[]> {
    const list = this.s.watch.data.posts;
    const made = posts.map((p) => structuredClone({ id: this.s.next.post++, ...p }) as InboxPost);
    if (!made.length) return [];
    list.push(...made);
    this.c.touch(this.s.watch as AnyFile);
    this.c.undo(() => {
      for (const p of made) removeFrom(list, p);
    });
    return made.map((p) => structuredClone(p));
  }

  async replaceWatchPost(next: InboxPost): Promise<void> {
    const list = this.s.watch.data.posts;
    const old = list.find((p) => p.id === next.id);
    if (!old) throw new Error(`no watch post ${next.id}`);
    this.c.touch(this.s.watch as AnyFile);
    this.c.undo(replaceIn(list, old, structuredClone(next)));
  }

  async watchRound(): Promise<string | null> {
    return this.s.watch.data.round;
  }

  async setWatchRound(round: string): Promise<void> {
    this.c.setField(this.s.watch, 'round', round);
  }
}
