/**
 * The planner's statistics after a bulk write. A transaction that inserts many rows at once (an
 * import's confirmation, a published batch, a ward loaded into the city) leaves PostgreSQL planning
 * on the table's old statistics until autovacuum comes round, a minute later or, for a new commune
 * in a large city table, much later. On those a keyset read of the log can sort the commune's whole
 * log for every batch of 250 (an export of 100,000 rows just after they were imported took 29 s,
 * against 0.8 s once analysed). So, as PostgreSQL's manual advises after populating a table, the
 * tables such a transaction filled are analysed once it has committed.
 */
import type pg from 'pg';

/** Rows of one table inserted by one transaction from which its statistics are refreshed. */
export const ANALYZE_AFTER_ROWS = 1_000;

type BulkTable = 'items' | 'entries';

/** Rows inserted in bulk so far by each transaction's client (forgotten when the client is). */
const inserted = new WeakMap<object, Map<BulkTable, number>>();

/** Counts rows a transaction inserted in bulk into a table. */
export function noteBulkInsert(db: object, table: BulkTable, n: number): void {
  const counts = inserted.get(db) ?? new Map<BulkTable, number>();
  counts.set(table, (counts.get(table) ?? 0) + n);
  inserted.set(db, counts);
}

/** Forgets what a transaction inserted (it was rolled back). */
export function forgetBulkInserts(db: object): void {
  inserted.delete(db);
}

/**
 * Analyses the tables a transaction just committed many rows into, on its client. The rows are
 * stored whatever happens here: a failure (another analysis holding the table past the lock wait,
 * the statement's time limit) leaves the statistics to autovacuum and is not the writer's error.
 */
export async function analyzeAfterCommit(db: pg.PoolClient): Promise<void> {
  const counts = inserted.get(db);
  if (!counts) return;
  inserted.delete(db);
  for (const [table, n] of counts) {
    if (n < ANALYZE_AFTER_ROWS) continue;
    await db.query(`ANALYZE ${table}`).catch(() => undefined);
  }
}
