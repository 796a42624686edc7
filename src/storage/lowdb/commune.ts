import { recordThroughTx } from '../entry-write.js';
import type { CommuneStorage, CommuneTx } from '../port.js';
import * as audit from './audit.js';
import { logMark, prepareBatch } from './batch.js';
import * as entries from './entries.js';
import * as files from './files.js';
import * as imports from './imports.js';
import * as items from './items.js';
import * as metrics from './metrics.js';
import * as plan from './year-plan.js';
import * as schedule from './schedule.js';
import * as settings from './settings.js';
import type { LowdbState } from './state.js';
import * as summaries from './summaries.js';
import { lowdbTx } from './transaction.js';
import * as watch from './watch.js';

/**
 * Runs the changes of a data directory's memory one at a time: every commune's transactions (they
 * share the accounts) and the making of communes. The next may start while the previous is being written.
 */
export class TxQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.then(() => undefined, () => undefined);
    return run;
  }
}

/** A commune of an embedded data directory, read from memory, written through transactions. */
export function communeStorage(s: LowdbState, code: string, queue: TxQueue): CommuneStorage {
  const transaction = <T>(work: (tx: CommuneTx) => Promise<T>): Promise<T> => {
    const run = queue.run(async () => {
      const tx = lowdbTx(s);
      let result: T;
      try {
        result = await work(tx);
      } catch (err) {
        tx.changes.rollback();
        throw err;
      }
      const { files: touched, undo } = tx.changes.finish();
      return { result, durable: touched.size ? s.committer.commit(touched, undo) : Promise.resolve() };
    });
    return run.then(async ({ result, durable }) => {
      await durable;
      return result;
    });
  };
  return {
    code,
    entry: async (id) => entries.entry(s, id),
    entriesWithIds: async (ids) => ids.flatMap((id) => entries.entry(s, id) ?? []),
    listEntries: async (filter, paging) => entries.listEntries(s, filter, paging),
    streamEntries: (filter) => entries.streamEntries(s, filter),
    entriesOfItem: async (itemId) => entries.entriesOfItem(s, itemId),
    entriesBetweenTimes: async (from, to) => entries.entriesBetweenTimes(s, from, to),
    lastAirings: async (itemIds) => entries.lastAirings(s, itemIds),
    lastChannelUsedBy: async (username) => entries.lastChannelUsedBy(s, username),
    lastEntryBy: async (username) => entries.lastEntryBy(s, username),
    deletedEntries: async () => entries.deletedEntries(s),
    item: async (id) => items.item(s, id),
    itemsWithIds: async (ids) => ids.flatMap((id) => items.item(s, id) ?? []),
    listItems: async (q, paging) => items.listItems(s, q, paging),
    unclassifiedItems: async (filter, paging) => items.unclassifiedItems(s, filter, paging),
    itemsTitled: async (titles) => items.itemsTitled(s, titles),
    recentItems: async (limit) => items.recentItems(s, limit),
    deletedItems: async () => items.deletedItems(s),
    codesInUse: async () => items.codesInUse(s),
    countEntries: async (from, to) => entries.countEntries(s, from, to),
    countFirstAirings: async (from, to) => entries.countFirstAirings(s, from, to),
    counts: async () => ({ items: s.items.size, entries: s.entries.size, audit: s.audit.length }),
    file: async (id) => files.file(s, id),
    filesOf: async (owner) => files.filesOf(s, owner),
    attachmentsBetween: async (from, to) => files.attachmentsBetween(s, from, to),
    queryAudit: async (filter, paging) => audit.queryAudit(s, filter, paging),
    auditOf: async (type, id) => audit.auditOf(s, type, id),
    settings: async () => settings.settings(s),
    imports: async () => imports.listImports(s.imports.data),
    importRecord: async (id) => imports.importRecord(s.imports.data, id),
    lastImportMapping: async () => structuredClone(s.imports.data.lastMapping),
    logMark: async () => logMark(s),
    planYears: async () => plan.planYears(s.plan.data),
    planTasks: async (year) => plan.planTasks(s.plan.data, year),
    taskNotes: async (year, from, to) => plan.taskNotes(s.plan.data, year, from, to),
    prepareBatch: (batch) => prepareBatch(s, batch),
    entryGround: async (itemId, known) => ({
      settings: known ?? settings.settings(s),
      item: itemId === null ? null : items.item(s, itemId),
      lastAiring: itemId === null ? null : (entries.lastAirings(s, [itemId])[itemId] ?? null),
    }),
    recordEntry: (write) => transaction((tx) => recordThroughTx(tx, write)),
    slots: async () => schedule.liveSlots(s),
    slot: async (id) => schedule.slot(s, id),
    listSummaries: async () => summaries.listSummaries(s),
    summary: async (id) => summaries.summary(s, id),
    lastSummarizedWeek: async () => summaries.lastSummarizedWeek(s),
    platformKeys: async () => structuredClone(s.metrics.data.keys),
    metricStates: async (entryIds) => metrics.metricStates(s.metrics.data, entryIds),
    metricReadings: async (entryId) => metrics.metricReadings(s.metrics.data, entryId),
    metricsRun: async () => structuredClone(s.metrics.data.run),
    watchPlaces: async () => watch.watchPlaces(s.watch.data),
    inboxPosts: async () => watch.inboxPosts(s.watch.data),
    inboxCount: async () => watch.inboxCount(s.watch.data),
    postsMatching: async (urlKeys, titleKeys) => watch.postsMatching(s.watch.data, urlKeys, titleKeys),
    linkedEntries: async (urls) => entries.linkedEntries(s, urls),
    transaction,
  };
}
