import { lastCompletedWeek, weeklyFigures, type WeeklyFigures } from '../domain/summary.js';
import { addDays, type LocalDate } from '../domain/time.js';
import { reportFor, targetProgress } from '../services/reporting.js';
import type { Store, Summary } from '../store/store.js';

/** Who made a summary when the schedule did. */
export const SCHEDULE_USER = 'lịch tự động';
/** Catch-up never makes more than a year of summaries at once. */
export const MAX_CATCH_UP = 52;

/**
 * The figures of one week, from the store as it is now. Progress towards the targets counts the year
 * up to the week's Sunday, so a week summarised late shows what it would have shown on time.
 */
export function figuresOfWeek(store: Store, monday: LocalDate): WeeklyFigures {
  const sunday = addDays(monday, 6);
  const year = Number(sunday.slice(0, 4));
  const progress = targetProgress(store, year, reportFor(store, `${year}-01-01`, sunday));
  const first = store.firstAirings();
  return weeklyFigures({
    weekStart: monday,
    weekEntries: store.entriesBetween(monday, addDays(monday, 6)),
    previousEntries: store.entriesBetween(addDays(monday, -7), addDays(monday, -1)),
    firstAiring: (id) => first.get(id),
    itemOf: (id) => store.item(id),
    vocab: store.vocabulary(),
    targets: { year, rows: progress.rows.map(({ scoreShare: _s, ...r }) => r) },
    deadlineDay: store.settings().deadlineDay,
  });
}

/** The Mondays the schedule still owes: every completed week after the last one summarised (at most 52). */
export function weeksDue(store: Store, now: Date): LocalDate[] {
  const last = lastCompletedWeek(now);
  const done = store.lastSummarizedWeek();
  if (!done) return [last];
  const weeks: LocalDate[] = [];
  for (let w = addDays(done, 7); w <= last; w = addDays(w, 7)) weeks.push(w);
  return weeks.slice(-MAX_CATCH_UP);
}

/**
 * The weekly job: summarises, oldest first, every completed week not yet summarised, exactly once
 * each (a restart or a second run racing this one adds none). Returns the summaries it made.
 */
export async function runWeeklySummary(store: Store, now: Date, options: { deliver: boolean } = { deliver: false }): Promise<Summary[]> {
  const made: Summary[] = [];
  for (const monday of weeksDue(store, now)) {
    const summary = await store.addSummary(figuresOfWeek(store, monday), SCHEDULE_USER, { onlyIfMissing: true, scheduled: true, delivery: options.deliver ? 'pending' : 'none' });
    if (summary) made.push(summary);
  }
  return made;
}

/** Makes a summary of a past week on demand: a newer version when the week has one already. */
export async function makeSummaryOnDemand(store: Store, monday: LocalDate, user: string, deliver: boolean): Promise<Summary> {
  const summary = await store.addSummary(figuresOfWeek(store, monday), user, { onlyIfMissing: false, scheduled: false, delivery: deliver ? 'pending' : 'none' });
  return summary!;
}

