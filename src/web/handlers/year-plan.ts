import type { Request, Response } from 'express';
import type { FieldErrors } from '../../domain/model.js';
import { type Period, parsePeriodQuery } from '../../domain/periods.js';
import { type YearPlanTask, taskForm, timeFrameLabel } from '../../domain/year-plan.js';
import { localToday } from '../../domain/time.js';
import { notFound } from '../../services/errors.js';
import { appendixByTask, copyYearPlan, deleteTask, saveTask, setTaskNote, yearPlan } from '../../services/year-plan.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { countModeOf, periodQuery } from '../request.js';


/** The year of the URL or the query (this year when absent); null when it is not a sensible year. */
function yearOf(ctx: WebContext, text: unknown): number | null {
  if (text === undefined || text === '') return Number(localToday(ctx.clock()).slice(0, 4));
  const year = Number(text);
  return typeof text === 'string' && /^\d{4}$/.test(text) && year >= 2000 && year <= 2100 ? year : null;
}

function yearParam(ctx: WebContext, req: Request): number {
  const year = yearOf(ctx, req.params.year ?? req.query.year);
  if (year === null) throw notFound('Năm không hợp lệ: dùng năm có 4 chữ số, ví dụ 2026.');
  return year;
}

async function renderPlan(ctx: WebContext, req: Request, res: Response, year: number, form: { editing: string | null; values: Record<string, unknown>; errors: FieldErrors }, status = 200): Promise<void> {
  const plan = await yearPlan(scope(ctx, req), year);
  res.status(status).render('year-plan/index', { title: `Nhiệm vụ của kế hoạch năm ${year}`, plan, timeFrameLabel, ...form });
}

/** GET /plan?year=: the year's tasks, and (admins) the form to add one or to copy last year's. */
export function showYearPlan(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const year = yearParam(ctx, req);
    const editing = typeof req.query.edit === 'string' ? req.query.edit : null;
    const plan = await yearPlan(scope(ctx, req), year);
    const task = editing ? plan.tasks.find((t) => t.id === editing) : undefined;
    if (editing && !task) throw notFound('Không tìm thấy nhiệm vụ này trong kế hoạch.');
    await renderPlan(ctx, req, res, year, { editing, values: task ? taskForm(task) : { timeFrame: 'year', counted: 'log' }, errors: {} });
  };
}

/** POST /plan/:year/tasks (new) and /plan/:year/tasks/:id (changed). */
export function postTask(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const year = yearParam(ctx, req);
    const id = typeof req.params.id === 'string' ? req.params.id : null;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const saved = await saveTask(scope(ctx, req), year, id, body, actorOf(req));
    if (!saved.ok) return renderPlan(ctx, req, res, year, { editing: id, values: body, errors: saved.errors }, 422);
    res.redirect(303, `/plan?year=${year}&ok=plan-saved#task-${saved.value.id}`);
  };
}

/** POST /plan/:year/tasks/:id/delete */
export function postDeleteTask(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const year = yearParam(ctx, req);
    await deleteTask(scope(ctx, req), year, String(req.params.id), actorOf(req));
    res.redirect(303, `/plan?year=${year}&ok=plan-task-deleted`);
  };
}

/** POST /plan/:year/copy (field `from`): an earlier year's tasks into this one. */
export function postCopyYearPlan(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const year = yearParam(ctx, req);
    const from = yearOf(ctx, (req.body as Record<string, unknown> | undefined)?.from);
    const copied = from === null ? { ok: false as const, errors: { copy: 'Năm sao chép không hợp lệ.' } } : await copyYearPlan(scope(ctx, req), from, year, actorOf(req));
    if (!copied.ok) return renderPlan(ctx, req, res, year, { editing: null, values: { timeFrame: 'year', counted: 'log' }, errors: copied.errors }, 422);
    res.redirect(303, `/plan?year=${year}&ok=plan-copied`);
  };
}


/** The period of a page's query; null (after answering 422 with the reasons) when it does not parse. */
function pagePeriod(ctx: WebContext, req: Request, res: Response): Period | null {
  const parsed = parsePeriodQuery(req.query as Record<string, unknown>, localToday(ctx.clock()));
  if (parsed.ok) return parsed.value;
  res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: Object.values(parsed.errors).join(' '), detail: null });
  return null;
}

/** GET /reports/appendix: the printable appendix (A4 landscape), one row per task of the plan. */
export function showAppendix(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const period = pagePeriod(ctx, req, res);
    if (!period) return;
    const query = req.query as Record<string, unknown>;
    const { plan, rows, settings } = await appendixByTask(scope(ctx, req), period, countModeOf(query));
    res.render('reports/appendix', { title: 'Phụ lục kết quả tuyên truyền CCHC', period, plan, rows, settings, linkQuery: periodQuery(query), backLink: `/reports?${periodQuery(query)}`, inlineCss: null });
  };
}

/** POST /reports/appendix/notes?<period>: the office's note on a task for the period. */
export function postTaskNote(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const period = pagePeriod(ctx, req, res);
    if (!period) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const saved = await setTaskNote(scope(ctx, req), period, String(body.taskId ?? ''), body.note, actorOf(req));
    if (!saved.ok) {
      res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: Object.values(saved.errors).join(' '), detail: null });
      return;
    }
    res.redirect(303, `/reports/appendix?${periodQuery(req.query as Record<string, unknown>)}&ok=note-saved`);
  };
}

export type { YearPlanTask };
