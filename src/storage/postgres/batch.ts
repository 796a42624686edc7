import type { Entry, Item } from '../../domain/model.js';
import type { NewBatch, PreparedBatch } from '../port.js';
import type { Queryable } from './db.js';
import { newIds } from './writes.js';

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
