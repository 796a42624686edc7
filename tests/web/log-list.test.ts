import { beforeEach, describe, expect, it } from 'vitest';
import type { TestStore as Store } from '../test-store.js';
import { type ApiClient, draft, makeApp, type WebClient } from '../helpers.js';

let web: WebClient;
let api: ApiClient;
let store: Store;

// Four entries on three channels, two formats, three topics, two units.
beforeEach(async () => {
  ({ web, api, store } = await makeApp());
  const reform = await store.addEntry(draft({ title: 'Đẩy mạnh cải cách hành chính', entry: { at: '2026-03-31T23:59:00+07:00' } }), 'an');
  await store.addEntry({ item: { existingId: reform.item.id }, entry: { ...draft().entry, at: '2026-04-01T00:00:00+07:00' } }, 'an');
  const online = draft({ title: 'Dịch vụ công trực tuyến', entry: { channel: 'portal', playCount: 1, durationSeconds: null, url: 'https://anhai.vn/dvc', at: '2026-05-10T09:00:00+07:00' } });
  if ('fields' in online.item) online.item.fields = { ...online.item.fields, format: 'article', topics: ['k', 'l'], unit: 'vp-hdnd-ubnd' };
  await store.addEntry(online, 'an');
  await store.addEntry(draft({ title: 'Cuộc thi tìm hiểu CCHC', entry: { channel: 'fanpage', playCount: 1, durationSeconds: null, at: '2026-06-01T08:00:00+07:00' } }), 'an');
});

async function titles(query: Record<string, string>): Promise<string[]> {
  const res = await api.get('/api/v1/entries').query(query).expect(200);
  return res.body.entries.map((e: { item: { title: string }; at: string }) => `${e.item.title}@${e.at.slice(0, 10)}`);
}

describe('log list (Nhật ký)', () => {
  it('lists entries newest first with Vietnamese dates', async () => {
    const res = await web.get('/entries').expect(200);
    const order = ['01/06/2026 08:00', '10/05/2026 09:00', '01/04/2026 00:00', '31/03/2026 23:59'].map((d) => res.text.indexOf(d));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(res.text).toContain('4 lượt phát/đăng');
  });

  it('filters by inclusive Vietnam-time date range, channel, format, topic, unit and free text', async () => {
    expect(await titles({ from: '01/04/2026', to: '31/05/2026' })).toEqual(['Dịch vụ công trực tuyến@2026-05-10', 'Đẩy mạnh cải cách hành chính@2026-04-01']);
    expect(await titles({ to: '2026-03-31' })).toEqual(['Đẩy mạnh cải cách hành chính@2026-03-31']);
    expect(await titles({ channel: 'portal' })).toEqual(['Dịch vụ công trực tuyến@2026-05-10']);
    expect(await titles({ format: 'article' })).toEqual(['Dịch vụ công trực tuyến@2026-05-10']);
    expect(await titles({ topic: 'l' })).toEqual(['Dịch vụ công trực tuyến@2026-05-10']);
    expect(await titles({ unit: 'tt-dvsnc' })).toHaveLength(3);
    expect(await titles({ q: 'cai cach' })).toEqual(['Đẩy mạnh cải cách hành chính@2026-04-01', 'Đẩy mạnh cải cách hành chính@2026-03-31']);
    expect(await titles({ q: 'cuoc thi', channel: 'fanpage' })).toEqual(['Cuộc thi tìm hiểu CCHC@2026-06-01']);
  });

  it('keeps the filter in the URL so a filtered view can be bookmarked, and shows it in the form', async () => {
    const res = await web.get('/entries?from=01%2F04%2F2026&channel=radio&q=cai+cach').expect(200);
    expect(res.text).toContain('1 lượt phát/đăng khớp bộ lọc');
    expect(res.text).toContain('value="01/04/2026"');
    expect(res.text).toMatch(/<option value="radio" selected>/);
    expect(res.text).toContain('value="cai cach"');
  });

  it('pages through long lists with links that keep the filter', async () => {
    for (let i = 0; i < 55; i++) await store.addEntry(draft({ title: `Tin số ${i}`, entry: { at: '2026-07-01T06:00:00+07:00' } }), 'an');
    const first = await web.get('/entries?channel=radio').expect(200);
    expect(first.text).toContain('57 lượt phát/đăng khớp bộ lọc · trang 1/2');
    expect(first.text).toContain('href="/entries?channel=radio&amp;page=2"');
    const second = await web.get('/entries?channel=radio&page=2').expect(200);
    expect(second.text).toContain('trang 2/2');
    expect(second.text).toContain('31/03/2026 23:59');
  });

  it('answers a bad filter with 422 and a message, keeping the form', async () => {
    const res = await web.get('/entries?from=31%2F02%2F2026&channel=tivi');
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    // A filter saves nothing, so the summary does not say "not saved".
    expect(res.text).toContain('Chưa xem được: vui lòng sửa 2 lỗi');
    expect(res.text).toContain('id="e-from"');
    expect(res.text).toContain('id="e-channel"');
    expect(res.text).toContain('value="31/02/2026"');
  });

  it('says so when nothing matches', async () => {
    const res = await web.get('/entries?q=khong+co+gi+nhu+the').expect(200);
    expect(res.text).toContain('Không có lượt nào khớp bộ lọc.');
  });
});
