import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { lastCompletedWeek, validateWeekStart } from '../../domain/summary.js';
import { SUMMARY_COLUMNS, summaryRows } from '../../domain/summary-rows.js';
import { makeSummaryOnDemand } from '../../jobs/weekly-summary.js';
import { summaryCsv } from '../../jobs/mailer.js';
import type { Summary } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { CSV_TYPE, XLSX_TYPE } from '../export-writers.js';
import { idParam, notFound } from '../http-error.js';
import { jsonBody } from './api.js';
import { WHOLE_FORMAT, writeWorkbook } from '../xlsx.js';
import { attachment } from './exports.js';
import { streamDownload } from '../download.js';

function loadSummary(ctx: AppContext, param: unknown): Summary {
  const summary = ctx.store.summary(idParam(String(param), 'Không tìm thấy bản tổng hợp này.'));
  if (!summary) throw notFound('Không tìm thấy bản tổng hợp này.');
  return summary;
}

function summaryJson(s: Summary, withFigures: boolean): Record<string, unknown> {
  return { id: s.id, weekStart: s.weekStart, weekEnd: s.figures.weekEnd, version: s.version, createdAt: s.createdAt, createdBy: s.createdBy, delivery: s.delivery, ...(withFigures ? { figures: s.figures } : { totals: s.figures.totals }) };
}

function renderList(ctx: AppContext, res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200): void {
  res.status(status).render('summaries/index', { title: 'Tổng hợp tuần', summaries: ctx.store.listSummaries(), values, errors, lastWeek: lastCompletedWeek(ctx.clock()) });
}

/** GET /summaries: Tổng hợp tuần, newest first, with a form to make one for a past week. */
export function listSummaries(ctx: AppContext) {
  return (_req: Request, res: Response): void => renderList(ctx, res, {}, {});
}

/** POST /summaries: makes the summary of a past week now (a newer version if it has one). */
export function createSummary(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const week = validateWeekStart(body.weekStart, ctx.clock());
    if (!week.ok) return renderList(ctx, res, body, week.errors, 422);
    const summary = await makeSummaryOnDemand(ctx.store, week.value, actorOf(req), false);
    res.redirect(303, `/summaries/${summary.id}?ok=summary-created`);
  };
}

/** GET /summaries/:id and /summaries/:id/print (the same figures on a page made for paper). */
export function showSummary(ctx: AppContext, print = false) {
  return (req: Request, res: Response): void => {
    const summary = loadSummary(ctx, req.params.id);
    const newer = ctx.store.listSummaries().find((s) => s.weekStart === summary.weekStart && s.version > summary.version);
    res.render(print ? 'summaries/print' : 'summaries/show', { title: `Tổng hợp tuần ${summary.weekStart}`, summary, f: summary.figures, newer: newer ?? null });
  };
}

/** GET /summaries/:id.csv */
export function exportSummaryCsv(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const summary = loadSummary(ctx, req.params.id);
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'summary', id: summary.id }, { after: { format: 'csv', what: 'summary', weekStart: summary.weekStart, version: summary.version } });
    attachment(res, `tong-hop-tuan_${summary.weekStart}_v${summary.version}.csv`, CSV_TYPE);
    res.send(summaryCsv(summary));
  };
}

/** GET /summaries/:id.xlsx */
export function exportSummaryXlsx(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const summary = loadSummary(ctx, req.params.id);
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'summary', id: summary.id }, { after: { format: 'xlsx', what: 'summary', weekStart: summary.weekStart, version: summary.version } });
    attachment(res, `tong-hop-tuan_${summary.weekStart}_v${summary.version}.xlsx`, XLSX_TYPE);
    await streamDownload(res, (out, signal) =>
      writeWorkbook(
        out,
        [
          {
            name: 'Tổng hợp tuần',
            columns: SUMMARY_COLUMNS.map((header, i) => ({ header, width: i === 0 ? 28 : i === 1 ? 50 : 14, numFmt: i > 1 ? WHOLE_FORMAT : undefined })),
            rows: summaryRows(summary.figures, 'xlsx'),
          },
        ],
        signal,
      ),
    );
  };
}

/** GET /api/v1/summaries */
export function apiListSummaries(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    res.json({ summaries: ctx.store.listSummaries().map((s) => summaryJson(s, false)) });
  };
}

/** GET /api/v1/summaries/:id */
export function apiGetSummary(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    res.json(summaryJson(loadSummary(ctx, req.params.id), true));
  };
}

/** POST /api/v1/summaries `{ "weekStart": "YYYY-MM-DD" }` → 201 */
export function apiCreateSummary(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const week = validateWeekStart(jsonBody(req).weekStart, ctx.clock());
    if (!week.ok) {
      res.status(422).json({ errors: week.errors });
      return;
    }
    const summary = await makeSummaryOnDemand(ctx.store, week.value, actorOf(req), false);
    res.status(201).location(`/api/v1/summaries/${summary.id}`).json(summaryJson(summary, true));
  };
}
