import type { AppContext } from '../app.js';
import { buildReport, type Report } from '../domain/report.js';
import { completion } from '../domain/settings.js';
import type { LocalDate } from '../domain/time.js';
import { channelKind } from '../domain/vocabulary.js';

/** The report of the live entries of a period. */
export function reportFor(ctx: AppContext, from: LocalDate, to: LocalDate): Report {
  return buildReport(ctx.store.entriesBetween(from, to), (id) => ctx.store.item(id), ctx.store.vocabulary(), from, to);
}

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

/**
 * Progress of a year towards its targets: radio counts distinct items aired, other channels count
 * posts (entries). The score share is the PAR Index estimate (full at 100%, pro rata from 90%).
 */
export function targetProgress(ctx: AppContext, year: number, yearReport?: Report): { rows: TargetRow[]; overall: Omit<TargetRow, 'code' | 'label' | 'unit'> | null } {
  const targets = ctx.store.settings().targets[String(year)] ?? {};
  const report = yearReport ?? reportFor(ctx, `${year}-01-01`, `${year}-12-31`);
  const rows: TargetRow[] = [];
  for (const row of report.byChannel) {
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
