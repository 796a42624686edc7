import type { PlanTask, TaskNote } from '../../domain/plan.js';
import type { AuditRecord } from '../../domain/model.js';
import type { LocalDate } from '../../domain/time.js';

/** `plan.json`: each year's plan tasks, the office's notes on them per report period, and the records of their changes. */
export interface PlanData {
  format: 'cchc-plan/1';
  /** Year → its tasks, in the plan's order. */
  years: Record<string, PlanTask[]>;
  notes: TaskNote[];
  audit: AuditRecord[];
}

export const emptyPlan = (): PlanData => ({ format: 'cchc-plan/1', years: {}, notes: [], audit: [] });

export function planYears(data: PlanData): number[] {
  return Object.keys(data.years)
    .map(Number)
    .sort((a, b) => a - b);
}

export function planTasks(data: PlanData, year: number): PlanTask[] | null {
  const tasks = data.years[String(year)];
  return tasks ? structuredClone(tasks) : null;
}

/** The notes of a year's tasks for one report period. */
export function taskNotes(data: PlanData, year: number, from: LocalDate, to: LocalDate): TaskNote[] {
  return structuredClone(data.notes.filter((n) => n.year === year && n.from === from && n.to === to));
}
