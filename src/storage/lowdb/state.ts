import { access, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { AuditRecord, Entry, Item } from '../../domain/model.js';
import { defaultSettings } from '../../domain/settings.js';
import { emptyImports, emptyMetrics, emptyYearPlan, emptySegment, emptyWatch, type ImportsData, type ManifestData, type MetricsData, type YearPlanData, type ScheduleData, type SegmentData, type SettingsData, type SummariesData, type UsersData, type WatchData } from './data-files.js';
import { makeBlobsPrivate } from './blobs.js';
import { Committer, recover } from './committer.js';
import { CorruptDataFileError, JsonFile, syncDir } from './json-file.js';
import { checkImports, checkManifest, checkMetrics, checkYearPlan, checkSchedule, checkSegment, checkSettings, checkSummaries, checkUsers, checkWatch } from './shapes.js';
import { type Located, RecordTable } from './record-table.js';
import { TitleIndex } from './title-index.js';
import { EntryTimeline } from './timeline.js';

export interface Segment {
  seq: number;
  doc: JsonFile<SegmentData>;
}

export type { Located } from './record-table.js';

const SEGMENT_RE = /^(\d{6,})\.json$/;
export const MANIFEST_NAME = 'manifest.json';

export function segmentName(seq: number): string {
  return `${String(seq).padStart(6, '0')}.json`;
}

export const targetKey = (type: string, id: number | string): string => `${type}:${id}`;

/**
 * Everything of one data directory in memory, indexed, with the JSON files it came from. Only the
 * lowdb engine's modules touch it; they read it synchronously and change it through a transaction.
 */
export class LowdbState {
  readonly segments: Segment[] = [];
  readonly items = new RecordTable<Item>();
  readonly entries = new RecordTable<Entry>();
  readonly files = new Map<number, Located<FileRecord>>();
  readonly filesByOwner = new Map<string, FileRecord[]>();
  /** The whole trail, by id (ids only grow, so appending keeps it sorted). */
  readonly audit: AuditRecord[] = [];
  private readonly auditByTarget = new Map<string, AuditRecord[]>();
  private auditIndexed = false;
  readonly timeline = new EntryTimeline();
  readonly titles = new TitleIndex();
  readonly usersByName: Map<string, User>;
  readonly tokensByHash: Map<string, ApiToken>;
  /** The next id of each kind of record: one sequence for the whole data directory, every commune's folder included (as on PostgreSQL). */
  readonly next: { item: number; entry: number; file: number; audit: number; summary: number; slot: number; import: number; place: number; post: number };
  /** Changes of existing items and entries so far (edits, deletions): see `changesSince`. */
  edits = 0;
  /** The deployment's own trail (`deployment-audit.ts`), on the data directory's own state once it is loaded. */
  trail: LowdbState | null = null;
  readonly committer: Committer;
  manifest!: JsonFile<ManifestData>;
  users!: JsonFile<UsersData>;
  settings!: JsonFile<SettingsData>;
  summaries!: JsonFile<SummariesData>;
  schedule!: JsonFile<ScheduleData>;
  imports!: JsonFile<ImportsData>;
  plan!: JsonFile<YearPlanData>;
  metrics!: JsonFile<MetricsData>;
  watch!: JsonFile<WatchData>;

  private constructor(
    readonly dataDir: string,
    readonly segmentMaxBytes: number,
    /** The deployment's data directory when this one is another commune's folder inside it. */
    readonly deployment: LowdbState | null,
  ) {
    this.committer = deployment?.committer ?? new Committer(dataDir);
    this.usersByName = deployment?.usersByName ?? new Map();
    this.tokensByHash = deployment?.tokensByHash ?? new Map();
    this.next = deployment?.next ?? { item: 1, entry: 1, file: 1, audit: 1, summary: 1, slot: 1, import: 1, place: 1, post: 1 };
  }

  /**
   * Whether this file is the deployment's accounts file seen from another commune's folder: it is
   * written with the transaction, but the commune's audit records never go into it (they stay in the
   * commune's own files, where its trail is read from).
   */
  isSharedAccounts(file: JsonFile<unknown>): boolean {
    return this.deployment !== null && file === (this.users as JsonFile<unknown>);
  }

  get logDir(): string {
    return path.join(this.dataDir, 'log');
  }

  /** Loads a data directory (created if missing), refusing a damaged one. The caller holds its lock. */
  static async load(dataDir: string, segmentMaxBytes: number): Promise<LowdbState> {
    const state = new LowdbState(dataDir, segmentMaxBytes, null);
    await mkdir(state.logDir, { recursive: true, mode: 0o700 });
    await syncDir(dataDir);
    await recover(dataDir, [dataDir, state.logDir, path.join(dataDir, 'files')]);
    // Uploads a crash interrupted were never acknowledged: their temporary folders go.
    await rm(path.join(dataDir, 'tmp'), { recursive: true, force: true });
    await makeBlobsPrivate(dataDir);
    await state.loadLog();
    const hasSettings = await state.loadCommuneFiles();
    state.users = await JsonFile.open<UsersData>(path.join(dataDir, 'users.json'), { format: 'cchc-users/1', users: [], tokens: [], audit: [] }, checkUsers);
    for (const u of state.users.data.users) state.usersByName.set(u.username, u);
    for (const t of state.users.data.tokens) state.tokensByHash.set(t.hash, t);
    for (const record of state.users.data.audit) state.indexAudit(record);
    // A later edit of an old record is audited in that record's (older) file: order the trail by id.
    state.audit.sort((a, b) => a.id - b.id);
    // Set-up (which makes whoever comes first the admin) is only for a data directory with no data at
    // all: accounts gone while a log or settings remain means a damaged directory, not a new one.
    if (state.usersByName.size === 0 && (state.items.size || state.entries.size || state.files.size || hasSettings)) {
      throw new CorruptDataFileError(state.users.file, `${state.users.exists ? 'holds no account' : 'is missing'} while the data directory holds ${state.entries.size} log entries${hasSettings ? ' and settings' : ''}`);
    }
    return state;
  }

  /**
   * Loads another commune's folder inside the deployment's data directory (created if missing). It
   * shares the deployment's accounts and its group commit, so a change that touches both (an account
   * of this commune and its audit record) is one atomic write, and the deployment's journal, replayed
   * when the deployment was loaded, covers it. Its evidence files' bytes are the deployment's.
   */
  static async loadCommune(deployment: LowdbState, dir: string): Promise<LowdbState> {
    const state = new LowdbState(dir, deployment.segmentMaxBytes, deployment);
    await mkdir(state.logDir, { recursive: true, mode: 0o700 });
    await syncDir(dir);
    await recover(dir, [dir, state.logDir]);
    await state.loadLog();
    await state.loadCommuneFiles();
    state.users = deployment.users;
    state.audit.sort((a, b) => a.id - b.id);
    return state;
  }

  /** Loads what a commune owns besides its log; says whether its settings file was there. */
  private async loadCommuneFiles(): Promise<boolean> {
    const dataDir = this.dataDir;
    const settingsFile = path.join(dataDir, 'settings.json');
    const hasSettings = await access(settingsFile).then(() => true, () => false);
    this.settings = await JsonFile.open<SettingsData>(settingsFile, { format: 'cchc-settings/1', settings: defaultSettings(), audit: [] }, checkSettings);
    // Settings written by an older version lack newer keys: fill them from the defaults.
    this.settings.data.settings = { ...defaultSettings(), ...this.settings.data.settings };
    this.summaries = await JsonFile.open<SummariesData>(path.join(dataDir, 'summaries.json'), { format: 'cchc-summaries/1', summaries: [], lastWeek: null, audit: [] }, checkSummaries);
    this.schedule = await JsonFile.open<ScheduleData>(path.join(dataDir, 'schedule.json'), { format: 'cchc-schedule/1', slots: [], audit: [] }, checkSchedule);
    for (const slot of this.schedule.data.slots) this.next.slot = Math.max(this.next.slot, slot.id + 1);
    this.imports = await JsonFile.open<ImportsData>(path.join(dataDir, 'imports.json'), emptyImports(), checkImports);
    for (const r of this.imports.data.imports) this.next.import = Math.max(this.next.import, r.id + 1);
    this.plan = await JsonFile.open<YearPlanData>(path.join(dataDir, 'plan.json'), emptyYearPlan(), checkYearPlan);
    this.metrics = await JsonFile.open<MetricsData>(path.join(dataDir, 'metrics.json'), emptyMetrics(), checkMetrics);
    for (const s of this.summaries.data.summaries) this.next.summary = Math.max(this.next.summary, s.id + 1);
    this.watch = await JsonFile.open<WatchData>(path.join(dataDir, 'watch.json'), emptyWatch(), checkWatch);
    for (const p of this.watch.data.places) this.next.place = Math.max(this.next.place, p.id + 1);
    for (const p of this.watch.data.posts) this.next.post = Math.max(this.next.post, p.id + 1);
    const others = [...this.settings.data.audit, ...this.summaries.data.audit, ...this.schedule.data.audit, ...this.imports.data.audit, ...this.plan.data.audit, ...this.metrics.data.audit, ...this.watch.data.audit];
    for (const record of others) this.indexAudit(record);
    this.fillRecorderNames();
    return hasSettings;
  }

  /**
   * Entries written before `recorderName` existed lack it: an import's rows name nobody (their
   * `recordedBy` is whoever ran the import), the others were recorded in the app. Filled in memory;
   * their file keeps the field from its next write.
   */
  private fillRecorderNames(): void {
    let imported: Set<number> | null = null;
    for (const { rec } of this.entries.values()) {
      if ((rec as { recorderName?: string | null }).recorderName !== undefined) continue;
      imported ??= new Set(this.imports.data.imports.flatMap((r) => r.entryIds));
      rec.recorderName = imported.has(rec.id) ? '' : null;
    }
  }

  private async loadLog(): Promise<void> {
    const names = await readdir(this.logDir);
    const seqs = names.flatMap((n) => {
      const m = SEGMENT_RE.exec(n);
      return m ? [Number(m[1])] : [];
    });
    seqs.sort((a, b) => a - b);
    await this.checkManifest(seqs, names.includes(MANIFEST_NAME));
    for (const seq of seqs) {
      const doc = await JsonFile.open<SegmentData>(path.join(this.logDir, segmentName(seq)), emptySegment(), checkSegment);
      this.segments.push({ seq, doc });
      const home = doc as JsonFile<unknown>;
      for (const item of doc.data.items) {
        this.items.set(item.id, { rec: item, home });
        this.next.item = Math.max(this.next.item, item.id + 1);
      }
      for (const entry of doc.data.entries) {
        this.entries.set(entry.id, { rec: entry, home });
        this.next.entry = Math.max(this.next.entry, entry.id + 1);
      }
      for (const record of doc.data.audit) this.indexAudit(record);
      for (const file of doc.data.files ?? []) {
        this.files.set(file.id, { rec: file, home });
        this.ownerFiles(file.owner).push(file);
        this.next.file = Math.max(this.next.file, file.id + 1);
      }
    }
    this.timeline.rebuild([...this.entries.values()].map((l) => l.rec));
  }

  /**
   * The log knows how many segment files it must have: the manifest changes in the same write as a
   * new segment. A missing segment, or a manifest that disagrees with the files, refuses the start.
   */
  private async checkManifest(seqs: number[], manifestExists: boolean): Promise<void> {
    this.manifest = await JsonFile.open<ManifestData>(path.join(this.logDir, MANIFEST_NAME), { format: 'cchc-log-manifest/1', segments: 0 }, checkManifest);
    const last = seqs.at(-1) ?? 0;
    for (let seq = 1, i = 0; seq <= last; seq++) {
      if (seqs[i] === seq) i++;
      else throw new CorruptDataFileError(path.join(this.logDir, segmentName(seq)), `is missing, while later log files (up to ${segmentName(last)}) are there`);
    }
    const listed = this.manifest.data.segments;
    if (manifestExists && last < listed) {
      throw new CorruptDataFileError(path.join(this.logDir, segmentName(last + 1)), `is missing (the log's manifest lists ${listed} files, ${last} are there)`);
    }
    if (manifestExists && last > listed) {
      throw new CorruptDataFileError(path.join(this.logDir, MANIFEST_NAME), `lists ${listed} log files, but ${last} are there: it does not belong to this log`);
    }
    // A log written before manifests existed: record its files now.
    if (!manifestExists && last > 0) {
      this.manifest.data.segments = last;
      await this.manifest.write();
    }
  }

  /** The files attached to an owner (the live list, kept in attachment order), made when missing. */
  ownerFiles(owner: FileRecord['owner']): FileRecord[] {
    const key = targetKey(owner.type, owner.id);
    let list = this.filesByOwner.get(key);
    if (!list) this.filesByOwner.set(key, (list = []));
    return list;
  }

  /** The files attached to an owner, for reading (nothing is added to the index). */
  filesOwnedBy(owner: FileRecord['owner']): readonly FileRecord[] {
    return this.filesByOwner.get(targetKey(owner.type, owner.id)) ?? [];
  }

  indexAudit(record: AuditRecord): void {
    this.audit.push(record);
    this.next.audit = Math.max(this.next.audit, record.id + 1);
    if (this.auditIndexed) this.indexTarget(record);
  }

  /** Takes back a record of a transaction that failed. */
  unindexAudit(record: AuditRecord): void {
    const i = this.audit.lastIndexOf(record);
    if (i >= 0) this.audit.splice(i, 1);
    const list = record.target ? this.auditByTarget.get(targetKey(record.target.type, record.target.id)) : undefined;
    const j = list ? list.lastIndexOf(record) : -1;
    if (j >= 0) list!.splice(j, 1);
  }

  private indexTarget(record: AuditRecord): void {
    if (!record.target) return;
    const key = targetKey(record.target.type, record.target.id);
    let list = this.auditByTarget.get(key);
    if (!list) this.auditByTarget.set(key, (list = []));
    list.push(record);
  }

  /**
   * The audit records about one record, oldest first. The index by record is built at the first
   * question, not at start: a long history starts faster, and most starts never need it.
   */
  auditAbout(type: string, id: number | string): AuditRecord[] {
    if (!this.auditIndexed) {
      this.auditIndexed = true;
      for (const record of this.audit) this.indexTarget(record);
    }
    return this.auditByTarget.get(targetKey(type, id)) ?? [];
  }

  item(id: number): Item | undefined {
    return this.items.get(id)?.rec;
  }

  /** An entry counts when neither it nor its item is deleted. */
  isLiveEntry(entry: Entry): boolean {
    if (entry.deletedAt) return false;
    const item = this.items.get(entry.itemId)?.rec;
    return !!item && !item.deletedAt;
  }

  /** Waits for writes in flight. */
  settled(): Promise<void> {
    return this.committer.settled();
  }
}
