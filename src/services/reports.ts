import { type CountMode, reportSentence } from '../domain/sentence.js';
import type { Period } from '../domain/periods.js';
import { type Report, reportFromCounts, uncoveredTopics } from '../domain/report.js';
import { defaultReportNotes, type ReportNotes, sectionText } from '../domain/report-notes.js';
import { type Settings, vocabularyFrom } from '../domain/settings.js';
import { progressOf, type TargetProgress, targetWindow } from '../domain/targets.js';
import type { LocalDate } from '../domain/time.js';
import type { Term, Vocabulary } from '../domain/vocabulary.js';
import { reportNotes } from './report-notes.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

export { progressOf, type TargetProgress, type TargetRow } from '../domain/targets.js';

/** The figures of the live entries of [from, to], counted by the storage (one count). */
export async function figuresFor(scope: Scope, from: LocalDate, to: LocalDate, vocab?: Vocabulary): Promise<Report> {
  const [counts, v] = await Promise.all([scope.commune.countEntries(from, to), vocab ?? vocabularyOf(scope)]);
  return reportFromCounts(counts, v, from, to);
}

/** Progress of a period's year towards its targets, counted from the year's start to the period's end (`targetWindow`). */
export async function targetProgress(scope: Scope, period: Pick<Period, 'year' | 'to'>, vocab?: Vocabulary): Promise<TargetProgress> {
  const window = targetWindow(period);
  const [settings, report] = await Promise.all([settingsOf(scope), figuresFor(scope, window.from, window.to, vocab)]);
  return progressOf(settings, period.year, report);
}

/** A period's report, as the page, the Word report, the appendix and the evidence bundle all show it. */
export interface PeriodReport {
  report: Report;
  /** The report's sentence, its counts written as asked (`CountMode`). */
  sentence: string;
  /** The year's progress towards its targets up to the period's end. */
  progress: TargetProgress;
  settings: Settings;
  vocab: Vocabulary;
  /** The topics of the plan no entry of the period covers. */
  uncovered: Term[];
  /** Parts II and III as the office wrote them ('' where it wrote nothing). */
  written: ReportNotes;
  /** What parts II and III say where the office wrote nothing: drawn from the log. */
  defaults: ReportNotes;
  /** Parts II and III as the documents print them: written, or the default. */
  sections: ReportNotes;
}

/**
 * The report of a period, made once for every output of it: the period counted once, and once more
 * only when the year's progress needs other days (a quarter's progress runs from 1 January); the
 * settings as the scope read them.
 */
export async function reportFor(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>, mode: CountMode): Promise<PeriodReport> {
  const [settings, written] = await Promise.all([settingsOf(scope), reportNotes(scope, period)]);
  const vocab = vocabularyFrom(settings);
  const window = targetWindow(period);
  const sameDays = window.from === period.from && window.to === period.to;
  const [report, yearReport] = await Promise.all([figuresFor(scope, period.from, period.to, vocab), sameDays ? null : figuresFor(scope, window.from, window.to, vocab)]);
  const uncovered = uncoveredTopics(report, vocab.topics);
  const defaults = defaultReportNotes(uncovered, settings.communeKind);
  return {
    report,
    sentence: reportSentence(report, settings.communeKind, mode),
    progress: progressOf(settings, period.year, yearReport ?? report),
    settings,
    vocab,
    uncovered,
    written,
    defaults,
    sections: { shortcomings: sectionText(written, defaults, 'shortcomings'), nextSteps: sectionText(written, defaults, 'nextSteps') },
  };
}
