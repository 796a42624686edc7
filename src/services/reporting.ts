import { buildReport, type Report } from '../domain/report.js';
import { completion } from '../domain/settings.js';
import type { LocalDate } from '../domain/time.js';
import { channelKind } from '../domain/vocabulary.js';
import type { Store } from '../store/store.js';

/** The report of the live entries of a period. */
export function reportFor(store: Store, from: LocalDate, to: LocalDate): Report {
  return buildReport(store.entriesBetween(from, to), (id) => store.item(id), store.vocabulary(), from, to);
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

export interface TargetProgress {
  rows: TargetRow[];
  overall: Omit<TargetRow, 'code' | 'label' | 'unit'> | null;
}

/**
 * Progress of a year towards its targets: radio counts distinct items aired, other channels count
 * posts (entries). The score share is the PAR Index estimate (full at 100%, pro rata from 90%); the
 * overall figure caps each channel at its target, so a surplus on one does not hide a shortfall on another.
 */
export function targetProgress(store: Store, year: number, yearReport?: Report): TargetProgress {
  const targets = store.settings().targets[String(year)] ?? {};
  const report = yearReport ?? reportFor(store, `${year}-01-01`, `${year}-12-31`);
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
