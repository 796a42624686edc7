import ejs from 'ejs';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/domain/settings.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';
import { VIEWS_DIR } from '../../src/paths.js';
import { viewHelpers } from '../../src/render/view-helpers.js';
import { printableLog } from '../../src/services/entries.js';
import type { TestStore as Store } from '../test-store.js';
import { type ApiClient, draft, makeApp, signIn, type WebClient } from '../helpers.js';

let app: Express;
let web: WebClient;
let api: ApiClient;
let store: Store;

// Four entries on three channels, two formats, three topics, two units.
beforeEach(async () => {
  ({ app, web, api, store } = await makeApp());
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

/** How many rows of the log's table a page shows. */
const rowsShown = (html: string): number => (html.match(/data-label="Thời gian"><a href="\/entries\/\d+">/g) ?? []).length;

describe('page numbers on the log list', () => {
  // With the four above: 120 entries, 118 of them on the radio; at 50 a page, pages of 50, 50 and 18.
  beforeEach(async () => {
    for (let i = 0; i < 116; i++) await store.addEntry(draft({ title: `Tin số ${i}`, entry: { at: `2026-07-${String(1 + (i % 28)).padStart(2, '0')}T06:00:00+07:00` } }), 'an');
  });

  it('links the pages by number, marks the current one, and keeps the filter in every link', async () => {
    expect((await web.get('/entries').expect(200)).text).toContain('120 lượt phát/đăng · trang 1/3');
    const res = await web.get('/entries?from=01%2F01%2F2026&channel=radio').expect(200);
    expect(res.text).toContain('118 lượt phát/đăng khớp bộ lọc · trang 1/3');
    expect(res.text).toContain('<nav class="pager" aria-label="Phân trang">');
    expect(res.text).toContain('<a href="/entries?from=2026-01-01&amp;channel=radio&amp;page=1" aria-current="page" aria-label="Trang 1"><strong>1</strong></a>');
    expect(res.text).toContain('<a href="/entries?from=2026-01-01&amp;channel=radio&amp;page=2" aria-label="Trang 2">2</a>');
    expect(res.text).toContain('<a href="/entries?from=2026-01-01&amp;channel=radio&amp;page=3" aria-label="Trang 3">3</a>');
    const pager = /<nav class="pager"[\s\S]*?<\/nav>/.exec(res.text)?.[0] ?? '';
    expect(pager.match(/aria-current="page"/g)).toHaveLength(1);
    expect(pager).not.toContain('…');
    expect(rowsShown(res.text)).toBe(50);
  });

  it('has a "go to page" form that sends the filter again with the page typed', async () => {
    const res = await web.get('/entries?from=01%2F01%2F2026&channel=radio').expect(200);
    const form = /<form method="get" action="\/entries" class="actions" aria-label="Đến trang">([\s\S]*?)<\/form>/.exec(res.text)?.[1] ?? '';
    expect(form).toContain('<input type="hidden" name="from" value="2026-01-01">');
    expect(form).toContain('<input type="hidden" name="channel" value="radio">');
    expect(form).toMatch(/<input id="f-page" name="page" type="number" min="1" max="3"/);
    // What the form sends: the filter and page=3.
    const third = await web.get('/entries?from=2026-01-01&channel=radio&page=3').expect(200);
    expect(third.text).toContain('trang 3/3');
    expect(rowsShown(third.text)).toBe(18);
    expect(third.text).toContain('31/03/2026 23:59');
    expect(third.text).toContain('<a href="/entries?from=2026-01-01&amp;channel=radio&amp;page=3" aria-current="page" aria-label="Trang 3"><strong>3</strong></a>');
    expect(third.text).toContain('href="/entries?from=2026-01-01&amp;channel=radio&amp;page=2" rel="prev"');
    expect(third.text).not.toContain('rel="next"');
  });

  it('sends a page past the last to the last page, filter kept, and refuses a page that is not a number', async () => {
    const res = await web.get('/entries?from=01%2F01%2F2026&channel=radio&page=9').expect(302);
    expect(res.headers.location).toBe('/entries?from=2026-01-01&channel=radio&page=3');
    expect((await web.get('/entries?q=khong+co+gi&page=4').expect(302)).headers.location).toBe('/entries?q=khong+co+gi&page=1');
    const bad = await web.get('/entries?channel=radio&page=0');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Số trang không hợp lệ.');
  });

  it('shows an ellipsis for the pages left out of a long list', async () => {
    const res = await web.get('/entries?pageSize=10&page=6').expect(200);
    // 120 entries at 10 a page: 12 pages; around page 6: 1 … 4 5 6 7 8 … 12.
    const numbers = [...res.text.matchAll(/aria-label="Trang (\d+)"|<span>…<\/span>/g)].map((m) => m[1] ?? '…');
    expect(numbers).toEqual(['1', '…', '4', '5', '6', '7', '8', '…', '12']);
    expect(res.text).toContain('href="/entries?page=12&amp;pageSize=10"');
  });
});

describe('print view of the log', () => {
  // In April on the radio: the re-air of 01/04 00:00 (2 plays of 180 s), 54 notices of 59 s, and one
  // programme of 24737 s played 3 times: 56 entries, more than a page of the list.
  beforeEach(async () => {
    for (let i = 0; i < 54; i++) await store.addEntry(draft({ title: `Thông báo ${i}`, entry: { at: `2026-04-${String(2 + (i % 27)).padStart(2, '0')}T07:15:00+07:00`, playCount: 1, durationSeconds: 59 } }), 'bientap');
    await store.addEntry(draft({ title: '<b>Tin đậm</b>', entry: { at: '2026-04-30T23:59:00+07:00', playCount: 3, durationSeconds: 24737 } }), 'bientap');
    await store.updateSettings({ ...(await store.settings()), communeName: 'An Hải', communeKind: 'phường' }, 'test');
  });

  const april = 'from=01%2F04%2F2026&to=30%2F04%2F2026&channel=radio';

  it('prints every entry of the period, not one page, under a heading with the commune, the dates and the filter', async () => {
    const res = await web.get(`/entries/print?${april}&page=2`).expect(200);
    expect(res.text).toContain('<link rel="stylesheet" href="/static/print.css">');
    expect(res.text).toContain('<h1>Nhật ký tuyên truyền cải cách hành chính<br>Phường An Hải</h1>');
    expect(res.text).toContain('Từ ngày 01/04/2026 đến ngày 30/04/2026');
    expect(res.text).toContain('Lọc theo: Kênh: Truyền thanh.');
    const dates = [...res.text.matchAll(/<td>(\d\d\/\d\d\/\d{4})<\/td>/g)].map((m) => m[1]!);
    expect(dates).toHaveLength(56);
    expect(dates[0]).toBe('30/04/2026');
    expect(dates.at(-1)).toBe('01/04/2026');
    expect(res.text).not.toContain('31/03/2026');
    expect(res.text).not.toContain('Dịch vụ công trực tuyến');
    expect(res.text).toContain('<td class="num">56</td>');
    expect(res.text).not.toContain('quá giới hạn');
  });

  it('shows time, channel, format, plays, duration as h:mm:ss and who logged each entry as the log book names them', async () => {
    const res = await web.get(`/entries/print?${april}`).expect(200);
    const row = /<tr>\s*<td class="num">1<\/td>([\s\S]*?)<\/tr>/.exec(res.text)?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['30/04/2026', '23:59', 'Truyền thanh', '&lt;b&gt;Tin đậm&lt;/b&gt;', 'Tin', '3', '6:52:17', 'Cán bộ bientap']);
    expect(res.text).toContain('<td class="num">0:00:59</td>');
    expect(res.text).toContain('<td class="num">0:03:00</td>');
  });

  it('ends with the totals of the entries printed', async () => {
    const res = await web.get(`/entries/print?${april}`).expect(200);
    // 1 + 54 + 1 entries; 2 + 54 + 3 plays; 2 × 180 + 54 × 59 + 3 × 24737 = 77757 s = 21 × 3600 + 35 × 60 + 57.
    expect(res.text).toContain('<tr><th scope="row">Lượt phát/đăng</th><td class="num">56</td></tr>');
    expect(res.text).toContain('<tr><th scope="row">Lượt phát</th><td class="num">59</td></tr>');
    expect(res.text).toContain('<td class="num">21:35:57</td>');
  });

  it('never renders user text as HTML', async () => {
    const res = await web.get(`/entries/print?${april}&q=%3Cb%3E`).expect(200);
    expect(res.text).not.toContain('<b>');
    expect(res.text).toContain('&lt;b&gt;Tin đậm&lt;/b&gt;');
    expect(res.text).toContain('Có chữ: &#34;&lt;b&gt;&#34;');
  });

  it('is linked from the log list with the same filter, and open to whoever may read the log', async () => {
    const list = await web.get(`/entries?${april}`).expect(200);
    expect(list.text).toContain('<a class="button secondary" href="/entries/print?from=2026-04-01&amp;to=2026-04-30&amp;channel=radio">In nhật ký</a>');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    await viewer.get(`/entries/print?${april}`).expect(200);
    expect((await request(app).get('/entries/print')).status).toBe(303);
  });

  it('answers a bad filter with 422 and the filter form', async () => {
    const res = await web.get('/entries/print?from=31%2F02%2F2026');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="e-from"');
  });

  it('holds at most the cap, newest first, with the count of all that match', async () => {
    const result = await printableLog(store, { channel: 'radio', page: '7' }, 10);
    if (!result.ok) throw new Error('refused');
    expect(result.value.total).toBe(57);
    expect(result.value.rows).toHaveLength(10);
    expect(result.value.rows[0]!.item.title).toBe('<b>Tin đậm</b>');
    // The totals are those of the rows held: the programme (3 plays) and 9 notices of 59 s.
    expect(result.value.totals).toMatchObject({ entries: 10, plays: 12, airtimeSeconds: 3 * 24737 + 9 * 59 });
  });

  it('says so on the page when the cap cut the list', async () => {
    const html = await ejs.renderFile(`${VIEWS_DIR}/entries/print.ejs`, {
      ...viewHelpers,
      vocab: defaultVocabulary(),
      title: 'In nhật ký',
      filter: { from: '2026-01-01' },
      rows: [],
      total: 7321,
      totals: { entries: 0, plays: 0, airtimeSeconds: 0, views: 0, interactions: 0 },
      max: 5000,
      settings: defaultSettings(),
      today: '2026-11-22',
      printedAt: '2026-11-22T10:00:00+07:00',
      backLink: '/entries',
    });
    expect(html).toContain('Có 7.321 lượt khớp bộ lọc, quá giới hạn 5.000 dòng một lần in');
    expect(html).toContain('Từ ngày 01/01/2026 đến ngày 22/11/2026');
    expect(html).toContain('Tổng cộng (các lượt đã in)');
  });
});
