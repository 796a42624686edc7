/**
 * A transaction that inserts many entries or items at once has the table analysed after it commits,
 * so that the next reads are planned on statistics that know the rows (without it, an export of
 * 100,000 rows just imported sorted the whole log for each batch: `src/storage/postgres/statistics.ts`).
 * Only manual analyses are counted (`analyze_count`; autovacuum's own are `autoanalyze_count`).
 */
import { describe, expect, it } from 'vitest';
import { entryStamps } from '../../src/domain/model.js';
import { toLocalIso } from '../../src/domain/time.js';
import { ANALYZE_AFTER_ROWS } from '../../src/storage/postgres/statistics.js';
import { draft, NOW, openStore } from '../helpers.js';
import type { TestStore } from '../test-store.js';
import { poolOf } from '../pg/databases.js';


/** How many times each table was analysed by a command, and the rows its statistics count. */
async function statistics(store: TestStore): Promise<Record<string, { analyses: number; rows: number }>> {
  const found = await poolOf(store).query<{ relname: string; analyses: number; rows: number }>(
    `SELECT s.relname, s.analyze_count AS analyses, c.reltuples AS rows FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname IN ('entries', 'items')`,
  );
  return Object.fromEntries(found.rows.map((r) => [r.relname, { analyses: Number(r.analyses), rows: Number(r.rows) }]));
}

/** Stores `n` entries of one item in one transaction, as an import's confirmation does. */
async function addEntries(store: TestStore, n: number, fail = false): Promise<void> {
  const first = await store.addEntry(draft({ title: 'Tin phát nhiều lần' }), 'bientap');
  const rows = Array.from({ length: n }, (_, i) => ({ ...draft().entry, itemId: first.item.id, note: `Lần phát thứ ${i + 1}`, ...entryStamps('bientap', toLocalIso(NOW)) }));
  await store.commune.transaction(async (tx) => {
    await tx.createEntries(rows);
    if (fail) throw new Error('refused after the rows were inserted');
  });
}

describe('statistics after bulk writes on PostgreSQL', () => {
  it('analyses the entries once a transaction inserting many of them commits, and counts them', async () => {
    const store = await openStore({ engine: 'postgres' });
    const before = await statistics(store);
    await addEntries(store, ANALYZE_AFTER_ROWS);
    const after = await statistics(store);
    expect(after.entries!.analyses).toBe(before.entries!.analyses + 1);
    expect(after.entries!.rows).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
    // One item was made, singly: its table is left to autovacuum.
    expect(after.items!.analyses).toBe(before.items!.analyses);
    expect(await store.stats()).toMatchObject({ entries: ANALYZE_AFTER_ROWS + 1 });
  });

  it('leaves smaller writes, and rolled-back ones, to autovacuum', async () => {
    const store = await openStore({ engine: 'postgres' });
    const before = await statistics(store);
    await addEntries(store, ANALYZE_AFTER_ROWS - 1);
    await expect(addEntries(store, ANALYZE_AFTER_ROWS, true)).rejects.toThrow('refused after the rows were inserted');
    expect((await statistics(store)).entries!.analyses).toBe(before.entries!.analyses);
    // The rolled-back rows are not stored; its first entry, added in a transaction of its own, is.
    expect(await store.stats()).toMatchObject({ entries: ANALYZE_AFTER_ROWS - 1 + 2 });
  });
});
