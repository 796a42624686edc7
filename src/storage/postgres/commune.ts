import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { CommuneStorage, CommuneTx } from '../port.js';
import * as audit from './audit.js';
import { logMark, prepareBatch } from './batch.js';
import { inTransaction, one, type Queryable } from './db.js';
import * as entries from './entries.js';
import * as entryWrite from './entry-write.js';
import * as figures from './figures.js';
import * as files from './files.js';
import * as imports from './imports.js';
import * as items from './items.js';
import * as metrics from './metrics.js';
import * as plan from './year-plan.js';
import type { WriteQueue } from './queue.js';
import * as schedule from './schedule.js';
import * as settings from './settings.js';
import * as summaries from './summaries.js';
import { pgTx } from './transaction.js';
import * as watch from './watch.js';

/** Rows per batch when entries are streamed (an export). */
const STREAM_BATCH = 250;

/** Transactions of one commune run one after another: each takes the commune's advisory lock first. */
export const COMMUNE_LOCK_CLASS = 1;

/** Thrown when a commune's code is not in the database (the web answers 404 before it comes to this). */
export class UnknownCommuneError extends Error {}

/**
 * Which commune's transaction the running code is inside. A read through the pool from inside a
 * transaction would wait for a second client while holding the first (and the commune's lock): with
 * the pool full of such waits nothing moves again. Such a read fails at once instead (a bug to fix:
 * read through the transaction); tests/transactions.test.ts finds them in the source first.
 */
const insideTransaction = new AsyncLocalStorage<string>();

function outsideTransactions(what: string): void {
  const inside = insideTransaction.getStore();
  if (inside !== undefined) throw new Error(`${what} inside a transaction of commune ${inside}: read through the transaction`);
}

/**
 * One commune of the database, by code: reads on the pool, writes in transactions holding the
 * commune's lock. Its row id is looked up at the first call (another process may have made it).
 */
export function communeStorage(pool: pg.Pool, code: string, queue: WriteQueue, lockMs: number): CommuneStorage {
  let known: Promise<number> | null = null;
  const idOf = (): Promise<number> => {
    known ??= one<{ id: number }>(pool, 'SELECT id FROM communes WHERE code = $1', [code]).then((r) => {
      if (!r) {
        known = null;
        throw new UnknownCommuneError(`no commune ${code}`);
      }
      return r.id;
    });
    return known;
  };
  return scoped(pool, code, idOf, queue, lockMs);
}

function scoped(pool: pg.Pool, code: string, idOf: () => Promise<number>, queue: WriteQueue, lockMs: number): CommuneStorage {
  const db: Queryable = pool;
  // Each read with the commune's id first.
  const on =
    <A extends unknown[], R>(read: (db: Queryable, id: number, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      outsideTransactions('a read through the pool');
      return read(db, await idOf(), ...args);
    };
  return {
    code,
    entry: on(entries.entry),
    entriesWithIds: on(entries.entriesWithIds),
    listEntries: on(entries.listEntries),
    streamEntries: (filter) => streamEntries(pool, idOf, filter),
    entriesOfItem: on(entries.entriesOfItem),
    entriesBetweenTimes: on(entries.entriesBetweenTimes),
    lastAirings: on(entries.lastAirings),
    lastChannelUsedBy: async (username) => (await entries.lastEntryBy(db, await idOf(), username))?.channel ?? null,
    lastEntryBy: on(entries.lastEntryBy),
    deletedEntries: on(entries.deletedEntries),
    item: on(items.item),
    itemsWithIds: on(items.itemsWithIds),
    listItems: on(items.listItems),
    unclassifiedItems: on(items.unclassifiedItems),
    itemsTitled: on(items.itemsTitled),
    recentItems: on(items.recentItems),
    deletedItems: on(items.deletedItems),
    codesInUse: on(items.codesInUse),
    // One statement (the totals, every breakdown and the topics): it reads one snapshot by itself.
    countEntries: on(figures.countEntries),
    countFirstAirings: on(figures.countFirstAirings),
    counts: on(
      async (q, id) =>
        (await one<{ items: number; entries: number; audit: number }>(
          q,
          `SELECT (SELECT count(*) FROM items WHERE commune_id = $1)::int AS items, (SELECT count(*) FROM entries WHERE commune_id = $1)::int AS entries,
             (SELECT count(*) FROM audit WHERE commune_id = $1)::int AS audit`,
          [id],
        ))!,
    ),
    file: on(files.file),
    filesOf: on(files.filesOf),
    attachmentsBetween: on(files.attachmentsBetween),
    queryAudit: on(audit.queryAudit),
    auditOf: on(audit.auditOf),
    settings: on(settings.settings),
    imports: on(imports.imports),
    importRecord: on(imports.importRecord),
    lastImportMapping: on(imports.lastImportMapping),
    planYears: on(plan.planYears),
    planTasks: on(plan.planTasks),
    taskNotes: on(plan.taskNotes),
    slots: on(schedule.liveSlots),
    slot: on(schedule.slot),
    listSummaries: on((q, id) => summaries.summaries(q, id)),
    summary: on(summaries.summary),
    lastSummarizedWeek: on(summaries.lastSummarizedWeek),
    platformKeys: on(metrics.platformKeys),
    metricStates: on(metrics.metricStates),
    metricReadings: on(metrics.metricReadings),
    metricsRun: on(metrics.metricsRun),
    watchPlaces: on(watch.watchPlaces),
    inboxPosts: on(watch.inboxPosts),
    inboxCount: on(watch.inboxCount),
    postsMatching: on(watch.postsMatching),
    linkedEntries: on(watch.linkedEntries),
    logMark: on(logMark),
    prepareBatch: (batch) => prepareBatch(db, batch),
    entryGround: on(entryWrite.entryGround),
    // One statement: queued in the process like a transaction, the lock waited for inside it.
    recordEntry: async (write) => {
      outsideTransactions('a write through the pool');
      const id = await idOf();
      return queue.run(id, (leftMs) => entryWrite.recordEntry(pool, id, Math.min(lockMs, leftMs), write));
    },
    // Queued in the process first, so that waiting writes hold no client; then the lock, for other processes,
    // waited for at most what is left of the queue's time (and `lockMs`): a write waits its turn that long in all.
    transaction: async <T>(work: (tx: CommuneTx) => Promise<T>): Promise<T> => {
      outsideTransactions('a transaction');
      const id = await idOf();
      return queue.run(id, (leftMs) => inTransaction(pool, (client) => insideTransaction.run(code, () => work(pgTx(client, id))), [COMMUNE_LOCK_CLASS, id], Math.min(lockMs, leftMs)));
    },
  };
}

/**
 * Live entries matching a filter, newest first, in batches, each batch one short read of the pool:
 * no client nor snapshot is held while a slow client downloads. Only entries recorded before the
 * reading started are read, so entries recorded meanwhile neither shift nor repeat rows (paging is
 * by time and id); an entry deleted meanwhile is left out of the batches still to come.
 */
async function* streamEntries(pool: pg.Pool, idOf: () => Promise<number>, filter: Parameters<typeof entries.entriesAfter>[2]): AsyncGenerator<Awaited<ReturnType<typeof entries.entriesAfter>>, void, undefined> {
  const commune = await idOf();
  const upTo = (await one<{ id: number }>(pool, 'SELECT coalesce(max(id), 0) AS id FROM entries WHERE commune_id = $1', [commune]))!.id;
  let after: { at: string; id: number } | null = null;
  for (;;) {
    const batch = await entries.entriesAfter(pool, commune, filter, after, STREAM_BATCH, upTo);
    if (!batch.length) break;
    yield batch;
    const last = batch.at(-1)!;
    after = { at: last.at, id: last.id };
    if (batch.length < STREAM_BATCH) break;
  }
}
