import type { InboxPost, WatchPlace } from '../../domain/watch.js';
import type { WatchTx } from '../watch-port.js';
import { TxMetrics } from './tx-metrics.js';
import { type AnyFile, removeFrom, replaceIn } from './tx-core.js';
import * as watch from './watch.js';

/** The watch's writes of a transaction: places, the posts found, the round claimed (all in `watch.json`). */
export class TxWatch extends TxMetrics implements WatchTx {
  async watchPlace(id: number): Promise<WatchPlace | null> {
    const found = this.s.watch.data.places.find((p) => p.id === id);
    return found ? structuredClone(found) : null;
  }

  async watchPlaces(): Promise<WatchPlace[]> {
    return watch.watchPlaces(this.s.watch.data);
  }

  async createWatchPlace(fields: Omit<WatchPlace, 'id'>): Promise<WatchPlace> {
    const place: WatchPlace = structuredClone({ id: this.s.next.place++, ...fields });
    const list = this.s.watch.data.places;
    list.push(place);
    this.touch(this.s.watch as AnyFile);
    this.undo(() => removeFrom(list, place));
    return structuredClone(place);
  }

  async replaceWatchPlace(next: WatchPlace): Promise<void> {
    const list = this.s.watch.data.places;
    const old = list.find((p) => p.id === next.id);
    if (!old) throw new Error(`no watch place ${next.id}`);
    this.touch(this.s.watch as AnyFile);
    this.undo(replaceIn(list, old, structuredClone(next)));
  }

  async watchPosts(ids: readonly number[]): Promise<InboxPost[]> {
    const byId = new Map(this.s.watch.data.posts.map((p) => [p.id, p]));
    return ids.flatMap((id) => (byId.has(id) ? [structuredClone(byId.get(id)!)] : []));
  }

  async postsMatching(urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]> {
    return watch.postsMatching(this.s.watch.data, urlKeys, titleKeys);
  }

  async createWatchPosts(posts: Omit<InboxPost, 'id'>[]): Promise<InboxPost[]> {
    const list = this.s.watch.data.posts;
    const made = posts.map((p) => structuredClone({ id: this.s.next.post++, ...p }) as InboxPost);
    if (!made.length) return [];
    list.push(...made);
    this.touch(this.s.watch as AnyFile);
    this.undo(() => {
      for (const p of made) removeFrom(list, p);
    });
    return made.map((p) => structuredClone(p));
  }

  async replaceWatchPost(next: InboxPost): Promise<void> {
    const list = this.s.watch.data.posts;
    const old = list.find((p) => p.id === next.id);
    if (!old) throw new Error(`no watch post ${next.id}`);
    this.touch(this.s.watch as AnyFile);
    this.undo(replaceIn(list, old, structuredClone(next)));
  }

  async watchRound(): Promise<string | null> {
    return this.s.watch.data.round;
  }

  async setWatchRound(round: string): Promise<void> {
    this.setField(this.s.watch, 'round', round);
  }
}
