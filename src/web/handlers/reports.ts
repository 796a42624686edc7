import type { Request, Response } from 'express';
import { monthlyChannelChart } from '../../domain/chart.js';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { unclassifiedRow } from '../../domain/report.js';
import { REPORT_NOTE_MAX, REPORT_SECTION_TITLES } from '../../domain/report-notes.js';
import { reportSentence } from '../../domain/sentence.js';
import { targetWindowNote } from '../../domain/targets.js';
import { localToday } from '../../domain/time.js';
import { saveReportNotes } from '../../services/report-notes.js';
import { figuresFor, reportFor } from '../../services/reports.js';
import { settingsOf } from '../../services/settings.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { countModeOf, periodQuery } from '../request.js';
import { requestPeriod } from './exports.js';

/** The form of parts II and III of the report: the texts as typed (null: as stored), and what was wrong with them. */
interface NotesForm {
  values: Record<string, unknown> | null;
  errors: Record<string, string>;
}

/** GET /reports: the figures of a period, its breakdowns, chart, sentence, targets and the office's parts II and III. */
export function showReport(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => renderReport(ctx, req, res, { values: null, errors: {} });
}

/** POST /reports/notes?<period>: the office's parts II and III of the period's report (editors); 422 with the text kept when one is too long. */
export function postReportNotes(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parsePeriodQuery(query, localToday(ctx.clock()));
    if (!parsed.ok) return renderReport(ctx, req, res, { values: null, errors: {} });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const saved = await saveReportNotes(scope(ctx, req), parsed.value, body, actorOf(req));
    if (!saved.ok) return renderReport(ctx, req, res, { values: { shortcomings: body.shortcomings, nextSteps: body.nextSteps }, errors: saved.errors }, 422);
    res.redirect(303, `/reports?${periodQuery(query)}&ok=report-notes-saved#report-notes`);
  };
}

async function renderReport(ctx: WebContext, req: Request, res: Response, notesForm: NotesForm, status = 200): Promise<void> {
  const query = req.query as Record<string, unknown>;
  const today = localToday(ctx.clock());
  const parsed = parsePeriodQuery(query, today);
  const common = { title: 'Báo cáo', query, presets: PRESETS, mode: countModeOf(query), thisYear: Number(today.slice(0, 4)) };
  if (!parsed.ok) return void res.status(422).render('reports/show', { ...common, errors: parsed.errors, report: null, period: null });
  const period = parsed.value;
  const r = await reportFor(scope(ctx, req), period, countModeOf(query));
  res.status(status).render('reports/show', {
    ...common,
    errors: {},
    period,
    report: r.report,
    sentence: r.sentence,
    uncovered: r.uncovered,
    unclassified: unclassifiedRow(r.report),
    chart: monthlyChannelChart(r.report, r.vocab.channels),
    progress: r.progress,
    targetYear: period.year,
    targetNote: targetWindowNote(period),
    linkQuery: periodQuery(query),
    notes: { values: notesForm.values ?? r.written, errors: notesForm.errors, defaults: r.defaults, titles: REPORT_SECTION_TITLES, max: REPORT_NOTE_MAX },
  });
}

/** GET /api/v1/report?from=&to= (or period=&year=) */
export function apiReport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return void res.status(422).json({ errors: parsed.errors });
    const s = scope(ctx, req);
    const report = await figuresFor(s, parsed.period.from, parsed.period.to);
    const { monthChannel: _chart, channelUnit: _units, ...figures } = report;
    res.json({ ...figures, label: parsed.period.label, sentence: reportSentence(report, (await settingsOf(s)).communeKind, countModeOf(req.query as Record<string, unknown>)) });
  };
}
