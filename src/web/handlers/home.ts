import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { monthlyChannelChart } from '../../domain/chart.js';
import { countsByChannel, totalsOf } from '../../domain/counts.js';
import { currentQuarter } from '../../domain/periods.js';
import { nextDeadline } from '../../domain/settings.js';
import { deadlinesBetween } from '../../domain/summary.js';
import { addDays, localToday, monthEnd, weekStart } from '../../domain/time.js';
import { reportFor, targetProgress } from '../../services/reporting.js';

/** GET /: the dashboard: this week, month, quarter and year per channel; targets; chart; deadline; latest. */
export function showHome(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const now = ctx.clock();
    const today = localToday(now);
    const year = Number(today.slice(0, 4));
    const quarter = currentQuarter(now);
    const periods = [
      { label: 'Tuần này', from: weekStart(today), to: addDays(weekStart(today), 6) },
      { label: 'Tháng này', from: `${today.slice(0, 7)}-01`, to: monthEnd(today) },
      { label: quarter.label.replace(` năm ${year}`, ''), from: quarter.from, to: quarter.to },
      { label: `Năm ${year}`, from: `${year}-01-01`, to: `${year}-12-31` },
    ];
    const lists = periods.map((p) => ctx.store.entriesBetween(p.from, p.to));
    const yearReport = reportFor(ctx.store, `${year}-01-01`, `${year}-12-31`);
    const latest = ctx.store.listEntries({}, { page: 1, pageSize: 10 }).rows;
    res.render('home/index', {
      title: 'Tổng quan',
      today,
      periods,
      rows: countsByChannel(ctx.store.vocabulary().channels, lists),
      totals: lists.map(totalsOf),
      latest,
      items: new Map(latest.map((e) => [e.itemId, ctx.store.item(e.itemId)!])),
      progress: targetProgress(ctx.store, year, yearReport),
      chart: monthlyChannelChart(yearReport, ctx.store.vocabulary().channels),
      deadline: nextDeadline(today, ctx.store.settings().deadlineDay),
      reminders: deadlinesBetween(today, addDays(today, 7), ctx.store.settings().deadlineDay).filter((d) => !ctx.store.reportExportedFor(d.from, d.to)),
      year,
      loginAlerts: req.user?.role === 'admin' ? ctx.loginAlerts.recent() : [],
    });
  };
}
