/** The programme schedule's slots (`slots`). */
import type { Slot } from '../../domain/schedule.js';
import { body, json, withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';

/** The live slots, by start time. */
export async function liveSlots(db: Queryable, commune: number): Promise<Slot[]> {
  const found = await rows(db, `SELECT id, record FROM slots WHERE commune_id = $1 AND record->>'deletedAt' IS NULL`, [commune]);
  return found.map((r) => withId(r) as unknown as Slot).sort((a, b) => (a.start === b.start ? a.id - b.id : a.start < b.start ? -1 : 1));
}

export async function slot(db: Queryable, commune: number, id: number): Promise<Slot | null> {
  const r = await one(db, 'SELECT id, record FROM slots WHERE commune_id = $1 AND id = $2', [commune, id]);
  return r ? (withId(r) as unknown as Slot) : null;
}

/** The schedule's part of a transaction. */
export class TxSchedule {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  slots(): Promise<Slot[]> {
    return liveSlots(this.db, this.commune);
  }

  async createSlot(fields: Omit<Slot, 'id'>): Promise<Slot> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO slots (commune_id, record) VALUES ($1, $2::jsonb) RETURNING id', [this.commune, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  async replaceSlot(next: Slot): Promise<void> {
    const res = await this.db.query('UPDATE slots SET record = $3::jsonb WHERE commune_id = $1 AND id = $2', [this.commune, next.id, json(body(next))]);
    if (!res.rowCount) throw new Error(`no slot ${next.id}`);
  }
}
