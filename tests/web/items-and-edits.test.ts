import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { draft, formEncode, makeApp } from '../helpers.js';

describe('item page, edit and delete', () => {
  it('shows an item with every airing, the totals and a Phát lại button', async () => {
    const { web, store } = await makeApp();
    const a = await store.addEntry(draft({ entry: { playCount: 3, durationSeconds: 120 } }), 'an');
    await store.addEntry({ item: { existingId: a.item.id }, entry: { ...draft().entry, channel: 'portal', playCount: 1, durationSeconds: null, views: 250, at: '2026-11-21T08:00:00+07:00' } }, 'an');
    const res = await web.get(`/items/${a.item.id}`).expect(200);
    expect(res.text).toContain('<strong>2</strong> lượt phát/đăng');
    expect(res.text).toContain('<strong>4</strong> lượt phát');
    expect(res.text).toContain('<strong>2</strong> kênh');
    expect(res.text).toContain('<strong>6:00</strong> thời lượng phát');
    expect(res.text).toContain('<strong>250</strong> lượt xem');
    expect(res.text).toContain(`href="/entries/new?itemId=${a.item.id}">Phát lại`);
    expect(res.text).toContain('21/11/2026 08:00');
  });

  it('edits an entry through its form (POST, 303, then GET shows the change) and records who and what changed', async () => {
    const { web, store } = await makeApp();
    const { entry, item } = await store.addEntry(draft(), 'an');
    const form = await web.get(`/entries/${entry.id}/edit`).expect(200);
    expect(form.text).toContain('value="20/11/2026"');
    expect(form.text).toContain('value="3:00"');
    const res = await web.post(`/entries/${entry.id}/edit`, ({ channel: 'radio', date: '20/11/2026', time: '07:15', playCount: '4', durationSeconds: '200', note: 'Phát bổ sung' }))
      .expect(303);
    expect(res.headers.location).toBe(`/items/${item.id}?ok=entry-updated`);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toContain('20/11/2026 07:15');
    expect((await store.entry(entry.id))).toMatchObject({ playCount: 4, durationSeconds: 200, note: 'Phát bổ sung', at: '2026-11-20T07:15:00+07:00' });
    expect((await store.auditOf('entry', entry.id)).at(-1)).toMatchObject({ action: 'entry.update', before: { playCount: 2 }, after: { playCount: 4 } });
  });

  it('re-renders the entry edit form with 422 and the typed values on bad input, changing nothing', async () => {
    const { web, store } = await makeApp();
    const { entry } = await store.addEntry(draft(), 'an');
    const res = await web.post(`/entries/${entry.id}/edit`, ({ channel: 'radio', date: '30/02/2026', time: '07:15', playCount: '4', note: 'giữ lại' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="30/02/2026"');
    expect(res.text).toContain('giữ lại');
    expect((await store.entry(entry.id))?.playCount).toBe(2);
  });

  it('edits an item, and every airing shows the new title', async () => {
    const { web, store } = await makeApp();
    const { item } = await store.addEntry(draft(), 'an');
    await web.post(`/items/${item.id}/edit`, ({ title: 'Tiêu đề mới', summary: 'Tóm tắt', format: 'report', topics: ['a', 'n'], unit: 'vh-xh', author: 'Phòng VH-XH', sourceUrl: 'https://anhai.vn/x' }))
      .expect(303);
    expect((await store.item(item.id))).toMatchObject({ title: 'Tiêu đề mới', format: 'report', topics: ['a', 'n'], unit: 'vh-xh' });
    const list = await web.get('/entries').expect(200);
    expect(list.text).toContain('Tiêu đề mới');
    const bad = await web.post(`/items/${item.id}/edit`, ({ title: '', format: 'report', topics: ['a'], unit: 'vh-xh' }));
    expect(bad.status).toBe(422);
    expect((await store.item(item.id))?.title).toBe('Tiêu đề mới');
  });

  it('asks before deleting an entry, then hides it from the log but keeps it on disk', async () => {
    const { web, store } = await makeApp();
    const { entry, item } = await store.addEntry(draft(), 'an');
    const confirm = await web.get(`/entries/${entry.id}/delete`).expect(200);
    expect(confirm.text).toContain('Xóa lượt phát/đăng?');
    expect(confirm.text).toContain(`action="/entries/${entry.id}/delete"`);
    expect((await store.entry(entry.id))?.deletedAt).toBeNull();
    await web.post(`/entries/${entry.id}/delete`).expect(303);
    const list = await web.get('/entries').expect(200);
    expect(list.text).toContain('Nhật ký còn trống.');
    await web.get(`/entries/${entry.id}`).expect(404);
    expect((await store.entry(entry.id))?.deletedAt).toBe('2026-11-22T10:00:00+07:00');
    const itemPage = await web.get(`/items/${item.id}`).expect(200);
    expect(itemPage.text).toContain('Chưa có lần phát/đăng nào.');
  });

  it('asks before deleting an item, then hides it and its airings', async () => {
    const { web, store } = await makeApp();
    const { item } = await store.addEntry(draft(), 'an');
    const confirm = await web.get(`/items/${item.id}/delete`).expect(200);
    expect(confirm.text).toContain('<strong>1</strong> lần phát/đăng');
    await web.post(`/items/${item.id}/delete`).expect(303);
    await web.get(`/items/${item.id}`).expect(404);
    const list = await web.get('/entries').expect(200);
    expect(list.text).toContain('Nhật ký còn trống.');
    expect((await store.item(item.id))?.deletedAt).not.toBeNull();
  });

  it('answers 404 in Vietnamese for records that do not exist', async () => {
    const { web } = await makeApp();
    for (const path of ['/items/99', '/entries/99', '/entries/99/edit', '/items/abc', '/nowhere']) {
      const res = await web.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain('Không tìm thấy');
    }
  });
});

describe('home page', () => {
  it("counts this week's, this month's, this quarter's and this year's entries per channel", async () => {
    const { web, store } = await makeApp();
    // Today is Sunday 22/11/2026: the week is 16–22/11.
    await store.addEntry(draft({ entry: { at: '2026-11-16T00:00:00+07:00', playCount: 3 } }), 'an'); // week, month, year
    await store.addEntry(draft({ entry: { at: '2026-11-15T23:59:00+07:00' } }), 'an'); // month, year
    await store.addEntry(draft({ entry: { at: '2026-01-01T00:00:00+07:00' } }), 'an'); // year (quarter I)
    await store.addEntry(draft({ entry: { at: '2025-12-31T23:59:00+07:00' } }), 'an'); // none
    await store.addEntry(draft({ entry: { channel: 'portal', playCount: 1, durationSeconds: null, at: '2026-11-20T09:00:00+07:00' } }), 'an');
    const res = await web.get('/').expect(200);
    const radioRow = res.text.match(/<tr><th scope="row">Truyền thanh<\/th>(.*?)<\/tr>/)![1]!;
    const cells = [...radioRow.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(cells).toEqual(['1 (3)', '2 (5)', '2 (5)', '3 (7)']);
    const portalRow = res.text.match(/<tr><th scope="row">Cổng TTĐT<\/th>(.*?)<\/tr>/)![1]!;
    expect([...portalRow.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))).toEqual(['1', '1', '1', '1']);
    expect(res.text).toContain('16/11/2026–22/11/2026');
  });
});
