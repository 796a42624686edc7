import { Tally } from '../domain/counting.js';
import type { Raw } from '../domain/fields.js';
import type { FieldErrors, Result } from '../domain/model.js';
import type { Period } from '../domain/periods.js';
import { copyTasks, countsToward, defaultTasks, nextTaskId, type YearPlanTask, TASK_LIMITS, type TaskResult, taskResult, taskSpan, validateTask } from '../domain/year-plan.js';
import { type Report, reportFromCounts } from '../domain/report.js';
import type { CountMode } from '../domain/sentence.js';
import { cleanText } from '../domain/fields.js';
import type { Settings } from '../domain/settings.js';
import { localDateOf } from '../domain/time.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';
import type { CommuneTx } from '../storage/port.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

/** A year's tasks and where they come from: stored, the defaults of a new install, or none yet. */
export interface YearPlan {
  year: number;
  tasks: YearPlanTask[];
  source: 'stored' | 'defaults' | 'none';
  /** The newest earlier year with tasks, to copy from. */
  copyFrom: number | null;
}

/** "1" < "2" < "2.1" < "10": plan numbers compared part by part. */
const byNumber = (a: YearPlanTask, b: YearPlanTask): number => {
  const pa = a.number.split(/[.\s]+/);
  const pb = b.number.split(/[.\s]+/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const d = Number(x) - Number(y);
    if (!Number.isNaN(d) && d !== 0) return d;
    if (Number.isNaN(d) && x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

/** A year's plan: its stored tasks; for a new install (no year has any), the default tasks. */
export function yearPlan(scope: Scope, year: number): Promise<YearPlan> {
  return planOf(scope.commune, year);
}

/** `yearPlan` read from the log, or from inside a transaction. */
async function planOf(plans: Pick<CommuneTx, 'planTasks' | 'planYears'>, year: number): Promise<YearPlan> {
  const [stored, years] = await Promise.all([plans.planTasks(year), plans.planYears()]);
  const copyFrom = years.filter((y) => y < year).at(-1) ?? null;
  if (stored) return { year, tasks: stored, source: 'stored', copyFrom };
  if (!years.length) return { year, tasks: defaultTasks(), source: 'defaults', copyFrom };
  return { year, tasks: [], source: 'none', copyFrom };
}

async function storeTasks(scope: Scope, year: number, change: (tasks: YearPlanTask[]) => { tasks: YearPlanTask[]; before: unknown; after: unknown }, actor: string): Promise<void> {
  await scope.commune.transaction(async (tx) => {
    const current = await planOf(tx, year);
    const { tasks, before, after } = change(current.tasks);
    await tx.putPlanTasks(year, [...tasks].sort(byNumber));
    await audit(tx, scope, actor, 'plan.update', { type: 'plan', id: year }, { before: { task: before }, after: { task: after } });
  });
}

/** Adds a task (id null) or changes one, as typed; nothing is stored when a field is wrong. */
export async function saveTask(scope: Scope, year: number, id: string | null, raw: Raw, actor: string): Promise<Result<YearPlanTask>> {
  const current = await yearPlan(scope, year);
  if (id !== null && !current.tasks.some((t) => t.id === id)) throw notFound('Không tìm thấy nhiệm vụ này trong kế hoạch.');
  if (id === null && current.tasks.length >= TASK_LIMITS.tasks) return { ok: false, errors: { text: `Kế hoạch có tối đa ${TASK_LIMITS.tasks} nhiệm vụ.` } };
  const checked = validateTask(raw, await vocabularyOf(scope), year, id ?? nextTaskId(current.tasks));
  if (!checked.ok) return checked;
  const task = checked.value;
  await storeTasks(
    scope,
    year,
    (tasks) => {
      const old = tasks.find((t) => t.id === task.id) ?? null;
      return { tasks: old ? tasks.map((t) => (t.id === task.id ? task : t)) : [...tasks, task], before: old, after: task };
    },
    actor,
  );
  return { ok: true, value: task };
}

/** Removes a task from a year's plan (its notes stay in the audit trail). */
export async function deleteTask(scope: Scope, year: number, id: string, actor: string): Promise<void> {
  const current = await yearPlan(scope, year);
  const old = current.tasks.find((t) => t.id === id);
  if (!old) throw notFound('Không tìm thấy nhiệm vụ này trong kế hoạch.');
  await storeTasks(scope, year, (tasks) => ({ tasks: tasks.filter((t) => t.id !== id), before: old, after: null }), actor);
}

/** Copies an earlier year's tasks into a year that has none yet. */
export async function copyYearPlan(scope: Scope, fromYear: number, toYear: number, actor: string): Promise<Result<number>> {
  const [from, to] = await Promise.all([scope.commune.planTasks(fromYear), scope.commune.planTasks(toYear)]);
  if (to?.length) return { ok: false, errors: { copy: `Kế hoạch năm ${toYear} đã có nhiệm vụ; chỉ sao chép vào năm chưa có.` } };
  if (!from?.length) return { ok: false, errors: { copy: `Năm ${fromYear} chưa có nhiệm vụ nào để sao chép.` } };
  const tasks = copyTasks(from, toYear);
  await scope.commune.transaction(async (tx) => {
    await tx.putPlanTasks(toYear, tasks);
    await audit(tx, scope, actor, 'plan.update', { type: 'plan', id: toYear }, { after: { copiedFrom: fromYear, tasks: tasks.length } });
  });
  return { ok: true, value: tasks.length };
}

/** Sets the office's note on a task for a report period (empty: removed), audited. */
export async function setTaskNote(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>, taskId: string, rawText: unknown, actor: string): Promise<Result<string>> {
  const plan = await yearPlan(scope, period.year);
  if (!plan.tasks.some((t) => t.id === taskId)) throw notFound('Không tìm thấy nhiệm vụ này trong kế hoạch.');
  const text = typeof rawText === 'string' ? cleanText(rawText, true).trim() : '';
  const errors: FieldErrors = {};
  if ([...text].length > TASK_LIMITS.note) errors.note = `Ghi chú không được dài quá ${TASK_LIMITS.note} ký tự.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  const old = (await scope.commune.taskNotes(period.year, period.from, period.to)).find((n) => n.taskId === taskId)?.text ?? '';
  if (old === text) return { ok: true, value: text };
  await scope.commune.transaction(async (tx) => {
    // A task of the default plan gets stored with its first note, so that the note has a task to belong to.
    if (plan.source === 'defaults') await tx.putPlanTasks(period.year, plan.tasks);
    await tx.putTaskNote({ year: period.year, taskId, from: period.from, to: period.to, text });
    await audit(tx, scope, actor, 'plan.note', { type: 'plan', id: period.year }, { before: { taskId, from: period.from, to: period.to, note: old }, after: { note: text } });
  });
  return { ok: true, value: text };
}

/** Each counted task's figures for a period: the live entries of the period, within the task's time, that count toward it. */
export async function taskReports(scope: Scope, tasks: readonly YearPlanTask[], period: Pick<Period, 'from' | 'to' | 'year'>): Promise<Map<string, Report>> {
  const vocab = await vocabularyOf(scope);
  const counted = tasks.filter((t) => t.counts).map((t) => ({ task: t, span: taskSpan(t, period.year, period) }));
  const tallies = new Map(counted.map(({ task }) => [task.id, new Tally()]));
  const live = counted.filter((c) => c.span);
  if (live.length) {
    for await (const batch of scope.commune.streamEntries({ from: period.from, to: period.to })) {
      for (const e of batch) {
        const day = localDateOf(e.at);
        for (const { task, span } of live) if (day >= span!.from && day <= span!.to && countsToward(task.counts!, e, e.item)) tallies.get(task.id)!.add(e, e.item);
      }
    }
  }
  return new Map([...tallies].map(([id, tally]) => [id, reportFromCounts(tally.counts(), vocab, period.from, period.to)]));
}

/** The appendix by task: one row per task of the period's year, with its result and the office's note. */
export async function appendixByTask(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>, mode: CountMode): Promise<{ plan: YearPlan; rows: TaskResult[]; settings: Settings }> {
  const [plan, settings, notes] = await Promise.all([yearPlan(scope, period.year), settingsOf(scope), scope.commune.taskNotes(period.year, period.from, period.to)]);
  const reports = await taskReports(scope, plan.tasks, period);
  const noteOf = new Map(notes.map((n) => [n.taskId, n.text]));
  const rows = plan.tasks.map((task) => taskResult(task, period.year, period, reports.get(task.id) ?? null, { kind: settings.communeKind, mode, note: noteOf.get(task.id) ?? '' }));
  return { plan, rows, settings };
}
