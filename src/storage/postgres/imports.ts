/** The imports of spreadsheets (`imports`) and the column mapping used last (its `lastImportMapping` document); undoing one. */
import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import { markEdited } from './batch.js';
import { body, doc, json, putDoc, withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';

/** The imports, newest first, without their id lists (which can be long). */
export async function imports(db: Queryable, commune: number): Promise<ImportRecord[]> {
  const found = await rows(db, `SELECT id, record - 'entryIds' - 'itemIds' AS record FROM imports WHERE commune_id = $1 ORDER BY id DESC`, [commune]);
  return found.map((r) => ({ ...(withId(r) as unknown as ImportRecord), entryIds: [], itemIds: [] }));
}

export async function importRecord(db: Queryable, commune: number, id: number): Promise<ImportRecord | null> {
  const r = await one(db, 'SELECT id, record FROM imports WHERE commune_id = $1 AND id = $2', [commune, id]);
  return r ? (withId(r) as unknown as ImportRecord) : null;
}

export const lastImportMapping = (db: Queryable, commune: number): Promise<ImportMapping | null> => doc<ImportMapping>(db, commune, 'lastImportMapping');

/** The imports' part of a transaction: their records, the mapping, and deleting what one created. */
export class TxImports {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  importRecord(id: number): Promise<ImportRecord | null> {
    return importRecord(this.db, this.commune, id);
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
    return putDoc(this.db, this.commune, 'lastImportMapping', mapping);
  }

  /** One UPDATE of the entries and one of the items, whatever their number. */
  async deleteMany(ids: { entryIds: readonly number[]; itemIds: readonly number[] }, at: string, by: string): Promise<{ entries: number; items: number }> {
    const stamp = 'deleted_at = $3, deleted_by = $4, updated_at = $3, updated_by = $4';
    const live = 'commune_id = $1 AND id = ANY ($2::int[]) AND deleted_at IS NULL';
    const entries = ids.entryIds.length ? ((await this.db.query(`UPDATE entries SET ${stamp} WHERE ${live}`, [this.commune, ids.entryIds, at, by])).rowCount ?? 0) : 0;
    const items = ids.itemIds.length ? ((await this.db.query(`UPDATE items SET ${stamp} WHERE ${live}`, [this.commune, ids.itemIds, at, by])).rowCount ?? 0) : 0;
    if (entries || items) await markEdited(this.db, this.commune);
    return { entries, items };
  }
}
