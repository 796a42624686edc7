/**
 * The report figures of the PostgreSQL engine, read from the rollup `entry_months` (kept by triggers)
 * for whole months and from the entries for the edge days: on a hand-made log with the edge cases,
 * they equal figures counted by hand and a count straight from the entries, and the rollup equals
 * one computed again from the entries after every kind of write.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Figures, ReportCounts } from '../../src/domain/counting.js';
import type { Entry, Item } from '../../src/domain/model.js';
import { type LocalDate, rangeBounds } from '../../src/domain/time.js';
import type { CommuneStorage, CommuneTx } from '../../src/storage/port.js';
import { openStore, type TestStore } from '../helpers.js';
import { poolOf } from '../pg/databases.js';

const STAMP = '2026-11-22T10:00:00+07:00';

function item(fields: Pick<Item, 'format' | 'topics' | 'unit'>, title: string): Omit<Item, 'id'> {
  return { title, summary: '', author: '', sourceUrl: null, createdAt: STAMP, createdBy: 'an', updatedAt: STAMP, updatedBy: 'an', deletedAt: null, deletedBy: null, ...fields };
}

function entry(itemId: number, channel: string, at: string, figures: Partial<Pick<Entry, 'playCount' | 'durationSeconds' | 'views' | 'interactions'>> = {}): Omit<Entry, 'id'> {
  return {
    itemId, channel, at, playCount: 1, durationSeconds: null, url: null, views: null, interactions: null, note: '',
    recordedBy: 'an', recorderName: null, recordedAt: STAMP, updatedAt: STAMP, updatedBy: 'an', deletedAt: null, deletedBy: null, ...figures,
  };
}

const fig = (entries: number, plays: number, items: number, airtimeSeconds: number, views: number, interactions: number): Figures => ({ entries, plays, items, airtimeSeconds, views, interactions });

/** The figures counted straight from the entries, with DISTINCT (the engine's query before the rollup). */
async function rawCounts(pool: pg.Pool, commune: number, from: LocalDate, to: LocalDate): Promise<ReportCounts> {
  const { start, endExclusive } = rangeBounds(from, to);
  const figures = `count(*)::int AS entries, coalesce(sum(e.play_count), 0)::bigint AS plays, count(DISTINCT e.item_id)::int AS items,
    coalesce(sum(e.play_count::bigint * coalesce(e.duration_seconds, 0)), 0)::bigint AS airtime, coalesce(sum(e.views), 0)::bigint AS views,
    coalesce(sum(e.interactions), 0)::bigint AS interactions`;
  const period = `FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
    WHERE e.commune_id = $1 AND e.deleted_at IS NULL AND i.deleted_at IS NULL AND e.at >= $2 AND e.at < $3`;
  const of = (r: Record<string, unknown>): Figures => fig(r.entries as number, r.plays as number, r.items as number, r.airtime as number, r.views as number, r.interactions as number);
  const counts: ReportCounts = { totals: fig(0, 0, 0, 0, 0, 0), byChannel: {}, byFormat: {}, byTopic: {}, byUnit: {}, byMonth: {}, monthChannel: {}, channelUnit: {} };
  const values = [commune, start, endExclusive];
  const grouped = await pool.query(
    `SELECT GROUPING(e.channel) AS g_channel, GROUPING(i.format) AS g_format, GROUPING(i.unit) AS g_unit, GROUPING(left(e.at, 7)) AS g_month,
       e.channel, i.format, i.unit, left(e.at, 7) AS month, ${figures} ${period}
     GROUP BY GROUPING SETS ((), (e.channel), (i.format), (i.unit), (left(e.at, 7)), (left(e.at, 7), e.channel), (e.channel, i.unit))`,
    values,
  );
  for (const r of grouped.rows) {
    const has = { channel: r.g_channel === 0, format: r.g_format === 0, unit: r.g_unit === 0, month: r.g_month === 0 };
    if (has.month && has.channel) (counts.monthChannel[r.month] ??= {})[r.channel] = r.entries;
    else if (has.channel && has.unit) (counts.channelUnit[r.channel] ??= {})[r.unit] = r.entries;
    else if (has.channel) counts.byChannel[r.channel] = of(r);
    else if (has.format) counts.byFormat[r.format] = of(r);
    else if (has.unit) counts.byUnit[r.unit] = of(r);
    else if (has.month) counts.byMonth[r.month] = of(r);
    else counts.totals = of(r);
  }
  const topics = await pool.query(`SELECT t.topic, ${figures} ${period.replace('WHERE', ', LATERAL (SELECT DISTINCT unnest(i.topics) AS topic) t WHERE')} GROUP BY t.topic`, values);
  for (const r of topics.rows) counts.byTopic[r.topic] = of(r);
  return counts;
}

/** The rollup's rows, and the rows it should have, computed again from the entries. */
async function rollupAndRecomputed(pool: pg.Pool): Promise<{ kept: unknown[]; recomputed: unknown[] }> {
  const order = 'ORDER BY commune_id, item_id, channel, month';
  const kept = await pool.query(`SELECT commune_id, item_id, channel, month, entries, plays, airtime, views, interactions, prev_month, item_prev FROM entry_months ${order}`);
  const recomputed = await pool.query(
    `SELECT g.*, lag(g.month) OVER (PARTITION BY g.commune_id, g.item_id, g.channel ORDER BY g.month) AS prev_month,
       lag(g.month) OVER (PARTITION BY g.commune_id, g.item_id ORDER BY g.month, g.channel) AS item_prev
     FROM (SELECT e.commune_id, e.item_id, e.channel, left(e.at, 7) AS month, count(*)::int AS entries, sum(e.play_count)::bigint AS plays,
             sum(e.play_count::bigint * coalesce(e.duration_seconds, 0))::bigint AS airtime, coalesce(sum(e.views), 0)::bigint AS views,
             coalesce(sum(e.interactions), 0)::bigint AS interactions
           FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
           WHERE e.deleted_at IS NULL AND i.deleted_at IS NULL GROUP BY 1, 2, 3, 4) g ${order}`,
  );
  return { kept: kept.rows, recomputed: recomputed.rows };
}

const PERIODS: [LocalDate, LocalDate][] = [
  ['2026-01-01', '2026-12-31'],
  ['2026-01-01', '2026-03-31'],
  ['2026-01-31', '2026-04-01'],
  ['2026-02-10', '2026-02-20'],
  ['2026-02-01', '2026-02-01'],
  ['2025-12-31', '2026-01-31'],
  ['2024-01-01', '2027-12-31'],
];

interface City {
  store: TestStore;
  pool: pg.Pool;
  a: { id: number; storage: CommuneStorage };
  b: { id: number; storage: CommuneStorage };
  items: Record<'i1' | 'i2' | 'i3' | 'i4', Item>;
  entries: Record<string, Entry>;
}

/**
 * Commune "main": items i1 (two topics), i2 (one topic named twice), i3, i4 and entries around month ends at midnight
 * +07:00, one by one; commune "b": one item aired in January and March, inserted in one statement.
 */
async function makeCity(): Promise<City> {
  const store = await openStore({ engine: 'postgres' });
  const pool = poolOf(store);
  await store.storage.createCommune({ code: 'b', name: 'Phường B', kind: 'phường' });
  const idOf = async (code: string): Promise<number> => (await pool.query('SELECT id FROM communes WHERE code = $1', [code])).rows[0].id;
  const a = { id: await idOf('main'), storage: store.storage.commune('main') };
  const b = { id: await idOf('b'), storage: store.storage.commune('b') };
  const made = await a.storage.transaction(async (tx) => {
    const items = {
      i1: await tx.createItem(item({ format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc' }, 'i1')),
      i2: await tx.createItem(item({ format: 'article', topics: ['m', 'm'], unit: 'vp-hdnd-ubnd' }, 'i2')),
      i3: await tx.createItem(item({ format: 'video', topics: ['k'], unit: 'tt-dvsnc' }, 'i3')),
      i4: await tx.createItem(item({ format: 'news', topics: ['m'], unit: 'vp-hdnd-ubnd' }, 'i4')),
    };
    const { i1, i2, i3, i4 } = items;
    const entries: Record<string, Entry> = {};
    const list: [string, Omit<Entry, 'id'>][] = [
      ['e1', entry(i1.id, 'radio', '2026-01-31T23:59:00+07:00', { playCount: 2, durationSeconds: 120 })],
      ['e2', entry(i1.id, 'radio', '2026-02-01T00:00:00+07:00', { durationSeconds: 60 })],
      ['e3', entry(i1.id, 'portal', '2026-02-15T10:00:00+07:00', { views: 100, interactions: 5 })],
      ['e4', entry(i2.id, 'portal', '2026-03-31T23:59:59+07:00')],
      ['e5', entry(i2.id, 'fanpage', '2026-04-01T00:00:00+07:00', { views: 50, interactions: 3 })],
      ['e6', entry(i3.id, 'radio', '2026-02-10T06:30:00+07:00', { playCount: 3, durationSeconds: 200 })],
      ['e7', entry(i2.id, 'radio', '2026-02-20T06:30:00+07:00', { durationSeconds: 100 })],
      ['e8', entry(i1.id, 'radio', '2026-06-30T23:59:00+07:00', { durationSeconds: 90 })],
      ['e9', entry(i4.id, 'radio', '2025-12-31T23:59:59+07:00', { durationSeconds: 30 })],
      ['e10', entry(i1.id, 'radio', '2027-01-01T00:00:00+07:00', { durationSeconds: 60 })],
      ['e11', entry(i1.id, 'zalo-oa', '2026-12-31T23:59:59+07:00', { views: 7 })],
    ];
    for (const [name, e] of list) entries[name] = await tx.createEntry(e);
    return { items, entries };
  });
  await b.storage.transaction(async (tx) => {
    const [j1] = await tx.createItems([item({ format: 'news', topics: ['m'], unit: 'tt-dvsnc' }, 'j1')]);
    await tx.createEntries([entry(j1!.id, 'radio', '2026-01-15T06:30:00+07:00', { durationSeconds: 60 }), entry(j1!.id, 'radio', '2026-03-15T06:30:00+07:00', { durationSeconds: 60 })]);
  });
  return { store, pool, a, b, ...made };
}

const write = <T>(c: City, work: (tx: CommuneTx) => Promise<T>): Promise<T> => c.a.storage.transaction(work);

/** Every period's figures of both communes, from countEntries and cityCounts, against the raw count; and the rollup against its recomputation. */
async function expectExact(c: City): Promise<void> {
  const { kept, recomputed } = await rollupAndRecomputed(c.pool);
  expect(kept).toEqual(recomputed);
  for (const [from, to] of PERIODS) {
    const city = await c.store.storage.cityCounts(from, to);
    for (const { id, code, storage } of [{ ...c.a, code: 'main' }, { ...c.b, code: 'b' }]) {
      const raw = await rawCounts(c.pool, id, from, to);
      expect(await storage.countEntries(from, to), `${code} ${from}…${to}`).toEqual(raw);
      const inCity = city.find((x) => x.code === code)!.counts;
      expect({ totals: inCity.totals, byChannel: inCity.byChannel }, `city ${code} ${from}…${to}`).toEqual({ totals: raw.totals, byChannel: raw.byChannel });
    }
  }
}

/** Entry `e7` moved to another item, month and channel, `e8` deleted, item i3 deleted: the state the hand figures below are of. */
async function editDeleteAndDeleteItem(c: City): Promise<void> {
  await write(c, (tx) => tx.replaceEntry({ ...c.entries.e7!, itemId: c.items.i4.id, channel: 'meeting', at: '2026-05-05T08:00:00+07:00' }));
  await write(c, (tx) => tx.replaceEntry({ ...c.entries.e8!, deletedAt: STAMP, deletedBy: 'an' }));
  await write(c, (tx) => tx.replaceItem({ ...c.items.i3, deletedAt: STAMP, deletedBy: 'an' }));
}

async function totalsOf(c: City, from: LocalDate, to: LocalDate): Promise<{ a: Figures; b: Figures; cityA: Figures; cityB: Figures }> {
  const city = await c.store.storage.cityCounts(from, to);
  return {
    a: (await c.a.storage.countEntries(from, to)).totals,
    b: (await c.b.storage.countEntries(from, to)).totals,
    cityA: city.find((x) => x.code === 'main')!.counts.totals,
    cityB: city.find((x) => x.code === 'b')!.counts.totals,
  };
}

describe('report figures from the rollup (PostgreSQL)', () => {
  it('counts whole months, edge days around midnight and single days as the entries do', async () => {
    const c = await makeCity();
    await expectExact(c);
    await editDeleteAndDeleteItem(c);
    await expectExact(c);

    // By hand: entries, plays, distinct items, airtime, views, interactions.
    const year = await c.a.storage.countEntries('2026-01-01', '2026-12-31');
    expect(year.totals).toEqual(fig(7, 8, 3, 400, 157, 8));
    expect(year.byChannel).toEqual({ radio: fig(2, 3, 1, 300, 0, 0), portal: fig(2, 2, 2, 0, 100, 5), fanpage: fig(1, 1, 1, 0, 50, 3), meeting: fig(1, 1, 1, 100, 0, 0), 'zalo-oa': fig(1, 1, 1, 0, 7, 0) });
    expect(year.byTopic).toEqual({ m: fig(7, 8, 3, 400, 157, 8), k: fig(4, 5, 1, 300, 107, 5) });
    expect(year.byFormat).toEqual({ news: fig(5, 6, 2, 400, 107, 5), article: fig(2, 2, 1, 0, 50, 3) });
    expect(year.byUnit).toEqual({ 'tt-dvsnc': fig(4, 5, 1, 300, 107, 5), 'vp-hdnd-ubnd': fig(3, 3, 2, 100, 50, 3) });
    // February: i1 on the radio and the portal is one item.
    expect(year.byMonth).toEqual({
      '2026-01': fig(1, 2, 1, 240, 0, 0), '2026-02': fig(2, 2, 1, 60, 100, 5), '2026-03': fig(1, 1, 1, 0, 0, 0),
      '2026-04': fig(1, 1, 1, 0, 50, 3), '2026-05': fig(1, 1, 1, 100, 0, 0), '2026-12': fig(1, 1, 1, 0, 7, 0),
    });
    expect(year.monthChannel).toEqual({ '2026-01': { radio: 1 }, '2026-02': { radio: 1, portal: 1 }, '2026-03': { portal: 1 }, '2026-04': { fanpage: 1 }, '2026-05': { meeting: 1 }, '2026-12': { 'zalo-oa': 1 } });
    expect(year.channelUnit).toEqual({ radio: { 'tt-dvsnc': 2 }, portal: { 'tt-dvsnc': 1, 'vp-hdnd-ubnd': 1 }, fanpage: { 'vp-hdnd-ubnd': 1 }, meeting: { 'vp-hdnd-ubnd': 1 }, 'zalo-oa': { 'tt-dvsnc': 1 } });

    const cityYear = await c.store.storage.cityCounts('2026-01-01', '2026-12-31');
    expect(cityYear.map((x) => x.code)).toEqual(['main', 'b']);
    expect(cityYear[0]!.counts.byChannel).toEqual(year.byChannel);
    // Commune b's one item, aired in January and March, is one item of the year and of the quarter.
    expect(cityYear[1]!.counts).toMatchObject({ totals: fig(2, 2, 1, 120, 0, 0), byChannel: { radio: fig(2, 2, 1, 120, 0, 0) } });

    expect(await totalsOf(c, '2026-01-01', '2026-03-31')).toEqual({ a: fig(4, 5, 2, 300, 100, 5), b: fig(2, 2, 1, 120, 0, 0), cityA: fig(4, 5, 2, 300, 100, 5), cityB: fig(2, 2, 1, 120, 0, 0) });
    // From 31/01 to 01/04: 23:59 on the 31st and 00:00 on the 1st are in; whole February and March between.
    expect(await totalsOf(c, '2026-01-31', '2026-04-01')).toEqual({ a: fig(5, 6, 2, 300, 150, 8), b: fig(1, 1, 1, 60, 0, 0), cityA: fig(5, 6, 2, 300, 150, 8), cityB: fig(1, 1, 1, 60, 0, 0) });
    expect(await totalsOf(c, '2026-02-10', '2026-02-20')).toEqual({ a: fig(1, 1, 1, 0, 100, 5), b: fig(0, 0, 0, 0, 0, 0), cityA: fig(1, 1, 1, 0, 100, 5), cityB: fig(0, 0, 0, 0, 0, 0) });
    expect(await totalsOf(c, '2026-02-01', '2026-02-01')).toEqual({ a: fig(1, 1, 1, 60, 0, 0), b: fig(0, 0, 0, 0, 0, 0), cityA: fig(1, 1, 1, 60, 0, 0), cityB: fig(0, 0, 0, 0, 0, 0) });
    // 31/12/2025 23:59:59 (i4) and January (i1).
    expect(await totalsOf(c, '2025-12-31', '2026-01-31')).toEqual({ a: fig(2, 3, 2, 270, 0, 0), b: fig(1, 1, 1, 60, 0, 0), cityA: fig(2, 3, 2, 270, 0, 0), cityB: fig(1, 1, 1, 60, 0, 0) });

    // The item restored brings its entry back.
    await write(c, (tx) => tx.replaceItem({ ...c.items.i3 }));
    await expectExact(c);
    expect(await totalsOf(c, '2026-01-01', '2026-12-31')).toMatchObject({ a: fig(8, 11, 4, 1000, 157, 8), cityA: fig(8, 11, 4, 1000, 157, 8) });
    expect((await c.a.storage.countEntries('2026-01-01', '2026-12-31')).byChannel.radio).toEqual(fig(3, 6, 2, 900, 0, 0));
    expect(await totalsOf(c, '2026-02-10', '2026-02-20')).toMatchObject({ a: fig(2, 4, 2, 600, 100, 5), cityA: fig(2, 4, 2, 600, 100, 5) });
  });

  it('keeps the rollup exact through edits of every figure, restores, notes and bulk writes', async () => {
    const c = await makeCity();
    await editDeleteAndDeleteItem(c);
    const { i1, i2, i3 } = c.items;
    // A note changes no figure; play count, duration, views and interactions do.
    await write(c, (tx) => tx.replaceEntry({ ...c.entries.e3!, note: 'sửa ghi chú' }));
    await write(c, (tx) => tx.replaceEntry({ ...c.entries.e3!, playCount: 4, durationSeconds: 30, views: null, interactions: 9 }));
    await expectExact(c);
    // The deleted entry back, an entry moved out of a month and into another, one of a deleted item edited.
    await write(c, (tx) => tx.replaceEntry({ ...c.entries.e8! }));
    await write(c, (tx) => tx.replaceEntry({ ...c.entries.e2!, at: '2026-01-31T23:59:59+07:00' }));
    await write(c, (tx) => tx.replaceEntry({ ...c.entries.e6!, itemId: i1.id }));
    await expectExact(c);
    await write(c, (tx) => tx.replaceItem({ ...i3, deletedAt: STAMP, deletedBy: 'an' }));
    await write(c, (tx) => tx.replaceItem({ ...i1, deletedAt: STAMP, deletedBy: 'an' }));
    await expectExact(c);
    await write(c, (tx) => tx.replaceItem({ ...i1 }));
    // Many entries in one statement, several of one key; then gone for good, in one statement.
    await write(c, (tx) => tx.createEntries([1, 2, 3, 4, 5, 6].map((d) => entry(d % 2 ? i1.id : i2.id, d % 3 ? 'radio' : 'portal', `2026-0${d}-28T07:00:00+07:00`, { durationSeconds: d * 10, views: d }))));
    await expectExact(c);
    await c.pool.query(`DELETE FROM entries WHERE commune_id = $1 AND at LIKE '%-28T07:00:00+07:00'`, [c.a.id]);
    await expectExact(c);
  });

  it('keeps the rollup exact when many items are deleted or restored in one statement, and through edits that delete none', async () => {
    const c = await makeCity();
    const { i1, i2, i3, i4 } = c.items;
    // Undoing an import: its entries and items deleted, each kind in one statement.
    const counted = await write(c, (tx) => tx.deleteMany({ entryIds: [c.entries.e4!.id, c.entries.e9!.id], itemIds: [i2.id, i3.id, i4.id] }, STAMP, 'an'));
    expect(counted).toEqual({ entries: 2, items: 3 });
    await expectExact(c);
    expect((await c.a.storage.countEntries('2026-01-01', '2026-12-31')).totals.items).toBe(1);
    // An edit of a title and topics deletes nothing and restores nothing.
    await write(c, (tx) => tx.replaceItem({ ...i1, title: 'i1 sửa', topics: ['k'] }));
    await expectExact(c);
    // Two restored and one deleted by one statement; then every item restored at once.
    await c.pool.query(
      `UPDATE items SET deleted_at = CASE WHEN id = $2 THEN $3 END, deleted_by = CASE WHEN id = $2 THEN 'an' END WHERE commune_id = $1 AND id = ANY ($4::int[])`,
      [c.a.id, i1.id, STAMP, [i1.id, i2.id, i3.id]],
    );
    await expectExact(c);
    expect((await c.a.storage.countEntries('2026-01-01', '2026-12-31')).totals.items).toBe(2);
    await c.pool.query('UPDATE items SET deleted_at = NULL, deleted_by = NULL WHERE commune_id = $1', [c.a.id]);
    await expectExact(c);
    // i4 aired only in 2025, and that entry stays deleted.
    expect((await c.a.storage.countEntries('2026-01-01', '2026-12-31')).totals.items).toBe(3);
  });
});
