import { monthlyChannelChart, type Chart } from '../domain/chart.js';
import type { ChannelCounts, Totals } from '../domain/totals.js';
import type { EntryWithItem } from '../domain/model.js';
import { currentQuarter, deadlinePeriods, type Period } from '../domain/periods.js';
import { nextDeadline } from '../domain/settings.js';
import { addDays, type LocalDate, localToday, monthEnd, weekStart } from '../domain/time.js';
import { reportedFor } from './exports.js';
import { figuresFor, progressOf, type TargetProgress } from './reports.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

/** The next report deadline, shown once: with the periods it is about, and whether it is due soon and not yet reported. */
export interface DeadlineNotice {
  date: LocalDate;
  daysLeft: number;
  label: string;
  /** The calendar quarter the report is about, and its Decree 09 reporting period. */
  quarter: Period;
  gov: Period;
  /** Within 7 days, and no report or evidence bundle covering the quarter exported yet. */
  dueSoon: boolean;
}

export interface Dashboard {
  today: LocalDate;
  year: number;
  periods: { label: string; from: LocalDate; to: LocalDate }[];
  rows: ChannelCounts[];
  totals: Totals[];
  latest: EntryWithItem[];
  progress: TargetProgress;
  chart: Chart;
  deadline: DeadlineNotice;
}

/** Days before a deadline from which the dashboard reminds of a report not yet exported. */
const REMIND_DAYS = 7;

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
  const reports = await Promise.all(periods.map((p) => figuresFor(scope, p.from, p.to, vocab)));
  const yearReport = reports[3]!;
  const latest = (await scope.commune.listEntries({}, { page: 1, pageSize: 10 })).rows;
  const next = nextDeadline(today, settings.deadlineDay);
  const about = deadlinePeriods(next.date);
  const dueSoon = next.daysLeft <= REMIND_DAYS && !(await reportedFor(scope, about.quarter.from, about.quarter.to));
  return {
    today,
    year,
    periods,
    rows: vocab.channels.map((c) => ({ code: c.code, label: c.label, counts: reports.map((r) => ({ entries: r.byChannel.find((x) => x.code === c.code)?.entries ?? 0, plays: r.byChannel.find((x) => x.code === c.code)?.plays ?? 0 })) })),
    totals: reports.map((r) => ({ entries: r.totals.entries, plays: r.totals.plays, airtimeSeconds: r.totals.airtimeSeconds, views: r.totals.views, interactions: r.totals.interactions })),
    latest,
    progress: progressOf(settings, year, yearReport),
    chart: monthlyChannelChart(yearReport, vocab.channels),
    deadline: { ...next, ...about, dueSoon },
  };
}
