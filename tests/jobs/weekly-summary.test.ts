import { describe, expect, it } from 'vitest';
import type { EntryFields, ItemFields } from '../../src/domain/model.js';
import type { Figures } from '../../src/domain/report.js';
import type { NewEntryDraft } from '../../src/domain/validation.js';
import { MAX_CATCH_UP, makeSummaryOnDemand, runWeeklySummary, SCHEDULE_USER } from '../../src/services/summaries.js';
import type { TestStore as Store } from '../test-store.js';
import { draft, ensureUser, openStore, tempDataDir } from '../helpers.js';

/** Monday 2026-11-23 07:00 in Vietnam: the week 2026-11-16..22 has just ended. */
const MON_NOV_23 = new Date('2026-11-23T00:00:00Z');
/** Monday 2026-11-02 07:00 in Vietnam: the week 2026-10-26..11-01 has just ended. */
const MON_NOV_02 = new Date('2026-11-02T00:00:00Z');
/** Monday 2026-12-07 07:00 in Vietnam: the week 2026-11-30..12-06 has just ended. */
const MON_DEC_07 = new Date('2026-12-07T00:00:00Z');

const ZERO: Figures = { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 };

/** A draft with a new item; the item fields not given are draft()'s. */
function newItem(title: string, item: Partial<ItemFields>, entry: Partial<EntryFields>): NewEntryDraft {
  const base = draft({ title, entry });
  if (!('fields' in base.item)) throw new Error('draft() should carry a new item');
  return { item: { fields: { ...base.item.fields, ...item } }, entry: base.entry };
}

/** A draft re-airing an existing item. */
function reair(itemId: number, entry: Partial<EntryFields>): NewEntryDraft {
  return { item: { existingId: itemId }, entry: draft({ entry }).entry };
}

const online = (channel: string, at: string, views: number, interactions: number): Partial<EntryFields> => ({ channel, at, playCount: 1, durationSeconds: null, views, interactions });
const radio = (at: string, playCount: number, durationSeconds: number): Partial<EntryFields> => ({ channel: 'radio', at, playCount, durationSeconds });

/**
 * The hand-built data set (all times Vietnam time):
 *
 * week 2026-11-02..08 (before the previous week)
 *   e1  item A (new; news; topic m)          radio   04/11 06:30  plays 2 × 180 s
 * previous week 2026-11-09..15
 *   e2  item D (new; news; topic k)          fanpage 12/11 19:00  views 80, interactions 5
 *   e3  item A (re-air)                      radio   15/11 23:30  plays 1 × 180 s   (Sunday night)
 * the week 2026-11-16..22
 *   e4  item A (re-air)                      radio   16/11 00:30  plays 3 × 180 s   (Sunday 17:30 UTC)
 *   e5  item B (new; article; topics k, m)   portal  18/11 09:00  views 150, interactions 12
 *   e6  item B (re-air)                      fanpage 19/11 20:00  views 300, interactions 25
 *   e7  item C (new; report; topic a)        radio   22/11 23:30  plays 2 × 300 s   (Sunday night)
 *   e8  item A (re-air), DELETED             radio   20/11 06:30  plays 10 × 180 s
 *   e9  item F (new; news; topic n), its only entry DELETED   portal 21/11 08:00  views 999
 * next week
 *   e10 item C (re-air)                      zalo-oa 23/11 00:10  views 7
 */
async function buildDataSet(store: Store): Promise<void> {
  const a = await store.addEntry(newItem('Tin A: dịch vụ công trực tuyến', { format: 'news', topics: ['m'] }, radio('2026-11-04T06:30:00+07:00', 2, 180)), 'an');
  await store.addEntry(newItem('Tin D: chuyển đổi số', { format: 'news', topics: ['k'] }, online('fanpage', '2026-11-12T19:00:00+07:00', 80, 5)), 'an');
  await store.addEntry(reair(a.item.id, radio('2026-11-15T23:30:00+07:00', 1, 180)), 'an');
  await store.addEntry(reair(a.item.id, radio('2026-11-16T00:30:00+07:00', 3, 180)), 'an');
  const b = await store.addEntry(newItem('Bài B: chính quyền số', { format: 'article', topics: ['k', 'm'] }, online('portal', '2026-11-18T09:00:00+07:00', 150, 12)), 'an');
  await store.addEntry(reair(b.item.id, online('fanpage', '2026-11-19T20:00:00+07:00', 300, 25)), 'an');
  const c = await store.addEntry(newItem('Phóng sự C: chủ trương CCHC', { format: 'report', topics: ['a'] }, radio('2026-11-22T23:30:00+07:00', 2, 300)), 'an');
  const e8 = await store.addEntry(reair(a.item.id, radio('2026-11-20T06:30:00+07:00', 10, 180)), 'an');
  await store.deleteEntry(e8.entry.id, 'an');
  const e9 = await store.addEntry(newItem('Tin F: cuộc thi CCHC', { format: 'news', topics: ['n'] }, online('portal', '2026-11-21T08:00:00+07:00', 999, 99)), 'an');
  await store.deleteEntry(e9.entry.id, 'an');
  await store.addEntry(reair(c.item.id, online('zalo-oa', '2026-11-23T00:10:00+07:00', 7, 0)), 'an');
}

/** A fresh store whose clock reads `now`, with the account that records its entries. */
async function storeAt(now: Date, dataDir?: string): Promise<Store> {
  const store = await openStore({ clock: () => now, ...(dataDir ? { dataDir } : {}) });
  await ensureUser(store, 'an', 'editor');
  return store;
}

const weeksOf = async (store: Store): Promise<string[]> => (await store.listSummaries()).map((s) => s.weekStart);

describe('the weekly summary job', () => {
  it('stores the figures of the week 16–22/11/2026 exactly as counted by hand', async () => {
    const store = await storeAt(MON_NOV_23);
    await store.updateSettings({ ...(await store.settings()), targets: { '2026': { radio: 10, portal: 4 } } }, 'admin');
    await buildDataSet(store);

    const made = await runWeeklySummary(store, MON_NOV_23);

    expect(made.map((s) => s.weekStart)).toEqual(['2026-11-16']);
    const [stored] = (await store.listSummaries());
    expect((await store.listSummaries())).toHaveLength(1);
    expect(stored).toMatchObject({ weekStart: '2026-11-16', version: 1, createdBy: SCHEDULE_USER, createdAt: '2026-11-23T07:00:00+07:00', delivery: { status: 'none', attempts: 0, lastError: null, at: null } });
    const f = stored!.figures;
    expect(f.weekStart).toBe('2026-11-16');
    expect(f.weekEnd).toBe('2026-11-22');

    // Live entries of the week: e4, e5, e6, e7 (e8, e9 deleted; e3 is Sunday 15/11, e10 Monday 23/11).
    // plays 3+1+1+2 = 7; items A, B, C = 3; airtime 3×180 + 2×300 = 1140; views 150+300; interactions 12+25.
    expect(f.totals).toEqual({ entries: 4, plays: 7, items: 3, airtimeSeconds: 1140, views: 450, interactions: 37 });
    // Previous week: e2, e3. plays 1+1; items D, A; airtime 1×180; views 80; interactions 5.
    expect(f.previous).toEqual({ entries: 2, plays: 2, items: 2, airtimeSeconds: 180, views: 80, interactions: 5 });

    // Radio: e4, e7 → plays 3+2, items A, C, airtime 540+600. Portal: e5. Fanpage: e6. Every other channel: nothing.
    const byChannel = Object.fromEntries(f.byChannel.map(({ code, label: _l, ...figures }) => [code, figures]));
    expect(byChannel).toEqual({
      radio: { entries: 2, plays: 5, items: 2, airtimeSeconds: 1140, views: 0, interactions: 0 },
      portal: { entries: 1, plays: 1, items: 1, airtimeSeconds: 0, views: 150, interactions: 12 },
      fanpage: { entries: 1, plays: 1, items: 1, airtimeSeconds: 0, views: 300, interactions: 25 },
      'zalo-oa': ZERO,
      'zalo-mini-app': ZERO,
      youtube: ZERO,
      press: ZERO,
      noticeboard: ZERO,
      banner: ZERO,
      meeting: ZERO,
    });
    expect(f.byChannel.find((r) => r.code === 'radio')?.label).toBe('Truyền thanh');

    // Formats: news e4 (A); article e5, e6 (B); report e7 (C).
    const byFormat = Object.fromEntries(f.byFormat.filter((r) => r.entries > 0).map((r) => [r.code, [r.entries, r.plays, r.items]]));
    expect(byFormat).toEqual({ news: [1, 3, 1], article: [2, 2, 1], report: [1, 2, 1] });
    // Topics: m e4, e5, e6 (A, B); k e5, e6 (B); a e7 (C). Topic n only had the deleted e9.
    const byTopic = Object.fromEntries(f.byTopic.filter((r) => r.entries > 0).map((r) => [r.code, [r.entries, r.plays, r.items]]));
    expect(byTopic).toEqual({ a: [1, 2, 1], k: [2, 2, 1], m: [3, 5, 2] });

    // First aired this week: B (e5) and C (e7); A first aired 04/11, F's only airing is deleted.
    expect(f.newItems).toBe(2);
    // Entries of items aired before: e4 (A) and e6 (B's second posting) = 4 entries − 2 first airings.
    expect(f.reairs).toBe(2);

    // All 13 plan topics except a, k, m.
    expect(f.uncoveredTopics.map((t) => t.code)).toEqual(['b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i', 'l', 'n']);
    expect(f.uncoveredTopics[0]).toEqual({ code: 'b', label: 'b) Vai trò, trách nhiệm người đứng đầu' });

    // Year 2026 so far: radio counts distinct items aired (A, C) = 2 of 10; portal counts posts (e5; e9 deleted) = 1 of 4.
    expect(f.targets).toEqual({
      year: 2026,
      rows: [
        { code: 'radio', label: 'Truyền thanh', unit: 'tin bài', target: 10, achieved: 2, percent: 20 },
        { code: 'portal', label: 'Cổng TTĐT', unit: 'tin bài đăng', target: 4, achieved: 1, percent: 25 },
      ],
    });

    // The week after (23–29/11) holds no report deadline (the next is 08/12).
    expect(f.deadlines).toEqual([]);
  });

  it('mentions the deadline of 08/12/2026 in the summary of the week 30/11–06/12 (read on 07/12), not in the next one', async () => {
    const store = await storeAt(MON_DEC_07);
    await store.addEntry(draft({ entry: { at: '2026-12-02T06:30:00+07:00' } }), 'an');

    const made = await runWeeklySummary(store, MON_DEC_07);

    expect(made.map((s) => s.weekStart)).toEqual(['2026-11-30']);
    const f = (await store.listSummaries())[0]!.figures;
    expect(f.weekEnd).toBe('2026-12-06');
    expect(f.deadlines).toEqual([{ date: '2026-12-08', label: 'Báo cáo quý IV và năm 2026', from: '2026-10-01', to: '2026-12-31' }]);
    expect(f.totals.entries).toBe(1);
    // No targets set: no progress rows.
    expect(f.targets).toEqual({ year: 2026, rows: [] });

    // The week 07–13/12 holds the deadline itself; read on 14/12 it is past, so its summary names none.
    const next = await runWeeklySummary(store, new Date('2026-12-14T00:00:00Z'));
    expect(next.map((s) => [s.weekStart, s.figures.deadlines])).toEqual([['2026-12-07', []]]);
  });

  it('summarises only the last completed week on its first run ever', async () => {
    const store = await storeAt(MON_NOV_23);
    await buildDataSet(store); // entries in three earlier weeks, none of which is summarised
    expect((await store.lastSummarizedWeek())).toBeNull();

    const made = await runWeeklySummary(store, MON_NOV_23);

    expect(made.map((s) => s.weekStart)).toEqual(['2026-11-16']);
    expect(await weeksOf(store)).toEqual(['2026-11-16']);
    expect((await store.lastSummarizedWeek())).toBe('2026-11-16');
  });

  it('catches up the three weeks missed while the server was down, oldest first, once each, across a restart', async () => {
    const dataDir = await tempDataDir();
    const store = await storeAt(MON_NOV_23, dataDir);
    await store.addEntry(draft({ entry: { at: '2026-10-21T06:30:00+07:00' } }), 'an');
    expect((await runWeeklySummary(store, MON_NOV_02)).map((s) => s.weekStart)).toEqual(['2026-10-26']);
    expect((await store.lastSummarizedWeek())).toBe('2026-10-26');

    // Down for three weeks; back on Monday 23/11 07:00.
    const made = await runWeeklySummary(store, MON_NOV_23);
    expect(made.map((s) => s.weekStart)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(made.map((s) => s.id)).toEqual([2, 3, 4]);
    expect(made.every((s) => s.version === 1 && s.createdBy === SCHEDULE_USER)).toBe(true);
    expect(made.map((s) => [s.figures.weekStart, s.figures.weekEnd])).toEqual([
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
    ]);
    expect((await store.lastSummarizedWeek())).toBe('2026-11-16');

    // The next start, the same moment or later in the same week (Sunday 29/11 23:59 in Vietnam): nothing more.
    expect(await runWeeklySummary(store, MON_NOV_23)).toEqual([]);
    expect(await runWeeklySummary(store, new Date('2026-11-29T16:59:00Z'))).toEqual([]);
    expect(await weeksOf(store)).toEqual(['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-26']);

    await store.close();
    const reopened = await storeAt(MON_NOV_23, dataDir);
    expect((await reopened.lastSummarizedWeek())).toBe('2026-11-16');
    expect(await weeksOf(reopened)).toEqual(['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-26']);
    expect(await runWeeklySummary(reopened, MON_NOV_23)).toEqual([]);
    expect((await reopened.listSummaries())).toHaveLength(4);
  });

  it('catches up at most the 52 most recent weeks after 60 weeks down', async () => {
    expect(MAX_CATCH_UP).toBe(52);
    const store = await storeAt(MON_NOV_23);
    await store.addEntry(draft({ entry: { at: '2025-09-24T06:30:00+07:00' } }), 'an');
    // Monday 29/09/2025 07:00 in Vietnam: the week of 22/09/2025 is summarised, then the server stops.
    expect((await runWeeklySummary(store, new Date('2025-09-29T00:00:00Z'))).map((s) => s.weekStart)).toEqual(['2025-09-22']);

    // Back on 23/11/2026: 60 weeks are owed (29/09/2025 .. 16/11/2026); the oldest 8 (29/09 .. 17/11/2025) are dropped.
    const made = await runWeeklySummary(store, MON_NOV_23);

    const expected = Array.from({ length: 52 }, (_, i) => new Date(Date.UTC(2025, 10, 24) + i * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(expected[0]).toBe('2025-11-24');
    expect(expected[51]).toBe('2026-11-16');
    expect(made.map((s) => s.weekStart)).toEqual(expected);
    expect((await store.listSummaries())).toHaveLength(53);
    expect(await weeksOf(store)).not.toContain('2025-11-17');
    expect(await weeksOf(store)).not.toContain('2025-09-29');
    expect((await store.lastSummarizedWeek())).toBe('2026-11-16');
    // A week across the new year counts towards the year its Sunday is in.
    expect(made.find((s) => s.weekStart === '2025-12-29')?.figures.targets.year).toBe(2026);
  }, 60_000);

  it('makes exactly one summary per week when two runs race', async () => {
    const store = await storeAt(MON_NOV_23);
    await store.addEntry(draft({ entry: { at: '2026-10-21T06:30:00+07:00' } }), 'an');
    await runWeeklySummary(store, MON_NOV_02);

    const [one, two] = await Promise.all([runWeeklySummary(store, MON_NOV_23), runWeeklySummary(store, MON_NOV_23)]);

    expect([...one, ...two].map((s) => s.weekStart).sort()).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(await weeksOf(store)).toEqual(['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-26']);
    expect((await store.listSummaries()).every((s) => s.version === 1)).toBe(true);
    expect((await store.lastSummarizedWeek())).toBe('2026-11-16');
  });

  it('makes one summary when two first-ever runs race', async () => {
    const store = await storeAt(MON_NOV_23);
    await store.addEntry(draft(), 'an');
    const results = await Promise.all([runWeeklySummary(store, MON_NOV_23), runWeeklySummary(store, MON_NOV_23), runWeeklySummary(store, MON_NOV_23)]);
    expect(results.flat().map((s) => s.weekStart)).toEqual(['2026-11-16']);
    expect(await weeksOf(store)).toEqual(['2026-11-16']);
  });

  it('makes no summary while the log is empty, and the week of the first entry once there is one', async () => {
    const store = await storeAt(MON_NOV_23);

    expect(await runWeeklySummary(store, MON_NOV_23)).toEqual([]);
    expect(await store.listSummaries()).toEqual([]);
    expect(await store.lastSummarizedWeek()).toBeNull();
    expect((await store.queryAudit({ action: 'summary.create' }, { page: 1, pageSize: 5 })).total).toBe(0);

    // Recorded later that Monday: radio on Friday 20/11, 2 plays × 180 s.
    await store.addEntry(draft(), 'an');
    const made = await runWeeklySummary(store, MON_NOV_23);
    expect(made.map((s) => [s.weekStart, s.figures.totals])).toEqual([['2026-11-16', { entries: 1, plays: 2, items: 1, airtimeSeconds: 360, views: 0, interactions: 0 }]]);
    expect(await store.lastSummarizedWeek()).toBe('2026-11-16');
  });

  it('makes none for the weeks that ended before the first live entry, and does for the first entry\'s week and every week after', async () => {
    const store = await storeAt(MON_NOV_23);
    // A try-out entry on Wednesday 21/10, summarised on Monday 26/10 07:00 in Vietnam, then deleted.
    const tryOut = await store.addEntry(draft({ title: 'Thử', entry: { at: '2026-10-21T06:30:00+07:00' } }), 'an');
    expect((await runWeeklySummary(store, new Date('2026-10-26T00:00:00Z'))).map((s) => s.weekStart)).toEqual(['2026-10-19']);
    await store.deleteEntry(tryOut.entry.id, 'an');
    // The log proper starts on Sunday 08/11 at 23:30 in Vietnam (16:30 UTC, still in the week 02–08/11), then 18/11.
    await store.addEntry(draft({ title: 'Tin đầu tiên', entry: { at: '2026-11-08T23:30:00+07:00', playCount: 1 } }), 'an');
    await store.addEntry(draft({ title: 'Tin thứ hai', entry: { at: '2026-11-18T06:30:00+07:00', playCount: 3 } }), 'an');

    // Owed: 26/10, 02/11, 09/11, 16/11. The week 26/10–01/11 ended before 08/11: none for it.
    const made = await runWeeklySummary(store, MON_NOV_23);

    expect(made.map((s) => [s.weekStart, s.figures.totals.entries, s.figures.totals.plays])).toEqual([
      ['2026-11-02', 1, 1],
      ['2026-11-09', 0, 0],
      ['2026-11-16', 1, 3],
    ]);
    expect(await weeksOf(store)).toEqual(['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-19']);
    expect(await store.lastSummarizedWeek()).toBe('2026-11-16');
  });

  it('keeps a summary unchanged when an entry of its week is added later; on demand it makes version 2 with the new figures', async () => {
    const dataDir = await tempDataDir();
    const store = await storeAt(MON_NOV_23, dataDir);
    // Radio 20/11 06:30, 2 plays × 180 s.
    const first = await store.addEntry(draft(), 'an');
    await runWeeklySummary(store, MON_NOV_23);
    const v1Totals = { entries: 1, plays: 2, items: 1, airtimeSeconds: 360, views: 0, interactions: 0 };
    expect((await store.listSummaries())[0]!.figures.totals).toEqual(v1Totals);
    const v1 = structuredClone((await store.listSummaries())[0]!);

    // Recorded late: a re-air on Saturday 21/11 (1 × 180 s) and a new fanpage post on Sunday 22/11.
    await store.addEntry(reair(first.item.id, radio('2026-11-21T18:00:00+07:00', 1, 180)), 'an');
    await store.addEntry(newItem('Bài đăng fanpage', { format: 'photo', topics: ['k'] }, online('fanpage', '2026-11-22T08:00:00+07:00', 40, 3)), 'an');

    expect((await store.listSummaries())).toEqual([v1]);
    expect(await runWeeklySummary(store, MON_NOV_23)).toEqual([]);

    const v2 = await makeSummaryOnDemand(store, '2026-11-16', 'bientap', false);

    expect(v2).toMatchObject({ weekStart: '2026-11-16', version: 2, createdBy: 'bientap', delivery: { status: 'none', attempts: 0 } });
    // 3 entries; plays 2+1+1; items 2; airtime 360+180; views 40; interactions 3.
    expect(v2.figures.totals).toEqual({ entries: 3, plays: 4, items: 2, airtimeSeconds: 540, views: 40, interactions: 3 });
    // Both items first aired this week; the Saturday airing is the one re-air.
    expect([v2.figures.newItems, v2.figures.reairs]).toEqual([2, 1]);
    expect((await store.listSummaries()).map((s) => [s.weekStart, s.version])).toEqual([['2026-11-16', 2], ['2026-11-16', 1]]);
    expect((await store.listSummaries())[1]).toEqual(v1);
    // On demand is not the schedule: it does not move the schedule's mark.
    expect((await store.lastSummarizedWeek())).toBe('2026-11-16');

    await store.close();
    const reopened = await storeAt(MON_NOV_23, dataDir);
    expect((await reopened.listSummaries()).map((s) => s.figures.totals)).toEqual([v2.figures.totals, v1Totals]);
  });

  it('treats the week as completed once it is Monday in Vietnam, while it is still Sunday in UTC', async () => {
    const store = await storeAt(MON_NOV_23);
    await store.addEntry(draft({ entry: { at: '2026-11-10T06:30:00+07:00' } }), 'an');
    // Sunday 22/11 23:59 in Vietnam (16:59 UTC, 08:59 in Los Angeles): the week of 16/11 is still going.
    expect((await runWeeklySummary(store, new Date('2026-11-22T16:59:00Z'))).map((s) => s.weekStart)).toEqual(['2026-11-09']);
    expect((await store.lastSummarizedWeek())).toBe('2026-11-09');
    // Monday 23/11 00:30 in Vietnam (Sunday 17:30 UTC, Sunday 09:30 in Los Angeles): it has ended.
    expect((await runWeeklySummary(store, new Date('2026-11-22T17:30:00Z'))).map((s) => s.weekStart)).toEqual(['2026-11-16']);
    expect(await weeksOf(store)).toEqual(['2026-11-16', '2026-11-09']);
  });
});

describe('target progress in a weekly summary', () => {
  it('counts the year only up to the week\'s Sunday, so a late summary shows what it would have shown on time', async () => {
    // Summarised three weeks late, on Monday 07/12/2026 07:00 in Vietnam, for the week 09–15/11.
    const store = await openStore({ clock: () => new Date('2026-12-07T00:00:00Z') });
    await store.updateSettings({ ...(await store.settings()), targets: { '2026': { radio: 10 } } }, 'quantri');
    await store.addEntry(draft({ title: 'Trong tuần', entry: { at: '2026-11-12T06:30:00+07:00' } }), 'an');
    await store.addEntry(draft({ title: 'Trước đó', entry: { at: '2026-03-02T06:30:00+07:00' } }), 'an');
    await store.addEntry(draft({ title: 'Sau tuần', entry: { at: '2026-11-20T06:30:00+07:00' } }), 'an');
    const summary = await makeSummaryOnDemand(store, '2026-11-09', 'an', false);
    // Two distinct radio items aired by Sunday 15/11; the one of 20/11 comes after the week.
    expect(summary.figures.targets.rows).toEqual([{ code: 'radio', label: 'Truyền thanh', unit: 'tin bài', target: 10, achieved: 2, percent: 20 }]);
  });
});
