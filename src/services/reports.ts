import type { CountMode } from '../domain/sentence.js';
import { channelClause, reportSentence } from '../domain/sentence.js';
import type { Period } from '../domain/periods.js';
import { type Report, reportFromCounts, uncoveredTopics } from '../domain/report.js';
import { defaultReportNotes, type ReportNotes, sectionText } from '../domain/report-notes.js';
import type { Settings } from '../domain/settings.js';
import { progressOf, type TargetProgress, targetWindow } from '../domain/targets.js';
import type { LocalDate } from '../domain/time.js';
import { labelOf, type Vocabulary } from '../domain/vocabulary.js';
import { reportNotes } from './report-notes.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

export { progressOf, type TargetProgress, type TargetRow } from '../domain/targets.js';

/** The report of the live entries of a period, counted by the storage. */
export async function reportFor(scope: Scope, from: LocalDate, to: LocalDate, vocab?: Vocabulary): Promise<Report> {
  const [counts, v] = await Promise.all([scope.commune.countEntries(from, to), vocab ?? vocabularyOf(scope)]);
  return reportFromCounts(counts, v, from, to);
}

/** Progress of a period's year towards its targets, counted from the year's start to the period's end (`targetWindow`). */
export async function targetProgress(scope: Scope, period: Pick<Period, 'year' | 'to'>, vocab?: Vocabulary): Promise<TargetProgress> {
  const window = targetWindow(period);
  const [settings, report] = await Promise.all([settingsOf(scope), reportFor(scope, window.from, window.to, vocab)]);
  return progressOf(settings, period.year, report);
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

/**
 * What the report of a period says: its figures, its sentence, the year's target progress, the settings,
 * and parts II and III as the office wrote them, or their defaults from the log where it wrote nothing.
 */
export async function reportDocumentData(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>, mode: CountMode): Promise<{ report: Report; sentence: string; progress: TargetProgress; settings: Settings; sections: ReportNotes }> {
  const [settings, vocab, written] = await Promise.all([settingsOf(scope), vocabularyOf(scope), reportNotes(scope, period)]);
  const [report, progress] = await Promise.all([reportFor(scope, period.from, period.to, vocab), targetProgress(scope, period, vocab)]);
  const defaults = defaultReportNotes(uncoveredTopics(report, vocab.topics), settings.communeKind);
  const sections = { shortcomings: sectionText(written, defaults, 'shortcomings'), nextSteps: sectionText(written, defaults, 'nextSteps') };
  return { report, sentence: reportSentence(report, settings.communeKind, mode), progress, settings, sections };
}
