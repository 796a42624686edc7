import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { monthlyChannelChart } from '../../domain/chart.js';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { uncoveredTopics } from '../../domain/report.js';
import { type CountMode, reportSentence } from '../../domain/sentence.js';
import { appendixData } from '../appendix.js';
import { requestPeriod } from './exports.js';
import { localToday } from '../../domain/time.js';
import { reportFor, targetProgress } from '../../services/reporting.js';

const modeOf = (query: Record<string, unknown>): CountMode => (query.mode === 'over' ? 'over' : 'exact');

/** The query string of a period (to link the same period elsewhere: print view, exports). */
function periodQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const k of ['period', 'year', 'from', 'to', 'mode']) if (typeof query[k] === 'string' && query[k]) params.set(k, query[k] as string);
  return params.toString();
}

/** GET /reports: the figures of a period, its breakdowns, chart, sentence and targets. */
export function showReport(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const query = req.query as Record<string, unknown>;
    const today = localToday(ctx.clock());
    const parsed = parsePeriodQuery(query, today);
    const common = { title: 'Báo cáo', query, presets: PRESETS, mode: modeOf(query), thisYear: Number(today.slice(0, 4)) };
    if (!parsed.ok) {
      res.status(422).render('reports/show', { ...common, errors: parsed.errors, report: null, period: null });
      return;
    }
    const period = parsed.value;
    const report = reportFor(ctx.store, period.from, period.to);
    const settings = ctx.store.settings();
    const vocab = ctx.store.vocabulary();
    res.render('reports/show', {
      ...common,
      errors: {},
      period,
      report,
      sentence: reportSentence(report, settings.communeKind, modeOf(query)),
      uncovered: uncoveredTopics(report, vocab.topics),
      chart: monthlyChannelChart(report, vocab.channels),
      progress: targetProgress(ctx.store, period.year),
      targetYear: period.year,
      linkQuery: periodQuery(query),
    });
  };
}

/** GET /reports/appendix: the printable appendix table (A4 landscape), one row per channel. */
export function showAppendix(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const query = req.query as Record<string, unknown>;
    const parsed = parsePeriodQuery(query, localToday(ctx.clock()));
    if (!parsed.ok) {
      res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: Object.values(parsed.errors).join(' '), detail: null });
      return;
    }
    const period = parsed.value;
    const { rows, sentence } = appendixData(ctx, period, modeOf(query));
    res.render('reports/appendix', { title: 'Phụ lục kết quả tuyên truyền CCHC', period, rows, sentence, settings: ctx.store.settings(), backLink: `/reports?${periodQuery(query)}`, inlineCss: null });
  };
}

/** GET /api/v1/report?from=&to= (or period=&year=) */
export function apiReport(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const query = req.query as Record<string, unknown>;
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const report = reportFor(ctx.store, parsed.period.from, parsed.period.to);
    const { monthChannel: _chart, ...figures } = report;
    res.json({ ...figures, label: parsed.period.label, sentence: reportSentence(report, ctx.store.settings().communeKind, modeOf(query)) });
  };
}
