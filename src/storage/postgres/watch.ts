/** The watch's places and posts (issue 27) on PostgreSQL: documents with their keys as columns. */
import { createHash } from 'node:crypto';
import type { InboxPost, WatchPlace } from '../../domain/watch.js';
import type { LinkedEntry, WatchTx } from '../watch-port.js';
import { body, doc, putDoc, withId } from './commune-docs.js';
import { one, type Queryable, type Row, rows } from './db.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const placeOf = (r: Row): WatchPlace => withId(r) as unknown as WatchPlace;
const postOf = (r: Row): InboxPost => withId(r) as unknown as InboxPost;

export async function watchPlaces(db: Queryable, commune: number): Promise<WatchPlace[]> {
  return (await rows(db, `SELECT id, record FROM watch_places WHERE commune_id = $1 AND record->>'deletedAt' IS NULL ORDER BY id`, [commune])).map(placeOf);
}

export async function inboxPosts(db: Queryable, commune: number): Promise<InboxPost[]> {
  const found = await rows(db, `SELECT id, record FROM watch_posts WHERE commune_id = $1 AND status = 'new' ORDER BY coalesce(record->>'publishedAt', record->>'foundAt') DESC, id DESC`, [commune]);
  return found.map(postOf);
}

export async function inboxCount(db: Queryable, commune: number): Promise<number> {
  return (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM watch_posts WHERE commune_id = $1 AND status = 'new'`, [commune]))!.n;
}

export async function postsMatching(db: Queryable, commune: number, urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]> {
  if (!urlKeys.length && !titleKeys.length) return [];
  const found = await rows(db, 'SELECT id, record FROM watch_posts WHERE commune_id = $1 AND (md5(url_key) = ANY($2::text[]) OR title_key = ANY($3::text[])) ORDER BY id', [commune, urlKeys.map(md5), [...titleKeys]]);
  return found.map(postOf).filter((p) => urlKeys.includes(p.urlKey) || titleKeys.includes(p.titleKey));
}

export async function linkedEntries(db: Queryable, commune: number, urls: readonly string[]): Promise<LinkedEntry[]> {
  if (!urls.length) return [];
  const found = await rows<{ id: number; url: string; channel: string }>(
    db,
    `SELECT e.id, e.url, e.channel FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
     WHERE e.commune_id = $1 AND md5(e.url) = ANY($2::text[]) AND e.url = ANY($3::text[]) AND e.deleted_at IS NULL AND i.deleted_at IS NULL ORDER BY e.id`,
    [commune, urls.map(md5), [...urls]],
  );
  return found.map((r) => ({ entryId: r.id, url: r.url, channel: r.channel }));
}

/** The watch's part of a transaction: places, the posts found, the round claimed. */
export class TxWatch implements WatchTx {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  async watchPlace(id: number): Promise<WatchPlace | null> {
    const r = await one(this.db, 'SELECT id, record FROM watch_places WHERE commune_id = $1 AND id = $2', [this.commune, id]);
    return r ? placeOf(r) : null;
  }

  watchPlaces(): Promise<WatchPlace[]> {
    return watchPlaces(this.db, this.commune);
  }

  async createWatchPlace(fields: Omit<WatchPlace, 'id'>): Promise<WatchPlace> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO watch_places (commune_id, record) VALUES ($1, $2::jsonb) RETURNING id', [this.commune, JSON.stringify(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  async replaceWatchPlace(place: WatchPlace): Promise<void> {
    const res = await this.db.query('UPDATE watch_places SET record = $3::jsonb WHERE commune_id = $1 AND id = $2', [this.commune, place.id, JSON.stringify(body(place))]);
    if (!res.rowCount) throw new Error(`no watch place ${place.id}`);
  }

  async watchPosts(ids: readonly number[]): Promise<InboxPost[]> {
    if (!ids.length) return [];
    const found = (await rows(this.db, 'SELECT id, record FROM watch_posts WHERE commune_id = $1 AND id = ANY($2::int[])', [this.commune, [...ids]])).map(postOf);
    return ids.flatMap((id) => found.filter((p) => p.id === id));
  }

  postsMatching(urlKeys: readonly string[], titleKeys: readonly string[]): Promise<InboxPost[]> {
    return postsMatching(this.db, this.commune, urlKeys, titleKeys);
  }

  async createWatchPosts(posts: Omit<InboxPost, 'id'>[]): Promise<InboxPost[]> {
    if (!posts.length) return [];
    const made = await rows<{ id: number }>(
      this.db,
      `INSERT INTO watch_posts (commune_id, url_key, title_key, status, record)
       SELECT $1, p->>'urlKey', p->>'titleKey', p->>'status', p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t (p, n) ORDER BY n RETURNING id`,
      [this.commune, JSON.stringify(posts)],
    );
    // Ids come from one sequence in the order the rows were inserted.
    const ids = made.map((r) => r.id).sort((a, b) => a - b);
    return posts.map((p, i) => ({ id: ids[i]!, ...structuredClone(p) }));
  }

  async replaceWatchPost(post: InboxPost): Promise<void> {
    const res = await this.db.query('UPDATE watch_posts SET url_key = $3, title_key = $4, status = $5, record = $6::jsonb WHERE commune_id = $1 AND id = $2', [this.commune, post.id, post.urlKey, post.titleKey, post.status, JSON.stringify(body(post))]);
    if (!res.rowCount) throw new Error(`no watch post ${post.id}`);
  }

  watchRound(): Promise<string | null> {
    return doc<string>(this.db, this.commune, 'watchRound');
  }

  setWatchRound(round: string): Promise<void> {
    return putDoc(this.db, this.commune, 'watchRound', round);
  }
}
