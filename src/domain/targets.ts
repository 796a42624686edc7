import type { Period } from './periods.js';
import type { Report } from './report.js';
import { completion, type Settings } from './settings.js';
import { fmtDate, type LocalDate } from './time.js';
import { channelKind } from './vocabulary.js';

export interface TargetRow {
  code: string;
  label: string;
  /** What is counted: distinct items on radio, posts elsewhere. */
  unit: string;
  target: number;
  achieved: number;
  percent: number;
  scoreShare: number;
}

export interface TargetProgress {
  rows: TargetRow[];
  overall: Omit<TargetRow, 'code' | 'label' | 'unit'> | null;
}

/**
 * What a period's report counts toward its year's targets: the year from its first day to the period's
 * end (never past the year's last day). A first-quarter report counts to 31/03, not what came after.
 */
export function targetWindow(period: Pick<Period, 'year' | 'to'>): { from: LocalDate; to: LocalDate } {
  const last = `${period.year}-12-31`;
  return { from: `${period.year}-01-01`, to: period.to < last ? period.to : last };
}

/** "tính đến 31/03/2026": up to when a period's report counts its year's targets. */
export function targetWindowNote(period: Pick<Period, 'year' | 'to'>): string {
  return `tính đến ${fmtDate(targetWindow(period).to)}`;
}

/**
 * Progress of a year towards its targets, from a report of the year (or of its start): radio counts
 * distinct items aired, other channels count posts (entries). The score share is the PAR Index estimate
 * (full at 100%, pro rata from 90%); the overall figure caps each channel at its target, so a surplus on
 * one does not hide a shortfall on another.
 */
export function progressOf(settings: Settings, year: number, yearReport: Report): TargetProgress {
  const targets = settings.targets[String(year)] ?? {};
  const rows: TargetRow[] = [];
  for (const row of yearReport.byChannel) {
    const target = targets[row.code];
    if (!target) continue;
    const broadcast = channelKind(row.code) === 'broadcast';
    const achieved = broadcast ? row.items : row.entries;
    rows.push({ code: row.code, label: row.label, unit: broadcast ? 'tin bài' : 'tin bài đăng', target, achieved, ...completion(achieved, target) });
  }
  if (!rows.length) return { rows, overall: null };
  const achieved = rows.reduce((a, r) => a + Math.min(r.achieved, r.target), 0);
  const target = rows.reduce((a, r) => a + r.target, 0);
  return { rows, overall: { target, achieved, ...completion(achieved, target) } };
}
