import type { Request, Response } from 'express';
import { parseEntryQuery } from '../../domain/filters.js';
import { MSG } from '../../domain/messages.js';
import { type Period, parsePeriodQuery } from '../../domain/periods.js';
import { vocabularyFrom } from '../../domain/settings.js';
import { localToday } from '../../domain/time.js';
import { accountNames, logEntries, recordExport } from '../../services/exports.js';
import { figuresFor } from '../../services/reports.js';
import { settingsOf } from '../../services/settings.js';
import { CSV_TYPE, logFileName, reportFileName, writeLogCsv, writeLogXlsx, writeReportCsv, writeReportXlsx, XLSX_TYPE } from '../../render/exports.js';
import { actorOf } from '../auth.js';
import { wantsJson } from '../request.js';
import { scope, type WebContext } from '../context.js';
import { streamDownload } from '../download.js';

/** Answers a bad export request with 422: JSON for scripts, a page for people. Nothing is exported. */
export function refuse(req: Request, res: Response, errors: Record<string, string>): void {
  if (wantsJson(req) || req.viaToken) {
    res.status(422).json({ errors });
    return;
  }
  res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: MSG.exportRefused(Object.values(errors).join(' ')), detail: null });
}

/** Headers of a download. */
export function attachment(res: Response, name: string, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** Parses the period of a request (report API and exports): `from`/`to`, or `period` and `year`. */
export function requestPeriod(ctx: WebContext, req: Request): { period: Period } | { errors: Record<string, string> } {
  const query = req.query as Record<string, unknown>;
  const parsed = parsePeriodQuery(query.from || query.to ? { ...query, period: 'custom' } : query, localToday(ctx.clock()));
  return parsed.ok ? { period: parsed.value } : { errors: parsed.errors };
}

function logExport(ctx: WebContext, format: 'csv' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const query = { ...(req.query as Record<string, unknown>) };
    delete query.page;
    delete query.pageSize;
    const settings = await settingsOf(s);
    const vocab = vocabularyFrom(settings);
    const parsed = parseEntryQuery(query, vocab);
    if (!parsed.ok) return refuse(req, res, parsed.errors);
    const { filter } = parsed.value;
    await recordExport(s, actorOf(req), `entries.${format}`, { format, what: 'entries', ...filter });
    attachment(res, logFileName(filter, localToday(ctx.clock()), format), format === 'csv' ? CSV_TYPE : XLSX_TYPE);
    const names = await accountNames(s);
    await streamDownload(res, (out, signal) => (format === 'csv' ? writeLogCsv(logEntries(s, filter), vocab, out, signal, settings.csvSeparator, names) : writeLogXlsx(logEntries(s, filter), vocab, out, signal, names)));
  };
}

function reportExport(ctx: WebContext, format: 'csv' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { period } = parsed;
    await recordExport(s, actorOf(req), `report.${format}`, { format, what: 'report', from: period.from, to: period.to });
    attachment(res, reportFileName(period.from, period.to, format), format === 'csv' ? CSV_TYPE : XLSX_TYPE);
    const [report, settings] = await Promise.all([figuresFor(s, period.from, period.to), settingsOf(s)]);
    await streamDownload(res, (out, signal) => (format === 'csv' ? writeReportCsv(report, out, signal, settings.csvSeparator) : writeReportXlsx(report, period, settings.communeKind, out, signal)));
  };
}

/** GET /export/entries.csv: the log as the list shows it, streamed row by row. */
export const exportLogCsv = (ctx: WebContext) => logExport(ctx, 'csv');
/** GET /export/entries.xlsx: the same as a workbook. */
export const exportLogXlsx = (ctx: WebContext) => logExport(ctx, 'xlsx');
/** GET /export/report.csv?from=&to=: the figures of the report page for its period. */
export const exportReportCsv = (ctx: WebContext) => reportExport(ctx, 'csv');
/** GET /export/report.xlsx?from=&to=: the report, one sheet per breakdown, and the sentence. */
export const exportReportXlsx = (ctx: WebContext) => reportExport(ctx, 'xlsx');
