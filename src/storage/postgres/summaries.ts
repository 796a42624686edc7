/** The weekly summaries (`summaries`) and the last week summarised (its `lastWeek` document). */
import type { Summary, SummaryDelivery } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import { doc, json, putDoc, withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';

/** Every summary, newest week first, newest version first; or those of one week, in the order they were made. */
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

export const lastSummarizedWeek = (db: Queryable, commune: number): Promise<LocalDate | null> => doc<LocalDate>(db, commune, 'lastWeek');

/** The summaries' part of a transaction. */
export class TxSummaries {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  summariesOfWeek(weekStart: LocalDate): Promise<Summary[]> {
    return summaries(this.db, this.commune, weekStart);
  }

  lastSummarizedWeek(): Promise<LocalDate | null> {
    return lastSummarizedWeek(this.db, this.commune);
  }

  async createSummary(fields: Omit<Summary, 'id'>): Promise<Summary> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO summaries (commune_id, week_start, version, record) VALUES ($1, $2, $3, $4::jsonb) RETURNING id', [this.commune, fields.weekStart, fields.version, json(fields)]);
    return { id: r!.id, ...structuredClone(fields) };
  }

  setLastSummarizedWeek(week: LocalDate): Promise<void> {
    return putDoc(this.db, this.commune, 'lastWeek', week);
  }

  async setSummaryDelivery(id: number, delivery: SummaryDelivery): Promise<void> {
    const res = await this.db.query(`UPDATE summaries SET record = jsonb_set(record, '{delivery}', $3::jsonb) WHERE commune_id = $1 AND id = $2`, [this.commune, id, json(delivery)]);
    if (!res.rowCount) throw new Error(`no summary ${id}`);
  }
}
