import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../helpers.js';

// The fixed clock is Sunday 22/11/2026 10:00 in Vietnam.
const newItem = (title: string, extra: Record<string, unknown> = {}) => ({ title, format: 'news', unit: 'tt-dvsnc', topics: ['m'], ...extra });

/** The morning slot, its two items planned, and the 17:00 slot with none. */
async function schedule(app: TestApp): Promise<void> {
  await app.api.post('/api/v1/schedule', { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30, plans: [newItem('Loạt bài DVC'), newItem('Chuyên mục CCHC')] }).expect(201);
  await app.api.post('/api/v1/schedule', { name: 'Bản tin chiều', channel: 'radio', start: '17:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 }).expect(201);
}

/** The part of a page about one slot of today's list. */
function slotLine(html: string, start: string): string {
  const from = html.indexOf(`<strong>${start}</strong>`);
  return html.slice(from, html.indexOf('</li>', from));
}

describe("a slot once logged", () => {
  it('says "Đã ghi N lượt · Xem" instead of "Ghi buổi này", linking to those entries in airing order', async () => {
    const app = await makeApp();
    await schedule(app);
    // Logged out of order: the second row went out five minutes after the first.
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-22T06:00', entries: [{ itemId: 2, offsetSeconds: 300 }, { itemId: 1 }] }).expect(201);
    // Another channel's post in the window is not the slot's.
    await app.api.post('/api/v1/entries', newItem('Bài đăng cổng', { channel: 'portal', at: '2026-11-22T06:10', format: 'article' })).expect(201);
    const page = await app.web.get('/schedule').expect(200);
    const morning = slotLine(page.text, '06:00');
    expect(morning).toContain('<a class="button small done" href="/entries?from=2026-11-22&amp;to=2026-11-22&amp;channel=radio&amp;session=2.1">Đã ghi 2 lượt · Xem</a>');
    expect(morning).not.toContain('Ghi buổi này');
    expect(morning).not.toContain('Lặp lại buổi trước');
    // The slot not yet logged keeps its red button.
    expect(slotLine(page.text, '17:00')).toContain('<a class="button small" href="/sessions/new?slot=2">Ghi buổi này</a>');
    const shown = await app.web.get('/entries?from=2026-11-22&to=2026-11-22&channel=radio&session=2.1').expect(200);
    const section = shown.text.slice(shown.text.indexOf('<section class="saved-broadcast"'), shown.text.indexOf('</section>'));
    expect(section).toContain('<h2 id="session-h">Các lượt của buổi phát</h2>');
    expect(section).toContain('Truyền thanh · 22/11/2026 từ 06:00 · 2 lượt, theo thứ tự phát');
    expect([...section.matchAll(/<li><a href="\/entries\/(\d+)">([\d:]+)<\/a> · <a href="\/items\/\d+">([^<]+)<\/a>/g)].map((m) => [m[1], m[2], m[3]])).toEqual([
      ['2', '06:00', 'Loạt bài DVC'],
      ['1', '06:05', 'Chuyên mục CCHC'],
    ]);
  });

  it('shows viewers what was logged too, without the buttons to log', async () => {
    const app = await makeApp();
    await schedule(app);
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-22T06:00', entries: [{ itemId: 1 }] }).expect(201);
    const { signIn } = await import('../helpers.js');
    const viewer = await signIn(app.app, app.store, 'lanhdao', 'viewer');
    const page = await viewer.get('/schedule').expect(200);
    expect(slotLine(page.text, '06:00')).toContain('>Đã ghi 1 lượt · Xem</a>');
    expect(page.text).not.toContain('Ghi buổi này');
  });
});

describe('"Lặp lại buổi trước" with nothing to repeat', () => {
  it('says so in Vietnamese and fills the planned items instead', async () => {
    const app = await makeApp();
    await schedule(app);
    const page = await app.web.get('/sessions/new?slot=1&repeat=1').expect(200);
    expect(page.text).toContain('<p class="warning" role="status">Chưa có buổi trước để lặp lại: buổi 06:00 &#34;Bản tin sáng&#34; chưa được ghi lần nào trong 14 ngày qua. Đã điền 2 tin bài dự kiến của buổi.</p>');
    expect(page.text).toMatch(/name="entries\.0\.itemId" value="1"/);
    expect(page.text).toMatch(/name="entries\.1\.itemId" value="2"/);
  });

  it('says so for a slot without plans, and leaves blank rows to fill', async () => {
    const app = await makeApp();
    await schedule(app);
    const page = await app.web.get('/sessions/new?slot=2&repeat=1').expect(200);
    expect(page.text).toContain('Chưa có buổi trước để lặp lại: buổi 17:00 &#34;Bản tin chiều&#34; chưa được ghi lần nào trong 14 ngày qua. Hãy điền các tin bài của buổi này.');
    expect(page.text.match(/name="entries\.\d{1,2}\.title"/g)).toHaveLength(3);
  });

  it('says nothing when there is a session to repeat', async () => {
    const app = await makeApp();
    await schedule(app);
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-21T06:00', entries: [{ itemId: 2 }] }).expect(201);
    const page = await app.web.get('/sessions/new?slot=1&repeat=1').expect(200);
    expect(page.text).not.toContain('class="warning" role="status"');
    expect([...page.text.matchAll(/name="entries\.\d+\.itemId" value="(\d+)"/g)].map((m) => m[1])).toEqual(['2']);
  });
});

describe('a duplicate airing on the session form', () => {
  it('names the item and its time with a link to the stored airing, never its number', async () => {
    const app = await makeApp();
    await schedule(app);
    await app.api.post('/api/v1/sessions', { channel: 'radio', at: '2026-11-22T06:00', entries: [{ itemId: 1 }] }).expect(201);
    const res = await app.web.post('/sessions', { channel: 'radio', date: '22/11/2026', time: '06:00', note: '', 'entries.0.itemId': '2', 'entries.0.playCount': '1', 'entries.1.itemId': '1', 'entries.1.playCount': '1' }).expect(409);
    expect(res.text).toContain('<a href="#f-entries.1.itemId">Tin bài 2: tin bài &#34;Loạt bài DVC&#34; đã được ghi trên kênh này lúc 06:00 ngày 22/11/2026 (cùng phút).</a>');
    expect(res.text).toContain('Đã ghi <strong>Loạt bài DVC</strong> trên kênh này lúc 06:00 ngày 22/11/2026: <a href="/entries/1">xem lượt đã ghi</a>.');
    expect(res.text).not.toMatch(/lượt #\d/i);
    expect(await app.store.stats()).toMatchObject({ entries: 1 });
  });
});

describe('after a session is saved', () => {
  it('shows the saved entries first, in airing order, before the rest of the day', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/entries', newItem('Tin buổi chiều hôm trước', { channel: 'radio', at: '2026-11-21T17:00' })).expect(201);
    const rows = ['Tin thứ nhất', 'Tin thứ hai', 'Tin thứ ba'];
    const body: Record<string, string | string[]> = { channel: 'radio', date: '21/11/2026', time: '06:00', note: '' };
    rows.forEach((title, i) => Object.assign(body, { [`entries.${i}.title`]: title, [`entries.${i}.format`]: 'news', [`entries.${i}.unit`]: 'tt-dvsnc', [`entries.${i}.topics`]: 'm', [`entries.${i}.playCount`]: '1' }));
    const res = await app.web.post('/sessions', body).expect(303);
    expect(res.headers.location).toBe('/entries?from=2026-11-21&to=2026-11-21&channel=radio&session=2.3.4&ok=session-created');
    const page = await app.web.get(res.headers.location!).expect(200);
    const section = page.text.slice(page.text.indexOf('<section class="saved-broadcast"'), page.text.indexOf('</section>'));
    expect(section).toContain('<h2 id="session-h">Buổi phát vừa lưu</h2>');
    expect([...section.matchAll(/<a href="\/items\/\d+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(rows);
    // The saved session comes before the day's list, whose newest entry is the afternoon's.
    expect(page.text.indexOf('saved-broadcast')).toBeLessThan(page.text.indexOf('Tin buổi chiều hôm trước'));
    expect(page.text).toContain('Đã lưu buổi phát vào nhật ký.');
  });

  it('ignores a session list that is not one, or names entries deleted since', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/entries', newItem('Tin một', { channel: 'radio', at: '2026-11-21T06:00' })).expect(201);
    for (const q of ['session=abc', 'session=1.', 'session=99']) expect((await app.web.get(`/entries?${q}`).expect(200)).text).not.toContain('saved-broadcast');
  });
});
