import { figuresSource, type FiguresSource, type MetricReading, type MetricState, type MetricsRun } from '../domain/metrics.js';
import { MSG } from '../domain/messages.js';
import { changedFields, type Entry, type EntryWithItem, isLive } from '../domain/model.js';
import { fmtNumber } from '../domain/text.js';
import { toLocalIso } from '../domain/time.js';
import { audit } from './audit.js';
import { Invalid, notFound } from './errors.js';
import type { Scope } from './scope.js';

/** What a row of the views page shows beside its figures. */
export interface RowFigures {
  source: FiguresSource;
  /** The post's last failure with its platform; null when its last reading succeeded. */
  error: string | null;
  /** Whether the platform's last figures differ from the entry's (the user may take them). */
  canUse: boolean;
}

const differs = (entry: Pick<Entry, 'views' | 'interactions'>, state: MetricState): boolean =>
  (state.views !== null && state.views !== entry.views) || (state.interactions !== null && state.interactions !== entry.interactions);

/** Each row's line beside its figures, and the last round of refreshes. */
export async function figuresOfRows(scope: Scope, rows: readonly EntryWithItem[]): Promise<{ lines: Record<number, RowFigures>; run: MetricsRun | null }> {
  const [states, run] = await Promise.all([scope.commune.metricStates(rows.map((r) => r.id)), scope.commune.metricsRun()]);
  const byEntry = new Map(states.map((s) => [s.entryId, s]));
  const lines: Record<number, RowFigures> = {};
  for (const row of rows) {
    const state = byEntry.get(row.id);
    if (!state) continue;
    lines[row.id] = { source: figuresSource(row, state, fmtNumber), error: state.error, canUse: state.readAt !== null && differs(row, state) };
  }
  return { lines, run };
}

/** A post's dated figures, oldest first, with the line beside its figures (for the entry's page). */
export async function figuresOfEntry(scope: Scope, entry: EntryWithItem): Promise<{ readings: MetricReading[]; line: RowFigures | null }> {
  const [readings, states] = await Promise.all([scope.commune.metricReadings(entry.id), scope.commune.metricStates([entry.id])]);
  const state = states[0];
  return { readings, line: state ? { source: figuresSource(entry, state, fmtNumber), error: state.error, canUse: state.readAt !== null && differs(entry, state) } : null };
}

/**
 * The user's choice for one post: its entry takes the platform's last figures over the values typed
 * by hand (an edit of the entry, audited as one), and later refreshes keep it up to date.
 */
export async function useReadFigures(scope: Scope, entryId: number, actor: string): Promise<void> {
  await scope.commune.transaction(async (tx) => {
    const view = await tx.entry(entryId);
    if (!view || !isLive(view)) throw notFound(MSG.entryGone);
    const state = (await tx.metricStates([entryId]))[0];
    if (!state?.readAt) throw new Invalid('Bài này chưa có số liệu đọc từ YouTube, Facebook hay Zalo OA.');
    const { item: _item, ...entry } = view;
    const next: Entry = { ...entry, views: state.views ?? entry.views, interactions: state.interactions ?? entry.interactions, updatedAt: toLocalIso(scope.clock()), updatedBy: actor };
    const diff = changedFields<Entry>(entry, next, ['views', 'interactions']);
    // From now on the entry's figures are the platform's: later refreshes keep them up to date.
    await tx.putMetricStates([{ ...state, appliedViews: next.views, appliedInteractions: next.interactions }]);
    if (!diff) return;
    await tx.replaceEntry(next);
    await audit(tx, scope, actor, 'entry.update', { type: 'entry', id: entryId }, diff);
  });
}
