/**
 * What the reports' SQL counts for each entry row of a PostgreSQL database, beside what the domain
 * counts for the entry the row holds: the two must be the same for every row, however it was written.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Contribution, contributionOf, monthOf } from '../../src/domain/counting.js';
import type { Queryable } from '../../src/storage/postgres/db.js';
import { ENTRY_COLUMNS, entryOf } from '../../src/storage/postgres/records.js';

export type Counted = Contribution & { month: string };

export interface CountedRow {
  commune: number;
  id: number;
  /** As the SQL counts the row: one entry, its `play_count` as plays, its stored columns (migration 0006) for the rest. */
  stored: Counted;
  /** `contributionOf` and `monthOf` of the entry read from the row. */
  domain: Counted;
}

/** Every entry row, deleted ones too, in (commune, id) order; the first `limit` of them when given. */
export async function countedRows(db: Queryable, limit?: number): Promise<CountedRow[]> {
  const found = await db.query(
    `SELECT e.commune_id, ${ENTRY_COLUMNS}, e.month, e.airtime, e.counted_views, e.counted_interactions
     FROM entries e ORDER BY e.commune_id, e.id${limit === undefined ? '' : ` LIMIT ${limit}`}`,
  );
  return found.rows.map((r) => {
    const entry = entryOf(r);
    return {
      commune: r.commune_id as number,
      id: entry.id,
      stored: { entries: 1, plays: entry.playCount, airtimeSeconds: Number(r.airtime), views: r.counted_views as number, interactions: r.counted_interactions as number, month: r.month as string },
      domain: { ...contributionOf(entry), month: monthOf(entry.at) },
    };
  });
}

/** The rows whose stored counts are not the domain's, for an assertion that names them. */
export async function rowsCountedOtherwise(db: Queryable, limit?: number): Promise<CountedRow[]> {
  return (await countedRows(db, limit)).filter((r) => !isDeepStrictEqual(r.stored, r.domain));
}
