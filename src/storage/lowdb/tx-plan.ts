import type { PlanTask, TaskNote } from '../../domain/plan.js';
import * as plan from './plan.js';
import { TxBulk } from './tx-bulk.js';
import type { AnyFile } from './tx-core.js';

/** The plan's writes of a transaction: a year's tasks, and the office's notes on them. */
export class TxPlan extends TxBulk {
  async planYears(): Promise<number[]> {
    return plan.planYears(this.s.plan.data);
  }

  async planTasks(year: number): Promise<PlanTask[] | null> {
    return plan.planTasks(this.s.plan.data, year);
  }

  async putPlanTasks(year: number, tasks: PlanTask[]): Promise<void> {
    const years = this.s.plan.data.years;
    const key = String(year);
    const had = Object.prototype.hasOwnProperty.call(years, key);
    const old = years[key];
    years[key] = structuredClone(tasks);
    this.touch(this.s.plan as AnyFile);
    this.undo(() => {
      if (had) years[key] = old!;
      else delete years[key];
    });
  }

  async putTaskNote(note: TaskNote): Promise<void> {
    const same = (n: TaskNote): boolean => n.year === note.year && n.taskId === note.taskId && n.from === note.from && n.to === note.to;
    const kept = this.s.plan.data.notes.filter((n) => !same(n));
    this.setField(this.s.plan, 'notes', note.text ? [...kept, structuredClone(note)] : kept);
  }
}
