/** The items (`items`): the reads, and new and changed items in a transaction. */
import type { UnclassifiedFilter } from '../../domain/classify.js';
import type { Paging } from '../../domain/filters.js';
import type { Item, Page } from '../../domain/model.js';
import { RECENT_ENTRIES, recentItems as domainRecentItems } from '../../domain/recent-items.js';
import { foldText } from '../../domain/text.js';
import { rangeBounds } from '../../domain/time.js';
import { markEdited } from './batch.js';
import { one, type Queryable, rows } from './db.js';
import { ITEM_COLUMNS, ITEM_FIELDS, itemOf, itemValues, likeWord, params } from './records.js';
import { insertItems, newIds } from './writes.js';

const ITEMS = `SELECT ${ITEM_COLUMNS} FROM items i WHERE i.commune_id = $1`;

export async function item(db: Queryable, commune: number, id: number): Promise<Item | null> {
  const r = await one(db, `${ITEMS} AND i.id = $2`, [commune, id]);
  return r ? itemOf(r) : null;
}

export async function itemsWithIds(db: Queryable, commune: number, ids: readonly number[]): Promise<Item[]> {
  const found = new Map((await rows(db, `${ITEMS} AND i.id = ANY ($2::bigint[])`, [commune, ids])).map(itemOf).map((i) => [i.id, i]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

export async function listItems(db: Queryable, commune: number, q: string, paging: Paging): Promise<Page<Item>> {
  const values: unknown[] = [commune];
  let where = 'i.deleted_at IS NULL';
  const folded = foldText(q);
  if (folded)
    for (const word of folded.split(' ')) {
      values.push(likeWord(word));
      where += ` AND i.search LIKE $${values.length}`;
    }
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM items i WHERE i.commune_id = $1 AND ${where}`, values))!.n;
  const page = await rows(db, `${ITEMS} AND ${where} ORDER BY i.id DESC LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map(itemOf) };
}

/** Live items without a topic (migration 0007 indexes them), newest first: of an import, aired in a period, titled with every word. */
export async function unclassifiedItems(db: Queryable, commune: number, filter: UnclassifiedFilter, paging: Paging): Promise<Page<Item>> {
  const values: unknown[] = [commune];
  const where = ['i.deleted_at IS NULL', 'cardinality(i.topics) = 0'];
  const add = (sql: (n: string) => string, value: unknown): void => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.itemIds) add((n) => `i.id = ANY (${n})`, filter.itemIds);
  const folded = filter.q ? foldText(filter.q) : '';
  if (folded) for (const word of folded.split(' ')) add((n) => `i.title_key LIKE ${n}`, likeWord(word));
  if (filter.from || filter.to) {
    const bounds = rangeBounds(filter.from ?? '1900-01-01', filter.to ?? '2999-12-30');
    values.push(bounds.start, bounds.endExclusive);
    where.push(`EXISTS (SELECT 1 FROM entries e WHERE e.commune_id = $1 AND e.item_id = i.id AND e.deleted_at IS NULL AND e.at >= $${values.length - 1} AND e.at < $${values.length})`);
  }
  const condition = where.join(' AND ');
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM items i WHERE i.commune_id = $1 AND ${condition}`, values))!.n;
  const page = await rows(db, `${ITEMS} AND ${condition} ORDER BY i.id DESC LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map(itemOf) };
}

export async function itemsTitled(db: Queryable, commune: number, folded: string[]): Promise<Item[]> {
  if (!folded.length) return [];
  return (await rows(db, `${ITEMS} AND i.deleted_at IS NULL AND i.title_key = ANY ($2) ORDER BY i.id DESC`, [commune, folded])).map(itemOf);
}

/** The items of the most recent live entries, most recent first, each once (the window is the domain's). */
export async function recentItems(db: Queryable, commune: number, limit: number): Promise<Item[]> {
  const found = await rows(
    db,
    `SELECT ${ITEM_COLUMNS} FROM (SELECT e.item_id, e.at, e.id FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
       WHERE e.commune_id = $1 AND e.deleted_at IS NULL AND i.deleted_at IS NULL ORDER BY e.at DESC, e.id DESC LIMIT ${RECENT_ENTRIES}) r
     JOIN items i ON i.commune_id = $1 AND i.id = r.item_id ORDER BY r.at DESC, r.id DESC`,
    [commune],
  );
  return domainRecentItems(found.map(itemOf), limit);
}

export async function deletedItems(db: Queryable, commune: number): Promise<Item[]> {
  return (await rows(db, `${ITEMS} AND i.deleted_at IS NOT NULL ORDER BY i.deleted_at DESC, i.id DESC`, [commune])).map(itemOf);
}

export async function codesInUse(db: Queryable, commune: number): Promise<{ units: string[]; topics: string[] }> {
  const units = await rows<{ unit: string }>(db, 'SELECT DISTINCT unit FROM items WHERE commune_id = $1', [commune]);
  const topics = await rows<{ topic: string }>(db, 'SELECT DISTINCT unnest(topics) AS topic FROM items WHERE commune_id = $1', [commune]);
  return { units: units.map((r) => r.unit), topics: topics.map((r) => r.topic) };
}

/** The items' part of a transaction: new and changed items, and the reads they depend on. */
export class TxItems {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  item(id: number): Promise<Item | null> {
    return item(this.db, this.commune, id);
  }

  itemsTitled(foldedTitles: string[]): Promise<Item[]> {
    return itemsTitled(this.db, this.commune, foldedTitles);
  }

  async createItem(fields: Omit<Item, 'id'>): Promise<Item> {
    const r = await one(this.db, `INSERT INTO items AS i (commune_id, ${ITEM_FIELDS}) VALUES ($1, ${params(2, 15)}) RETURNING ${ITEM_COLUMNS}`, [this.commune, ...itemValues(fields)]);
    return itemOf(r!);
  }

  async replaceItem(next: Item): Promise<void> {
    const res = await this.db.query(`UPDATE items SET (${ITEM_FIELDS}) = (${params(3, 15)}) WHERE commune_id = $1 AND id = $2`, [this.commune, next.id, ...itemValues(next)]);
    if (!res.rowCount) throw new Error(`no item ${next.id}`);
    await markEdited(this.db, this.commune);
  }

  /** Many items at once (an import): ids from the sequence, rows in chunks. */
  async createItems(list: Omit<Item, 'id'>[]): Promise<Item[]> {
    const ids = await newIds(this.db, 'items_id_seq', list.length);
    const made = list.map((fields, i) => ({ ...structuredClone(fields), id: ids[i]! }) as Item);
    await insertItems(this.db, this.commune, made);
    return made;
  }
}
