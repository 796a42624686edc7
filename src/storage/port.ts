/**
 * The storage port: what the services need from a storage engine, and nothing about how it is kept.
 * Every call is async; everything a commune owns is reached through `commune(code)`; reads return
 * plain values (copies, never objects the engine keeps) and entries come joined with their items;
 * filters, paging and "not deleted" are decided by the engine; writes happen in a transaction with
 * their audit records, and the engine assigns every id. Engines: `lowdb/` (embedded: one data
 * directory, with a folder inside it for each further commune) and `postgres/`. One contract test
 * suite (tests/storage/contract.ts) runs against each of them.
 */
import type { Readable } from 'node:stream';
import type { ApiToken, User } from '../domain/auth.js';
import type { UnclassifiedFilter } from '../domain/classify.js';
import type { ReportCounts } from '../domain/counting.js';
import type { FileRecord } from '../domain/files.js';
import type { EntryFilter, Paging } from '../domain/filters.js';
import type { AuditDraft, AuditRecord, AuditTargetType, Entry, EntryWithItem, Item, Page } from '../domain/model.js';
import type { Settings } from '../domain/settings.js';
import type { Summary } from '../domain/summary.js';
import type { ImportMapping } from '../domain/import-columns.js';
import type { ImportRecord } from '../domain/imports.js';
import type { YearPlanTask, TaskNote } from '../domain/year-plan.js';
import type { Slot } from '../domain/schedule.js';
import type { LocalDate, LocalIso } from '../domain/time.js';
import type { EntryGround, EntryWrite, EntryWriteOutcome } from './entry-write.js';
import type { MetricsReads } from './metrics-port.js';
import type { CommuneTx, LogMark, PreparedBatch } from './transaction.js';
import type { WatchReads } from './watch-port.js';

export type { CommuneTx, LogMark, PreparedBatch } from './transaction.js';
export type { LinkedEntry } from './watch-port.js';

/** A commune-level unit (xã, phường, đặc khu) served by the deployment. */
export interface Commune {
  code: string;
  name: string;
  /** xã, phường or đặc khu; empty when not told yet. */
  kind: string;
}

/** One commune's figures for a period, for the city's view. */
export interface CommuneCounts {
  code: string;
  counts: ReportCounts;
}

/** What the audit trail can be filtered on. Dates are inclusive local dates. */
export interface AuditFilter {
  from?: LocalDate;
  to?: LocalDate;
  user?: string;
  /** An action, or a family of them (`auth` for `auth.login`, `auth.logout`...). */
  action?: string;
  target?: { type: AuditTargetType; id: number | string };
}

/** An attached file with what it belongs to. */
export interface FileWithOwner extends FileRecord {
  /** Whether the entry (and its item) or the item it is attached to is live. */
  ownerLive: boolean;
}

/** A file to put into the evidence bundle of a period: attached to an entry of it, or to an item aired in it. */
export interface Attachment {
  file: FileRecord;
  /** The entry it is attached to; null for a file of the item. */
  entry: EntryWithItem | null;
  item: Item;
}

/** The whole deployment: its communes, and the accounts, sessions and files beside them. */
export interface Storage {
  /** A short name of the engine, for the start-up line. */
  readonly engine: string;
  /** The communes, in the order they were made. A ward's embedded data directory is its first commune. */
  communes(): Promise<Commune[]>;
  /** Adds a commune (its own log, settings, plan… start empty): `exists` when the code is taken. */
  createCommune(commune: Commune): Promise<'created' | 'exists'>;
  /**
   * Every commune's figures for [from, to] (Vietnam dates, inclusive), as each commune counts its own:
   * the totals and the figures by channel (the other breakdowns may be left empty).
   */
  cityCounts(from: LocalDate, to: LocalDate): Promise<CommuneCounts[]>;
  /** The codes of the communes that recorded no entry at or after this time. */
  idleCommunes(since: LocalIso): Promise<string[]>;
  /** Everything one commune owns. Without a code: the deployment's first commune. */
  commune(code?: string): CommuneStorage;
  readonly users: UserReads;
  /** The deployment's own audit trail, apart from every commune's. */
  readonly deploymentAudit: DeploymentAudit;
  readonly loginSessions: LoginSessionStorage;
  /** Counters of the log-in limits shared by every process of the deployment; absent where one process serves (each keeps its own). */
  readonly limits?: LimitCounters;
  readonly blobs: BlobStore;
  /** The secret that signs cookies when none is configured: generated once, then kept. */
  sessionSecret(): Promise<string>;
  /** Resolves when the storage answers now; throws (with the reason) when it cannot (the health check). */
  ping(): Promise<void>;
  /** A line describing what is stored, for the start-up message. */
  describe(): Promise<string>;
  /** Waits for writes in flight and lets go of everything held. */
  close(): Promise<void>;
}

/** The reads of one commune's data; writes go through `transaction`. */
export interface CommuneStorage extends MetricsReads, WatchReads {
  readonly code: string;

  /** An entry with its item, deleted or not; null when there is none. */
  entry(id: number): Promise<EntryWithItem | null>;
  /** Entries with their items, deleted or not, in the order of `ids` (ids with no entry left out): a list page in one read. */
  entriesWithIds(ids: readonly number[]): Promise<EntryWithItem[]>;
  /** Live entries matching a filter, newest first (by time, then id), one page and the total. */
  listEntries(filter: EntryFilter, paging: Paging): Promise<Page<EntryWithItem>>;
  /**
   * Live entries matching a filter, newest first, for exports, in batches (of up to 1,000): memory
   * stays flat however many there are. The rows are those live when the reading starts.
   */
  streamEntries(filter: EntryFilter): AsyncIterable<EntryWithItem[]>;
  /** The live entries of a live or deleted item, newest first. */
  entriesOfItem(itemId: number): Promise<Entry[]>;
  /** The live entries whose time is in [from, to) (stored times), oldest first. */
  entriesBetweenTimes(from: LocalIso, toExclusive: LocalIso): Promise<EntryWithItem[]>;
  /** Each item's newest live entry (items without one are left out). */
  lastAirings(itemIds: number[]): Promise<Record<number, Entry>>;
  /** The channel of the newest entry this user recorded. */
  lastChannelUsedBy(username: string): Promise<string | null>;
  /** The newest entry this user recorded (deleted or not), with its item. */
  lastEntryBy(username: string): Promise<EntryWithItem | null>;
  /** Deleted entries (with their items, which may be deleted too), newest deletion first. */
  deletedEntries(): Promise<EntryWithItem[]>;

  /** An item, deleted or not. */
  item(id: number): Promise<Item | null>;
  /** Items, deleted or not, in the order of `ids` (ids with no item left out): the items a page names, in one read. */
  itemsWithIds(ids: readonly number[]): Promise<Item[]>;
  /** Live items whose title, summary or author hold every word of `q` (diacritics ignored), newest first. */
  listItems(q: string, paging: Paging): Promise<Page<Item>>;
  /** Live items whose title, folded (`foldText`: case, spacing and diacritics ignored), is one of these; newest first. */
  itemsTitled(foldedTitles: string[]): Promise<Item[]>;
  /** Live items without a topic ("Chưa phân loại") matching a filter, newest first, one page and the total. */
  unclassifiedItems(filter: UnclassifiedFilter, paging: Paging): Promise<Page<Item>>;
  /** The live items of the most recent live entries, most recent first, each once. */
  recentItems(limit: number): Promise<Item[]>;
  /** Deleted items, newest deletion first. */
  deletedItems(): Promise<Item[]>;
  /** The unit and topic codes some item uses, deleted items too (such codes are retired, never removed). */
  codesInUse(): Promise<{ units: string[]; topics: string[] }>;

  /** The counts of the live entries whose time falls in [from, to] (Vietnam dates, inclusive). */
  countEntries(from: LocalDate, to: LocalDate): Promise<ReportCounts>;
  /** How many live items first went out (their earliest live entry) within [from, to]. */
  countFirstAirings(from: LocalDate, to: LocalDate): Promise<number>;
  /** How many records are kept, deleted ones included. */
  counts(): Promise<{ items: number; entries: number; audit: number }>;

  /** An attached file's record, with whether its owner is live. */
  file(id: number): Promise<FileWithOwner | null>;
  /** The files attached to an item or an entry, in the order they were attached. */
  filesOf(owner: FileRecord['owner']): Promise<FileRecord[]>;
  /** The files of the live entries of [from, to], oldest entry first, each followed by its item's files the first time the item appears. */
  attachmentsBetween(from: LocalDate, to: LocalDate): Promise<Attachment[]>;

  /** The audit trail, newest first, filtered and paged. */
  queryAudit(filter: AuditFilter, paging: Paging): Promise<Page<AuditRecord>>;
  /** The audit records about one record, oldest first. */
  auditOf(type: AuditTargetType, id: number | string): Promise<AuditRecord[]>;

  settings(): Promise<Settings>;

  /** The imports of spreadsheets, newest first, without their lists of ids. */
  imports(): Promise<ImportRecord[]>;
  /** One import with the ids of what it created. */
  importRecord(id: number): Promise<ImportRecord | null>;
  /** The column mapping of the last import, to offer it again. */
  lastImportMapping(): Promise<ImportMapping | null>;

  /** The years that have plan tasks, oldest first. */
  planYears(): Promise<number[]>;
  /** A year's plan tasks in the plan's order; null when none were ever set for that year. */
  planTasks(year: number): Promise<YearPlanTask[] | null>;
  /** The office's notes on a year's tasks for one report period. */
  taskNotes(year: number, from: LocalDate, to: LocalDate): Promise<TaskNote[]>;

  /** The programme schedule's live slots, by start time. */
  slots(): Promise<Slot[]>;
  /** A slot, deleted or not. */
  slot(id: number): Promise<Slot | null>;

  /** Weekly summaries, newest week first, newest version first. */
  listSummaries(): Promise<Summary[]>;
  summary(id: number): Promise<Summary | null>;
  /** The last week the schedule summarised (its Monday). */
  lastSummarizedWeek(): Promise<LocalDate | null>;

  /** A point in the log's history: a transaction can later ask what changed since (`changesSince`). */
  logMark(): Promise<LogMark>;
  /**
   * Makes many new items and entries ready ahead of the transaction that adds them to the log
   * (`publishBatch`), so that this transaction is short however large the batch: ids are given now
   * (in place: the storage takes the records over), the records may be written out, nothing is
   * visible yet. A batch not published is discarded.
   */
  prepareBatch(batch: NewBatch): Promise<PreparedBatch>;

  /** What recording one entry reads first (see `entry-write.ts`): the settings (unless `known`: the caller's copy, read this request), the item asked for and its last airing. */
  entryGround(itemId: number | null, known?: Settings): Promise<EntryGround>;
  /** Records one entry (and its new item) with their audit records, atomically, after checking under the commune's lock what it relied on. */
  recordEntry(write: EntryWrite): Promise<EntryWriteOutcome>;

  /**
   * Runs `work` as one transaction: everything it writes (records and their audit records) is kept
   * together or not at all, and durable when the promise resolves. Transactions of one commune are
   * isolated from each other: what `work` reads through `tx` cannot change under it.
   */
  transaction<T>(work: (tx: CommuneTx) => Promise<T>): Promise<T>;
}

/**
 * New records for `prepareBatch`. Their ids are assigned by the storage, in place. An entry whose
 * `newItemOf` is an index belongs to `items[index]` (its `itemId` is then set); with -1 its `itemId`
 * names an item already in the log.
 */
export interface NewBatch {
  items: Item[];
  entries: Entry[];
  newItemOf: readonly number[];
  /** The items' titles folded (`foldText`), when the caller has them already. */
  titleKeys?: readonly string[];
}

/**
 * The deployment's own audit trail: the events of its accounts (those of no commune: its admins, the
 * city's viewers) and of usernames no account has, which no commune's trail holds.
 */
export interface DeploymentAudit {
  /** Appends a record that goes with no other write (a log-in), durably. A change of an account appends its own in its transaction (`CommuneTx.appendDeploymentAudit`). */
  append(record: AuditDraft): Promise<AuditRecord>;
  /** The trail, newest first, filtered and paged. */
  queryAudit(filter: AuditFilter, paging: Paging): Promise<Page<AuditRecord>>;
  /** The records about one record (an account, a token), oldest first. */
  auditOf(type: AuditTargetType, id: number | string): Promise<AuditRecord[]>;
}

/** Accounts and API tokens (read side; writes go through a transaction). */
export interface UserReads {
  get(username: string): Promise<User | null>;
  /** Every account, by username. */
  list(): Promise<User[]>;
  count(): Promise<number>;
  /** The live token with this hash. */
  tokenByHash(hash: string): Promise<ApiToken | null>;
  /** The account of the live token with this hash, in one read (an API call's first question). */
  userOfToken(hash: string): Promise<User | null>;
  /** A user's live tokens, newest first. */
  tokensOf(username: string): Promise<ApiToken[]>;
}

/** Counters over a time window, by key (log-in attempts). Times are epoch milliseconds. */
export interface LimitCounters {
  /** Counts one more hit; a window that has ended starts again. */
  increment(key: string, windowMs: number, now: number): Promise<{ hits: number; resetAt: number }>;
  decrement(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** A signed-in session as express-session keeps it. */
export interface LoginSessionStorage {
  get(sid: string): Promise<Record<string, unknown> | null>;
  /** Stores a session until `expires` (epoch ms). */
  set(sid: string, session: Record<string, unknown>, expires: number): Promise<void>;
  destroy(sid: string): Promise<void>;
}

/** Evidence files' bytes, kept once per content. */
export interface BlobStore {
  /** Keeps the bytes of a stream durably; returns their SHA-256 and size. */
  put(bytes: Readable): Promise<{ sha256: string; size: number }>;
  /** The bytes kept under a SHA-256; null when they are not there (removed from the disk). */
  open(sha256: string): Promise<Readable | null>;
}
