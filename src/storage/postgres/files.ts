/** Attached evidence files' records (`files`; their bytes are in the files folder): the reads, the evidence of a period, and attaching in a transaction. */
import { evidenceInOrder, type FileRecord } from '../../domain/files.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import type { Attachment, FileWithOwner } from '../port.js';
import { json, withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';
import { entriesBetweenTimes } from './entries.js';

export async function file(db: Queryable, commune: number, id: number): Promise<FileWithOwner | null> {
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

/** The evidence of [from, to], in the order the domain gives (`evidenceInOrder`): the files of the period's entries and items in one read, then its live entries. */
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
  const live = await entriesBetweenTimes(db, commune, start, endExclusive);
  return evidenceInOrder(live, (owner) => byOwner.get(`${owner.type}:${owner.id}`) ?? []).map(({ file, entry, ofEntry }) => ({ file, entry: ofEntry ? entry : null, item: entry.item }));
}

/** The attached files' part of a transaction. */
export class TxFiles {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  async createFile(fields: Omit<FileRecord, 'id'>): Promise<FileRecord> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO files (commune_id, owner_type, owner_id, record) VALUES ($1, $2, $3, $4::jsonb) RETURNING id', [this.commune, fields.owner.type, fields.owner.id, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }
}
