/** The log's entries (`entries`, joined with their items): the reads, filtered and paged, and new and changed entries in a transaction. */
import type { EntryFilter, Paging } from '../../domain/filters.js';
import type { Entry, EntryWithItem, Page } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';
import { rangeBounds } from '../../domain/time.js';
import { CHANNELS } from '../../domain/vocabulary.js';
import { markEdited } from './batch.js';
import { one, type Queryable, rows } from './db.js';
import { ENTRY_COLUMNS, ENTRY_FIELDS, entryOf, entryValues, ITEM_COLUMNS, likeWord, params, viewOf } from './records.js';
import { insertEntries, newIds } from './writes.js';

const ONLINE = CHANNELS.filter((c) => c.kind === 'online').map((c) => c.code);

/** Entries joined with their items, of one commune (`$1`). */
export const JOINED = `FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id WHERE e.commune_id = $1`;
/** Live entries of live items. */
export const LIVE = 'e.deleted_at IS NULL AND i.deleted_at IS NULL';
const NEWEST_FIRST = 'ORDER BY e.at DESC, e.id DESC';

/** The SQL conditions of a filter (after `$1`, the commune), and their values. */
export function filterSql(filter: EntryFilter, values: unknown[]): string {
  const where: string[] = [LIVE];
  const add = (sql: (n: string) => string, value: unknown): void => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.from || filter.to) {
    const bounds = rangeBounds(filter.from ?? '1900-01-01', filter.to ?? '2999-12-30');
    add((n) => `e.at >= ${n}`, bounds.start);
    add((n) => `e.at < ${n}`, bounds.endExclusive);
  }
  if (filter.channel) add((n) => `e.channel = ${n}`, filter.channel);
  if (filter.format) add((n) => `i.format = ${n}`, filter.format);
  if (filter.topic) add((n) => `${n} = ANY (i.topics)`, filter.topic);
  if (filter.unit) add((n) => `i.unit = ${n}`, filter.unit);
  if (filter.missingViews) add((n) => `e.views IS NULL AND e.channel = ANY (${n})`, ONLINE);
  if (filter.online) add((n) => `e.channel = ANY (${n})`, ONLINE);
  const q = filter.q ? foldText(filter.q) : '';
  // Every word in the item's text or the entry's (as `matchesQuery` on their joined text).
  if (q) for (const word of q.split(' ')) add((n) => `(i.search LIKE ${n} OR e.search LIKE ${n})`, likeWord(word));
  return where.join(' AND ');
}

export async function entry(db: Queryable, commune: number, id: number): Promise<EntryWithItem | null> {
  const r = await one(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.id = $2`, [commune, id]);
  return r ? viewOf(r) : null;
}

export async function entriesWithIds(db: Queryable, commune: number, ids: readonly number[]): Promise<EntryWithItem[]> {
  const found = new Map((await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.id = ANY ($2::bigint[])`, [commune, ids])).map(viewOf).map((v) => [v.id, v]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

export async function listEntries(db: Queryable, commune: number, filter: EntryFilter, paging: Paging): Promise<Page<EntryWithItem>> {
  const values: unknown[] = [commune];
  const where = filterSql(filter, values);
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n ${JOINED} AND ${where}`, values))!.n;
  const page = await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${where} ${NEWEST_FIRST} LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map(viewOf) };
}

/** One page after a position of the log order (newest first), for streaming. */
export async function entriesAfter(db: Queryable, commune: number, filter: EntryFilter, after: { at: string; id: number } | null, limit: number, upToId?: number): Promise<EntryWithItem[]> {
  const values: unknown[] = [commune];
  let where = filterSql(filter, values);
  if (upToId !== undefined) {
    values.push(upToId);
    where += ` AND e.id <= $${values.length}`;
  }
  if (after) {
    values.push(after.at, after.id);
    where += ` AND (e.at, e.id) < ($${values.length - 1}, $${values.length})`;
  }
  return (await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${where} ${NEWEST_FIRST} LIMIT ${limit}`, values)).map(viewOf);
}

export async function entriesOfItem(db: Queryable, commune: number, itemId: number): Promise<Entry[]> {
  return (await rows(db, `SELECT ${ENTRY_COLUMNS} FROM entries e WHERE e.commune_id = $1 AND e.item_id = $2 AND e.deleted_at IS NULL ${NEWEST_FIRST}`, [commune, itemId])).map(entryOf);
}

export async function entriesBetweenTimes(db: Queryable, commune: number, from: string, toExclusive: string): Promise<EntryWithItem[]> {
  const found = await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${LIVE} AND e.at >= $2 AND e.at < $3 ORDER BY e.at, e.id`, [commune, from, toExclusive]);
  return found.map(viewOf);
}

export async function lastAirings(db: Queryable, commune: number, itemIds: number[]): Promise<Record<number, Entry>> {
  if (!itemIds.length) return {};
  const found = await rows(db, `SELECT DISTINCT ON (e.item_id) ${ENTRY_COLUMNS} ${JOINED} AND ${LIVE} AND e.item_id = ANY ($2) ORDER BY e.item_id, e.at DESC, e.id DESC`, [commune, itemIds]);
  return Object.fromEntries(found.map((r) => [r.e_item_id as number, entryOf(r)]));
}

export async function lastEntryBy(db: Queryable, commune: number, username: string): Promise<EntryWithItem | null> {
  const r = await one(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.recorded_by = $2 ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1`, [commune, username]);
  return r ? viewOf(r) : null;
}

export async function deletedEntries(db: Queryable, commune: number): Promise<EntryWithItem[]> {
  return (await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC`, [commune])).map(viewOf);
}

/** The entries' part of a transaction: new and changed entries, and the reads they depend on. */
export class TxEntries {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  entry(id: number): Promise<EntryWithItem | null> {
    return entry(this.db, this.commune, id);
  }

  lastAirings(itemIds: number[]): Promise<Record<number, Entry>> {
    return lastAirings(this.db, this.commune, itemIds);
  }

  entriesBetweenTimes(from: string, toExclusive: string): Promise<EntryWithItem[]> {
    return entriesBetweenTimes(this.db, this.commune, from, toExclusive);
  }

  async createEntry(fields: Omit<Entry, 'id'>): Promise<Entry> {
    const values = entryValues(fields);
    const r = await one(this.db, `INSERT INTO entries AS e (commune_id, ${ENTRY_FIELDS}) VALUES ($1, ${params(2, values.length)}) RETURNING ${ENTRY_COLUMNS}`, [this.commune, ...values]);
    return entryOf(r!);
  }

  async replaceEntry(next: Entry): Promise<void> {
    const values = entryValues(next);
    const res = await this.db.query(`UPDATE entries SET (${ENTRY_FIELDS}) = (${params(3, values.length)}) WHERE commune_id = $1 AND id = $2`, [this.commune, next.id, ...values]);
    if (!res.rowCount) throw new Error(`no entry ${next.id}`);
    await markEdited(this.db, this.commune);
  }

  /** Many entries at once (an import): ids from the sequence, rows in chunks. */
  async createEntries(list: Omit<Entry, 'id'>[]): Promise<Entry[]> {
    const ids = await newIds(this.db, 'entries_id_seq', list.length);
    const made = list.map((fields, i) => ({ ...fields, id: ids[i]! }) as Entry);
    await insertEntries(this.db, this.commune, made);
    return made;
  }
}
