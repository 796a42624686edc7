/**
 * How a commune's smaller records are kept: whole, as JSON documents, beside the columns they are
 * looked up by (audit, files, imports, slots, summaries, watch places and posts), and its single
 * documents by name in `commune_docs` (`settings`, `lastWeek`, `plan:2026`…).
 */
import { one, type Queryable, type Row } from './db.js';

/** A record from its row: the document with the id column put back. */
export const withId = (r: Row): Record<string, unknown> => ({ ...(r.record as Record<string, unknown>), id: r.id as number });

/** A commune's single document (`settings`, `lastWeek`, `plan:2026`…), or null. */
export async function doc<T>(db: Queryable, commune: number, name: string): Promise<T | null> {
  const r = await one<{ doc: T }>(db, 'SELECT doc FROM commune_docs WHERE commune_id = $1 AND name = $2', [commune, name]);
  return r ? r.doc : null;
}

export async function putDoc(db: Queryable, commune: number, name: string, value: unknown): Promise<void> {
  await db.query('INSERT INTO commune_docs (commune_id, name, doc) VALUES ($1, $2, $3::jsonb) ON CONFLICT (commune_id, name) DO UPDATE SET doc = EXCLUDED.doc', [commune, name, JSON.stringify(value)]);
}

/** A record's document without its id (the id is a column). */
export const body = <T extends { id: unknown }>(r: T): Omit<T, 'id'> => {
  const { id: _id, ...rest } = r;
  return rest;
};

export const json = (value: unknown): string => JSON.stringify(value);
