import type { CountMode } from '../domain/sentence.js';
import { channelClause, reportSentence } from '../domain/sentence.js';
import type { Period } from '../domain/periods.js';
import { type Report, reportFromCounts } from '../domain/report.js';
import { completion, type Settings } from '../domain/settings.js';
import type { LocalDate } from '../domain/time.js';
import { channelKind, labelOf, type Vocabulary } from '../domain/vocabulary.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

/** The report of the live entries of a period, counted by the storage. */
export async function reportFor(scope: Scope, from: LocalDate, to: LocalDate, vocab?: Vocabulary): Promise<Report> {
  const [counts, v] = await Promise.all([scope.commune.countEntries(from, to), vocab ?? vocabularyOf(scope)]);
  return reportFromCounts(counts, v, from, to);
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

/** Progress of a year towards its targets (counting the whole year unless a report of it is given). */
export async function targetProgress(scope: Scope, year: number, yearReport?: Report): Promise<TargetProgress> {
  const [settings, report] = await Promise.all([settingsOf(scope), yearReport ?? reportFor(scope, `${year}-01-01`, `${year}-12-31`)]);
  return progressOf(settings, year, report);
}

export interface AppendixRow {
  label: string;
  lead: string;
  partners: string[];
  result: string;
}

/** The rows of the printable appendix: one per channel with entries, its lead unit (most entries) and the others. */
export async function appendixData(scope: Scope, period: Pick<Period, 'from' | 'to'>, mode: CountMode): Promise<{ rows: AppendixRow[]; sentence: string; report: Report; settings: Settings }> {
  const [settings, vocab] = await Promise.all([settingsOf(scope), vocabularyOf(scope)]);
  const report = await reportFor(scope, period.from, period.to, vocab);
  const rows = report.byChannel
    .filter((r) => r.entries > 0)
    .map((r) => {
      const units = Object.entries(report.channelUnit[r.code] ?? {})
        .sort((a, b) => b[1] - a[1])
        .map(([code]) => labelOf(vocab.units, code));
      return { label: r.label, lead: units[0] ?? '', partners: units.slice(1), result: channelClause(r, settings.communeKind, mode) };
    });
  return { rows, sentence: reportSentence(report, settings.communeKind, mode), report, settings };
}

/** What the report of a period says: its figures, its sentence, the year's target progress and the settings. */
export async function reportDocumentData(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>, mode: CountMode): Promise<{ report: Report; sentence: string; progress: TargetProgress; settings: Settings }> {
  const [settings, vocab] = await Promise.all([settingsOf(scope), vocabularyOf(scope)]);
  const [report, yearReport] = await Promise.all([reportFor(scope, period.from, period.to, vocab), reportFor(scope, `${period.year}-01-01`, `${period.year}-12-31`, vocab)]);
  return { report, sentence: reportSentence(report, settings.communeKind, mode), progress: progressOf(settings, period.year, yearReport), settings };
}
