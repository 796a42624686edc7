/** The yearly plan's tasks (a `plan:<year>` document each) and the office's notes on them (`task_notes`). */
import type { YearPlanTask, TaskNote } from '../../domain/year-plan.js';
import type { LocalDate } from '../../domain/time.js';
import { doc, putDoc } from './commune-docs.js';
import { type Queryable, rows } from './db.js';

export async function planYears(db: Queryable, commune: number): Promise<number[]> {
  const found = await rows<{ year: number }>(db, `SELECT substr(name, 6)::int AS year FROM commune_docs WHERE commune_id = $1 AND name LIKE 'plan:%' ORDER BY 1`, [commune]);
  return found.map((r) => r.year);
}

export const planTasks = (db: Queryable, commune: number, year: number): Promise<YearPlanTask[] | null> => doc<YearPlanTask[]>(db, commune, `plan:${year}`);

export async function taskNotes(db: Queryable, commune: number, year: number, from: LocalDate, to: LocalDate): Promise<TaskNote[]> {
  const found = await rows<{ task_id: string; note: string }>(db, 'SELECT task_id, note FROM task_notes WHERE commune_id = $1 AND year = $2 AND from_date = $3 AND to_date = $4 ORDER BY task_id', [commune, year, from, to]);
  return found.map((r) => ({ year, taskId: r.task_id, from, to, text: r.note }));
}

/** The plan's part of a transaction: a year's tasks, and the office's notes on them. */
export class TxYearPlan {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  planYears(): Promise<number[]> {
    return planYears(this.db, this.commune);
  }

  planTasks(year: number): Promise<YearPlanTask[] | null> {
    return planTasks(this.db, this.commune, year);
  }

  async putPlanTasks(year: number, tasks: YearPlanTask[]): Promise<void> {
    await putDoc(this.db, this.commune, `plan:${year}`, tasks);
  }

  async putTaskNote(note: TaskNote): Promise<void> {
    const key = [this.commune, note.year, note.taskId, note.from, note.to];
    if (!note.text) await this.db.query('DELETE FROM task_notes WHERE commune_id = $1 AND year = $2 AND task_id = $3 AND from_date = $4 AND to_date = $5', key);
    else await this.db.query('INSERT INTO task_notes (commune_id, year, task_id, from_date, to_date, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, year, task_id, from_date, to_date) DO UPDATE SET note = EXCLUDED.note', [...key, note.text]);
  }
}
