import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers.js';

// The fixed clock is Sunday 22/11/2026 10:00 in Vietnam.
const morning = { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 };

describe('the programme schedule over the API', () => {
  it('adds, lists, changes and deletes slots, each change in the audit trail', async () => {
    const { api, store } = await makeApp();
    const created = await api.post('/api/v1/schedule', morning).expect(201);
    expect(created.body).toMatchObject({ id: 1, ...morning, plans: [], createdBy: 'bientap' });
    await api.post('/api/v1/schedule', { channel: 'radio', start: '17h', days: '1,3,5' }).expect(201);
    const list = await api.get('/api/v1/schedule').expect(200);
    expect(list.body.slots.map((s: { start: string; name: string; days: number[] }) => [s.start, s.name, s.days])).toEqual([
      ['06:00', 'Bản tin sáng', [1, 2, 3, 4, 5, 6, 7]],
      ['17:00', 'Buổi 17:00', [1, 3, 5]],
    ]);
    const changed = await api.patch('/api/v1/schedule/1', { start: '0630' }).expect(200);
    expect(changed.body.start).toBe('06:30');
    await api.delete('/api/v1/schedule/2').expect(200);
    expect((await api.get('/api/v1/schedule').expect(200)).body.slots).toHaveLength(1);
    await api.patch('/api/v1/schedule/2', { start: '18:00' }).expect(404);
    const trail = (await store.queryAudit({ action: 'slot' }, { page: 1, pageSize: 10 })).rows.reverse();
    expect(trail.map((r) => [r.action, r.target?.id])).toEqual([['slot.create', 1], ['slot.create', 2], ['slot.update', 1], ['slot.delete', 2]]);
    expect(trail[2]).toMatchObject({ before: { start: '06:00' }, after: { start: '06:30' } });
  });

  it('refuses a slot at 25:00, without days, or with a nonsense length', async () => {
    const { api } = await makeApp();
    const res = await api.post('/api/v1/schedule', { channel: 'radio', start: '25:00', days: [], durationMinutes: 0 }).expect(422);
    expect(res.body.errors).toEqual({
      start: 'Giờ "25:00" không có thật: giờ từ 00:00 đến 23:59.',
      days: 'Vui lòng chọn ít nhất một ngày trong tuần.',
      durationMinutes: 'Thời lượng dự kiến là số phút từ 1 đến 720.',
    });
    const bad = await api.post('/api/v1/schedule', { channel: 'tivi', start: '06:00', days: [8] }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['channel', 'days']);
    expect((await api.get('/api/v1/schedule').expect(200)).body.slots).toEqual([]);
  });

  it('refuses a slot that overlaps another on the same channel and day, and accepts it elsewhere', async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/schedule', morning).expect(201);
    const res = await api.post('/api/v1/schedule', { channel: 'radio', start: '06:15', days: [7] }).expect(422);
    expect(res.body.errors.start).toBe('Trùng giờ với buổi "Bản tin sáng" (06:00, 30:00) trên cùng kênh và ngày.');
    await api.post('/api/v1/schedule', { channel: 'radio', start: '06:30', days: [7] }).expect(201);
    await api.post('/api/v1/schedule', { channel: 'portal', start: '06:15', days: [7] }).expect(201);
    // Moving a slot onto another is refused too.
    const moved = await api.patch('/api/v1/schedule/2', { start: '05:45', durationMinutes: 20 }).expect(422);
    expect(moved.body.errors.start).toContain('Bản tin sáng');
  });

  it("lists today's slots with their planned items, last lengths and whether they are logged", async () => {
    const { api } = await makeApp();
    const a = (await api.post('/api/v1/entries', { title: 'Loạt bài DVC', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:00', durationSeconds: 240 }).expect(201)).body.itemId;
    const b = (await api.post('/api/v1/entries', { title: 'Chuyên mục CCHC', format: 'section', topics: ['a'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:00', durationSeconds: 600 }).expect(201)).body.itemId;
    await api.post('/api/v1/schedule', { ...morning, plans: [{ itemId: a, from: '16/11/2026', to: '22/11/2026', playCount: 2 }, { itemId: b }, { itemId: a, from: '01/12/2026' }] }).expect(201);
    await api.post('/api/v1/schedule', { channel: 'radio', start: '17:00', days: [7], durationMinutes: 30 }).expect(201);
    await api.post('/api/v1/schedule', { channel: 'radio', start: '11:00', days: [1] }).expect(201);
    let today = await api.get('/api/v1/schedule/today').expect(200);
    expect(today.body.slots.map((s: Record<string, unknown>) => [s.start, s.date, s.logged])).toEqual([
      ['06:00', '2026-11-22', false],
      ['17:00', '2026-11-22', false],
    ]);
    expect(today.body.slots[0].planned).toEqual([
      { itemId: a, title: 'Loạt bài DVC', format: 'news', unit: 'tt-dvsnc', playCount: 2, durationSeconds: 240 },
      { itemId: b, title: 'Chuyên mục CCHC', format: 'section', unit: 'tt-dvsnc', playCount: 1, durationSeconds: 600 },
    ]);
    await api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-22T06:02', entries: [{ itemId: a, playCount: 2 }, { itemId: b }] }).expect(201);
    today = await api.get('/api/v1/schedule/today').expect(200);
    expect(today.body.slots.map((s: Record<string, unknown>) => [s.start, s.logged, s.loggedEntries])).toEqual([
      ['06:00', true, 2],
      ['17:00', false, 0],
    ]);
  });

  it('refuses a plan for an unknown item or with dates in the wrong order', async () => {
    const { api } = await makeApp();
    const res = await api.post('/api/v1/schedule', { ...morning, plans: [{ itemId: 42 }, { itemId: 42, from: '10/11/2026', to: '01/11/2026' }] }).expect(422);
    expect(res.body.errors).toMatchObject({ 'plans.0.itemId': expect.stringContaining('Không tìm thấy'), 'plans.1.to': 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.' });
  });

  it('lets viewers read the schedule but not change it', async () => {
    const { app, store } = await makeApp();
    const { apiAs } = await import('../helpers.js');
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewer.get('/api/v1/schedule').expect(200);
    await viewer.get('/api/v1/schedule/today').expect(200);
    await viewer.post('/api/v1/schedule', morning).expect(403);
  });
});

describe('the programme schedule pages', () => {
  it('adds a slot from the form, refuses 25:00 and an overlap with the message at the field', async () => {
    const { web } = await makeApp();
    const page = await web.get('/schedule').expect(200);
    expect(page.text).toContain('Chưa có buổi phát nào trong lịch.');
    const days = ['1', '2', '3', '4', '5', '6', '7'];
    const added = await web.post('/schedule', { start: '0600', durationMinutes: '30', channel: 'radio', name: 'Bản tin sáng', days }).expect(303);
    expect(added.headers.location).toBe('/schedule?ok=slot-created');
    const list = await web.get('/schedule?ok=slot-created').expect(200);
    expect(list.text).toContain('Đã thêm buổi phát vào lịch.');
    expect(list.text).toContain('<strong>06:00</strong>');
    expect(list.text).toContain('Hằng ngày');
    const late = await web.post('/schedule', { start: '25:00', channel: 'radio', days }).expect(422);
    expect(late.text).toContain('id="e-start"');
    expect(late.text).toContain('Giờ &#34;25:00&#34; không có thật');
    const clash = await web.post('/schedule', { start: '06:10', channel: 'radio', days: '7' }).expect(422);
    expect(clash.text).toContain('Trùng giờ với buổi &#34;Bản tin sáng&#34;');
  });

  it('plans an item for a week on the edit page, and drops it again', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/entries', { title: 'Loạt bài DVC', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:00' }).expect(201);
    await app.api.post('/api/v1/schedule', morning).expect(201);
    const edit = await app.web.get('/schedule/1/edit').expect(200);
    expect(edit.text).toContain('<input type="checkbox" name="add.itemIds" value="1">');
    const base = { start: '06:00', durationMinutes: '30', channel: 'radio', name: 'Bản tin sáng', days: ['1', '2', '3', '4', '5', '6', '7'] };
    const bad = await app.web.post('/schedule/1/edit', { ...base, 'add.itemIds': '1', 'add.from': '23/11/2026', 'add.to': '20/11/2026' }).expect(422);
    expect(bad.text).toContain('id="e-add.to"');
    expect(bad.text).toContain('<input type="checkbox" name="add.itemIds" value="1" checked>');
    await app.web.post('/schedule/1/edit', { ...base, 'add.itemIds': '1', 'add.from': '16/11/2026', 'add.to': '22/11/2026', 'add.playCount': '2' }).expect(303);
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots[0].plans).toEqual([{ itemId: 1, from: '2026-11-16', to: '2026-11-22', playCount: 2 }]);
    await app.web.post('/schedule/1/edit', { ...base, 'plans.0.itemId': '1', 'plans.0.from': '16/11/2026', 'plans.0.to': '22/11/2026', 'plans.0.playCount': '2', 'plans.0.remove': '1' }).expect(303);
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots[0].plans).toEqual([]);
    await app.web.post('/schedule/1/delete').expect(303);
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots).toEqual([]);
  });
});
