import type { Request, Response } from 'express';
import { monthlyChannelChart } from '../../domain/chart.js';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { unclassifiedRow, uncoveredTopics } from '../../domain/report.js';
import { reportSentence } from '../../domain/sentence.js';
import { localToday } from '../../domain/time.js';
import { reportFor, targetProgress } from '../../services/reports.js';
import { targetWindowNote } from '../../domain/targets.js';
import { settingsOf, vocabularyOf } from '../../services/settings.js';
import { scope, type WebContext } from '../context.js';
import { countModeOf, periodQuery } from '../request.js';
import { requestPeriod } from './exports.js';



/** GET /reports: the figures of a period, its breakdowns, chart, sentence and targets. */
export function showReport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
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
    const [settings, vocab] = await Promise.all([settingsOf(s), vocabularyOf(s)]);
    const report = await reportFor(s, period.from, period.to, vocab);
    res.render('reports/show', {
      ...common,
      errors: {},
      period,
      report,
      sentence: reportSentence(report, settings.communeKind, countModeOf(query)),
      uncovered: uncoveredTopics(report, vocab.topics),
      unclassified: unclassifiedRow(report),
      chart: monthlyChannelChart(report, vocab.channels),
      progress: await targetProgress(s, period, vocab),
      targetYear: period.year,
      targetNote: targetWindowNote(period),
      linkQuery: periodQuery(query),
    });
  };
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
