/**
 * The figures of a period in SQL (a report's counts): whole months from the rollup `entry_months`
 * (migration 0003), the edge days from the entries, in one statement.
 */
import type { Figures, ReportCounts } from '../../domain/counting.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import { UNCLASSIFIED } from '../../domain/vocabulary.js';
import { one, type Queryable, type Row } from './db.js';
import { JOINED, LIVE } from './entries.js';
import { edgeSql, ENTRY_SUMS, type MonthSplit, splitMonths, SUMS } from './months.js';

export const figuresOf = (r: Row): Figures => ({ entries: r.entries as number, plays: r.plays as number, items: r.items as number, airtimeSeconds: r.airtime as number, views: r.views as number, interactions: r.interactions as number });

/**
 * The figures of the items among `src` (by format, unit and topic: a topic an item names twice counts
 * once, items with no topic count under UNCLASSIFIED), and the entries by channel and unit, as rows of countEntries.
 */
const ITEM_BREAKDOWNS = `per_item AS (SELECT item_id, ${SUMS} FROM src GROUP BY item_id),
  with_item AS (SELECT p.*, i.format, i.unit, i.topics FROM per_item p JOIN items i ON i.commune_id = $1 AND i.id = p.item_id)`;
const ITEM_ROWS = `SELECT 'format' AS kind, format AS a, NULL AS b, count(*)::int AS items, ${SUMS} FROM with_item GROUP BY format
  UNION ALL SELECT 'unit', unit, NULL, count(*)::int, ${SUMS} FROM with_item GROUP BY unit
  UNION ALL SELECT 'topic', t.topic, NULL, count(*)::int, ${SUMS} FROM with_item, unnest(topics) WITH ORDINALITY t (topic, n) WHERE array_position(topics, t.topic) = t.n GROUP BY t.topic
  UNION ALL SELECT 'topic', '${UNCLASSIFIED}', NULL, count(*)::int, ${SUMS} FROM with_item WHERE cardinality(topics) = 0 HAVING count(*) > 0
  UNION ALL SELECT 'channelUnit', s.channel, w.unit, 0, sum(s.entries)::int, 0, 0, 0, 0 FROM src s JOIN with_item w ON w.item_id = s.item_id GROUP BY s.channel, w.unit`;

/**
 * The figures of whole months, from the rollup alone, each breakdown in one pass: an item is
 * counted on its first row in the months (for a channel, for the period, for its month), which the
 * rows' pointers tell.
 */
const WHOLE_MONTHS = `WITH src AS (
    SELECT r.month, r.channel, r.item_id, r.entries, r.plays, r.airtime, r.views, r.interactions,
      r.prev_month IS NULL OR r.prev_month < $2 AS first_in_channel, r.item_prev IS NULL OR r.item_prev < $2 AS first_in_period,
      r.item_prev IS NULL OR r.item_prev < r.month AS first_in_month
    FROM entry_months r WHERE r.commune_id = $1 AND r.month >= $2 AND r.month <= $3),
  ${ITEM_BREAKDOWNS}
  SELECT CASE GROUPING(month, channel) WHEN 3 THEN 'total' WHEN 2 THEN 'channel' WHEN 1 THEN 'month' ELSE 'monthChannel' END AS kind,
    coalesce(month, channel) AS a, CASE WHEN GROUPING(month, channel) = 0 THEN channel END AS b,
    (CASE GROUPING(month, channel) WHEN 3 THEN count(*) FILTER (WHERE first_in_period) WHEN 2 THEN count(*) FILTER (WHERE first_in_channel)
      WHEN 1 THEN count(*) FILTER (WHERE first_in_month) ELSE 0 END)::int AS items, ${SUMS}
  FROM src GROUP BY GROUPING SETS ((), (channel), (month), (month, channel))
  UNION ALL ${ITEM_ROWS}`;

/**
 * The figures of any period: its whole months' rows of the rollup and its edge days' entries (grouped
 * as the rollup's rows are) make one set of rows by month, channel and item; distinct items are
 * counted in two steps (an item's rows grouped, then counted), which hashing does without sorting.
 */
function anyPeriodSql(months: MonthSplit['months'], edges: MonthSplit['edges'], values: unknown[]): string {
  const parts: string[] = [];
  if (months) {
    values.push(months.first, months.last);
    parts.push(`SELECT r.month, r.channel, r.item_id, r.entries, r.plays, r.airtime, r.views, r.interactions
      FROM entry_months r WHERE r.commune_id = $1 AND r.month >= $2 AND r.month <= $3`);
  }
  if (edges.length) parts.push(`SELECT e.month, e.channel, e.item_id, ${ENTRY_SUMS} ${JOINED} AND ${LIVE} AND (${edgeSql(edges, values)}) GROUP BY 1, 2, 3`);
  if (!parts.length) parts.push('SELECT NULL::text, NULL::text, NULL::int, 0, 0::bigint, 0::bigint, 0::bigint, 0::bigint WHERE false');
  return `WITH src (month, channel, item_id, entries, plays, airtime, views, interactions) AS (${parts.join(' UNION ALL ')}),
    ${ITEM_BREAKDOWNS}
    SELECT 'total' AS kind, NULL AS a, NULL AS b, count(*)::int AS items, ${SUMS} FROM per_item
    UNION ALL SELECT 'channel', channel, NULL, count(*)::int, ${SUMS} FROM (SELECT channel, item_id, ${SUMS} FROM src GROUP BY channel, item_id) c GROUP BY channel
    UNION ALL SELECT 'month', month, NULL, count(*)::int, ${SUMS} FROM (SELECT month, item_id, ${SUMS} FROM src GROUP BY month, item_id) m GROUP BY month
    UNION ALL SELECT 'monthChannel', month, channel, 0, ${SUMS} FROM src GROUP BY month, channel
    UNION ALL ${ITEM_ROWS}`;
}

/**
 * The figures of the live entries of [from, to], in one query: from the rollup for whole months,
 * with the entries of the edge days when the period has some.
 */
export async function countEntries(db: Queryable, commune: number, from: LocalDate, to: LocalDate): Promise<ReportCounts> {
  const { months, edges } = splitMonths(from, to);
  const values: unknown[] = [commune];
  let text: string;
  if (months && !edges.length) {
    values.push(months.first, months.last);
    text = WHOLE_MONTHS;
  } else text = anyPeriodSql(months, edges, values);
  // Prepared on each connection, named by its shape (the text differs only by the parts the period
  // has): planning it costs about as much as running it.
  const grouped = (await db.query({ name: `count-entries-${months ? 'm' : ''}${edges.length}`, text, values })).rows as Row[];
  const counts: ReportCounts = { totals: { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 }, byChannel: {}, byFormat: {}, byTopic: {}, byUnit: {}, byMonth: {}, monthChannel: {}, channelUnit: {} };
  for (const r of grouped) {
    const a = r.a as string;
    const b = r.b as string;
    if (r.kind === 'total') counts.totals = figuresOf(r);
    else if (r.kind === 'format') counts.byFormat[a] = figuresOf(r);
    else if (r.kind === 'unit') counts.byUnit[a] = figuresOf(r);
    else if (r.kind === 'topic') counts.byTopic[a] = figuresOf(r);
    else if (r.kind === 'channel') counts.byChannel[a] = figuresOf(r);
    else if (r.kind === 'month') counts.byMonth[a] = figuresOf(r);
    else if (r.kind === 'monthChannel') (counts.monthChannel[a] ??= {})[b] = r.entries as number;
    else (counts.channelUnit[a] ??= {})[b] = r.entries as number;
  }
  return counts;
}

export async function countFirstAirings(db: Queryable, commune: number, from: LocalDate, to: LocalDate): Promise<number> {
  const { start, endExclusive } = rangeBounds(from, to);
  const r = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM (SELECT min(e.at) AS first ${JOINED} AND ${LIVE} GROUP BY e.item_id) f WHERE f.first >= $2 AND f.first < $3`, [commune, start, endExclusive]);
  return r!.n;
}
