/** The deployment's communes and the city's figures, in SQL across communes. */
import type pg from 'pg';
import { addFigures as add, type ReportCounts, ZERO_FIGURES } from '../../domain/counting.js';
import type { LocalDate } from '../../domain/time.js';
import type { Commune, CommuneCounts } from '../port.js';
import { inSnapshot, type Queryable, rows } from './db.js';
import { figuresOf } from './figures.js';
import { edgeSql, ENTRY_SUMS, splitMonths, SUMS } from './months.js';

export async function communes(db: Queryable): Promise<Commune[]> {
  return rows<Commune>(db, 'SELECT code, name, kind FROM communes ORDER BY id');
}

export async function createCommune(db: Queryable, c: Commune, now: string): Promise<'created' | 'exists'> {
  const res = await db.query('INSERT INTO communes (code, name, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING', [c.code, c.name, c.kind, now]);
  return res.rowCount ? 'created' : 'exists';
}

const emptyCounts = (): ReportCounts => ({ totals: { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 }, byChannel: {}, byFormat: {}, byTopic: {}, byUnit: {}, byMonth: {}, monthChannel: {}, channelUnit: {} });

/**
 * Every commune's totals and figures by channel for [from, to] (the same rules as a commune's own
 * report; an item belongs to one commune, so distinct items add up across communes). The other
 * breakdowns are left empty: the city's view shows these two.
 *
 * One query, in one pass over the rollup's rows of the whole months, grouped by commune and channel:
 * an item is counted (for its channel, and at all) on its first row in those months, which the
 * rows' pointers tell. The edge days' entries, when the period has some, add their figures, and
 * their items that no row of the whole months has.
 */
export function cityCounts(pool: pg.Pool, from: LocalDate, to: LocalDate): Promise<CommuneCounts[]> {
  // One snapshot for the figures and the communes; no JIT compilation, which for this query's many
  // expressions takes longer (up to a second) than running it.
  return inSnapshot(pool, async (client) => {
    await client.query('SET LOCAL jit = off');
    return countCity(client, from, to);
  });
}

async function countCity(db: Queryable, from: LocalDate, to: LocalDate): Promise<CommuneCounts[]> {
  const { months, edges } = splitMonths(from, to);
  const values: unknown[] = [];
  const parts: string[] = [];
  if (months) {
    values.push(months.first, months.last);
    parts.push(`SELECT r.commune_id, r.channel, ${SUMS},
        count(*) FILTER (WHERE r.prev_month IS NULL OR r.prev_month < $1)::int AS items,
        count(*) FILTER (WHERE r.item_prev IS NULL OR r.item_prev < $1)::int AS item_firsts
      FROM entry_months r WHERE r.month >= $1 AND r.month <= $2 GROUP BY r.commune_id, r.channel`);
  }
  let edge = '';
  if (edges.length) {
    // Each commune's edge days through its time index (OFFSET 0 keeps the planner from flattening
    // that into a scan of every entry); an item "in the whole months" has a row there.
    edge = `WITH edge AS (
        SELECT e.commune_id, e.channel, e.item_id, ${ENTRY_SUMS}
        FROM communes c CROSS JOIN LATERAL (
          SELECT e.* FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
          WHERE e.commune_id = c.id AND e.deleted_at IS NULL AND i.deleted_at IS NULL AND (${edgeSql(edges, values)}) OFFSET 0) e
        GROUP BY 1, 2, 3) `;
    const inMonths = (channel: boolean): string =>
      !months ? 'false' : `EXISTS (SELECT 1 FROM entry_months r WHERE r.commune_id = g.commune_id AND r.item_id = g.item_id${channel ? ' AND r.channel = g.channel' : ''} AND r.month >= $1 AND r.month <= $2)`;
    parts.push(`SELECT g.commune_id, g.channel, ${SUMS}, count(*) FILTER (WHERE NOT ${inMonths(true)})::int AS items, 0 AS item_firsts FROM edge g GROUP BY 1, 2`);
    parts.push(`SELECT g.commune_id, NULL, 0, 0, 0, 0, 0, 0, count(*)::int AS item_firsts FROM (SELECT DISTINCT commune_id, item_id FROM edge) g WHERE NOT ${inMonths(false)} GROUP BY 1`);
  }
  const found = parts.length ? await rows(db, `${edge}${parts.join(' UNION ALL ')}`, values) : [];
  const byId = new Map<number, ReportCounts>();
  for (const r of found) {
    const id = r.commune_id as number;
    let counts = byId.get(id);
    if (!counts) byId.set(id, (counts = emptyCounts()));
    counts.totals = add(counts.totals, { ...figuresOf(r), items: r.item_firsts as number });
    if (r.channel !== null) counts.byChannel[r.channel as string] = add(counts.byChannel[r.channel as string] ?? { ...ZERO_FIGURES }, figuresOf(r));
  }
  const all = await rows<{ id: number; code: string }>(db, 'SELECT id, code FROM communes ORDER BY id');
  return all.map((c) => ({ code: c.code, counts: byId.get(c.id) ?? emptyCounts() }));
}

export async function idleCommunes(db: Queryable, since: string): Promise<string[]> {
  const found = await rows<{ code: string }>(
    db,
    `SELECT c.code FROM communes c WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.commune_id = c.id AND e.recorded_at >= $1) ORDER BY c.id`,
    [since],
  );
  return found.map((r) => r.code);
}
