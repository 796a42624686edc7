import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../helpers.js';

// The fixed clock is Sunday 22/11/2026 10:00 in Vietnam.
const morning = { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 };
const slotForm = { start: '06:00', durationMinutes: '30', channel: 'radio', name: 'Bản tin sáng', days: ['1', '2', '3', '4', '5', '6', '7'] };
const newItem = (title: string, extra: Record<string, unknown> = {}) => ({ title, format: 'news', unit: 'tt-dvsnc', topics: ['m'], ...extra });

/** Two items aired yesterday, the catalogue a slot plans from. */
async function catalogue(app: TestApp): Promise<number[]> {
  const res = await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-21T06:00', entries: [newItem('Loạt bài DVC', { durationSeconds: 240 }), newItem('Chuyên mục CCHC', { durationSeconds: 600 })] }).expect(201);
  return res.body.entries.map((e: { itemId: number }) => e.itemId);
}

/** The input fields of a page's form as the browser sends them back (checkboxes only when checked). */
function formFields(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const had = fields[name];
    fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (!name || name === '_csrf' || (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs))) continue;
    add(name, value);
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) add(m[1]!, /<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? '');
  return fields;
}

describe('planning several items for a slot, new titles too (API)', () => {
  it('plans catalogue items and new items in one request: the new items are made with the plan, each audited', async () => {
    const app = await makeApp();
    const [a] = await catalogue(app);
    const res = await app.api.post('/api/v1/schedule', { ...morning, plans: [{ itemId: a, playCount: 2 }, { ...newItem('Lịch tiếp công dân tháng 12'), from: '23/11/2026' }, newItem('Nộp thuế qua ứng dụng', { unit: 'tt-phcc' })] }).expect(201);
    expect(res.body.plans).toEqual([
      { itemId: a, from: null, to: null, playCount: 2 },
      { itemId: 3, from: '2026-11-23', to: null, playCount: 1 },
      { itemId: 4, from: null, to: null, playCount: 1 },
    ]);
    expect(await app.store.item(4)).toMatchObject({ title: 'Nộp thuế qua ứng dụng', format: 'news', unit: 'tt-phcc', topics: ['m'], createdBy: 'bientap' });
    // Planned, never aired: no entry is made.
    expect(await app.store.stats()).toMatchObject({ items: 4, entries: 2 });
    const trail = (await app.store.queryAudit({}, { page: 1, pageSize: 20 })).rows.reverse().filter((r) => r.action.startsWith('item.') || r.action.startsWith('slot.'));
    expect(trail.map((r) => `${r.action}#${r.target?.id}`)).toEqual(['item.create#1', 'item.create#2', 'item.create#3', 'item.create#4', 'slot.create#1']);
    // A later change adds another new item; the audit keeps the plans before and after.
    await app.api.patch('/api/v1/schedule/1', { plans: [...res.body.plans, newItem('Tin mới thứ ba')] }).expect(200);
    const update = (await app.store.queryAudit({ action: 'slot.update' }, { page: 1, pageSize: 5 })).rows[0]!;
    expect((update.before as { plans: unknown[] }).plans).toHaveLength(3);
    expect((update.after as { plans: { itemId: number }[] }).plans.map((p) => p.itemId)).toEqual([a, 3, 4, 5]);
    expect((await app.store.queryAudit({ action: 'item.create', target: { type: 'item', id: 5 } }, { page: 1, pageSize: 5 })).rows).toHaveLength(1);
  });

  it("refuses a new item without what the item form needs, or titled like an item already there: nothing is stored", async () => {
    const app = await makeApp();
    await catalogue(app);
    await app.api.post('/api/v1/schedule', morning).expect(201);
    const bad = await app.api.patch('/api/v1/schedule/1', { plans: [{ itemId: 1 }, { title: 'Tin chưa đủ', format: 'news' }] }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['plans.1.topics', 'plans.1.unit']);
    const same = await app.api.patch('/api/v1/schedule/1', { plans: [newItem('loat bai  dvc'), newItem('Tin X'), newItem('tin x')] }).expect(422);
    expect(same.body.errors).toEqual({
      'plans.0.title': 'Tin bài "Loạt bài DVC" đã có trong danh mục: chọn tin bài đó thay vì tạo tin bài mới.',
      'plans.2.title': 'Tiêu đề này trùng với một tin bài mới khác của buổi.',
    });
    expect(await app.store.stats()).toMatchObject({ items: 2 });
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots[0].plans).toEqual([]);
    expect((await app.store.queryAudit({ action: 'slot.update' }, { page: 1, pageSize: 5 })).rows).toEqual([]);
  });
});

describe('planning several items for a slot, new titles too (the edit page)', () => {
  it('checks several catalogue items and types two new titles in one save: "Ghi buổi này" opens with all four', async () => {
    const app = await makeApp();
    const [a, b] = await catalogue(app);
    await app.api.post('/api/v1/schedule', morning).expect(201);
    const edit = await app.web.get('/schedule/1/edit').expect(200);
    for (const id of [a, b]) expect(edit.text).toContain(`<input type="checkbox" name="add.itemIds" value="${id}">`);
    expect(edit.text).toContain('<legend>Tin bài mới 1</legend>');
    expect(edit.text).toContain('id="f-newItems.1.title"');
    const body = {
      ...slotForm,
      newRows: '2',
      'add.itemIds': [String(a), String(b)],
      'add.from': '22/11/2026',
      'add.to': '',
      'add.playCount': '2',
      'newItems.0.title': 'Lịch tiếp công dân tháng 12',
      'newItems.0.format': 'news',
      'newItems.0.unit': 'vp-hdnd-ubnd',
      'newItems.0.topics': ['a', 'm'],
      'newItems.1.title': 'Nộp thuế qua ứng dụng',
      'newItems.1.format': 'report',
      'newItems.1.unit': 'tt-phcc',
      'newItems.1.topics': 'k',
    };
    const saved = await app.web.post('/schedule/1/edit', body).expect(303);
    expect(saved.headers.location).toBe('/schedule?ok=slot-updated');
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots[0].plans).toEqual([a, b, 3, 4].map((itemId) => ({ itemId, from: '2026-11-22', to: null, playCount: 2 })));
    expect(await app.store.item(3)).toMatchObject({ title: 'Lịch tiếp công dân tháng 12', format: 'news', unit: 'vp-hdnd-ubnd', topics: ['a', 'm'] });
    expect(await app.store.item(4)).toMatchObject({ title: 'Nộp thuế qua ứng dụng', format: 'report', unit: 'tt-phcc', topics: ['k'] });
    const session = await app.web.get('/sessions/new?slot=1').expect(200);
    for (const [i, id] of [a, b, 3, 4].entries()) expect(session.text).toMatch(new RegExp(`name="entries\\.${i}\\.itemId" value="${id}"`));
    expect(session.text).toContain('<strong>Nộp thuế qua ứng dụng</strong>');
    // Planned items are offered no more; the schedule lists them.
    const again = await app.web.get('/schedule/1/edit').expect(200);
    expect(again.text).not.toContain('name="add.itemIds"');
    const list = await app.web.get('/schedule').expect(200);
    expect(list.text).toContain('<li>Lịch tiếp công dân tháng 12 <small>(22/11/2026–…)</small></li>');
  });

  it('on the first day (nothing logged yet) plans new titles only, and the slot is logged from them in one submission', async () => {
    const app = await makeApp();
    await app.web.post('/schedule', { ...slotForm }).expect(303);
    const list = await app.web.get('/schedule').expect(200);
    expect(list.text).toContain('href="/schedule/1/edit#add-plans">Thêm tin bài dự kiến');
    const edit = await app.web.get('/schedule/1/edit').expect(200);
    expect(edit.text).toContain('Chưa có tin bài nào khác: gõ tin bài mới ở dưới.');
    const titles = ['Ra mắt Trung tâm Phục vụ hành chính công', 'Đăng ký khai sinh trực tuyến', 'Lịch tiếp công dân'];
    // "Thêm dòng tin bài mới" shows a third row, what was typed kept; nothing is saved yet.
    const typed = { ...slotForm, newRows: '2', 'add.playCount': '1', ...Object.fromEntries(titles.slice(0, 2).flatMap((t, j) => [[`newItems.${j}.title`, t], [`newItems.${j}.format`, 'news'], [`newItems.${j}.unit`, 'tt-phcc'], [`newItems.${j}.topics`, 'm']])) };
    const more = await app.web.post('/schedule/1/edit', { ...typed, edit: 'more' }).expect(200);
    expect(more.text).toContain('id="f-newItems.2.title"');
    expect(more.text).toContain(`value="${titles[1]}"`);
    expect(await app.store.stats()).toMatchObject({ items: 0 });
    await app.web.post('/schedule/1/edit', { ...formFields(more.text, '/schedule/1/edit'), 'newItems.2.title': titles[2]!, 'newItems.2.format': 'news', 'newItems.2.unit': 'tt-phcc', 'newItems.2.topics': 'm' }).expect(303);
    const session = await app.web.get('/sessions/new?slot=1').expect(200);
    expect([...session.text.matchAll(/name="entries\.(\d+)\.itemId" value="(\d+)"/g)].map((m) => m[2])).toEqual(['1', '2', '3']);
    await app.web.post('/sessions', { ...formFields(session.text, '/sessions'), channel: 'radio' }).expect(303);
    const saved = (await app.store.listEntries({ from: '2026-11-22', to: '2026-11-22' }, { page: 1, pageSize: 10 })).rows;
    expect(saved.map((e) => [e.itemId, e.at]).sort()).toEqual([1, 2, 3].map((id) => [id, '2026-11-22T06:00:00+07:00']));
    expect((await Promise.all([1, 2, 3].map((id) => app.store.item(id)))).map((i) => i?.title)).toEqual(titles);
  });

  it('re-renders a bad new row with its message naming the row, every choice kept, and stores nothing', async () => {
    const app = await makeApp();
    const [a] = await catalogue(app);
    await app.api.post('/api/v1/schedule', morning).expect(201);
    const res = await app.web
      .post('/schedule/1/edit', { ...slotForm, newRows: '2', 'add.itemIds': String(a), 'add.playCount': '1', 'newItems.0.title': 'Tin <b>mới</b>', 'newItems.0.format': 'news', 'newItems.0.topics': 'm', 'newItems.1.title': '' })
      .expect(422);
    expect(res.text).toContain('<p class="field-error" id="e-newItems.0.unit">Tin bài mới 1: vui lòng chọn đơn vị thực hiện.</p>');
    expect(res.text).toContain('<a href="#f-newItems.0.unit">Tin bài mới 1: vui lòng chọn đơn vị thực hiện.</a>');
    expect(res.text).toContain('value="Tin &lt;b&gt;mới&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>mới</b>');
    expect(res.text).toContain(`<input type="checkbox" name="add.itemIds" value="${a}" checked>`);
    expect(res.text).toContain('name="newItems.0.topics" value="m" checked');
    expect(await app.store.stats()).toMatchObject({ items: 2 });
    expect((await app.api.get('/api/v1/schedule').expect(200)).body.slots[0].plans).toEqual([]);
  });

  it('finds an older catalogue item by a search on the edit page', async () => {
    const app = await makeApp();
    await catalogue(app);
    await app.api.post('/api/v1/schedule', morning).expect(201);
    const found = await app.web.get('/schedule/1/edit?q=chuyen muc').expect(200);
    expect(found.text).toContain('<input type="checkbox" name="add.itemIds" value="2">');
    expect(found.text).not.toContain('name="add.itemIds" value="1"');
    expect(found.text).toContain('value="chuyen muc"');
  });
});
