/** The deployment's communes and the city's figures, in SQL across communes. */
import type { ReportCounts } from '../../domain/counting.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import type { Commune, CommuneCounts } from '../port.js';
import { type Queryable, type Row, rows } from './db.js';
import { FIGURES, figuresOf } from './entries.js';

export async function communes(db: Queryable): Promise<Commune[]> {
  return rows<Commune>(db, 'SELECT code, name, kind FROM communes ORDER BY id');
}

export async function createCommune(db: Queryable, c: Commune, now: string): Promise<'created' | 'exists'> {
  const res = await db.query('INSERT INTO communes (code, name, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING', [c.code, c.name, c.kind, now]);
  return res.rowCount ? 'created' : 'exists';
}

const emptyCounts = (): ReportCounts => ({ totals: { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 }, byChannel: {}, byFormat: {}, byTopic: {}, byUnit: {}, byMonth: {}, monthChannel: {}, channelUnit: {} });

/**
 * Every commune's totals and figures by channel for [from, to], in one grouped query over the live
 * entries (the same rules as a commune's own report; an item belongs to one commune, so distinct items
 * add up across communes). The other breakdowns are left empty: the city's view shows these two.
 */
export async function cityCounts(db: Queryable, from: LocalDate, to: LocalDate): Promise<CommuneCounts[]> {
  const { start, endExclusive } = rangeBounds(from, to);
  const grouped = await rows(
    db,
    `SELECT e.commune_id, GROUPING(e.channel) AS g_channel, e.channel, ${FIGURES}
     FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
     WHERE e.deleted_at IS NULL AND i.deleted_at IS NULL AND e.at >= $1 AND e.at < $2
     GROUP BY GROUPING SETS ((e.commune_id), (e.commune_id, e.channel))`,
    [start, endExclusive],
  );
  const byId = new Map<number, ReportCounts>();
  for (const r of grouped as Row[]) {
    const id = r.commune_id as number;
    let counts = byId.get(id);
    if (!counts) byId.set(id, (counts = emptyCounts()));
    if (r.g_channel === 0) counts.byChannel[r.channel as string] = figuresOf(r);
    else counts.totals = figuresOf(r);
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
