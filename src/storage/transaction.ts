/**
 * What a transaction of one commune offers (its writes, and every read they depend on: code inside a
 * transaction reads through it, never around it), and the marks and batches it works with. Part of
 * the storage port (port.ts), which re-exports it.
 */
import type { ApiToken, User } from '../domain/auth.js';
import type { FileRecord } from '../domain/files.js';
import type { ImportMapping } from '../domain/import-columns.js';
import type { ImportRecord } from '../domain/imports.js';
import type { AuditDraft, AuditRecord, Entry, EntryWithItem, Item } from '../domain/model.js';
import type { YearPlanTask, TaskNote } from '../domain/year-plan.js';
import type { Slot } from '../domain/schedule.js';
import type { Settings } from '../domain/settings.js';
import type { Summary, SummaryDelivery } from '../domain/summary.js';
import type { LocalDate, LocalIso } from '../domain/time.js';
import type { MetricsWrites } from './metrics-port.js';
import type { WatchTx } from './watch-port.js';

/** A point in a commune's log history, as the storage knows it (opaque to the services). */
export type LogMark = Readonly<Record<string, number>>;

/** A batch made ready by `prepareBatch`: the ids it gave, in the order of the records given. */
export interface PreparedBatch {
  readonly itemIds: readonly number[];
  readonly entryIds: readonly number[];
  /** Lets go of a batch that was not published (a published one is kept). */
  discard(): Promise<void>;
}

/** The writes (and the reads they depend on) of one transaction. */
export interface CommuneTx extends MetricsWrites, WatchTx {
  entry(id: number): Promise<EntryWithItem | null>;
  item(id: number): Promise<Item | null>;
  /** Stores a new item; the storage gives it its id. */
  createItem(item: Omit<Item, 'id'>): Promise<Item>;
  /** Replaces an item by a new version (same id). */
  replaceItem(item: Item): Promise<void>;
  createEntry(entry: Omit<Entry, 'id'>): Promise<Entry>;
  replaceEntry(entry: Entry): Promise<void>;
  createFile(file: Omit<FileRecord, 'id'>): Promise<FileRecord>;
  appendAudit(record: AuditDraft): Promise<AuditRecord>;
  /**
   * Appends a record to the deployment's own trail (`Storage.deploymentAudit`) instead of the commune's,
   * kept or dropped with this transaction: a change of one of the deployment's accounts.
   */
  appendDeploymentAudit(record: AuditDraft): Promise<AuditRecord>;
  /** The commune's settings as this transaction sees them. */
  settings(): Promise<Settings>;
  putSettings(settings: Settings): Promise<void>;
  /** Each item's newest live entry (items without one are left out). */
  lastAirings(itemIds: number[]): Promise<Record<number, Entry>>;
  entriesBetweenTimes(from: LocalIso, toExclusive: LocalIso): Promise<EntryWithItem[]>;
  itemsTitled(foldedTitles: string[]): Promise<Item[]>;
  slots(): Promise<Slot[]>;
  createSlot(slot: Omit<Slot, 'id'>): Promise<Slot>;
  /** Many items or entries at once (an import), with ids in order. */
  createItems(items: Omit<Item, 'id'>[]): Promise<Item[]>;
  createEntries(entries: Omit<Entry, 'id'>[]): Promise<Entry[]>;
  /**
   * The items and entries created since `mark`, or null when records were changed or deleted since
   * (or the storage cannot tell): then whatever was planned against the log at `mark` is planned again.
   */
  changesSince(mark: LogMark): Promise<{ items: Item[]; entries: Entry[] } | null>;
  /** Adds a prepared batch to the log, in this transaction. */
  publishBatch(batch: PreparedBatch): Promise<void>;
  /** The years that have plan tasks, oldest first. */
  planYears(): Promise<number[]>;
  /** A year's plan tasks in the plan's order; null when none were ever set for that year. */
  planTasks(year: number): Promise<YearPlanTask[] | null>;
  /** Sets a year's plan tasks (the whole list, in order). */
  putPlanTasks(year: number, tasks: YearPlanTask[]): Promise<void>;
  /** Sets the note on a task for a period (same year, task and dates: replaced); an empty text removes it. */
  putTaskNote(note: TaskNote): Promise<void>;
  /** One import with the ids of what it created. */
  importRecord(id: number): Promise<ImportRecord | null>;
  /**
   * Deletes softly the live ones among these entries and items, stamped deleted and updated `at` by
   * `by`, in a few statements whatever their number (undoing an import); how many of each were live.
   */
  deleteMany(ids: { entryIds: readonly number[]; itemIds: readonly number[] }, at: LocalIso, by: string): Promise<{ entries: number; items: number }>;
  createImport(record: Omit<ImportRecord, 'id'>): Promise<ImportRecord>;
  replaceImport(record: ImportRecord): Promise<void>;
  setLastImportMapping(mapping: ImportMapping): Promise<void>;
  replaceSlot(slot: Slot): Promise<void>;

  summariesOfWeek(weekStart: LocalDate): Promise<Summary[]>;
  lastSummarizedWeek(): Promise<LocalDate | null>;
  createSummary(summary: Omit<Summary, 'id'>): Promise<Summary>;
  setLastSummarizedWeek(week: LocalDate): Promise<void>;
  setSummaryDelivery(id: number, delivery: SummaryDelivery): Promise<void>;

  user(username: string): Promise<User | null>;
  /** Every account of the deployment, by username. */
  users(): Promise<User[]>;
  userCount(): Promise<number>;
  createUser(user: User): Promise<void>;
  replaceUser(user: User): Promise<void>;
  /** The live tokens of a user. */
  tokensOf(username: string): Promise<ApiToken[]>;
  createToken(token: ApiToken): Promise<void>;
  replaceToken(token: ApiToken): Promise<void>;
}

/**
 * Which noun's part of an engine's transaction answers each call of `CommuneTx`: the same for both
 * engines, each of which keeps one part per noun (its `transaction.ts` builds them) and routes through
 * `routeCalls`. Every call is routed once (checked by the type).
 */
const TX_ROUTES = {
  entry: 'entries', createEntry: 'entries', replaceEntry: 'entries', createEntries: 'entries', lastAirings: 'entries', entriesBetweenTimes: 'entries',
  item: 'items', createItem: 'items', replaceItem: 'items', createItems: 'items', itemsTitled: 'items',
  createFile: 'files',
  appendAudit: 'audit',
  appendDeploymentAudit: 'deploymentAudit',
  settings: 'settings', putSettings: 'settings',
  slots: 'schedule', createSlot: 'schedule', replaceSlot: 'schedule',
  planYears: 'yearPlan', planTasks: 'yearPlan', putPlanTasks: 'yearPlan', putTaskNote: 'yearPlan',
  importRecord: 'imports', createImport: 'imports', replaceImport: 'imports', setLastImportMapping: 'imports', deleteMany: 'imports',
  changesSince: 'batches', publishBatch: 'batches',
  summariesOfWeek: 'summaries', lastSummarizedWeek: 'summaries', createSummary: 'summaries', setLastSummarizedWeek: 'summaries', setSummaryDelivery: 'summaries',
  user: 'users', users: 'users', userCount: 'users', createUser: 'users', replaceUser: 'users', tokensOf: 'users', createToken: 'users', replaceToken: 'users',
  platformKeys: 'metrics', putPlatformKeys: 'metrics', metricStates: 'metrics', putMetricStates: 'metrics', metricReadings: 'metrics', addMetricReadings: 'metrics', metricsRun: 'metrics', putMetricsRun: 'metrics',
  watchPlace: 'watch', watchPlaces: 'watch', createWatchPlace: 'watch', replaceWatchPlace: 'watch', watchPosts: 'watch', postsMatching: 'watch', createWatchPosts: 'watch', replaceWatchPost: 'watch', watchRound: 'watch', setWatchRound: 'watch',
} as const satisfies { [Call in keyof CommuneTx]: string };

type Routes = typeof TX_ROUTES;
/** A noun of a transaction's parts. */
export type TxNoun = Routes[keyof Routes];
/** An engine's parts: for each noun, an object answering the calls routed to it. */
export type TxParts = { [Noun in TxNoun]: Pick<CommuneTx, { [Call in keyof Routes]: Routes[Call] extends Noun ? Call : never }[keyof Routes]> };

/** A transaction whose every call is answered by the part of its noun. */
export function routeCalls(parts: TxParts): CommuneTx {
  const tx: Record<string, unknown> = {};
  for (const [call, noun] of Object.entries(TX_ROUTES)) {
    const part = parts[noun as TxNoun] as unknown as Record<string, (...args: unknown[]) => unknown>;
    tx[call] = (...args: unknown[]) => part[call]!(...args);
  }
  return tx as unknown as CommuneTx;
}
