import path from 'node:path';
import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { AuditDraft, AuditRecord, Entry, EntryView, Item } from '../../domain/model.js';
import type { Settings } from '../../domain/settings.js';
import type { Summary, SummaryDelivery } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import type { CommuneTx } from '../port.js';
import type { Undo } from './committer.js';
import { copyEntry, copyFile, copyItem, copySummary, copyToken, copyUser, viewOf } from './copies.js';
import { JsonFile } from './json-file.js';
import { emptySegment, type LowdbState, type Segment, type SegmentData, segmentName } from './state.js';

type AnyFile = JsonFile<unknown>;

function replaceIn<T>(list: T[], old: T, next: T): Undo {
  const i = list.indexOf(old);
  if (i < 0) throw new Error('record not in its file');
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

/**
 * One transaction of the embedded engine. Each change is applied to memory at once (with its undo)
 * and marks the file it lands in: new records go to the newest log segment (a new one is started,
 * with the manifest, when it has grown past its size), changed records go back to their own file.
 * Audit records join the first file the transaction changed, so that a change and its record are one
 * file write in the common case. The state runs one transaction at a time.
 */
export class LowdbTx implements CommuneTx {
  private readonly undos: Undo[] = [];
  readonly touched = new Set<AnyFile>();
  private primary: AnyFile | null = null;
  private readonly staged: AuditRecord[] = [];
  private segment: Segment | null = null;

  constructor(private readonly s: LowdbState) {}

  private touch(file: AnyFile): void {
    this.touched.add(file);
    this.primary ??= file;
  }

  private undo(u: Undo): void {
    this.undos.push(u);
  }

  /** The segment new records go to, starting a new one when the newest has grown past the limit. */
  private active(): Segment {
    if (this.segment) return this.segment;
    const last = this.s.segments.at(-1);
    if (last && last.doc.size < this.s.segmentMaxBytes) return (this.segment = last);
    const seq = (last?.seq ?? 0) + 1;
    const segment: Segment = { seq, doc: JsonFile.fresh<SegmentData>(path.join(this.s.logDir, segmentName(seq)), emptySegment()) };
    this.s.segments.push(segment);
    const manifest = this.s.manifest.data;
    const listed = manifest.segments;
    manifest.segments = seq;
    this.undo(() => {
      removeFrom(this.s.segments, segment);
      manifest.segments = listed;
    });
    this.touched.add(this.s.manifest as AnyFile);
    return (this.segment = segment);
  }

  private activeData(): SegmentData {
    const segment = this.active();
    this.touch(segment.doc as AnyFile);
    return segment.doc.data;
  }

  async entry(id: number): Promise<EntryView | null> {
    const entry = this.s.entries.get(id)?.rec;
    const item = entry && this.s.item(entry.itemId);
    return entry && item ? viewOf(entry, item) : null;
  }

  async item(id: number): Promise<Item | null> {
    const item = this.s.item(id);
    return item ? copyItem(item) : null;
  }

  async createItem(fields: Omit<Item, 'id'>): Promise<Item> {
    const item: Item = { id: this.s.next.item++, ...fields, topics: [...fields.topics] };
    const data = this.activeData();
    data.items.push(item);
    this.s.items.set(item.id, { rec: item, home: this.active().doc as AnyFile });
    this.undo(() => {
      removeFrom(data.items, item);
      this.s.items.delete(item.id);
    });
    return copyItem(item);
  }

  async replaceItem(next: Item): Promise<void> {
    const located = this.s.items.get(next.id);
    if (!located) throw new Error(`no item ${next.id}`);
    const old = located.rec;
    const stored = copyItem(next);
    const data = located.home.data as SegmentData;
    this.touch(located.home);
    const back = replaceIn(data.items, old, stored);
    located.rec = stored;
    this.undo(() => {
      back();
      located.rec = old;
    });
  }

  async createEntry(fields: Omit<Entry, 'id'>): Promise<Entry> {
    const entry: Entry = { id: this.s.next.entry++, ...fields };
    const data = this.activeData();
    data.entries.push(entry);
    this.s.entries.set(entry.id, { rec: entry, home: this.active().doc as AnyFile });
    this.s.timeline.insert(entry);
    this.undo(() => {
      removeFrom(data.entries, entry);
      this.s.entries.delete(entry.id);
      this.s.timeline.remove(entry);
    });
    return copyEntry(entry);
  }

  async replaceEntry(next: Entry): Promise<void> {
    const located = this.s.entries.get(next.id);
    if (!located) throw new Error(`no entry ${next.id}`);
    const old = located.rec;
    const stored = copyEntry(next);
    this.touch(located.home);
    const back = replaceIn((located.home.data as SegmentData).entries, old, stored);
    located.rec = stored;
    this.s.timeline.remove(old);
    this.s.timeline.insert(stored);
    this.undo(() => {
      back();
      located.rec = old;
      this.s.timeline.remove(stored);
      this.s.timeline.insert(old);
    });
  }

  async createFile(fields: Omit<FileRecord, 'id'>): Promise<FileRecord> {
    const file: FileRecord = copyFile({ id: this.s.next.file++, ...fields });
    const data = this.activeData();
    const list = (data.files ??= []);
    list.push(file);
    this.s.files.set(file.id, { rec: file, home: this.active().doc as AnyFile });
    const owned = this.s.ownerFiles(file.owner);
    owned.push(file);
    this.undo(() => {
      removeFrom(list, file);
      removeFrom(owned, file);
      this.s.files.delete(file.id);
    });
    return copyFile(file);
  }

  async appendAudit(draft: AuditDraft): Promise<AuditRecord> {
    const record: AuditRecord = { id: this.s.next.audit++, ...structuredClone(draft) };
    this.s.indexAudit(record);
    this.staged.push(record);
    this.undo(() => this.s.unindexAudit(record));
    return structuredClone(record);
  }

  async putSettings(settings: Settings): Promise<void> {
    const data = this.s.settings.data;
    const old = data.settings;
    data.settings = structuredClone(settings);
    this.touch(this.s.settings as AnyFile);
    this.undo(() => {
      data.settings = old;
    });
  }

  async summariesOfWeek(weekStart: LocalDate): Promise<Summary[]> {
    return this.s.summaries.data.summaries.filter((x) => x.weekStart === weekStart).map(copySummary);
  }

  async lastSummarizedWeek(): Promise<LocalDate | null> {
    return this.s.summaries.data.lastWeek;
  }

  async createSummary(fields: Omit<Summary, 'id'>): Promise<Summary> {
    const summary: Summary = copySummary({ id: this.s.next.summary++, ...fields });
    const list = this.s.summaries.data.summaries;
    list.push(summary);
    this.touch(this.s.summaries as AnyFile);
    this.undo(() => removeFrom(list, summary));
    return copySummary(summary);
  }

  async setLastSummarizedWeek(week: LocalDate): Promise<void> {
    const data = this.s.summaries.data;
    const old = data.lastWeek;
    data.lastWeek = week;
    this.touch(this.s.summaries as AnyFile);
    this.undo(() => {
      data.lastWeek = old;
    });
  }

  async setSummaryDelivery(id: number, delivery: SummaryDelivery): Promise<void> {
    const list = this.s.summaries.data.summaries;
    const old = list.find((x) => x.id === id);
    if (!old) throw new Error(`no summary ${id}`);
    this.touch(this.s.summaries as AnyFile);
    this.undo(replaceIn(list, old, { ...old, delivery: { ...delivery } }));
  }

  async user(username: string): Promise<User | null> {
    const user = this.s.usersByName.get(username);
    return user ? copyUser(user) : null;
  }

  async userCount(): Promise<number> {
    return this.s.usersByName.size;
  }

  async createUser(user: User): Promise<void> {
    if (this.s.usersByName.has(user.username)) throw new Error(`user ${user.username} exists`);
    const stored = copyUser(user);
    const list = this.s.users.data.users;
    list.push(stored);
    this.s.usersByName.set(stored.username, stored);
    this.touch(this.s.users as AnyFile);
    this.undo(() => {
      removeFrom(list, stored);
      this.s.usersByName.delete(stored.username);
    });
  }

  async replaceUser(next: User): Promise<void> {
    const old = this.s.usersByName.get(next.username);
    if (!old) throw new Error(`no user ${next.username}`);
    const stored = copyUser(next);
    this.touch(this.s.users as AnyFile);
    const back = replaceIn(this.s.users.data.users, old, stored);
    this.s.usersByName.set(stored.username, stored);
    this.undo(() => {
      back();
      this.s.usersByName.set(old.username, old);
    });
  }

  async tokensOf(username: string): Promise<ApiToken[]> {
    return this.s.users.data.tokens.filter((t) => t.username === username && !t.revokedAt).map(copyToken);
  }

  async createToken(token: ApiToken): Promise<void> {
    const stored = copyToken(token);
    const list = this.s.users.data.tokens;
    list.push(stored);
    this.s.tokensByHash.set(stored.hash, stored);
    this.touch(this.s.users as AnyFile);
    this.undo(() => {
      removeFrom(list, stored);
      this.s.tokensByHash.delete(stored.hash);
    });
  }

  async replaceToken(next: ApiToken): Promise<void> {
    const list = this.s.users.data.tokens;
    const old = list.find((t) => t.id === next.id);
    if (!old) throw new Error(`no token ${next.id}`);
    const stored = copyToken(next);
    this.touch(this.s.users as AnyFile);
    const back = replaceIn(list, old, stored);
    this.s.tokensByHash.set(stored.hash, stored);
    this.undo(() => {
      back();
      this.s.tokensByHash.set(old.hash, old);
    });
  }

  /** Puts the audit records into their file; returns the files to write and how to undo it all. */
  finish(): { files: Set<AnyFile>; undo: Undo } {
    if (this.staged.length) {
      const home = this.primary ?? (this.activeData(), this.active().doc as AnyFile);
      this.touched.add(home);
      const list = (home.data as { audit: AuditRecord[] }).audit;
      for (const record of this.staged) list.push(record);
      const staged = [...this.staged];
      this.undo(() => {
        for (const record of staged) removeFrom(list, record);
      });
    }
    return { files: this.touched, undo: () => this.rollback() };
  }

  /** Undoes every change of the transaction, newest first. */
  rollback(): void {
    for (const u of this.undos.splice(0).reverse()) u();
  }
}
