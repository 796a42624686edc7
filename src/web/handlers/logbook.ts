import type { Request, Response } from 'express';
import { airtimeText, closingLine, daysWithoutLine, showsWeeks, TOTAL_LABEL, totalAirtime, totalText, unitHeading, weekLabel } from '../../domain/logbook.js';
import { logbookFileName, logbookQuery, parseLogbookQuery, pickerQuery } from '../../domain/logbook-period.js';
import { type Period, PRESETS } from '../../domain/periods.js';
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

/** The page's locals besides the book: the period control as /reports has it. */
function pageLocals(req: Request, ctx: WebContext, period: Period | null, errors: Record<string, string>) {
  const query = req.query as Record<string, unknown>;
  const today = localToday(ctx.clock());
  return { title: TITLE, errors, query: pickerQuery(query, period), presets: PRESETS, period, thisYear: Number(today.slice(0, 4)) };
}

/**
 * A book with too many airings, refused with 422: the page again (the period kept, the message by
 * the period control, so a shorter one can be chosen), or the message as JSON for a script.
 */
function tooLong(req: Request, res: Response, ctx: WebContext, period: Period, message: string): void {
  const errors = { period: message };
  if (wantsJson(req) || req.viaToken) {
    res.status(422).json({ errors });
    return;
  }
  res.status(422).render('logbook/show', { ...pageLocals(req, ctx, period, errors), book: null });
}

/** GET /logbook?<period>: the book of any period the reports offer (this week by default), to print. */
export function showLogbook(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseLogbookQuery(query, localToday(ctx.clock()));
    if (!parsed.ok) {
      res.status(422).render('logbook/show', { ...pageLocals(req, ctx, null, parsed.errors), book: null });
      return;
    }
    const period = parsed.value;
    const result = await logbookFor(scope(ctx, req), period, ctx.logbookMaxRows);
    if (!result.ok) return tooLong(req, res, ctx, period, result.message);
    const { book, settings } = result;
    res.render('logbook/show', {
      ...pageLocals(req, ctx, period, {}),
      book,
      unit: unitHeading(settings.communeKind, settings.communeName),
      linkQuery: logbookQuery(query),
      words: { airtimeText, closingLine, daysWithoutLine, showsWeeks, TOTAL_LABEL, totalAirtime, totalText, weekLabel },
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
    if (!result.ok) return tooLong(req, res, ctx, period, result.message);
    const { book, settings } = result;
    // A book (of at most LOGBOOK_MAX_ROWS airings) is built whole, then sent, so a failure never leaves half a file.
    const body = format === 'docx' ? await logbookDocx(book, settings) : await logbookXlsx(book, settings);
    await recordExport(s, actorOf(req), `logbook.${format}`, { format, what: 'logbook', from: period.from, to: period.to });
    attachment(res, logbookFileName(period, format), format === 'docx' ? DOCX_TYPE : XLSX_TYPE);
    res.send(body);
  };
}

/** GET /export/logbook.docx?<period>: the book as a Word document (Decree 30 layout, A4 portrait). */
export const exportLogbookDocx = (ctx: WebContext) => logbookExport(ctx, 'docx');
/** GET /export/logbook.xlsx?<period>: the book as a workbook laid out for print. */
export const exportLogbookXlsx = (ctx: WebContext) => logbookExport(ctx, 'xlsx');
