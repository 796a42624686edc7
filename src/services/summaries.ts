import { MSG } from '../domain/messages.js';
import { figuresDiffer, lastCompletedWeek, type Summary, type SummaryDelivery, weeklyFigures, type WeeklyFigures } from '../domain/summary.js';
import { addDays, type LocalDate, localDateOf, toLocalIso } from '../domain/time.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';
import { figuresFor, progressOf } from './reports.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

/** Who made a summary when the schedule did. */
export const SCHEDULE_USER = 'lịch tự động';
/** Catch-up never makes more than a year of summaries at once. */
export const MAX_CATCH_UP = 52;

/**
 * The figures of one week, from the log as it is now. Progress towards the targets counts the year
 * up to the week's Sunday, so a week summarised late shows what it would have shown on time.
 */
export async function figuresOfWeek(scope: Scope, monday: LocalDate): Promise<WeeklyFigures> {
  const sunday = addDays(monday, 6);
  const year = Number(sunday.slice(0, 4));
  const [settings, vocab] = await Promise.all([settingsOf(scope), vocabularyOf(scope)]);
  const [week, previous, yearSoFar, newItems] = await Promise.all([
    figuresFor(scope, monday, sunday, vocab),
    figuresFor(scope, addDays(monday, -7), addDays(monday, -1), vocab),
    figuresFor(scope, `${year}-01-01`, sunday, vocab),
    scope.commune.countFirstAirings(monday, sunday),
  ]);
  const progress = progressOf(settings, year, yearSoFar);
  return weeklyFigures({
    weekStart: monday,
    week,
    previous,
    newItems,
    vocab,
    targets: { year, rows: progress.rows.map(({ scoreShare: _s, ...r }) => r) },
    deadlineDay: settings.deadlineDay,
  });
}

/** The day of the log's first live entry (Vietnam time), or null while the log is empty. */
export async function firstEntryDay(scope: Scope): Promise<LocalDate | null> {
  const { total } = await scope.commune.listEntries({}, { page: 1, pageSize: 1 });
  if (!total) return null;
  // Newest first: the last page of one row is the oldest entry.
  const oldest = (await scope.commune.listEntries({}, { page: total, pageSize: 1 })).rows[0];
  return oldest ? localDateOf(oldest.at) : null;
}

/**
 * The Mondays the schedule still owes: every completed week after the last one summarised (at most 52),
 * but none that ended before the log's first entry. A summary of such a week would say 0 and stay
 * so while entries recorded late fill the week; with an empty log nothing is owed yet.
 */
export async function weeksDue(scope: Scope, now: Date): Promise<LocalDate[]> {
  const last = lastCompletedWeek(now);
  const [done, first] = await Promise.all([scope.commune.lastSummarizedWeek(), firstEntryDay(scope)]);
  if (!first) return [];
  const weeks: LocalDate[] = [];
  if (!done) weeks.push(last);
  else for (let w = addDays(done, 7); w <= last; w = addDays(w, 7)) weeks.push(w);
  return weeks.filter((monday) => addDays(monday, 6) >= first).slice(-MAX_CATCH_UP);
}

/**
 * Stores a summary of a week. With `onlyIfMissing` (the schedule), a week that has a summary already
 * gets none and null comes back: the check and the insert are one transaction, so two runs racing
 * can never both add one. On demand, a week summarised before gets a newer version.
 */
export async function addSummary(scope: Scope, figures: WeeklyFigures, by: string, opts: { onlyIfMissing: boolean; scheduled: boolean; delivery: SummaryDelivery['status'] }): Promise<Summary | null> {
  return scope.commune.transaction(async (tx) => {
    const same = await tx.summariesOfWeek(figures.weekStart);
    if (opts.onlyIfMissing && same.length) return null;
    const summary = await tx.createSummary({
      weekStart: figures.weekStart,
      version: same.length + 1,
      createdAt: toLocalIso(scope.clock()),
      createdBy: by,
      figures,
      delivery: { status: opts.delivery, attempts: 0, lastError: null, at: null },
    });
    const lastWeek = await tx.lastSummarizedWeek();
    if (opts.scheduled && (!lastWeek || figures.weekStart > lastWeek)) await tx.setLastSummarizedWeek(figures.weekStart);
    await audit(tx, scope, by, 'summary.create', { type: 'summary', id: summary.id }, { after: { weekStart: summary.weekStart, version: summary.version } });
    return summary;
  });
}

/**
 * The weekly job: summarises, oldest first, every completed week not yet summarised, exactly once
 * each (a restart or a second run racing this one adds none). Returns the summaries it made.
 */
export async function runWeeklySummary(scope: Scope, now: Date, options: { deliver: boolean } = { deliver: false }): Promise<Summary[]> {
  const made: Summary[] = [];
  for (const monday of await weeksDue(scope, now)) {
    const summary = await addSummary(scope, await figuresOfWeek(scope, monday), SCHEDULE_USER, { onlyIfMissing: true, scheduled: true, delivery: options.deliver ? 'pending' : 'none' });
    if (summary) made.push(summary);
  }
  return made;
}

/** Makes a summary of a past week on demand: a newer version when the week has one already. */
export async function makeSummaryOnDemand(scope: Scope, monday: LocalDate, user: string, deliver: boolean): Promise<Summary> {
  const summary = await addSummary(scope, await figuresOfWeek(scope, monday), user, { onlyIfMissing: false, scheduled: false, delivery: deliver ? 'pending' : 'none' });
  return summary!;
}

/** The week's figures counted now, when they no longer match those the summary keeps; null while they do. */
export async function figuresIfChanged(scope: Scope, summary: Summary): Promise<WeeklyFigures | null> {
  const now = await figuresOfWeek(scope, summary.weekStart);
  return figuresDiffer(summary.figures, now) ? now : null;
}

/** The weekly summaries, newest week first, newest version first. */
export function summariesOf(scope: Scope): Promise<Summary[]> {
  return scope.commune.listSummaries();
}

/**
 * A summary's page: the summary, the week's newer version if there is one, and (for the week's newest
 * version, on screen) the figures counted now when they no longer match.
 */
export async function summaryPage(scope: Scope, id: number, print: boolean): Promise<{ summary: Summary; newer: Summary | null; current: WeeklyFigures | null }> {
  const [summary, all] = await Promise.all([summaryById(scope, id), summariesOf(scope)]);
  const newer = all.find((x) => x.weekStart === summary.weekStart && x.version > summary.version) ?? null;
  // Only the week's newest version is checked against the log: an older one links to the newer.
  return { summary, newer, current: print || newer ? null : await figuresIfChanged(scope, summary) };
}

/** A summary, or not found. */
export async function summaryById(scope: Scope, id: number): Promise<Summary> {
  const summary = await scope.commune.summary(id);
  if (!summary) throw notFound(MSG.summaryNotFound);
  return summary;
}

/** Records how the e-mail delivery of a summary went. */
export async function setDelivery(scope: Scope, id: number, delivery: SummaryDelivery): Promise<void> {
  await scope.commune.transaction((tx) => tx.setSummaryDelivery(id, delivery));
}
