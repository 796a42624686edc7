/**
 * A report period as the rollup `entry_months` reads it (see migration 0003): the whole months it
 * holds come from the rollup, the days before the first and after the last from the entries.
 */
import { monthOf } from '../../domain/counting.js';
import { addDays, type LocalDate, type LocalIso, monthEnd, rangeBounds } from '../../domain/time.js';

export interface MonthSplit {
  /** The first and last whole month (`YYYY-MM`), or null when the period holds none. */
  months: { first: string; last: string } | null;
  /** The `at` ranges [start, endExclusive) of the other days: before the first whole month, after the last (none, one or two). */
  edges: [LocalIso, LocalIso][];
}

/** Splits [from, to] into its whole months and its edge days. */
export function splitMonths(from: LocalDate, to: LocalDate): MonthSplit {
  const { start, endExclusive } = rangeBounds(from, to);
  const firstWhole = from.endsWith('-01') ? from : addDays(monthEnd(from), 1);
  const lastWhole = to === monthEnd(to) ? to : addDays(`${to.slice(0, 8)}01`, -1);
  if (firstWhole > lastWhole) return { months: null, edges: from <= to ? [[start, endExclusive]] : [] };
  const edges: [LocalIso, LocalIso][] = [];
  if (from < firstWhole) edges.push([start, rangeBounds(firstWhole, firstWhole).start]);
  if (lastWhole < to) edges.push([rangeBounds(lastWhole, lastWhole).endExclusive, endExclusive]);
  return { months: { first: monthOf(firstWhole), last: monthOf(lastWhole) }, edges };
}

/** The SQL condition on `e.at` of the edge ranges (their bounds pushed onto `values`); `false` for none. */
export function edgeSql(edges: MonthSplit['edges'], values: unknown[]): string {
  if (!edges.length) return 'false';
  return edges
    .map(([start, endExclusive]) => {
      values.push(start, endExclusive);
      return `(e.at >= $${values.length - 1} AND e.at < $${values.length})`;
    })
    .join(' OR ');
}

/** The rollup's figures of a set of rows (after a GROUP BY), named as `figuresOf` reads them. */
export const SUMS = `coalesce(sum(entries), 0)::int AS entries, coalesce(sum(plays), 0)::bigint AS plays, coalesce(sum(airtime), 0)::bigint AS airtime,
  coalesce(sum(views), 0)::bigint AS views, coalesce(sum(interactions), 0)::bigint AS interactions`;

/**
 * The same figures of live entries `e` (grouped, so never of none), as a rollup row holds them: sums
 * of what each entry counts for, stored with it from the domain's `contributionOf` (migration 0006).
 */
export const ENTRY_SUMS = `count(*)::int AS entries, sum(e.play_count)::bigint AS plays, sum(e.airtime)::bigint AS airtime,
  sum(e.counted_views)::bigint AS views, sum(e.counted_interactions)::bigint AS interactions`;
