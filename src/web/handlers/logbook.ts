import type { Request, Response } from 'express';
import { adjacentPeriods, logbookFileName, type LogbookPeriod, parseLogbookQuery, periodQuery, totalsLine, unitHeading } from '../../domain/logbook.js';
import { localToday } from '../../domain/time.js';
import { recordExport } from '../../services/exports.js';
import { logbookFor } from '../../services/logbook.js';
import { DOCX_TYPE, XLSX_TYPE } from '../../render/exports.js';
import { logbookXlsx } from '../../render/logbook-xlsx.js';
import { logbookDocx } from '../../render/word.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { wantsJson } from '../request.js';
import { attachment, refuse } from './exports.js';

const TITLE = 'Sổ nhật ký phát thanh';

/** The form's values: what was typed when it was refused, else the period shown (its Monday, or mm/yyyy). */
function formValues(query: Record<string, unknown>, period: LogbookPeriod | null): { week: string; month: string } {
  const typed = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
  if (!period) return { week: typed(query.week), month: typed(query.month) };
  const [y, m, d] = period.from.split('-');
  return period.kind === 'week' ? { week: `${d}/${m}/${y}`, month: '' } : { week: '', month: `${m}/${y}` };
}

/**
 * A book with too many airings, refused with 422: the page again (the period kept, the message by its
 * field, so a month can be taken week by week), or the message as JSON for a script.
 */
function tooLong(req: Request, res: Response, period: LogbookPeriod, message: string): void {
  const errors = { [period.kind]: message };
  if (wantsJson(req) || req.viaToken) {
    res.status(422).json({ errors });
    return;
  }
  res.status(422).render('logbook/show', { title: TITLE, errors, values: formValues({}, period), book: null });
}

/** GET /logbook?week=|month=: the book of a week (the current one by default) or a month, to print. */
export function showLogbook(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseLogbookQuery(query, localToday(ctx.clock()));
    if (!parsed.ok) {
      res.status(422).render('logbook/show', { title: TITLE, errors: parsed.errors, values: formValues(query, null), book: null });
      return;
    }
    const period = parsed.value;
    const result = await logbookFor(scope(ctx, req), period, ctx.logbookMaxRows);
    if (!result.ok) return tooLong(req, res, period, result.message);
    const { book, settings } = result;
    const { previous, next } = adjacentPeriods(period);
    res.render('logbook/show', {
      title: TITLE,
      errors: {},
      values: formValues(query, period),
      book,
      unit: unitHeading(settings.communeKind, settings.communeName),
      linkQuery: periodQuery(period),
      previousQuery: periodQuery(previous),
      nextQuery: periodQuery(next),
      totalsLine,
    });
  };
}

function logbookExport(ctx: WebContext, format: 'docx' | 'xlsx') {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = parseLogbookQuery(req.query as Record<string, unknown>, localToday(ctx.clock()));
    if (!parsed.ok) return refuse(req, res, parsed.errors);
    const period = parsed.value;
    const s = scope(ctx, req);
    const result = await logbookFor(s, period, ctx.logbookMaxRows);
    if (!result.ok) return tooLong(req, res, period, result.message);
    const { book, settings } = result;
    // A book (of at most LOGBOOK_MAX_ROWS airings) is built whole, then sent, so a failure never leaves half a file.
    const body = format === 'docx' ? await logbookDocx(book, settings) : await logbookXlsx(book, settings);
    await recordExport(s, actorOf(req), `logbook.${format}`, { format, what: 'logbook', from: period.from, to: period.to });
    attachment(res, logbookFileName(period, format), format === 'docx' ? DOCX_TYPE : XLSX_TYPE);
    res.send(body);
  };
}

/** GET /export/logbook.docx?week=|month=: the book as a Word document (Decree 30 layout, A4 portrait). */
export const exportLogbookDocx = (ctx: WebContext) => logbookExport(ctx, 'docx');
/** GET /export/logbook.xlsx?week=|month=: the book as a workbook laid out for print. */
export const exportLogbookXlsx = (ctx: WebContext) => logbookExport(ctx, 'xlsx');
