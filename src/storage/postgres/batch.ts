/**
 * Batches of new items and entries (an import): given their ids ahead of their transaction
 * (`prepareBatch`), inserted by it (`TxBatches.publishBatch`); and the log's marks, to tell what
 * changed since (the commune's `edits` counts the changes of existing items and entries).
 */
import type { Entry, Item } from '../../domain/model.js';
import type { LogMark, NewBatch, PreparedBatch } from '../port.js';
import { one, type Queryable, rows } from './db.js';
import { ENTRY_COLUMNS, entryOf, ITEM_COLUMNS, itemOf } from './records.js';
import { insertEntries, insertItems, newIds } from './writes.js';

/** A batch made ready: its records with their ids, inserted when the transaction publishes it. */
export class PgBatch implements PreparedBatch {
  published = false;

  constructor(
    readonly items: Item[],
    readonly entries: Entry[],
  ) {
    this.itemIds = items.map((i) => i.id);
    this.entryIds = entries.map((e) => e.id);
  }

  readonly itemIds: readonly number[];
  readonly entryIds: readonly number[];

  async discard(): Promise<void> {
    // Nothing was written: the ids taken are simply not used.
  }
}

/**
 * Gives a batch its ids ahead of its transaction (entries numbered in time order, as the log reads
 * them), so that the transaction only inserts the rows.
 */
export async function prepareBatch(db: Queryable, batch: NewBatch): Promise<PgBatch> {
  const { items, entries, newItemOf } = batch;
  const itemIds = await newIds(db, 'items_id_seq', items.length);
  items.forEach((item, i) => (item.id = itemIds[i]!));
  entries.forEach((e, i) => {
    const n = newItemOf[i] ?? -1;
    if (n >= 0) e.itemId = items[n]!.id;
  });
  const oldestFirst = entries.map((e, i) => ({ e, i })).sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i));
  const entryIds = await newIds(db, 'entries_id_seq', entries.length);
  oldestFirst.forEach(({ e }, k) => (e.id = entryIds[k]!));
  return new PgBatch(items, entries);
}

/** The log's point now: its changes so far and its newest ids. */
export async function logMark(db: Queryable, commune: number): Promise<LogMark> {
  return (await one<LogMark>(
    db,
    `SELECT c.edits, coalesce((SELECT max(id) FROM items WHERE commune_id = c.id), 0) AS item, coalesce((SELECT max(id) FROM entries WHERE commune_id = c.id), 0) AS entry
     FROM communes c WHERE c.id = $1`,
    [commune],
  ))!;
}

/** Counts a change of existing items or entries (an edit, a deletion): what was planned against the log before must be planned again. */
export async function markEdited(db: Queryable, commune: number): Promise<void> {
  await db.query('UPDATE communes SET edits = edits + 1 WHERE id = $1', [commune]);
}

/** The batches' part of a transaction: publishing one, and what changed since a mark. */
export class TxBatches {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  async changesSince(mark: LogMark): Promise<{ items: Item[]; entries: Entry[] } | null> {
    const now = await one<{ edits: number }>(this.db, 'SELECT edits FROM communes WHERE id = $1', [this.commune]);
    if (mark.edits === undefined || mark.item === undefined || mark.entry === undefined || now!.edits !== mark.edits) return null;
    const newItems = await rows(this.db, `SELECT ${ITEM_COLUMNS} FROM items i WHERE i.commune_id = $1 AND i.id > $2 ORDER BY i.id`, [this.commune, mark.item]);
    const newEntries = await rows(this.db, `SELECT ${ENTRY_COLUMNS} FROM entries e WHERE e.commune_id = $1 AND e.id > $2 ORDER BY e.id`, [this.commune, mark.entry]);
    return { items: newItems.map(itemOf), entries: newEntries.map(entryOf) };
  }

  async publishBatch(prepared: PreparedBatch): Promise<void> {
    const batch = prepared as PgBatch;
    if (batch.published) throw new Error('batch published already');
    await insertItems(this.db, this.commune, batch.items);
    await insertEntries(this.db, this.commune, batch.entries);
    // Its ids were taken before the transaction: an import planned meanwhile must plan again.
    await markEdited(this.db, this.commune);
    batch.published = true;
  }
}
