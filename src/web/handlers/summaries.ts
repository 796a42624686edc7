import type { Request, Response } from 'express';
import { MSG } from '../../domain/messages.js';
import { lastCompletedWeek, type Summary, validateWeekStart } from '../../domain/summary.js';
import { CSV_TYPE, XLSX_TYPE } from '../../render/exports.js';
import { summaryCsv, writeSummaryXlsx } from '../../render/summary.js';
import { idParam, jsonBody } from '../request.js';
import { recordEvent } from '../../services/audit.js';
import type { Scope } from '../../services/scope.js';
import { settingsOf } from '../../services/settings.js';
import { makeSummaryOnDemand, summariesOf, summaryById, summaryPage } from '../../services/summaries.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { streamDownload } from '../download.js';
import { attachment } from './exports.js';

function loadSummary(ctx: WebContext, req: Request): Promise<Summary> {
  return summaryById(scope(ctx, req), idParam(String(req.params.id), MSG.summaryNotFound));
}

function summaryJson(s: Summary, withFigures: boolean): Record<string, unknown> {
  return { id: s.id, weekStart: s.weekStart, weekEnd: s.figures.weekEnd, version: s.version, createdAt: s.createdAt, createdBy: s.createdBy, delivery: s.delivery, ...(withFigures ? { figures: s.figures } : { totals: s.figures.totals }) };
}

async function renderList(ctx: WebContext, s: Scope, res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200): Promise<void> {
  res.status(status).render('summaries/index', { title: 'Tổng hợp tuần', summaries: await summariesOf(s), values, errors, lastWeek: lastCompletedWeek(ctx.clock()) });
}

/** GET /summaries: Tổng hợp tuần, newest first, with a form to make one for a past week. */
export function listSummaries(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => renderList(ctx, scope(ctx, req), res, {}, {});
}

/** POST /summaries: makes the summary of a past week now (a newer version if it has one). */
export function createSummary(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const week = validateWeekStart(body.weekStart, ctx.clock());
    if (!week.ok) return renderList(ctx, s, res, body, week.errors, 422);
    const summary = await makeSummaryOnDemand(s, week.value, actorOf(req), false);
    res.redirect(303, `/summaries/${summary.id}?ok=summary-created`);
  };
}

/** GET /summaries/:id and /summaries/:id/print (the same figures on a page made for paper). */
export function showSummary(ctx: WebContext, print = false) {
  return async (req: Request, res: Response): Promise<void> => {
    const { summary, newer, current } = await summaryPage(scope(ctx, req), idParam(String(req.params.id), MSG.summaryNotFound), print);
    res.render(print ? 'summaries/print' : 'summaries/show', { title: `Tổng hợp tuần ${summary.weekStart}`, summary, f: summary.figures, newer, current });
  };
}

function summaryExport(ctx: WebContext, format: 'csv' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const summary = await loadSummary(ctx, req);
    await recordEvent(scope(ctx, req), actorOf(req), 'export', { type: 'summary', id: summary.id }, { after: { format, what: 'summary', weekStart: summary.weekStart, version: summary.version } });
    attachment(res, `tong-hop-tuan_${summary.weekStart}_v${summary.version}.${format}`, format === 'csv' ? CSV_TYPE : XLSX_TYPE);
    if (format === 'csv') res.send(summaryCsv(summary, (await settingsOf(scope(ctx, req))).csvSeparator));
    else await streamDownload(res, (out, signal) => writeSummaryXlsx(summary, out, signal));
  };
}

/** GET /summaries/:id.csv */
export const exportSummaryCsv = (ctx: WebContext) => summaryExport(ctx, 'csv');
/** GET /summaries/:id.xlsx */
export const exportSummaryXlsx = (ctx: WebContext) => summaryExport(ctx, 'xlsx');

/** GET /api/v1/summaries */
export function apiListSummaries(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ summaries: (await summariesOf(scope(ctx, req))).map((s) => summaryJson(s, false)) });
  };
}

/** GET /api/v1/summaries/:id */
export function apiGetSummary(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json(summaryJson(await loadSummary(ctx, req), true));
  };
}

/** POST /api/v1/summaries `{ "weekStart": "YYYY-MM-DD" }` → 201 */
export function apiCreateSummary(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const week = validateWeekStart(jsonBody(req).weekStart, ctx.clock());
    if (!week.ok) {
      res.status(422).json({ errors: week.errors });
      return;
    }
    const summary = await makeSummaryOnDemand(scope(ctx, req), week.value, actorOf(req), false);
    res.status(201).location(`/api/v1/summaries/${summary.id}`).json(summaryJson(summary, true));
  };
}
