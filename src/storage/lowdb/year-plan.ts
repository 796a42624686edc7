/** The yearly plan's tasks and the office's notes on them (`plan.json`). */
import type { YearPlanTask, TaskNote } from '../../domain/year-plan.js';
import type { LocalDate } from '../../domain/time.js';
import type { AnyFile, TxChanges } from './changes.js';
import type { YearPlanData } from './data-files.js';
import type { LowdbState } from './state.js';

export function planYears(data: YearPlanData): number[] {
  return Object.keys(data.years)
    .map(Number)
    .sort((a, b) => a - b);
}

export function planTasks(data: YearPlanData, year: number): YearPlanTask[] | null {
  const tasks = data.years[String(year)];
  return tasks ? structuredClone(tasks) : null;
}

/** The notes of a year's tasks for one report period. */
export function taskNotes(data: YearPlanData, year: number, from: LocalDate, to: LocalDate): TaskNote[] {
  return structuredClone(data.notes.filter((n) => n.year === year && n.from === from && n.to === to));
}

/** The plan's part of a transaction: a year's tasks, and the office's notes on them. */
export class TxYearPlan {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async planYears(): Promise<number[]> {
    return planYears(this.s.plan.data);
  }

  async planTasks(year: number): Promise<YearPlanTask[] | null> {
    return planTasks(this.s.plan.data, year);
  }

  async putPlanTasks(year: number, tasks: YearPlanTask[]): Promise<void> {
    const years = this.s.plan.data.years;
    const key = String(year);
    const had = Object.prototype.hasOwnProperty.call(years, key);
    const old = years[key];
    years[key] = structuredClone(tasks);
    this.c.touch(this.s.plan as AnyFile);
    this.c.undo(() => {
      if (had) years[key] = old!;
      else delete years[key];
    });
  }

  async putTaskNote(note: TaskNote): Promise<void> {
    const same = (n: TaskNote): boolean => n.year === note.year && n.taskId === note.taskId && n.from === note.from && n.to === note.to;
    const kept = this.s.plan.data.notes.filter((n) => !same(n));
    this.c.setField(this.s.plan, 'notes', note.text ? [...kept, structuredClone(note)] : kept);
  }
}
