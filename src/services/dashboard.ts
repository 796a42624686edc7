import { monthlyChannelChart, type Chart } from '../domain/chart.js';
import type { ChannelCounts, Totals } from '../domain/counts.js';
import type { EntryView } from '../domain/model.js';
import { currentQuarter } from '../domain/periods.js';
import { nextDeadline } from '../domain/settings.js';
import { type Deadline, deadlinesBetween } from '../domain/summary.js';
import { addDays, type LocalDate, localToday, monthEnd, weekStart } from '../domain/time.js';
import { reportedFor } from './exports.js';
import { progressOf, reportFor, type TargetProgress } from './reports.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

export interface Dashboard {
  today: LocalDate;
  year: number;
  periods: { label: string; from: LocalDate; to: LocalDate }[];
  rows: ChannelCounts[];
  totals: Totals[];
  latest: EntryView[];
  progress: TargetProgress;
  chart: Chart;
  deadline: { date: LocalDate; daysLeft: number; label: string };
  reminders: Deadline[];
}

/** The dashboard: this week, month, quarter and year per channel; targets; chart; deadline; latest. */
export async function dashboard(scope: Scope): Promise<Dashboard> {
  const now = scope.clock();
  const today = localToday(now);
  const year = Number(today.slice(0, 4));
  const quarter = currentQuarter(now);
  const periods = [
    { label: 'Tuần này', from: weekStart(today), to: addDays(weekStart(today), 6) },
    { label: 'Tháng này', from: `${today.slice(0, 7)}-01`, to: monthEnd(today) },
    { label: quarter.label.replace(` năm ${year}`, ''), from: quarter.from, to: quarter.to },
    { label: `Năm ${year}`, from: `${year}-01-01`, to: `${year}-12-31` },
  ];
  const [settings, vocab] = await Promise.all([settingsOf(scope), vocabularyOf(scope)]);
  const reports = await Promise.all(periods.map((p) => reportFor(scope, p.from, p.to, vocab)));
  const yearReport = reports[3]!;
  const latest = (await scope.commune.listEntries({}, { page: 1, pageSize: 10 })).rows;
  const dueSoon = deadlinesBetween(today, addDays(today, 7), settings.deadlineDay);
  const reminders: Deadline[] = [];
  for (const d of dueSoon) if (!(await reportedFor(scope, d.from, d.to))) reminders.push(d);
  return {
    today,
    year,
    periods,
    rows: vocab.channels.map((c) => ({ code: c.code, label: c.label, counts: reports.map((r) => ({ entries: r.byChannel.find((x) => x.code === c.code)?.entries ?? 0, plays: r.byChannel.find((x) => x.code === c.code)?.plays ?? 0 })) })),
    totals: reports.map((r) => ({ entries: r.totals.entries, plays: r.totals.plays, airtimeSeconds: r.totals.airtimeSeconds, views: r.totals.views, interactions: r.totals.interactions })),
    latest,
    progress: progressOf(settings, year, yearReport),
    chart: monthlyChannelChart(yearReport, vocab.channels),
    deadline: nextDeadline(today, settings.deadlineDay),
    reminders,
  };
}
