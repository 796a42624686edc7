/**
 * The storage port's part for watching where a commune's posts appear (issue 27): the places, the
 * posts found there (the inbox while they wait, kept once logged or dismissed), and the round of the
 * watch last claimed. Every engine implements both halves; `port.ts` and `transaction.ts` extend them.
 */
import type { InboxPost, WatchPlace } from '../domain/watch.js';

/** A live entry's link and channel, to tell a post already logged. */
export interface LinkedEntry {
  entryId: number;
  url: string;
  channel: string;
}

/** What the watch reads of a commune outside a transaction. */
export interface WatchReads {
  /** The live places, by id. */
  watchPlaces(): Promise<WatchPlace[]>;
  /** The posts waiting in the inbox (`new`), newest publication first (those without a date by when they were found). */
  inboxPosts(): Promise<InboxPost[]>;
  /** How many posts wait in the inbox: one count (every page of an editor shows it). */
  inboxCount(): Promise<number>;
  /** The posts, whatever their status, whose link key is one of `urlKeys` or whose folded title is one of `titleKeys`. */
  postsMatching(urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]>;
  /** The live entries (of live items) whose link is exactly one of these. */
  linkedEntries(urls: readonly string[]): Promise<LinkedEntry[]>;
}

/** The watch's writes, and the reads they depend on, inside a commune's transaction. */
export interface WatchTx {
  watchPlace(id: number): Promise<WatchPlace | null>;
  watchPlaces(): Promise<WatchPlace[]>;
  createWatchPlace(place: Omit<WatchPlace, 'id'>): Promise<WatchPlace>;
  replaceWatchPlace(place: WatchPlace): Promise<void>;
  /** The posts with these ids (those that exist), in the order of the ids. */
  watchPosts(ids: readonly number[]): Promise<InboxPost[]>;
  postsMatching(urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]>;
  /** Stores new posts; the storage gives their ids, in order. */
  createWatchPosts(posts: Omit<InboxPost, 'id'>[]): Promise<InboxPost[]>;
  replaceWatchPost(post: InboxPost): Promise<void>;
  /** The round of the scheduled watch last claimed by a process (an opaque, ordered text), or null. */
  watchRound(): Promise<string | null>;
  setWatchRound(round: string): Promise<void>;
}
