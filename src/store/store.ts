import { access, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileRecord } from '../domain/files.js';
import { type EntryFilter, entrySearchText, matchesFilter, type Paging } from '../domain/filters.js';
import {
  type AuditAction,
  type AuditRecord,
  type AuditTargetType,
  changedFields,
  ENTRY_FIELD_KEYS,
  type Entry,
  type EntryFields,
  ITEM_FIELD_KEYS,
  type Item,
  type ItemFields,
} from '../domain/model.js';
import { foldText, matchesQuery } from '../domain/text.js';
import { type LocalDate, rangeBounds, toLocalIso } from '../domain/time.js';
import type { NewEntryDraft } from '../domain/validation.js';
import { defaultSettings, type Settings, vocabularyFrom } from '../domain/settings.js';
import type { WeeklyFigures } from '../domain/summary.js';
import type { Vocabulary } from '../domain/vocabulary.js';
import { makeBlobsPrivate } from './blobs.js';
import { Doc, type Undo } from './doc.js';
import { CorruptDataFileError, syncDir } from './durable-file.js';
import { checkManifest, checkSegment, checkSettings, checkSummaries } from './shapes.js';
import { EntryTimeline } from './entry-index.js';
import { type DataDirLock, lockDataDir } from './lock.js';
import { FileSessionStore } from './sessions.js';
import { UserRepo } from './users.js';

/** One file of the log: the items, entries and audit records it was written with. */
interface SegmentData {
  format: 'cchc-log-segment/1';
  items: Item[];
  entries: Entry[];
  audit: AuditRecord[];
  /** Attached evidence files (absent in segments written before attachments existed). */
  files?: FileRecord[];
}

interface Segment {
  seq: number;
  doc: Doc<SegmentData>;
}

/** A weekly summary: the figures as they were when it was made, never changed afterwards. */
export interface Summary {
  id: number;
  weekStart: LocalDate;
  /** 1 for the first summary of a week; a later one made on demand is a newer version. */
  version: number;
  createdAt: string;
  /** A username, or 'lịch tự động' for the schedule. */
  createdBy: string;
  figures: WeeklyFigures;
  /** E-mail delivery, when configured: tried, delivered or failed (the summary is kept regardless). */
  delivery: { status: 'none' | 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null; at: string | null };
}

/** `summaries.json`: the weekly summaries and the last week the schedule summarised. */
interface SummariesData {
  format: 'cchc-summaries/1';
  summaries: Summary[];
  lastWeek: LocalDate | null;
  audit: AuditRecord[];
}

/** `settings.json`: the commune's settings and the records of their changes. */
interface SettingsData {
  format: 'cchc-settings/1';
  settings: Settings;
  audit: AuditRecord[];
}

export interface StoreOptions {
  dataDir: string;
  clock?: () => Date;
  /**
   * New records go to the newest segment file until it passes this size; then a new one is started.
   * Every write rewrites one segment, so this bounds the cost of a write whatever the history holds.
   */
  segmentMaxBytes?: number;
}

/** Thrown by writes on a record that does not exist (or is deleted, where that matters). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'NotFoundError';
  }
}

const SEGMENT_RE = /^(\d{6,})\.json$/;
const MANIFEST_NAME = 'manifest.json';

/** `log/manifest.json`: how many segment files the log has. */
interface ManifestData {
  format: 'cchc-log-manifest/1';
  segments: number;
}
const DEFAULT_SEGMENT_MAX_BYTES = 32 * 1024;

function segmentName(seq: number): string {
  return `${String(seq).padStart(6, '0')}.json`;
}

function emptySegment(): SegmentData {
  return { format: 'cchc-log-segment/1', items: [], entries: [], audit: [] };
}

/** Replaces `old` by `next` in an array of records (by identity) and returns the undo. */
function replaceIn<T>(list: T[], old: T, next: T): Undo {
  const i = list.indexOf(old);
  if (i < 0) throw new Error('record not in its segment');
  list[i] = next;
  return () => {
    const j = list.indexOf(next);
    if (j >= 0) list[j] = old;
  };
}

function removeFrom<T>(list: T[], value: T): void {
  const i = list.lastIndexOf(value);
  if (i >= 0) list.splice(i, 1);
}

export interface Page<T> {
  total: number;
  rows: T[];
}

/** What the audit trail can be filtered on. Dates are inclusive local dates. */
export interface AuditFilter {
  from?: LocalDate;
  to?: LocalDate;
  user?: string;
  action?: string;
  target?: { type: AuditTargetType; id: number | string };
}

/**
 * The store: the only module that speaks to lowdb. All records live in memory, indexed; the log is
 * kept on disk as segment files (`log/000001.json`, ...), each holding the items, entries and audit
 * records it was written with. Every change rewrites exactly one segment, atomically and durably.
 */
export class Store {
  private readonly segments: Segment[] = [];
  private readonly items = new Map<number, Item>();
  private readonly entries = new Map<number, Entry>();
  private readonly itemHome = new Map<number, Segment>();
  private readonly entryHome = new Map<number, Segment>();
  private readonly timeline = new EntryTimeline();
  private readonly audit: AuditRecord[] = [];
  private readonly files = new Map<number, FileRecord>();
  private nextFileId = 1;
  private readonly searchCache = new WeakMap<Entry, { item: Item; text: string }>();
  private nextItemId = 1;
  private nextEntryId = 1;
  private nextAuditId = 1;
  private opening: Promise<Segment> | null = null;
  private manifest!: Doc<ManifestData>;
  /** Accounts and API tokens. */
  users!: UserRepo;
  /** The sessions of signed-in users (express-session's store). */
  sessions!: FileSessionStore;
  private settingsDoc!: Doc<SettingsData>;
  private summariesDoc!: Doc<SummariesData>;
  private vocab!: Vocabulary;

  private constructor(
    readonly dataDir: string,
    private readonly clock: () => Date,
    private readonly segmentMaxBytes: number,
    private readonly lock: DataDirLock,
  ) {}

  /** Opens (and creates if needed) the data directory, takes its one-writer lock and loads the log. */
  static async open(options: StoreOptions): Promise<Store> {
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await mkdir(path.join(dataDir, 'log'), { recursive: true, mode: 0o700 });
    await syncDir(dataDir);
    const lock = await lockDataDir(dataDir);
    const store = new Store(dataDir, options.clock ?? (() => new Date()), options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES, lock);
    try {
      // Uploads a crash interrupted were never acknowledged: their temporary folders go.
      await rm(path.join(dataDir, 'tmp'), { recursive: true, force: true });
      await makeBlobsPrivate(dataDir);
      await store.load();
      store.users = await UserRepo.open(dataDir, { make: (...args) => store.newAudit(...args), index: (r) => store.indexAudit(r) }, () => store.now());
      store.sessions = await FileSessionStore.open(dataDir, store.clock);
      const settingsFile = path.join(dataDir, 'settings.json');
      const hasSettings = await access(settingsFile).then(() => true, () => false);
      store.settingsDoc = await Doc.open<SettingsData>(settingsFile, { format: 'cchc-settings/1', settings: defaultSettings(), audit: [] }, checkSettings);
      // Settings written by an older version lack newer keys: fill them from the defaults.
      store.settingsDoc.data.settings = { ...defaultSettings(), ...store.settingsDoc.data.settings };
      store.vocab = vocabularyFrom(store.settingsDoc.data.settings);
      store.summariesDoc = await Doc.open<SummariesData>(path.join(dataDir, 'summaries.json'), { format: 'cchc-summaries/1', summaries: [], lastWeek: null, audit: [] }, checkSummaries);
      // Set-up (which makes whoever comes first the admin) is only for a data directory with no data at
      // all: accounts gone while a log or settings remain means a damaged directory, not a new one.
      if (store.users.count() === 0 && (store.items.size || store.entries.size || store.files.size || hasSettings)) {
        const usersFile = path.join(dataDir, 'users.json');
        const present = await access(usersFile).then(() => true, () => false);
        throw new CorruptDataFileError(usersFile, `${present ? 'holds no account' : 'is missing'} while the data directory holds ${store.entries.size} log entries${hasSettings ? ' and settings' : ''}`);
      }
      for (const record of [...store.users.auditRecords(), ...store.settingsDoc.data.audit, ...store.summariesDoc.data.audit]) {
        store.audit.push(record);
        store.nextAuditId = Math.max(store.nextAuditId, record.id + 1);
      }
      store.audit.sort((a, b) => a.id - b.id);
    } catch (err) {
      await lock.release();
      throw err;
    }
    return store;
  }

  private get logDir(): string {
    return path.join(this.dataDir, 'log');
  }

  private async load(): Promise<void> {
    const names = await readdir(this.logDir);
    // Temporary files are writes that a crash interrupted before their rename: never acknowledged.
    await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => unlink(path.join(this.logDir, n))));
    const seqs = names.flatMap((n) => {
      const m = SEGMENT_RE.exec(n);
      return m ? [Number(m[1])] : [];
    });
    seqs.sort((a, b) => a - b);
    await this.checkManifest(seqs, names.includes(MANIFEST_NAME));
    for (const seq of seqs) {
      const doc = await Doc.open<SegmentData>(path.join(this.logDir, segmentName(seq)), emptySegment(), checkSegment);
      const segment: Segment = { seq, doc };
      this.segments.push(segment);
      for (const item of doc.data.items) {
        this.items.set(item.id, item);
        this.itemHome.set(item.id, segment);
        this.nextItemId = Math.max(this.nextItemId, item.id + 1);
      }
      for (const entry of doc.data.entries) {
        this.entries.set(entry.id, entry);
        this.entryHome.set(entry.id, segment);
        this.nextEntryId = Math.max(this.nextEntryId, entry.id + 1);
      }
      for (const record of doc.data.audit) {
        this.audit.push(record);
        this.nextAuditId = Math.max(this.nextAuditId, record.id + 1);
      }
      for (const file of doc.data.files ?? []) {
        this.files.set(file.id, file);
        this.nextFileId = Math.max(this.nextFileId, file.id + 1);
      }
    }
    this.timeline.rebuild(this.entries.values());
    this.audit.sort((a, b) => a.id - b.id);
  }

  /**
   * The log knows how many segment files it must have: `log/manifest.json` is updated each time a new
   * segment has been written (so it may lag by one after a crash, never lead). A missing segment, or a
   * manifest that disagrees with the files, refuses the start, naming the file to restore.
   */
  private async checkManifest(seqs: number[], manifestExists: boolean): Promise<void> {
    this.manifest = await Doc.open<ManifestData>(path.join(this.logDir, MANIFEST_NAME), { format: 'cchc-log-manifest/1', segments: 0 }, checkManifest);
    const last = seqs.at(-1) ?? 0;
    for (let seq = 1, i = 0; seq <= last; seq++) {
      if (seqs[i] === seq) i++;
      else throw new CorruptDataFileError(path.join(this.logDir, segmentName(seq)), `is missing, while later log files (up to ${segmentName(last)}) are there`);
    }
    const listed = this.manifest.data.segments;
    if (manifestExists && last < listed) {
      throw new CorruptDataFileError(path.join(this.logDir, segmentName(last + 1)), `is missing (the log's manifest lists ${listed} files, ${last} are there)`);
    }
    if (manifestExists && last > listed + 1) {
      throw new CorruptDataFileError(path.join(this.logDir, MANIFEST_NAME), `lists ${listed} log files, but ${last} are there: it does not belong to this log`);
    }
    // A segment made just before a crash, or a log written before manifests existed: record it now.
    if (last !== listed || (!manifestExists && last > 0)) await this.recordSegments(last);
  }

  private recordSegments(count: number): Promise<void> {
    return this.manifest.apply((data) => {
      const old = data.segments;
      data.segments = count;
      return () => {
        data.segments = old;
      };
    });
  }

  /** Waits for writes in flight and releases the data directory. */
  async close(): Promise<void> {
    await Promise.all([...this.segments.map((s) => s.doc.settled()), this.manifest?.settled(), this.users?.settled(), this.sessions?.settled(), this.settingsDoc?.settled(), this.summariesDoc?.settled()]);
    await this.lock.release();
  }

  /** The segment new records go to, starting a new one when the newest has grown past the limit. */
  private async activeSegment(): Promise<Segment> {
    const last = this.segments[this.segments.length - 1];
    if (last && last.doc.size < this.segmentMaxBytes) return last;
    // Concurrent writers must share one new segment, not each start their own.
    if (!this.opening) {
      const seq = (last?.seq ?? 0) + 1;
      this.opening = (async () => {
        try {
          const doc = await Doc.open<SegmentData>(path.join(this.logDir, segmentName(seq)), emptySegment(), checkSegment);
          // The new file is on disk before the manifest counts it, so the manifest never lists a file that is not there.
          await doc.apply(() => () => undefined);
          await this.recordSegments(seq);
          const segment = { seq, doc };
          this.segments.push(segment);
          return segment;
        } finally {
          this.opening = null;
        }
      })();
    }
    return this.opening;
  }

  private now(): string {
    return toLocalIso(this.clock());
  }

  private newAudit(user: string, action: AuditAction, target: AuditRecord['target'], diff?: { before?: Record<string, unknown>; after?: Record<string, unknown> }): AuditRecord {
    const record: AuditRecord = { id: this.nextAuditId++, at: this.now(), user, action, target };
    if (diff?.before) record.before = diff.before;
    if (diff?.after) record.after = diff.after;
    return record;
  }

  /** Adds a record to the in-memory trail (ids only grow, so appending keeps it sorted). */
  private indexAudit(record: AuditRecord): Undo {
    this.audit.push(record);
    return () => removeFrom(this.audit, record);
  }

  private pushAudit(segment: Segment, record: AuditRecord): Undo {
    segment.doc.data.audit.push(record);
    const unindex = this.indexAudit(record);
    return () => {
      removeFrom(segment.doc.data.audit, record);
      unindex();
    };
  }

  /** Writes an audit record that goes with no record of the log (a log-in, an export). */
  async recordEvent(user: string, action: AuditAction, target: AuditRecord['target'], details?: { before?: Record<string, unknown>; after?: Record<string, unknown> }): Promise<AuditRecord> {
    const segment = await this.activeSegment();
    const record = this.newAudit(user, action, target, details);
    await segment.doc.apply(() => this.pushAudit(segment, record));
    return record;
  }

  /** The audit trail, newest first, filtered and paged. */
  queryAudit(filter: AuditFilter, paging: Paging): Page<AuditRecord> {
    const start = filter.from ? rangeBounds(filter.from, filter.from).start : '';
    const end = filter.to ? rangeBounds(filter.to, filter.to).endExclusive : '';
    const rows: AuditRecord[] = [];
    let total = 0;
    const skip = (paging.page - 1) * paging.pageSize;
    for (let i = this.audit.length - 1; i >= 0; i--) {
      const r = this.audit[i]!;
      if (start && r.at < start) continue;
      if (end && r.at >= end) continue;
      if (filter.user && r.user !== filter.user) continue;
      if (filter.action && r.action !== filter.action && !r.action.startsWith(`${filter.action}.`)) continue;
      if (filter.target && !(r.target?.type === filter.target.type && r.target.id === filter.target.id)) continue;
      if (total >= skip && rows.length < paging.pageSize) rows.push(r);
      total++;
    }
    return { total, rows };
  }

  // ----- reads -----

  /** The vocabularies in force (units and topics from the settings, retired ones flagged). */
  vocabulary(): Vocabulary {
    return this.vocab;
  }

  /** The commune's settings. */
  settings(): Settings {
    return this.settingsDoc.data.settings;
  }

  /** Replaces the settings, recording what changed (top-level keys, before and after). */
  async updateSettings(next: Settings, user: string): Promise<Settings> {
    const old = this.settingsDoc.data.settings;
    const diff = changedFields(old, next, Object.keys(next) as (keyof Settings)[]);
    if (!diff) return old;
    const record = this.newAudit(user, 'settings.update', { type: 'settings', id: 'settings' }, diff);
    await this.settingsDoc.apply((data) => {
      data.settings = next;
      data.audit.push(record);
      this.vocab = vocabularyFrom(next);
      const unindex = this.indexAudit(record);
      return () => {
        data.settings = old;
        removeFrom(data.audit, record);
        this.vocab = vocabularyFrom(old);
        unindex();
      };
    });
    return next;
  }

  /** An item, deleted or not. */
  item(id: number): Item | undefined {
    return this.items.get(id);
  }

  /** An entry, deleted or not. */
  entry(id: number): Entry | undefined {
    return this.entries.get(id);
  }

  isLiveItem(id: number): boolean {
    const item = this.items.get(id);
    return !!item && !item.deletedAt;
  }

  /** An entry counts when neither it nor its item is deleted. */
  isLiveEntry(entry: Entry): boolean {
    return !entry.deletedAt && this.isLiveItem(entry.itemId);
  }

  private searchText(entry: Entry, item: Item): string {
    const cached = this.searchCache.get(entry);
    if (cached && cached.item === item) return cached.text;
    const text = entrySearchText(entry, item);
    this.searchCache.set(entry, { item, text });
    return text;
  }

  /**
   * Live entries matching a filter, newest first, lazily. The date range is fixed when called (a
   * copy of the references in range), so entries recorded while a long export streams neither shift
   * nor repeat rows.
   */
  *matchingEntries(filter: EntryFilter): Generator<Entry, void, undefined> {
    const list = this.timeline.list;
    let start = 0;
    let end = list.length;
    if (filter.from || filter.to) {
      const bounds = rangeBounds(filter.from ?? '1900-01-01', filter.to ?? '2999-12-30');
      start = this.timeline.firstBefore(bounds.endExclusive);
      end = this.timeline.firstBefore(bounds.start);
    }
    const slice = list.slice(start, end);
    const folded = filter.q ? foldText(filter.q) : '';
    for (const entry of slice) {
      if (entry.deletedAt) continue;
      const item = this.items.get(entry.itemId);
      if (!item || item.deletedAt) continue;
      if (!matchesFilter(entry, item, filter, folded, () => this.searchText(entry, item))) continue;
      yield entry;
    }
  }

  /** Live entries matching a filter, newest first, one page of them and the total. */
  listEntries(filter: EntryFilter, paging: Paging): Page<Entry> {
    const skip = (paging.page - 1) * paging.pageSize;
    const rows: Entry[] = [];
    let total = 0;
    for (const entry of this.matchingEntries(filter)) {
      if (total >= skip && rows.length < paging.pageSize) rows.push(entry);
      total++;
    }
    return { total, rows };
  }

  /** Live entries whose time falls in an inclusive range of local dates, oldest first. */
  entriesBetween(from: LocalDate, to: LocalDate): Entry[] {
    const { start, endExclusive } = rangeBounds(from, to);
    const list = this.timeline.list;
    const out: Entry[] = [];
    for (let i = this.timeline.firstBefore(endExclusive); i < list.length; i++) {
      const entry = list[i]!;
      if (entry.at < start) break;
      if (this.isLiveEntry(entry)) out.push(entry);
    }
    return out.reverse();
  }

  /** The live entries of an item, newest first. */
  entriesOfItem(itemId: number): Entry[] {
    return this.timeline.list.filter((e) => e.itemId === itemId && !e.deletedAt);
  }

  /** Live items whose title, summary or author match the words of `q`, newest first. */
  listItems(q: string, paging: Paging): Page<Item> {
    const folded = foldText(q);
    const rows: Item[] = [];
    let total = 0;
    const skip = (paging.page - 1) * paging.pageSize;
    const ids = [...this.items.keys()].sort((a, b) => b - a);
    for (const id of ids) {
      const item = this.items.get(id)!;
      if (item.deletedAt) continue;
      if (folded && !matchesQuery(foldText(`${item.title} ${item.summary} ${item.author}`), folded)) continue;
      if (total >= skip && rows.length < paging.pageSize) rows.push(item);
      total++;
    }
    return { total, rows };
  }

  /** The channel of the newest entry this user recorded, for the record form's default. */
  lastChannelUsedBy(user: string): string | undefined {
    let best: Entry | undefined;
    for (const e of this.entries.values()) {
      if (e.recordedBy === user && (!best || e.recordedAt > best.recordedAt || (e.recordedAt === best.recordedAt && e.id > best.id))) best = e;
    }
    return best?.channel;
  }

  /** The audit records about one record (item, entry, user...), oldest first. */
  auditOf(type: AuditTargetType, id: number | string): AuditRecord[] {
    return this.audit.filter((r) => r.target?.type === type && r.target.id === id);
  }

  /** The unit and topic codes some item uses (deleted ones too): they are retired, never removed. */
  codesInUse(): { units: Set<string>; topics: Set<string> } {
    const units = new Set<string>();
    const topics = new Set<string>();
    for (const item of this.items.values()) {
      units.add(item.unit);
      for (const t of item.topics) topics.add(t);
    }
    return { units, topics };
  }

  /** Deleted entries (or entries of deleted items), newest deletion first. */
  deletedEntries(): Entry[] {
    return [...this.entries.values()].filter((e) => e.deletedAt).sort((a, b) => (b.deletedAt! > a.deletedAt! ? 1 : b.deletedAt! < a.deletedAt! ? -1 : b.id - a.id));
  }

  /** Deleted items, newest deletion first. */
  deletedItems(): Item[] {
    return [...this.items.values()].filter((i) => i.deletedAt).sort((a, b) => (b.deletedAt! > a.deletedAt! ? 1 : b.deletedAt! < a.deletedAt! ? -1 : b.id - a.id));
  }

  /** The time of each item's first live airing (for "new items versus re-airs"). */
  firstAirings(): Map<number, string> {
    const first = new Map<number, string>();
    for (const e of this.entries.values()) {
      if (!this.isLiveEntry(e)) continue;
      const known = first.get(e.itemId);
      if (known === undefined || e.at < known) first.set(e.itemId, e.at);
    }
    return first;
  }

  /** Weekly summaries, newest week first, newest version first. */
  listSummaries(): Summary[] {
    return [...this.summariesDoc.data.summaries].sort((a, b) => (a.weekStart === b.weekStart ? b.version - a.version : a.weekStart < b.weekStart ? 1 : -1));
  }

  summary(id: number): Summary | undefined {
    return this.summariesDoc.data.summaries.find((s) => s.id === id);
  }

  /** The last week the schedule summarised (its Monday), or null before the first run. */
  lastSummarizedWeek(): LocalDate | null {
    return this.summariesDoc.data.lastWeek;
  }

  /**
   * Stores a summary. With `onlyIfMissing` (the schedule), a week that has a summary already gets none
   * and null comes back: the check and the insert happen in one synchronous step, so two runs racing
   * can never both add one. On demand, a week summarised before gets a newer version.
   */
  async addSummary(figures: WeeklyFigures, by: string, opts: { onlyIfMissing: boolean; scheduled: boolean; delivery: Summary['delivery']['status'] }): Promise<Summary | null> {
    const data = this.summariesDoc.data;
    const same = data.summaries.filter((s) => s.weekStart === figures.weekStart);
    if (opts.onlyIfMissing && same.length) return null;
    const summary: Summary = {
      id: data.summaries.reduce((m, s) => Math.max(m, s.id), 0) + 1,
      weekStart: figures.weekStart,
      version: same.length + 1,
      createdAt: this.now(),
      createdBy: by,
      figures,
      delivery: { status: opts.delivery, attempts: 0, lastError: null, at: null },
    };
    const record = this.newAudit(by, 'summary.create', { type: 'summary', id: summary.id }, { after: { weekStart: summary.weekStart, version: summary.version } });
    await this.summariesDoc.apply((d) => {
      const lastWeek = d.lastWeek;
      d.summaries.push(summary);
      if (opts.scheduled && (!d.lastWeek || figures.weekStart > d.lastWeek)) d.lastWeek = figures.weekStart;
      d.audit.push(record);
      const unindex = this.indexAudit(record);
      return () => {
        removeFrom(d.summaries, summary);
        removeFrom(d.audit, record);
        d.lastWeek = lastWeek;
        unindex();
      };
    });
    return summary;
  }

  /** Records how the e-mail delivery of a summary went. */
  async setSummaryDelivery(id: number, delivery: Summary['delivery']): Promise<void> {
    const index = this.summariesDoc.data.summaries.findIndex((s) => s.id === id);
    if (index < 0) throw new NotFoundError(`summary ${id}`);
    await this.summariesDoc.apply((d) => {
      const old = d.summaries[index]!;
      d.summaries[index] = { ...old, delivery };
      return () => {
        d.summaries[index] = old;
      };
    });
  }

  /** Whether a report (or evidence bundle) covering part of a period was exported since its start. */
  reportExportedFor(from: LocalDate, to: LocalDate): boolean {
    const since = `${from}T00:00:00+07:00`;
    return this.audit.some((r) => {
      if (r.action !== 'export' || r.at < since || !r.after) return false;
      const what = r.after.what;
      const f = r.after.from as string | undefined;
      const t = r.after.to as string | undefined;
      return (what === 'report' || what === 'bundle') && !!f && !!t && f <= to && t >= from;
    });
  }

  /** An attached file's record. */
  file(id: number): FileRecord | undefined {
    return this.files.get(id);
  }

  /** The files attached to an item or an entry, in the order they were attached. */
  filesOf(type: 'item' | 'entry', id: number): FileRecord[] {
    return [...this.files.values()].filter((f) => f.owner.type === type && f.owner.id === id);
  }

  /** Records an attachment whose bytes are already kept (see blobs.ts), with its audit record. */
  async addFile(fields: Omit<FileRecord, 'id' | 'createdAt' | 'createdBy'>, user: string): Promise<FileRecord> {
    const segment = await this.activeSegment();
    const record: FileRecord = { id: this.nextFileId++, ...fields, createdAt: this.now(), createdBy: user };
    await segment.doc.apply((data) => {
      const list = (data.files ??= []);
      list.push(record);
      this.files.set(record.id, record);
      const unaudit = this.pushAudit(segment, this.newAudit(user, 'file.attach', { type: fields.owner.type, id: fields.owner.id }, { after: { file: record.id, name: record.name, sha256: record.sha256, size: record.size } }));
      return () => {
        unaudit();
        removeFrom(list, record);
        this.files.delete(record.id);
      };
    });
    return record;
  }

  /** Counts for tests and diagnostics. */
  stats(): { items: number; entries: number; segments: number; audit: number } {
    return { items: this.items.size, entries: this.entries.size, segments: this.segments.length, audit: this.audit.length };
  }

  // ----- writes -----

  /** Records an airing/posting, creating its item first when the draft carries a new one. */
  async addEntry(draft: NewEntryDraft, user: string): Promise<{ entry: Entry; item: Item; createdItem: boolean }> {
    const segment = await this.activeSegment();
    const now = this.now();
    let item: Item;
    let createdItem = false;
    if ('existingId' in draft.item) {
      const existing = this.items.get(draft.item.existingId);
      if (!existing || existing.deletedAt) throw new NotFoundError(`item ${draft.item.existingId}`);
      item = existing;
    } else {
      createdItem = true;
      item = {
        id: this.nextItemId++,
        ...draft.item.fields,
        createdAt: now,
        createdBy: user,
        updatedAt: now,
        updatedBy: user,
        deletedAt: null,
        deletedBy: null,
      };
    }
    const entry: Entry = {
      id: this.nextEntryId++,
      itemId: item.id,
      ...draft.entry,
      recordedBy: user,
      recordedAt: now,
      updatedAt: now,
      updatedBy: user,
      deletedAt: null,
      deletedBy: null,
    };
    await segment.doc.apply((data) => {
      const undos: Undo[] = [];
      if (createdItem) {
        data.items.push(item);
        this.items.set(item.id, item);
        this.itemHome.set(item.id, segment);
        undos.push(() => {
          removeFrom(data.items, item);
          this.items.delete(item.id);
          this.itemHome.delete(item.id);
        });
        undos.push(this.pushAudit(segment, this.newAudit(user, 'item.create', { type: 'item', id: item.id }, { after: pick(item, ITEM_FIELD_KEYS) })));
      }
      data.entries.push(entry);
      this.entries.set(entry.id, entry);
      this.entryHome.set(entry.id, segment);
      this.timeline.insert(entry);
      undos.push(() => {
        removeFrom(data.entries, entry);
        this.entries.delete(entry.id);
        this.entryHome.delete(entry.id);
        this.timeline.remove(entry);
      });
      undos.push(this.pushAudit(segment, this.newAudit(user, 'entry.create', { type: 'entry', id: entry.id }, { after: { itemId: entry.itemId, ...pick(entry, ENTRY_FIELD_KEYS) } })));
      return () => undos.reverse().forEach((u) => u());
    });
    return { entry, item, createdItem };
  }

  /** Replaces an entry by a new version, in its own segment, with an audit record. */
  private async replaceEntry(old: Entry, next: Entry, action: AuditAction, diff: { before?: Record<string, unknown>; after?: Record<string, unknown> } | undefined, user: string): Promise<Entry> {
    const segment = this.entryHome.get(old.id)!;
    await segment.doc.apply((data) => {
      const undos: Undo[] = [replaceIn(data.entries, old, next)];
      this.entries.set(next.id, next);
      this.timeline.remove(old);
      this.timeline.insert(next);
      undos.push(() => {
        this.entries.set(old.id, old);
        this.timeline.remove(next);
        this.timeline.insert(old);
      });
      undos.push(this.pushAudit(segment, this.newAudit(user, action, { type: 'entry', id: old.id }, diff)));
      return () => undos.reverse().forEach((u) => u());
    });
    return next;
  }

  private liveEntry(id: number): Entry {
    const entry = this.entries.get(id);
    if (!entry || entry.deletedAt) throw new NotFoundError(`entry ${id}`);
    return entry;
  }

  /** Changes an entry's fields (and optionally moves it to another live item). */
  async updateEntry(id: number, fields: EntryFields, user: string, itemId?: number): Promise<Entry> {
    const old = this.liveEntry(id);
    if (itemId !== undefined && !this.isLiveItem(itemId)) throw new NotFoundError(`item ${itemId}`);
    const next: Entry = { ...old, ...fields, itemId: itemId ?? old.itemId, updatedAt: this.now(), updatedBy: user };
    const diff = changedFields(old, next, ['itemId', ...ENTRY_FIELD_KEYS]);
    if (!diff) return old;
    return this.replaceEntry(old, next, 'entry.update', diff, user);
  }

  /** Soft-deletes an entry: hidden from lists and counts, kept on disk. */
  async deleteEntry(id: number, user: string): Promise<Entry> {
    const old = this.liveEntry(id);
    const now = this.now();
    const next: Entry = { ...old, deletedAt: now, deletedBy: user, updatedAt: now, updatedBy: user };
    return this.replaceEntry(old, next, 'entry.delete', undefined, user);
  }

  /** Brings a soft-deleted entry back into the lists and counts. */
  async restoreEntry(id: number, user: string): Promise<Entry> {
    const old = this.entries.get(id);
    if (!old || !old.deletedAt) throw new NotFoundError(`deleted entry ${id}`);
    const next: Entry = { ...old, deletedAt: null, deletedBy: null, updatedAt: this.now(), updatedBy: user };
    return this.replaceEntry(old, next, 'entry.restore', undefined, user);
  }

  /** Brings a soft-deleted item (and so its entries) back. */
  async restoreItem(id: number, user: string): Promise<Item> {
    const old = this.items.get(id);
    if (!old || !old.deletedAt) throw new NotFoundError(`deleted item ${id}`);
    return this.replaceItem(old, { ...old, deletedAt: null, deletedBy: null, updatedAt: this.now(), updatedBy: user }, 'item.restore', undefined, user);
  }

  private async replaceItem(old: Item, next: Item, action: AuditAction, diff: { before?: Record<string, unknown>; after?: Record<string, unknown> } | undefined, user: string): Promise<Item> {
    const segment = this.itemHome.get(old.id)!;
    await segment.doc.apply((data) => {
      const undos: Undo[] = [replaceIn(data.items, old, next)];
      this.items.set(next.id, next);
      undos.push(() => this.items.set(old.id, old));
      undos.push(this.pushAudit(segment, this.newAudit(user, action, { type: 'item', id: old.id }, diff)));
      return () => undos.reverse().forEach((u) => u());
    });
    return next;
  }

  private liveItem(id: number): Item {
    const item = this.items.get(id);
    if (!item || item.deletedAt) throw new NotFoundError(`item ${id}`);
    return item;
  }

  /** Changes an item's fields; every airing of it shows the new ones. */
  async updateItem(id: number, fields: ItemFields, user: string): Promise<Item> {
    const old = this.liveItem(id);
    const next: Item = { ...old, ...fields, updatedAt: this.now(), updatedBy: user };
    const diff = changedFields(old, next, ITEM_FIELD_KEYS);
    if (!diff) return old;
    return this.replaceItem(old, next, 'item.update', diff, user);
  }

  /** Soft-deletes an item; its entries leave the lists and counts with it. */
  async deleteItem(id: number, user: string): Promise<Item> {
    const old = this.liveItem(id);
    const now = this.now();
    return this.replaceItem(old, { ...old, deletedAt: now, deletedBy: user, updatedAt: now, updatedBy: user }, 'item.delete', undefined, user);
  }
}

function pick<T extends object>(record: T, keys: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k as string] = record[k];
  return out;
}
