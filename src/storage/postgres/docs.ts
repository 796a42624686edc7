/**
 * A commune's smaller records, kept whole as JSON documents: the audit trail, attached files, imports,
 * the plan and its notes, the programme schedule, weekly summaries, settings.
 */
import type { FileRecord } from '../../domain/files.js';
import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { AuditRecord, AuditTargetType, Page } from '../../domain/model.js';
import type { Paging } from '../../domain/filters.js';
import type { PlanTask, TaskNote } from '../../domain/plan.js';
import type { Slot } from '../../domain/schedule.js';
import { defaultSettings, type Settings } from '../../domain/settings.js';
import type { Summary } from '../../domain/summary.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import type { Attachment, AuditFilter, FileView } from '../port.js';
import { one, type Queryable, type Row, rows } from './db.js';
import { entriesBetweenTimes } from './entries.js';

export const withId = (r: Row): Record<string, unknown> => ({ ...(r.record as Record<string, unknown>), id: r.id as number });

/** A commune's single document (`settings`, `lastWeek`, `plan:2026`…), or null. */
export async function doc<T>(db: Queryable, commune: number, name: string): Promise<T | null> {
  const r = await one<{ doc: T }>(db, 'SELECT doc FROM commune_docs WHERE commune_id = $1 AND name = $2', [commune, name]);
  return r ? r.doc : null;
}

export async function putDoc(db: Queryable, commune: number, name: string, value: unknown): Promise<void> {
  await db.query('INSERT INTO commune_docs (commune_id, name, doc) VALUES ($1, $2, $3::jsonb) ON CONFLICT (commune_id, name) DO UPDATE SET doc = EXCLUDED.doc', [commune, name, JSON.stringify(value)]);
}

export async function settings(db: Queryable, commune: number): Promise<Settings> {
  // Settings written by an older version lack newer keys: they come from the defaults.
  return { ...defaultSettings(), ...((await doc<Settings>(db, commune, 'settings')) ?? {}) };
}

export const lastImportMapping = (db: Queryable, commune: number): Promise<ImportMapping | null> => doc<ImportMapping>(db, commune, 'lastImportMapping');
export const lastSummarizedWeek = (db: Queryable, commune: number): Promise<LocalDate | null> => doc<LocalDate>(db, commune, 'lastWeek');

export async function queryAudit(db: Queryable, commune: number, filter: AuditFilter, paging: Paging): Promise<Page<AuditRecord>> {
  const values: unknown[] = [commune];
  const where = auditConditions(filter, values);
  const cond = where.length ? ` AND ${where.join(' AND ')}` : '';
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM audit WHERE commune_id = $1${cond}`, values))!.n;
  const page = await rows(db, `SELECT id, record FROM audit WHERE commune_id = $1${cond} ORDER BY id DESC LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map((r) => withId(r) as unknown as AuditRecord) };
}

/** An audit filter as SQL conditions on the columns of a trail's table, their values added to `values`. */
export function auditConditions(filter: AuditFilter, values: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown): void => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.from) add((n) => `at >= ${n}`, rangeBounds(filter.from, filter.from).start);
  if (filter.to) add((n) => `at < ${n}`, rangeBounds(filter.to, filter.to).endExclusive);
  if (filter.user) add((n) => `username = ${n}`, filter.user);
  if (filter.action) {
    values.push(filter.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}.%`);
    where.push(`(action = $${values.length - 1} OR action LIKE $${values.length})`);
  }
  if (filter.target) {
    add((n) => `target_type = ${n}`, filter.target.type);
    add((n) => `target_id = ${n}`, String(filter.target.id));
  }
  return where;
}

export async function auditOf(db: Queryable, commune: number, type: AuditTargetType, id: number | string): Promise<AuditRecord[]> {
  const found = await rows(db, 'SELECT id, record FROM audit WHERE commune_id = $1 AND target_type = $2 AND target_id = $3 ORDER BY id', [commune, type, String(id)]);
  return found.map((r) => withId(r) as unknown as AuditRecord);
}

export async function file(db: Queryable, commune: number, id: number): Promise<FileView | null> {
  const r = await one(
    db,
    `SELECT f.id, f.record, CASE f.owner_type
       WHEN 'item' THEN EXISTS (SELECT 1 FROM items i WHERE i.commune_id = f.commune_id AND i.id = f.owner_id AND i.deleted_at IS NULL)
       ELSE EXISTS (SELECT 1 FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
         WHERE e.commune_id = f.commune_id AND e.id = f.owner_id AND e.deleted_at IS NULL AND i.deleted_at IS NULL) END AS live
     FROM files f WHERE f.commune_id = $1 AND f.id = $2`,
    [commune, id],
  );
  return r ? { ...(withId(r) as unknown as FileRecord), ownerLive: r.live as boolean } : null;
}

export async function filesOf(db: Queryable, commune: number, owner: FileRecord['owner']): Promise<FileRecord[]> {
  const found = await rows(db, 'SELECT id, record FROM files WHERE commune_id = $1 AND owner_type = $2 AND owner_id = $3 ORDER BY id', [commune, owner.type, owner.id]);
  return found.map((r) => withId(r) as unknown as FileRecord);
}

/** The files of the live entries of [from, to], oldest entry first, each followed by its item's files the first time the item appears. */
export async function attachmentsBetween(db: Queryable, commune: number, from: LocalDate, to: LocalDate): Promise<Attachment[]> {
  const { start, endExclusive } = rangeBounds(from, to);
  const found = await rows(
    db,
    `SELECT f.id, f.record, f.owner_type, f.owner_id FROM files f WHERE f.commune_id = $1 AND (
       (f.owner_type = 'entry' AND f.owner_id IN (SELECT e.id FROM entries e WHERE e.commune_id = $1 AND e.at >= $2 AND e.at < $3))
       OR (f.owner_type = 'item' AND f.owner_id IN (SELECT e.item_id FROM entries e WHERE e.commune_id = $1 AND e.at >= $2 AND e.at < $3)))
     ORDER BY f.id`,
    [commune, start, endExclusive],
  );
  if (!found.length) return [];
  const byOwner = new Map<string, FileRecord[]>();
  for (const r of found) {
    const key = `${r.owner_type as string}:${r.owner_id as number}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), withId(r) as unknown as FileRecord]);
  }
  const out: Attachment[] = [];
  const itemsSeen = new Set<number>();
  for (const e of await entriesBetweenTimes(db, commune, start, endExclusive)) {
    for (const f of byOwner.get(`entry:${e.id}`) ?? []) out.push({ file: f, entry: e, item: e.item });
    if (itemsSeen.has(e.itemId)) continue;
    itemsSeen.add(e.itemId);
    for (const f of byOwner.get(`item:${e.itemId}`) ?? []) out.push({ file: f, entry: null, item: e.item });
  }
  return out;
}

export async function imports(db: Queryable, commune: number): Promise<ImportRecord[]> {
  const found = await rows(db, `SELECT id, record - 'entryIds' - 'itemIds' AS record FROM imports WHERE commune_id = $1 ORDER BY id DESC`, [commune]);
  return found.map((r) => ({ ...(withId(r) as unknown as ImportRecord), entryIds: [], itemIds: [] }));
}

export async function importRecord(db: Queryable, commune: number, id: number): Promise<ImportRecord | null> {
  const r = await one(db, 'SELECT id, record FROM imports WHERE commune_id = $1 AND id = $2', [commune, id]);
  return r ? (withId(r) as unknown as ImportRecord) : null;
}

export async function planYears(db: Queryable, commune: number): Promise<number[]> {
  const found = await rows<{ year: number }>(db, `SELECT substr(name, 6)::int AS year FROM commune_docs WHERE commune_id = $1 AND name LIKE 'plan:%' ORDER BY 1`, [commune]);
  return found.map((r) => r.year);
}

export const planTasks = (db: Queryable, commune: number, year: number): Promise<PlanTask[] | null> => doc<PlanTask[]>(db, commune, `plan:${year}`);

export async function taskNotes(db: Queryable, commune: number, year: number, from: LocalDate, to: LocalDate): Promise<TaskNote[]> {
  const found = await rows<{ task_id: string; note: string }>(db, 'SELECT task_id, note FROM task_notes WHERE commune_id = $1 AND year = $2 AND from_date = $3 AND to_date = $4 ORDER BY task_id', [commune, year, from, to]);
  return found.map((r) => ({ year, taskId: r.task_id, from, to, text: r.note }));
}

export async function liveSlots(db: Queryable, commune: number): Promise<Slot[]> {
  const found = await rows(db, `SELECT id, record FROM slots WHERE commune_id = $1 AND record->>'deletedAt' IS NULL`, [commune]);
  return found.map((r) => withId(r) as unknown as Slot).sort((a, b) => (a.start === b.start ? a.id - b.id : a.start < b.start ? -1 : 1));
}

export async function slot(db: Queryable, commune: number, id: number): Promise<Slot | null> {
  const r = await one(db, 'SELECT id, record FROM slots WHERE commune_id = $1 AND id = $2', [commune, id]);
  return r ? (withId(r) as unknown as Slot) : null;
}

export async function summaries(db: Queryable, commune: number, weekStart?: LocalDate): Promise<Summary[]> {
  const found = weekStart
    ? await rows(db, 'SELECT id, record FROM summaries WHERE commune_id = $1 AND week_start = $2 ORDER BY id', [commune, weekStart])
    : await rows(db, 'SELECT id, record FROM summaries WHERE commune_id = $1 ORDER BY week_start DESC, version DESC', [commune]);
  return found.map((r) => withId(r) as unknown as Summary);
}

export async function summary(db: Queryable, commune: number, id: number): Promise<Summary | null> {
  const r = await one(db, 'SELECT id, record FROM summaries WHERE commune_id = $1 AND id = $2', [commune, id]);
  return r ? (withId(r) as unknown as Summary) : null;
}
