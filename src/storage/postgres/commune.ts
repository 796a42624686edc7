import type pg from 'pg';
import type { CommuneStorage, CommuneTx, LogMark } from '../port.js';
import { prepareBatch } from './batch.js';
import { inTransaction, one, type Queryable } from './db.js';
import * as docs from './docs.js';
import * as entries from './entries.js';
import * as items from './items.js';
import { PgTx } from './tx.js';

/** Rows per batch when entries are streamed (an export). */
const STREAM_BATCH = 250;

/** Transactions of one commune run one after another: each takes the commune's advisory lock first. */
export const COMMUNE_LOCK_CLASS = 1;

/** One commune of the database: reads on the pool, writes in transactions holding the commune's lock. */
export function communeStorage(pool: pg.Pool, code: string, id: number): CommuneStorage {
  const db: Queryable = pool;
  return {
    code,
    entry: (entryId) => entries.entry(db, id, entryId),
    listEntries: (filter, paging) => entries.listEntries(db, id, filter, paging),
    streamEntries: (filter) => streamEntries(pool, id, filter),
    entriesOfItem: (itemId) => entries.entriesOfItem(db, id, itemId),
    entriesBetweenTimes: (from, to) => entries.entriesBetweenTimes(db, id, from, to),
    lastAirings: (itemIds) => entries.lastAirings(db, id, itemIds),
    lastChannelUsedBy: async (username) => (await entries.lastEntryBy(db, id, username))?.channel ?? null,
    lastEntryBy: (username) => entries.lastEntryBy(db, id, username),
    deletedEntries: () => entries.deletedEntries(db, id),
    item: (itemId) => items.item(db, id, itemId),
    listItems: (q, paging) => items.listItems(db, id, q, paging),
    itemsTitled: (titles) => items.itemsTitled(db, id, titles),
    recentItems: (limit) => items.recentItems(db, id, limit),
    deletedItems: () => items.deletedItems(db, id),
    codesInUse: () => items.codesInUse(db, id),
    countEntries: (from, to) => entries.countEntries(db, id, from, to),
    countFirstAirings: (from, to) => entries.countFirstAirings(db, id, from, to),
    counts: async () =>
      (await one<{ items: number; entries: number; audit: number }>(
        db,
        `SELECT (SELECT count(*) FROM items WHERE commune_id = $1)::int AS items, (SELECT count(*) FROM entries WHERE commune_id = $1)::int AS entries,
           (SELECT count(*) FROM audit WHERE commune_id = $1)::int AS audit`,
        [id],
      ))!,
    file: (fileId) => docs.file(db, id, fileId),
    filesOf: (owner) => docs.filesOf(db, id, owner),
    attachmentsBetween: (from, to) => docs.attachmentsBetween(db, id, from, to),
    queryAudit: (filter, paging) => docs.queryAudit(db, id, filter, paging),
    auditOf: (type, target) => docs.auditOf(db, id, type, target),
    settings: () => docs.settings(db, id),
    imports: () => docs.imports(db, id),
    importRecord: (importId) => docs.importRecord(db, id, importId),
    lastImportMapping: () => docs.lastImportMapping(db, id),
    planYears: () => docs.planYears(db, id),
    planTasks: (year) => docs.planTasks(db, id, year),
    taskNotes: (year, from, to) => docs.taskNotes(db, id, year, from, to),
    slots: () => docs.liveSlots(db, id),
    slot: (slotId) => docs.slot(db, id, slotId),
    listSummaries: () => docs.summaries(db, id),
    summary: (summaryId) => docs.summary(db, id, summaryId),
    lastSummarizedWeek: () => docs.lastSummarizedWeek(db, id),
    logMark: async (): Promise<LogMark> =>
      (await one<LogMark>(
        db,
        `SELECT c.edits, coalesce((SELECT max(id) FROM items WHERE commune_id = c.id), 0) AS item, coalesce((SELECT max(id) FROM entries WHERE commune_id = c.id), 0) AS entry
         FROM communes c WHERE c.id = $1`,
        [id],
      ))!,
    prepareBatch: (batch) => prepareBatch(db, batch),
    transaction: <T>(work: (tx: CommuneTx) => Promise<T>): Promise<T> =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [COMMUNE_LOCK_CLASS, id]);
        return work(new PgTx(client, id));
      }),
  };
}

/**
 * Live entries matching a filter, newest first, in batches, from one snapshot of the database (a
 * read-only repeatable-read transaction): entries recorded while a long export streams neither shift
 * nor repeat rows.
 */
async function* streamEntries(pool: pg.Pool, commune: number, filter: Parameters<typeof entries.entriesAfter>[2]): AsyncGenerator<Awaited<ReturnType<typeof entries.entriesAfter>>, void, undefined> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let after: { at: string; id: number } | null = null;
    for (;;) {
      const batch = await entries.entriesAfter(client, commune, filter, after, STREAM_BATCH);
      if (!batch.length) break;
      yield batch;
      const last = batch.at(-1)!;
      after = { at: last.at, id: last.id };
      if (batch.length < STREAM_BATCH) break;
    }
    await client.query('COMMIT');
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
