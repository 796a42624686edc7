import type { Request, Response } from 'express';
import type { Period } from '../../domain/periods.js';
import { DOCX_TYPE } from '../../render/exports.js';
import { appendixDocx, reportDocx } from '../../render/word.js';
import { recordExport } from '../../services/exports.js';
import { appendixByTask } from '../../services/year-plan.js';
import { reportFor } from '../../services/reports.js';
import type { Scope } from '../../services/scope.js';
import type { CountMode } from '../../domain/sentence.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { countModeOf } from '../request.js';
import { attachment, refuse, requestPeriod } from './exports.js';

/** A Word document of a period: refused with 422 when the period does not parse, recorded as an export. */
function docxExport(what: 'appendix' | 'report', fileName: string, build: (s: Scope, period: Period, mode: CountMode) => Promise<Buffer>) {
  return (ctx: WebContext) =>
    async (req: Request, res: Response): Promise<void> => {
      const parsed = requestPeriod(ctx, req);
      if ('errors' in parsed) return refuse(req, res, parsed.errors);
      const { period } = parsed;
      const s = scope(ctx, req);
      const bytes = await build(s, period, countModeOf(req.query as Record<string, unknown>));
      await recordExport(s, actorOf(req), `${what}.docx`, { format: 'docx', what, from: period.from, to: period.to });
      attachment(res, `${fileName}-${period.from}-${period.to}.docx`, DOCX_TYPE);
      res.send(bytes);
    };
}

/** GET /export/appendix.docx?<period>: the appendix by task as a Word document (A4 landscape). */
export const exportAppendixDocx = docxExport('appendix', 'phu-luc-tuyen-truyen-cchc', async (s, period, mode) => {
  const { rows, settings } = await appendixByTask(s, period, mode);
  return appendixDocx(period, rows, settings);
});

/** GET /export/report.docx?<period>: the report as a Word document (A4 portrait, Decree 30 layout). */
export const exportReportDocx = docxExport('report', 'bao-cao-tuyen-truyen-cchc', async (s, period, mode) => {
  return reportDocx(period, await reportFor(s, period, mode));
});
