import { describe, expect, it } from 'vitest';
import { entryBody, makeApp, type TestApp } from '../helpers.js';

const AT = '2026-11-21T06:00';
const newRow = (title: string, extra: Record<string, unknown> = {}) => ({ title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', durationSeconds: 180, ...extra });

/** Yesterday's morning session: two items aired, so that today's can re-air them. */
async function withYesterday(app: TestApp): Promise<number[]> {
  const res = await app.api
    .post('/api/v1/sessions', { channel: 'radio', at: '2026-11-20T06:00', entries: [newRow('Hướng dẫn nộp hồ sơ trực tuyến', { durationSeconds: 150 }), newRow('Thanh toán không dùng tiền mặt', { playCount: 2, durationSeconds: 200 })] })
    .expect(201);
  return res.body.entries.map((e: { itemId: number }) => e.itemId);
}

describe('POST /api/v1/sessions', () => {
  it('stores a five-row session (three new items, two re-airs) at one time, re-airs taking their last length', async () => {
    const app = await makeApp();
    const [a, b] = await withYesterday(app);
    const res = await app.api
      .post('/api/v1/sessions', {
        channel: 'radio',
        at: AT,
        note: 'Buổi sáng',
        entries: [newRow('Tin mới một'), { itemId: a }, newRow('Tin mới hai', { playCount: 3, durationSeconds: '2:30' }), { itemId: b, playCount: 2 }, newRow('Tin mới ba', { offsetSeconds: 600 })],
      })
      .expect(201);
    expect(res.body.entries.map((e: Record<string, unknown>) => [e.itemId, e.createdItem, e.at, e.playCount, e.durationSeconds])).toEqual([
      [3, true, '2026-11-21T06:00:00+07:00', 1, 180],
      [a, false, '2026-11-21T06:00:00+07:00', 1, 150],
      [4, true, '2026-11-21T06:00:00+07:00', 3, 150],
      [b, false, '2026-11-21T06:00:00+07:00', 2, 200],
      [5, true, '2026-11-21T06:10:00+07:00', 1, 180],
    ]);
    expect(await app.store.stats()).toMatchObject({ items: 5, entries: 7 });
    const stored = await app.store.entry(res.body.entries[0].id);
    expect(stored).toMatchObject({ note: 'Buổi sáng', recordedBy: 'bientap', channel: 'radio' });
  });

  it('counts a session in the report exactly as the same airings logged one by one', async () => {
    const app = await makeApp();
    const [a] = await withYesterday(app);
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin mới một', { playCount: 2, durationSeconds: 60 }), { itemId: a, playCount: 3 }] }).expect(201);
    // By hand: 20/11: 1×150 + 2×200; 21/11: 2×60 + 3×150 (a's last length) → 4 entries, 8 plays, 3 items, 1,120 s.
    const report = await app.api.get('/api/v1/report?from=2026-11-01&to=2026-11-30').expect(200);
    expect(report.body.totals).toEqual({ entries: 4, plays: 8, items: 3, airtimeSeconds: 150 + 400 + 120 + 450, views: 0, interactions: 0 });
  });

  it('refuses an empty session, and a session without rows, storing nothing', async () => {
    const app = await makeApp();
    for (const entries of [[], undefined, 'x']) {
      const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries }).expect(422);
      expect(res.body.errors.entries).toBe('Buổi phát chưa có tin bài nào: thêm ít nhất một dòng.');
    }
    expect(await app.store.stats()).toMatchObject({ items: 0, entries: 0 });
  });

  it('refuses an unknown or deleted item at its row, storing none of the good rows', async () => {
    const app = await makeApp();
    const [a] = await withYesterday(app);
        await app.store.deleteItem(a!, 'bientap');
    const before = await app.store.stats();
    const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin tốt'), { itemId: 999 }, { itemId: a }] }).expect(422);
    expect(res.body.errors).toEqual({ 'entries.1.itemId': 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).', 'entries.2.itemId': 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).' });
    expect(await app.store.stats()).toEqual(before);
  });

  it('names every bad field of every row, and of the session', async () => {
    const app = await makeApp();
    const res = await app.api
      .post('/api/v1/sessions', { channel: 'tivi', at: '2026-13-01T06:00', entries: [newRow(''), newRow('Tin', { format: 'x', playCount: 0 }), newRow('Tin hai', { durationSeconds: 'ba phút' }), 7] })
      .expect(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['at', 'channel', 'entries.0.title', 'entries.1.format', 'entries.1.playCount', 'entries.2.durationSeconds', 'entries.3'].sort());
    expect(res.body.errors['entries.0.title']).toMatch(/tiêu đề/i);
    expect(await app.store.stats()).toMatchObject({ items: 0, entries: 0 });
  });

  it('refuses more than one play of a post on a single-play channel, at its row', async () => {
    const app = await makeApp();
    const res = await app.api.post('/api/v1/sessions', { channel: 'portal', at: AT, entries: [newRow('Bài một'), newRow('Bài hai', { playCount: 2 })] }).expect(422);
    expect(res.body.errors).toEqual({ 'entries.1.playCount': 'Tin bài đăng trên kênh này chỉ tính 1 lượt.' });
  });

  it('answers 409 for a title already in the log (case, spacing and diacritics ignored) unless the row insists', async () => {
    const app = await makeApp();
    const [a] = await withYesterday(app);
    const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin mới'), newRow('  huong DAN nop ho so   truc tuyen ')] }).expect(409);
    expect(res.body.duplicates).toEqual([{ row: 1, kind: 'title', itemId: a, title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', unit: 'tt-dvsnc' }]);
    expect(res.body.errors['entries.1.title']).toContain('đã có');
    expect(await app.store.stats()).toMatchObject({ items: 2, entries: 2 });
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin mới'), newRow('Hướng dẫn nộp hồ sơ trực tuyến', { allowDuplicate: true })] }).expect(201);
    expect(await app.store.stats()).toMatchObject({ items: 4, entries: 4 });
  });

  it('answers 409 with the existing entry for the same item on the same channel in the same minute', async () => {
    const app = await makeApp();
    const [a] = await withYesterday(app);
    const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-20T06:00:40', entries: [{ itemId: a }] }).expect(409);
    expect(res.body.duplicates).toEqual([{ row: 0, kind: 'airing', entryId: 1, itemId: a, title: 'Hướng dẫn nộp hồ sơ trực tuyến', channel: 'radio', at: '2026-11-20T06:00:00+07:00' }]);
    // The message names the item and its time, never the entry's number.
    expect(res.body.errors).toEqual({ 'entries.0.itemId': 'Tin bài "Hướng dẫn nộp hồ sơ trực tuyến" đã được ghi trên kênh này lúc 06:00 ngày 20/11/2026 (cùng phút).' });
    // Another minute, or another channel, is another airing.
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-20T06:01', entries: [{ itemId: a }] }).expect(201);
    await app.api.post('/api/v1/sessions', { channel: 'portal', at: '2026-11-20T06:00', entries: [{ itemId: a }] }).expect(201);
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-20T06:00', entries: [{ itemId: a, allowDuplicate: true }] }).expect(201);
  });

  it('finds duplicates inside one session too: a title twice, an item twice at one minute', async () => {
    const app = await makeApp();
    const [a] = await withYesterday(app);
    const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin X'), newRow('tin x'), { itemId: a }, { itemId: a }] }).expect(409);
    expect(res.body.duplicates.map((d: { row: number; kind: string }) => [d.row, d.kind])).toEqual([[1, 'title'], [3, 'airing']]);
    expect(res.body.errors['entries.3.itemId']).toBe('Tin bài "Hướng dẫn nộp hồ sơ trực tuyến" lặp lại ở một dòng khác cùng phút (06:00 ngày 21/11/2026).');
    expect(await app.store.stats()).toMatchObject({ items: 2, entries: 2 });
  });

  it('records each row and each new item in the audit trail, as single entries are', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: AT, entries: [newRow('Tin một'), newRow('Tin hai')] }).expect(201);
    const trail = (await app.store.queryAudit({}, { page: 1, pageSize: 50 })).rows.reverse();
    expect(trail.filter((r) => r.action.startsWith('item.') || r.action.startsWith('entry.')).map((r) => `${r.action}#${r.target?.id}`)).toEqual(['item.create#1', 'entry.create#1', 'item.create#2', 'entry.create#2']);
  });
});

describe('POST /api/v1/entries duplicate guard', () => {
  it('answers 409 for a new item titled like an existing one, and for the same airing twice, unless allowDuplicate', async () => {
    const { api, store } = await makeApp();
    await api.post('/api/v1/entries', entryBody()).expect(201);
    const title = await api.post('/api/v1/entries', entryBody({ title: 'HƯỚNG DẪN nộp hồ sơ trực tuyến', at: '2026-11-21T06:30' })).expect(409);
    expect(title.body.duplicates).toEqual([{ row: 0, kind: 'title', itemId: 1, title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', unit: 'tt-dvsnc' }]);
    const airing = await api.post('/api/v1/entries', { itemId: 1, channel: 'radio', at: '2026-11-20T06:30:30' }).expect(409);
    expect(airing.body.duplicates).toEqual([{ row: 0, kind: 'airing', entryId: 1, itemId: 1, title: 'Hướng dẫn nộp hồ sơ trực tuyến', channel: 'radio', at: '2026-11-20T06:30:00+07:00' }]);
    expect(airing.body.errors).toEqual({ itemId: 'Tin bài "Hướng dẫn nộp hồ sơ trực tuyến" đã được ghi trên kênh này lúc 06:30 ngày 20/11/2026 (cùng phút).' });
    expect(await store.stats()).toMatchObject({ items: 1, entries: 1 });
    await api.post('/api/v1/entries', entryBody({ allowDuplicate: true })).expect(201);
    await api.post('/api/v1/entries', { itemId: 1, channel: 'radio', at: '2026-11-20T06:30', allowDuplicate: true }).expect(201);
    expect(await store.stats()).toMatchObject({ items: 2, entries: 3 });
  });

  it("gives a re-air without a length the item's last length on that channel", async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/entries', entryBody({ durationSeconds: 210 })).expect(201);
    const res = await api.post('/api/v1/entries', { itemId: 1, channel: 'radio', at: '2026-11-21T06:30' }).expect(201);
    expect(res.body.durationSeconds).toBe(210);
    const post = await api.post('/api/v1/entries', { itemId: 1, channel: 'portal', at: '2026-11-21T07:30' }).expect(201);
    expect(post.body.durationSeconds).toBeNull();
  });
});
