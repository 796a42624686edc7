import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { AuditDraft, AuditRecord, Entry, EntryView, Item } from '../../domain/model.js';
import type { PlanTask, TaskNote } from '../../domain/plan.js';
import type { Slot } from '../../domain/schedule.js';
import type { Settings } from '../../domain/settings.js';
import type { Summary, SummaryDelivery } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import type { CommuneTx, LogMark, PreparedBatch } from '../port.js';
import type { PgBatch } from './batch.js';
import { one, type Queryable, rows } from './db.js';
import { insertDeploymentAudit } from './deployment-audit.js';
import * as docs from './docs.js';
import * as entries from './entries.js';
import * as items from './items.js';
import { ENTRY_COLUMNS, ENTRY_FIELDS, entryOf, entryValues, ITEM_COLUMNS, ITEM_FIELDS, itemOf, itemValues, params } from './records.js';
import * as users from './users.js';
import { PgWatchTx } from './watch.js';
import { insertEntries, insertItems, newIds } from './writes.js';

const json = (value: unknown): string => JSON.stringify(value);
/** A record without its id, as its document is kept (the id is a column). */
const body = <T extends { id: unknown }>(r: T): Omit<T, 'id'> => {
  const { id: _id, ...rest } = r;
  return rest;
};

/** One transaction of a commune on one client: it holds the commune's lock until it ends. */
export class PgTx extends PgWatchTx implements CommuneTx {
  private async edited(): Promise<void> {
    await this.db.query('UPDATE communes SET edits = edits + 1 WHERE id = $1', [this.commune]);
  }

  entry(id: number): Promise<EntryView | null> {
    return entries.entry(this.db, this.commune, id);
  }

  item(id: number): Promise<Item | null> {
    return items.item(this.db, this.commune, id);
  }

  async createItem(fields: Omit<Item, 'id'>): Promise<Item> {
    const r = await one(this.db, `INSERT INTO items AS i (commune_id, ${ITEM_FIELDS}) VALUES ($1, ${params(2, 15)}) RETURNING ${ITEM_COLUMNS}`, [this.commune, ...itemValues(fields)]);
    return itemOf(r!);
  }

  async replaceItem(item: Item): Promise<void> {
    const res = await this.db.query(`UPDATE items SET (${ITEM_FIELDS}) = (${params(3, 15)}) WHERE commune_id = $1 AND id = $2`, [this.commune, item.id, ...itemValues(item)]);
    if (!res.rowCount) throw new Error(`no item ${item.id}`);
    await this.edited();
  }

  async createEntry(fields: Omit<Entry, 'id'>): Promise<Entry> {
    const values = entryValues(fields);
    const r = await one(this.db, `INSERT INTO entries AS e (commune_id, ${ENTRY_FIELDS}) VALUES ($1, ${params(2, values.length)}) RETURNING ${ENTRY_COLUMNS}`, [this.commune, ...values]);
    return entryOf(r!);
  }

  async replaceEntry(entry: Entry): Promise<void> {
    const values = entryValues(entry);
    const res = await this.db.query(`UPDATE entries SET (${ENTRY_FIELDS}) = (${params(3, values.length)}) WHERE commune_id = $1 AND id = $2`, [this.commune, entry.id, ...values]);
    if (!res.rowCount) throw new Error(`no entry ${entry.id}`);
    await this.edited();
  }

  async createFile(fields: Omit<FileRecord, 'id'>): Promise<FileRecord> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO files (commune_id, owner_type, owner_id, record) VALUES ($1, $2, $3, $4::jsonb) RETURNING id', [this.commune, fields.owner.type, fields.owner.id, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  async appendAudit(draft: AuditDraft): Promise<AuditRecord> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO audit (commune_id, at, username, action, target_type, target_id, record) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id', [
      this.commune,
      draft.at,
      draft.user,
      draft.action,
      draft.target?.type ?? null,
      draft.target ? String(draft.target.id) : null,
      json(draft),
    ]);
    return { id: r!.id, ...structuredClone(draft) };
  }

  appendDeploymentAudit(draft: AuditDraft): Promise<AuditRecord> {
    return insertDeploymentAudit(this.db, draft);
  }

  settings(): Promise<Settings> {
    return docs.settings(this.db, this.commune);
  }

  lastAirings(itemIds: number[]): Promise<Record<number, Entry>> {
    return entries.lastAirings(this.db, this.commune, itemIds);
  }

  putSettings(settings: Settings): Promise<void> {
    return docs.putDoc(this.db, this.commune, 'settings', settings);
  }

  entriesBetweenTimes(from: string, toExclusive: string): Promise<EntryView[]> {
    return entries.entriesBetweenTimes(this.db, this.commune, from, toExclusive);
  }

  itemsTitled(foldedTitles: string[]): Promise<Item[]> {
    return items.itemsTitled(this.db, this.commune, foldedTitles);
  }

  slots(): Promise<Slot[]> {
    return docs.liveSlots(this.db, this.commune);
  }

  async createSlot(fields: Omit<Slot, 'id'>): Promise<Slot> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO slots (commune_id, record) VALUES ($1, $2::jsonb) RETURNING id', [this.commune, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  async replaceSlot(slot: Slot): Promise<void> {
    const res = await this.db.query('UPDATE slots SET record = $3::jsonb WHERE commune_id = $1 AND id = $2', [this.commune, slot.id, json(body(slot))]);
    if (!res.rowCount) throw new Error(`no slot ${slot.id}`);
  }

  async createItems(list: Omit<Item, 'id'>[]): Promise<Item[]> {
    const ids = await newIds(this.db, 'items_id_seq', list.length);
    const made = list.map((fields, i) => ({ ...structuredClone(fields), id: ids[i]! }) as Item);
    await insertItems(this.db, this.commune, made);
    return made;
  }

  async createEntries(list: Omit<Entry, 'id'>[]): Promise<Entry[]> {
    const ids = await newIds(this.db, 'entries_id_seq', list.length);
    const made = list.map((fields, i) => ({ ...fields, id: ids[i]! }) as Entry);
    await insertEntries(this.db, this.commune, made);
    return made;
  }

  async changesSince(mark: LogMark): Promise<{ items: Item[]; entries: Entry[] } | null> {
    const now = await one<{ edits: number }>(this.db, 'SELECT edits FROM communes WHERE id = $1', [this.commune]);
    if (mark.edits === undefined || mark.item === undefined || mark.entry === undefined || now!.edits !== mark.edits) return null;
    const newItems = await rows(this.db, `SELECT ${ITEM_COLUMNS} FROM items i WHERE i.commune_id = $1 AND i.id > $2 ORDER BY i.id`, [this.commune, mark.item]);
    const newEntries = await rows(this.db, `SELECT ${ENTRY_COLUMNS} FROM entries e WHERE e.commune_id = $1 AND e.id > $2 ORDER BY e.id`, [this.commune, mark.entry]);
    return { items: newItems.map(itemOf), entries: newEntries.map(entryOf) };
  }

  async publishBatch(prepared: PreparedBatch): Promise<void> {
    const batch = prepared as PgBatch;
    if (batch.published) throw new Error('batch published already');
    await insertItems(this.db, this.commune, batch.items);
    await insertEntries(this.db, this.commune, batch.entries);
    // Its ids were taken before the transaction: an import planned meanwhile must plan again.
    await this.edited();
    batch.published = true;
  }

  planYears(): Promise<number[]> {
    return docs.planYears(this.db, this.commune);
  }

  planTasks(year: number): Promise<PlanTask[] | null> {
    return docs.planTasks(this.db, this.commune, year);
  }

  async putPlanTasks(year: number, tasks: PlanTask[]): Promise<void> {
    await docs.putDoc(this.db, this.commune, `plan:${year}`, tasks);
  }

  async putTaskNote(note: TaskNote): Promise<void> {
    const key = [this.commune, note.year, note.taskId, note.from, note.to];
    if (!note.text) await this.db.query('DELETE FROM task_notes WHERE commune_id = $1 AND year = $2 AND task_id = $3 AND from_date = $4 AND to_date = $5', key);
    else await this.db.query('INSERT INTO task_notes (commune_id, year, task_id, from_date, to_date, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, year, task_id, from_date, to_date) DO UPDATE SET note = EXCLUDED.note', [...key, note.text]);
  }

  importRecord(id: number): Promise<ImportRecord | null> {
    return docs.importRecord(this.db, this.commune, id);
  }

  async deleteMany(ids: { entryIds: readonly number[]; itemIds: readonly number[] }, at: string, by: string): Promise<{ entries: number; items: number }> {
    const stamp = 'deleted_at = $3, deleted_by = $4, updated_at = $3, updated_by = $4';
    const live = 'commune_id = $1 AND id = ANY ($2::int[]) AND deleted_at IS NULL';
    const entries = ids.entryIds.length ? ((await this.db.query(`UPDATE entries SET ${stamp} WHERE ${live}`, [this.commune, ids.entryIds, at, by])).rowCount ?? 0) : 0;
    const items = ids.itemIds.length ? ((await this.db.query(`UPDATE items SET ${stamp} WHERE ${live}`, [this.commune, ids.itemIds, at, by])).rowCount ?? 0) : 0;
    if (entries || items) await this.edited();
    return { entries, items };
  }

  async createImport(record: Omit<ImportRecord, 'id'>): Promise<ImportRecord> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO imports (commune_id, record) VALUES ($1, $2::jsonb) RETURNING id', [this.commune, json(record)]);
    return { id: r!.id, ...structuredClone(record) };
  }

  async replaceImport(record: ImportRecord): Promise<void> {
    const res = await this.db.query('UPDATE imports SET record = $3::jsonb WHERE commune_id = $1 AND id = $2', [this.commune, record.id, json(body(record))]);
    if (!res.rowCount) throw new Error(`no import ${record.id}`);
  }

  setLastImportMapping(mapping: ImportMapping): Promise<void> {
    return docs.putDoc(this.db, this.commune, 'lastImportMapping', mapping);
  }

  summariesOfWeek(weekStart: LocalDate): Promise<Summary[]> {
    return docs.summaries(this.db, this.commune, weekStart);
  }

  lastSummarizedWeek(): Promise<LocalDate | null> {
    return docs.lastSummarizedWeek(this.db, this.commune);
  }

  async createSummary(fields: Omit<Summary, 'id'>): Promise<Summary> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO summaries (commune_id, week_start, version, record) VALUES ($1, $2, $3, $4::jsonb) RETURNING id', [this.commune, fields.weekStart, fields.version, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  setLastSummarizedWeek(week: LocalDate): Promise<void> {
    return docs.putDoc(this.db, this.commune, 'lastWeek', week);
  }

  async setSummaryDelivery(id: number, delivery: SummaryDelivery): Promise<void> {
    const res = await this.db.query(`UPDATE summaries SET record = jsonb_set(record, '{delivery}', $3::jsonb) WHERE commune_id = $1 AND id = $2`, [this.commune, id, json(delivery)]);
    if (!res.rowCount) throw new Error(`no summary ${id}`);
  }

  user(username: string): Promise<User | null> {
    return users.user(this.db, username);
  }

  users(): Promise<User[]> {
    return users.list(this.db);
  }

  userCount(): Promise<number> {
    return users.count(this.db);
  }

  async createUser(user: User): Promise<void> {
    const res = await this.db.query('INSERT INTO users (username, record) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING', [user.username, json(user)]);
    if (!res.rowCount) throw new Error(`user ${user.username} exists`);
  }

  async replaceUser(user: User): Promise<void> {
    const res = await this.db.query('UPDATE users SET record = $2::jsonb WHERE username = $1', [user.username, json(user)]);
    if (!res.rowCount) throw new Error(`no user ${user.username}`);
  }

  async tokensOf(username: string): Promise<ApiToken[]> {
    return (await users.tokensOf(this.db, username)).reverse();
  }

  async createToken(token: ApiToken): Promise<void> {
    await this.db.query('INSERT INTO tokens (id, username, hash, record) VALUES ($1, $2, $3, $4::jsonb)', [token.id, token.username, token.hash, json(token)]);
  }

  async replaceToken(token: ApiToken): Promise<void> {
    const res = await this.db.query('UPDATE tokens SET hash = $2, record = $3::jsonb WHERE id = $1', [token.id, token.hash, json(token)]);
    if (!res.rowCount) throw new Error(`no token ${token.id}`);
  }
}
