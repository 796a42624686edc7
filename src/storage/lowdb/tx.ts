import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { AuditDraft, AuditRecord, Entry, EntryView, Item } from '../../domain/model.js';
import type { Slot } from '../../domain/schedule.js';
import type { Settings } from '../../domain/settings.js';
import type { Summary, SummaryDelivery } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import type { CommuneTx } from '../port.js';
import { copyEntry, copyFile, copyItem, copySummary, copyToken, copyUser, viewOf } from './copies.js';
import * as entries from './entries.js';
import { importRecord } from './imports.js';
import * as items from './items.js';
import { liveSlots } from './schedule.js';
import type { SegmentData } from './state.js';
import { TxWatch } from './tx-watch.js';
import { type AnyFile, removeFrom, replaceIn } from './tx-core.js';

/** The record operations of a transaction of the embedded engine (see `TxCore` for how changes land, `TxBulk` for imports). */
export class LowdbTx extends TxWatch implements CommuneTx {
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
    this.s.titles.add(item);
    this.undo(() => {
      removeFrom(data.items, item);
      this.s.items.delete(item.id);
      this.s.titles.remove(item);
    });
    return copyItem(item);
  }

  async replaceItem(next: Item): Promise<void> {
    const located = this.s.items.get(next.id);
    if (!located) throw new Error(`no item ${next.id}`);
    const old = located.rec;
    const stored = copyItem(next);
    this.s.edits++;
    const data = located.home.data as SegmentData;
    this.touch(located.home);
    const back = replaceIn(data.items, old, stored);
    located.rec = stored;
    this.s.titles.remove(old);
    this.s.titles.add(stored);
    this.undo(() => {
      back();
      located.rec = old;
      this.s.titles.remove(stored);
      this.s.titles.add(old);
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
    this.s.edits++;
    this.touch(located.home);
    const back = replaceIn((located.home.data as SegmentData).entries, old, stored);
    located.rec = stored;
    this.s.timeline.replace(old, stored);
    this.undo(() => {
      back();
      located.rec = old;
      this.s.timeline.replace(stored, old);
    });
  }

  async importRecord(id: number): Promise<ImportRecord | null> {
    return importRecord(this.s.imports.data, id);
  }

  async deleteMany(ids: { entryIds: readonly number[]; itemIds: readonly number[] }, at: string, by: string): Promise<{ entries: number; items: number }> {
    const stamp = { deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by };
    let entries = 0;
    for (const id of ids.entryIds) {
      const old = this.s.entries.get(id)?.rec;
      if (!old || old.deletedAt) continue;
      await this.replaceEntry({ ...old, ...stamp });
      entries++;
    }
    let items = 0;
    for (const id of ids.itemIds) {
      const old = this.s.item(id);
      if (!old || old.deletedAt) continue;
      await this.replaceItem({ ...old, ...stamp });
      items++;
    }
    return { entries, items };
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

  private trailTx: LowdbTx | null = null;

  async appendDeploymentAudit(draft: AuditDraft): Promise<AuditRecord> {
    const trail = (this.s.deployment ?? this.s).trail;
    if (!trail) throw new Error('the deployment trail is not loaded');
    this.trailTx ??= this.join(new LowdbTx(trail));
    return this.trailTx.appendAudit(draft);
  }

  async settings(): Promise<Settings> {
    return structuredClone(this.s.settings.data.settings);
  }

  async lastAirings(itemIds: number[]): Promise<Record<number, Entry>> {
    return entries.lastAirings(this.s, itemIds);
  }

  async putSettings(settings: Settings): Promise<void> {
    this.setField(this.s.settings, 'settings', structuredClone(settings));
  }

  async entriesBetweenTimes(from: string, toExclusive: string): Promise<EntryView[]> {
    return entries.entriesBetweenTimes(this.s, from, toExclusive);
  }

  async itemsTitled(foldedTitles: string[]): Promise<Item[]> {
    return items.itemsTitled(this.s, foldedTitles);
  }

  async slots(): Promise<Slot[]> {
    return liveSlots(this.s);
  }

  async createSlot(fields: Omit<Slot, 'id'>): Promise<Slot> {
    const slot: Slot = structuredClone({ id: this.s.next.slot++, ...fields });
    const list = this.s.schedule.data.slots;
    list.push(slot);
    this.touch(this.s.schedule as AnyFile);
    this.undo(() => removeFrom(list, slot));
    return structuredClone(slot);
  }

  async replaceSlot(next: Slot): Promise<void> {
    const list = this.s.schedule.data.slots;
    const old = list.find((x) => x.id === next.id);
    if (!old) throw new Error(`no slot ${next.id}`);
    this.touch(this.s.schedule as AnyFile);
    this.undo(replaceIn(list, old, structuredClone(next)));
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
    this.setField(this.s.summaries, 'lastWeek', week);
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

  async users(): Promise<User[]> {
    return [...this.s.usersByName.values()].sort((a, b) => a.username.localeCompare(b.username)).map(copyUser);
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

}
