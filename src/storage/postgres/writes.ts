/** Inserts of many items and entries at once: ids from the sequences, rows in chunks. */
import type { Entry, Item } from '../../domain/model.js';
import { type Queryable, rows } from './db.js';
import { noteBulkInsert } from './statistics.js';
import { ENTRY_FIELDS, entryValues, ITEM_FIELDS, itemValues } from './records.js';

/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters in one). */
const ROWS_PER_INSERT = 1_000;

/** `n` new ids of a sequence, ascending. */
export async function newIds(db: Queryable, sequence: 'items_id_seq' | 'entries_id_seq', n: number): Promise<number[]> {
  if (!n) return [];
  const found = await rows<{ id: number }>(db, `SELECT nextval('${sequence}')::int AS id FROM generate_series(1, $1) ORDER BY 1`, [n]);
  return found.map((r) => r.id);
}

async function insertRows(db: Queryable, table: 'items' | 'entries', fields: string, commune: number, records: { id: number }[], valuesOf: (r: never) => unknown[]): Promise<void> {
  for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
    const chunk = records.slice(i, i + ROWS_PER_INSERT);
    const values: unknown[] = [commune];
    const tuples = chunk.map((r) => {
      const v = [r.id, ...valuesOf(r as never)];
      const first = values.length + 1;
      values.push(...v);
      return `($1, ${v.map((_, k) => `$${first + k}`).join(', ')})`;
    });
    await db.query(`INSERT INTO ${table} (commune_id, id, ${fields}) VALUES ${tuples.join(', ')}`, values);
  }
  noteBulkInsert(db, table, records.length);
}

/** Inserts items that already have their ids. */
export const insertItems = (db: Queryable, commune: number, items: Item[]): Promise<void> => insertRows(db, 'items', ITEM_FIELDS, commune, items, itemValues as (r: never) => unknown[]);

/** Inserts entries that already have their ids. */
export const insertEntries = (db: Queryable, commune: number, entries: Entry[]): Promise<void> => insertRows(db, 'entries', ENTRY_FIELDS, commune, entries, entryValues as (r: never) => unknown[]);
