import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { type EntryFilter, parseEntryQuery } from '../../domain/filters.js';
import { type Period, parsePeriodQuery } from '../../domain/periods.js';
import { localToday } from '../../domain/time.js';
import { actorOf, wantsJson } from '../auth.js';
import { streamDownload } from '../download.js';
import { CSV_TYPE, logFileName, reportFileName, writeLogCsv, writeLogXlsx, writeReportCsv, writeReportXlsx, XLSX_TYPE } from '../export-writers.js';

/** Answers a bad export request with 422: JSON for scripts, a page for people. Nothing is exported. */
export function refuse(req: Request, res: Response, errors: Record<string, string>): void {
  if (wantsJson(req) || req.viaToken) {
    res.status(422).json({ errors });
    return;
  }
  res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: `Không xuất được: ${Object.values(errors).join(' ')}`, detail: null });
}

/** Headers of a download. */
export function attachment(res: Response, name: string, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** Parses the filter of an export (the same query as the log list and /api/v1/entries). */
function exportFilter(ctx: AppContext, req: Request): { filter: EntryFilter } | { errors: Record<string, string> } {
  const query = { ...(req.query as Record<string, unknown>) };
  delete query.page;
  delete query.pageSize;
  const parsed = parseEntryQuery(query, ctx.store.vocabulary());
  return parsed.ok ? { filter: parsed.value.filter } : { errors: parsed.errors };
}

/** Parses the period of a request (report API and exports): `from`/`to`, or `period` and `year`. */
export function requestPeriod(ctx: AppContext, req: Request): { period: Period } | { errors: Record<string, string> } {
  const query = req.query as Record<string, unknown>;
  const parsed = parsePeriodQuery(query.from || query.to ? { ...query, period: 'custom' } : query, localToday(ctx.clock()));
  return parsed.ok ? { period: parsed.value } : { errors: parsed.errors };
}

function logExport(ctx: AppContext, format: 'csv' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = exportFilter(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { filter } = parsed;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: `entries.${format}` }, { after: { format, what: 'entries', ...filter } });
    attachment(res, logFileName(ctx, filter, format), format === 'csv' ? CSV_TYPE : XLSX_TYPE);
    await streamDownload(res, (out, signal) => (format === 'csv' ? writeLogCsv(ctx, filter, out, signal) : writeLogXlsx(ctx, filter, out, signal)));
  };
}

function reportExport(ctx: AppContext, format: 'csv' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { from, to } = parsed.period;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: `report.${format}` }, { after: { format, what: 'report', from, to } });
    attachment(res, reportFileName(from, to, format), format === 'csv' ? CSV_TYPE : XLSX_TYPE);
    await streamDownload(res, (out, signal) => (format === 'csv' ? writeReportCsv(ctx, from, to, out, signal) : writeReportXlsx(ctx, parsed.period, out, signal)));
  };
}

/** GET /export/entries.csv: the log as the list shows it, streamed row by row. */
export const exportLogCsv = (ctx: AppContext) => logExport(ctx, 'csv');
/** GET /export/entries.xlsx: the same as a workbook. */
export const exportLogXlsx = (ctx: AppContext) => logExport(ctx, 'xlsx');
/** GET /export/report.csv?from=&to=: the figures of the report page for its period. */
export const exportReportCsv = (ctx: AppContext) => reportExport(ctx, 'csv');
/** GET /export/report.xlsx?from=&to=: the report, one sheet per breakdown, and the sentence. */
export const exportReportXlsx = (ctx: AppContext) => reportExport(ctx, 'xlsx');
