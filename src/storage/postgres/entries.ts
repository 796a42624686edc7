/** The log's reads in SQL: entries with their items, filtered and paged, and the figures of a period. */
import { type Figures, type ReportCounts } from '../../domain/counting.js';
import type { EntryFilter, Paging } from '../../domain/filters.js';
import type { Entry, EntryView, Page } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import { CHANNELS } from '../../domain/vocabulary.js';
import { one, type Queryable, type Row, rows } from './db.js';
import { ENTRY_COLUMNS, entryOf, ITEM_COLUMNS, likeWord, viewOf } from './records.js';

const ONLINE = CHANNELS.filter((c) => c.kind === 'online').map((c) => c.code);

/** Entries joined with their items, of one commune (`$1`). */
export const JOINED = `FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id WHERE e.commune_id = $1`;
const LIVE = 'e.deleted_at IS NULL AND i.deleted_at IS NULL';
const NEWEST_FIRST = 'ORDER BY e.at DESC, e.id DESC';

/** The SQL conditions of a filter (after `$1`, the commune), and their values. */
export function filterSql(filter: EntryFilter, values: unknown[]): string {
  const where: string[] = [LIVE];
  const add = (sql: (n: string) => string, value: unknown): void => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.from || filter.to) {
    const bounds = rangeBounds(filter.from ?? '1900-01-01', filter.to ?? '2999-12-30');
    add((n) => `e.at >= ${n}`, bounds.start);
    add((n) => `e.at < ${n}`, bounds.endExclusive);
  }
  if (filter.channel) add((n) => `e.channel = ${n}`, filter.channel);
  if (filter.format) add((n) => `i.format = ${n}`, filter.format);
  if (filter.topic) add((n) => `${n} = ANY (i.topics)`, filter.topic);
  if (filter.unit) add((n) => `i.unit = ${n}`, filter.unit);
  if (filter.missingViews) add((n) => `e.views IS NULL AND e.channel = ANY (${n})`, ONLINE);
  if (filter.online) add((n) => `e.channel = ANY (${n})`, ONLINE);
  const q = filter.q ? foldText(filter.q) : '';
  // Every word in the item's text or the entry's (as `matchesQuery` on their joined text).
  if (q) for (const word of q.split(' ')) add((n) => `(i.search LIKE ${n} OR e.search LIKE ${n})`, likeWord(word));
  return where.join(' AND ');
}

export async function entry(db: Queryable, commune: number, id: number): Promise<EntryView | null> {
  const r = await one(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.id = $2`, [commune, id]);
  return r ? viewOf(r) : null;
}

export async function listEntries(db: Queryable, commune: number, filter: EntryFilter, paging: Paging): Promise<Page<EntryView>> {
  const values: unknown[] = [commune];
  const where = filterSql(filter, values);
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n ${JOINED} AND ${where}`, values))!.n;
  const page = await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${where} ${NEWEST_FIRST} LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map(viewOf) };
}

/** One page after a position of the log order (newest first), for streaming. */
export async function entriesAfter(db: Queryable, commune: number, filter: EntryFilter, after: { at: string; id: number } | null, limit: number): Promise<EntryView[]> {
  const values: unknown[] = [commune];
  let where = filterSql(filter, values);
  if (after) {
    values.push(after.at, after.id);
    where += ` AND (e.at, e.id) < ($${values.length - 1}, $${values.length})`;
  }
  return (await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${where} ${NEWEST_FIRST} LIMIT ${limit}`, values)).map(viewOf);
}

export async function entriesOfItem(db: Queryable, commune: number, itemId: number): Promise<Entry[]> {
  return (await rows(db, `SELECT ${ENTRY_COLUMNS} FROM entries e WHERE e.commune_id = $1 AND e.item_id = $2 AND e.deleted_at IS NULL ${NEWEST_FIRST}`, [commune, itemId])).map(entryOf);
}

export async function entriesBetweenTimes(db: Queryable, commune: number, from: string, toExclusive: string): Promise<EntryView[]> {
  const found = await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND ${LIVE} AND e.at >= $2 AND e.at < $3 ORDER BY e.at, e.id`, [commune, from, toExclusive]);
  return found.map(viewOf);
}

export async function lastAirings(db: Queryable, commune: number, itemIds: number[]): Promise<Record<number, Entry>> {
  if (!itemIds.length) return {};
  const found = await rows(db, `SELECT DISTINCT ON (e.item_id) ${ENTRY_COLUMNS} ${JOINED} AND ${LIVE} AND e.item_id = ANY ($2) ORDER BY e.item_id, e.at DESC, e.id DESC`, [commune, itemIds]);
  return Object.fromEntries(found.map((r) => [r.e_item_id as number, entryOf(r)]));
}

export async function lastEntryBy(db: Queryable, commune: number, username: string): Promise<EntryView | null> {
  const r = await one(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.recorded_by = $2 ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1`, [commune, username]);
  return r ? viewOf(r) : null;
}

export async function deletedEntries(db: Queryable, commune: number): Promise<EntryView[]> {
  return (await rows(db, `SELECT ${ENTRY_COLUMNS}, ${ITEM_COLUMNS} ${JOINED} AND e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC`, [commune])).map(viewOf);
}

export const FIGURES = `count(*)::int AS entries, coalesce(sum(e.play_count), 0)::bigint AS plays, count(DISTINCT e.item_id)::int AS items,
  coalesce(sum(e.play_count::bigint * coalesce(e.duration_seconds, 0)), 0)::bigint AS airtime, coalesce(sum(e.views), 0)::bigint AS views,
  coalesce(sum(e.interactions), 0)::bigint AS interactions`;

export const figuresOf = (r: Row): Figures => ({ entries: r.entries as number, plays: r.plays as number, items: r.items as number, airtimeSeconds: r.airtime as number, views: r.views as number, interactions: r.interactions as number });

/**
 * The figures of the live entries of [from, to], computed in SQL: one pass with grouping sets for
 * the totals and the breakdowns, one for topics (an item with two topics counts under each).
 */
export async function countEntries(db: Queryable, commune: number, from: LocalDate, to: LocalDate): Promise<ReportCounts> {
  const { start, endExclusive } = rangeBounds(from, to);
  const values = [commune, start, endExclusive];
  const period = `${JOINED} AND ${LIVE} AND e.at >= $2 AND e.at < $3`;
  const grouped = await rows(
    db,
    `SELECT GROUPING(e.channel) AS g_channel, GROUPING(i.format) AS g_format, GROUPING(i.unit) AS g_unit, GROUPING(left(e.at, 7)) AS g_month,
       e.channel, i.format, i.unit, left(e.at, 7) AS month, ${FIGURES}
     ${period}
     GROUP BY GROUPING SETS ((), (e.channel), (i.format), (i.unit), (left(e.at, 7)), (left(e.at, 7), e.channel), (e.channel, i.unit))`,
    values,
  );
  const counts: ReportCounts = { totals: { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 }, byChannel: {}, byFormat: {}, byTopic: {}, byUnit: {}, byMonth: {}, monthChannel: {}, channelUnit: {} };
  for (const r of grouped) {
    const has = { channel: r.g_channel === 0, format: r.g_format === 0, unit: r.g_unit === 0, month: r.g_month === 0 };
    const channel = r.channel as string;
    const month = r.month as string;
    const unit = r.unit as string;
    if (has.month && has.channel) (counts.monthChannel[month] ??= {})[channel] = r.entries as number;
    else if (has.channel && has.unit) (counts.channelUnit[channel] ??= {})[unit] = r.entries as number;
    else if (has.channel) counts.byChannel[channel] = figuresOf(r);
    else if (has.format) counts.byFormat[r.format as string] = figuresOf(r);
    else if (has.unit) counts.byUnit[unit] = figuresOf(r);
    else if (has.month) counts.byMonth[month] = figuresOf(r);
    else if (r.entries) counts.totals = figuresOf(r);
  }
  const topics = await rows(db, `SELECT t.topic, ${FIGURES} ${period.replace('WHERE', ', LATERAL (SELECT DISTINCT unnest(i.topics) AS topic) t WHERE')} GROUP BY t.topic`, values);
  for (const r of topics) counts.byTopic[r.topic as string] = figuresOf(r);
  return counts;
}

export async function countFirstAirings(db: Queryable, commune: number, from: LocalDate, to: LocalDate): Promise<number> {
  const { start, endExclusive } = rangeBounds(from, to);
  const r = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM (SELECT min(e.at) AS first ${JOINED} AND ${LIVE} GROUP BY e.item_id) f WHERE f.first >= $2 AND f.first < $3`, [commune, start, endExclusive]);
  return r!.n;
}
