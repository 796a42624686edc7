import type { Request, Response } from 'express';
import { monthlyChannelChart } from '../../domain/chart.js';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { unclassifiedRow, uncoveredTopics } from '../../domain/report.js';
import { reportSentence } from '../../domain/sentence.js';
import { localToday } from '../../domain/time.js';
import { reportFor, targetProgress } from '../../services/reports.js';
import { reportNotes, saveReportNotes } from '../../services/report-notes.js';
import { defaultReportNotes, REPORT_NOTE_MAX, REPORT_SECTION_TITLES } from '../../domain/report-notes.js';
import { targetWindowNote } from '../../domain/targets.js';
import { settingsOf, vocabularyOf } from '../../services/settings.js';
import { scope, type WebContext } from '../context.js';
import { countModeOf, periodQuery } from '../request.js';
import { actorOf } from '../auth.js';
import { requestPeriod } from './exports.js';

/** The form of parts II and III of the report: the texts as stored or as typed, and what was wrong with them. */
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
  if (!parsed.ok) {
    res.status(422).render('reports/show', { ...common, errors: parsed.errors, report: null, period: null });
    return;
  }
  const period = parsed.value;
  const s = scope(ctx, req);
  const [settings, vocab, written] = await Promise.all([settingsOf(s), vocabularyOf(s), reportNotes(s, period)]);
  const report = await reportFor(s, period.from, period.to, vocab);
  const uncovered = uncoveredTopics(report, vocab.topics);
  res.status(status).render('reports/show', {
    ...common,
    errors: {},
    period,
    report,
    sentence: reportSentence(report, settings.communeKind, countModeOf(query)),
    uncovered,
    unclassified: unclassifiedRow(report),
    chart: monthlyChannelChart(report, vocab.channels),
    progress: await targetProgress(s, period, vocab),
    targetYear: period.year,
    targetNote: targetWindowNote(period),
    linkQuery: periodQuery(query),
    notes: { values: notesForm.values ?? written, errors: notesForm.errors, defaults: defaultReportNotes(uncovered, settings.communeKind), titles: REPORT_SECTION_TITLES, max: REPORT_NOTE_MAX },
  });
}

/** GET /api/v1/report?from=&to= (or period=&year=) */
export function apiReport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const s = scope(ctx, req);
    const report = await reportFor(s, parsed.period.from, parsed.period.to);
    const { monthChannel: _chart, channelUnit: _units, ...figures } = report;
    res.json({ ...figures, label: parsed.period.label, sentence: reportSentence(report, (await settingsOf(s)).communeKind, countModeOf(query)) });
  };
}
