import { describe, expect, it } from 'vitest';
import { entryBody, formBody, makeApp, type TestApp } from '../helpers.js';

/** Five portal posts of November and one radio airing. */
async function posts(app: TestApp): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await app.api.post('/api/v1/entries', entryBody({ title: `Bài ${i}`, channel: 'portal', playCount: 1, durationSeconds: null, at: `2026-11-0${i}T08:00`, url: `https://anhai.gov.vn/${i}`, ...(i === 5 ? { views: 40 } : {}) })).expect(201);
  }
  await app.api.post('/api/v1/entries', entryBody({ title: 'Tin radio', at: '2026-11-06T06:00' })).expect(201);
}

describe('views and interactions in bulk', () => {
  it('PATCH /api/v1/entries updates every row, each change audited like an edit', async () => {
    const app = await makeApp();
    await posts(app);
    const res = await app.api.patch('/api/v1/entries', { updates: [{ id: 1, views: 120, interactions: 8 }, { id: 2, views: 0 }, { id: 5, views: 40 }] }).expect(200);
    expect(res.body).toEqual({ changed: 2 });
    expect(await app.store.entry(1)).toMatchObject({ views: 120, interactions: 8, updatedBy: 'bientap' });
    expect(await app.store.entry(2)).toMatchObject({ views: 0, interactions: null });
    const trail = (await app.store.queryAudit({ action: 'entry.update' }, { page: 1, pageSize: 10 })).rows.reverse();
    expect(trail.map((r) => [r.target?.id, r.before, r.after])).toEqual([
      [1, { views: null, interactions: null }, { views: 120, interactions: 8 }],
      [2, { views: null }, { views: 0 }],
    ]);
  });

  it('changes nothing when one row is bad: a radio entry, an unknown id, a negative or dotted number', async () => {
    const app = await makeApp();
    await posts(app);
    const res = await app.api.patch('/api/v1/entries', { updates: [{ id: 1, views: 120 }, { id: 6, views: 5 }, { id: 99, views: 1 }, { id: 2, views: -1 }, { id: 3, interactions: '1.200' }] }).expect(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['updates.1.id', 'updates.2.id', 'updates.3.views', 'updates.4.interactions']);
    expect(res.body.errors['updates.1.id']).toContain('kênh trực tuyến');
    expect((await app.store.entry(1))?.views).toBeNull();
    // A post twice, or one gone, is named by its title and time, never by its number.
    const twice = await app.api.patch('/api/v1/entries', { updates: [{ id: 1, views: 120 }, { id: 1, views: 121 }, { id: 99, views: 1 }] }).expect(422);
    expect(twice.body.errors).toEqual({
      'updates.1.id': 'Lượt đăng "Bài 1" lúc 08:00 ngày 01/11/2026 có hai dòng trong cùng một lần cập nhật.',
      'updates.2.id': 'Không tìm thấy lượt phát/đăng của dòng này (có thể đã bị xóa).',
    });
    await app.api.patch('/api/v1/entries', { updates: [] }).expect(422);
    await app.api.patch('/api/v1/entries', { nothing: 1 }).expect(422);
  });

  it('the page lists the online posts of a period with one field per value, and saves them in one submission', async () => {
    const app = await makeApp();
    await posts(app);
    const page = await app.web.get('/entries/views?from=01/11/2026&to=30/11/2026').expect(200);
    expect(page.text).toContain('5 bài đăng trực tuyến');
    expect(page.text).not.toContain('Tin radio');
    const missing = await app.web.get('/entries/views?from=01/11/2026&to=30/11/2026&missingViews=1').expect(200);
    expect(missing.text).toContain('4 bài đăng trực tuyến');
    const filter = /name="filter" value="([^"]*)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const form: Record<string, string | string[]> = { filter, ids: ['1', '2', '3', '4', '5'] };
    for (let id = 1; id <= 5; id++) form[`views.${id}`] = String(id * 100);
    form['interactions.3'] = '7';
    const saved = await app.web.post('/entries/views', form).expect(303);
    expect(saved.headers.location).toBe('/entries/views?from=2026-11-01&to=2026-11-30&ok=views-updated');
    expect((await Promise.all([1, 2, 3, 4, 5].map(async (id) => (await app.store.entry(id))!.views)))).toEqual([100, 200, 300, 400, 500]);
    expect((await app.store.entry(3))!.interactions).toBe(7);
  });

  it('re-renders the page as typed with the message at the bad field, saving nothing', async () => {
    const app = await makeApp();
    await posts(app);
    const res = await app.web.post('/entries/views', { filter: 'from=2026-11-01&to=2026-11-30', ids: ['1', '2'], 'views.1': '150', 'views.2': '12.000' }).expect(422);
    expect(res.text).toContain('id="e-views.2"');
    expect(res.text).toContain('value="150"');
    expect(res.text).toContain('value="12.000"');
    expect((await app.store.entry(1))!.views).toBeNull();
  });

  it('the log shows views for online posts and filters the posts still without views', async () => {
    const app = await makeApp();
    await posts(app);
    const all = await app.web.get('/entries').expect(200);
    expect(all.text).toContain('<th scope="col" class="num">Lượt xem</th>');
    expect(all.text).toMatch(/data-label="Lượt xem" class="num">40</);
    expect(all.text).toMatch(/data-label="Lượt xem" class="num">—</);
    const missing = await app.web.get('/entries?missingViews=1').expect(200);
    expect(missing.text).toContain('4 lượt phát/đăng khớp bộ lọc');
    const api = await app.api.get('/api/v1/entries?missingViews=1').expect(200);
    expect(api.body.entries.map((e: { id: number }) => e.id).sort()).toEqual([1, 2, 3, 4]);
  });

  it('an edit opened from the list goes back to the list, filter kept; a foreign back address is ignored', async () => {
    const app = await makeApp();
    await posts(app);
    const list = await app.web.get('/entries?missingViews=1').expect(200);
    const link = /href="(\/entries\/4\/edit\?back=[^"]+)"/.exec(list.text)![1]!.replace(/&amp;/g, '&');
    const form = await app.web.get(link).expect(200);
    expect(form.text).toContain('name="back" value="/entries?missingViews=1"');
    const saved = await app.web.post('/entries/4/edit', { channel: 'portal', date: '04/11/2026', time: '08:00', playCount: '1', url: 'https://anhai.gov.vn/4', views: '9', back: '/entries?missingViews=1' }).expect(303);
    expect(saved.headers.location).toBe('/entries?missingViews=1&ok=entry-updated');
    for (const back of ['https://evil.example/entries', '//evil.example/entries', '/items/1', '/entries\\..\\x']) {
      const other = await app.web.post('/entries/4/edit', { channel: 'portal', date: '04/11/2026', time: '08:00', playCount: '1', url: 'https://anhai.gov.vn/4', views: '10', back }).expect(303);
      expect(other.headers.location).toBe('/items/4?ok=entry-updated');
    }
  });
});

describe('record form, faster', () => {
  it('keeps the date, time, channel, format and unit of the last save for the next line', async () => {
    const { web } = await makeApp();
    const res = await web.post('/entries', formBody({ format: 'article', unit: 'vh-xh', channel: 'radio', date: '21/11/2026', time: '17:00' })).expect(303);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toContain('value="21/11/2026"');
    expect(page.text).toContain('value="17:00"');
    expect(page.text).toMatch(/id="f-format"[\s\S]*?<option value="article" selected>/);
    expect(page.text).toMatch(/id="f-unit"[\s\S]*?<option value="vh-xh" selected>/);
  });

  it('reads digits-only dates and times as a numeric keypad types them', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody({ date: '23112026', time: '600' })).expect(303);
    expect((await store.entry(1))!.at).toBe('2026-11-23T06:00:00+07:00');
  });

  it('saves on Enter: the first button of the form is its save button, before the item search', async () => {
    const { web } = await makeApp();
    const page = await web.get('/entries/new').expect(200);
    const form = page.text.slice(page.text.indexOf('<form method="post" action="/entries"'));
    expect(/<button([^>]*)>([^<]*)</.exec(form)?.[2]).toBe('Lưu vào nhật ký');
    expect(/<button([^>]*)>/.exec(form)?.[1]).not.toContain('formaction');
  });

  it('offers the existing item when a new title matches one, and re-airs it from the offer', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const offered = await web.post('/entries', formBody({ title: 'HUONG DAN nop ho so truc tuyen', time: '17:00' })).expect(409);
    expect(offered.text).toContain('Tin bài này đã có: <strong>Hướng dẫn nộp hồ sơ trực tuyến</strong>');
    expect(offered.text).toContain('name="reuseItemId" value="1"');
    expect(offered.text).toContain('value="HUONG DAN nop ho so truc tuyen"');
    await web.post('/entries', formBody({ title: 'HUONG DAN nop ho so truc tuyen', time: '17:00', durationSeconds: '', reuseItemId: '1' })).expect(303);
    expect(await store.stats()).toMatchObject({ items: 1, entries: 2 });
    expect((await store.entry(2))!.durationSeconds).toBe(180);
  });

  it('refuses the same airing twice on the form, and records it when the user says it is another', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const again = await web.post('/entries', formBody({ itemMode: 'existing', itemId: '1' })).expect(409);
    // The message names the item and its time, with a link to the stored airing; never its number.
    expect(again.text).toContain('Đã ghi <strong>Hướng dẫn nộp hồ sơ trực tuyến</strong> trên kênh này lúc 06:30 ngày 20/11/2026: <a href="/entries/1">xem lượt đã ghi</a>.');
    expect(again.text).toContain('Tin bài &#34;Hướng dẫn nộp hồ sơ trực tuyến&#34; đã được ghi trên kênh này lúc 06:30 ngày 20/11/2026 (cùng phút).');
    expect(again.text).not.toMatch(/lượt #\d/i);
    await web.post('/entries', formBody({ itemMode: 'existing', itemId: '1', allowDuplicate: 'on' })).expect(303);
    expect(await store.stats()).toMatchObject({ entries: 2 });
  });

  it('shows format, unit and last airing of each item in the picker, with how many matched', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries', formBody({ format: 'article', allowDuplicate: 'on', time: '07:00' })).expect(303);
    const page = await web.post('/entries/new', { itemQ: 'huong dan', itemMode: 'existing' }).expect(200);
    expect(page.text).toContain('Kết quả tìm (2)');
    expect(page.text).toContain('Tin · Trung tâm Dịch vụ sự nghiệp công · phát gần nhất 20/11/2026 06:30');
    expect(page.text).toContain('Bài · Trung tâm Dịch vụ sự nghiệp công · phát gần nhất 20/11/2026 07:00');
  });
});
