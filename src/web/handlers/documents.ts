import type { Request, Response } from 'express';
import type { CountMode } from '../../domain/sentence.js';
import { appendixDocx } from '../../render/appendix-docx.js';
import { DOCX_TYPE } from '../../render/docx-layout.js';
import { reportDocx } from '../../render/report-docx.js';
import { recordExport } from '../../services/exports.js';
import { appendixByTask } from '../../services/plan.js';
import { reportDocumentData } from '../../services/reports.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { attachment, refuse, requestPeriod } from './exports.js';

const modeOf = (query: Record<string, unknown>): CountMode => (query.mode === 'over' ? 'over' : 'exact');

/** GET /export/appendix.docx?<period>: the appendix by task as a Word document (A4 landscape). */
export function exportAppendixDocx(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { period } = parsed;
    const s = scope(ctx, req);
    const { rows, settings } = await appendixByTask(s, period, modeOf(req.query as Record<string, unknown>));
    const bytes = await appendixDocx(period, rows, settings);
    await recordExport(s, actorOf(req), 'appendix.docx', { format: 'docx', what: 'appendix', from: period.from, to: period.to });
    attachment(res, `phu-luc-tuyen-truyen-cchc-${period.from}-${period.to}.docx`, DOCX_TYPE);
    res.send(bytes);
  };
}

/** GET /export/report.docx?<period>: the report as a Word document (A4 portrait, Decree 30 layout). */
export function exportReportDocx(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { period } = parsed;
    const s = scope(ctx, req);
    const data = await reportDocumentData(s, period, modeOf(req.query as Record<string, unknown>));
    const bytes = await reportDocx(period, data.report, data.sentence, data.progress, data.settings);
    await recordExport(s, actorOf(req), 'report.docx', { format: 'docx', what: 'report', from: period.from, to: period.to });
    attachment(res, `bao-cao-tuyen-truyen-cchc-${period.from}-${period.to}.docx`, DOCX_TYPE);
    res.send(bytes);
  };
}
