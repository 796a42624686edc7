import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { formBody, formEncode, makeApp } from '../helpers.js';


describe('record form (Ghi nhật ký)', () => {
  it('opens with now in Vietnam time, play count 1 and radio for a first-time user', async () => {
    const { web } = await makeApp();
    const res = await web.get('/entries/new').expect(200);
    expect(res.text).toContain('value="22/11/2026"');
    expect(res.text).toContain('value="10:00"');
    expect(res.text).toMatch(/name="playCount"[^>]*value="1"/);
    expect(res.text).toMatch(/<option value="radio"[^>]*selected/);
    expect(res.text).toContain('<html lang="vi">');
  });

  it('records a broadcast with a new item, then redirects to a fresh form that shows what was saved', async () => {
    const { web, store } = await makeApp();
    const res = await web.post('/entries', formBody());
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/entries\/new\?ok=entry-created&last=1$/);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Đã ghi nhật ký.');
    expect(page.text).toContain('Vừa ghi: <strong>Hướng dẫn nộp hồ sơ trực tuyến</strong>');
    const entry = (await store.entry(1))!;
    expect(entry).toMatchObject({ channel: 'radio', at: '2026-11-20T06:30:00+07:00', playCount: 2, durationSeconds: 180 });
    expect((await store.item(entry.itemId))).toMatchObject({ title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', topics: ['m'] });
  });

  it('defaults to the channel this user last recorded on', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody({ channel: 'portal', playCount: '1', durationSeconds: '', url: 'https://anhai.haiphong.gov.vn/tin/1' })).expect(303);
    const res = await web.get('/entries/new').expect(200);
    expect(res.text).toMatch(/<option value="portal"[^>]*selected/);
  });

  it('records a new airing of an existing item picked from the list', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries', formBody({ itemMode: 'existing', itemId: '1', title: '', format: '', topics: [], unit: '', time: '17:00' })).expect(303);
    expect((await store.stats())).toMatchObject({ items: 1, entries: 2 });
    expect((await store.entriesOfItem(1)).map((e) => e.at)).toEqual(['2026-11-20T17:00:00+07:00', '2026-11-20T06:30:00+07:00']);
  });

  it('opens pre-filled for a re-air (Phát lại): same item, its last channel and duration', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody({ durationSeconds: '4:05' })).expect(303);
    const res = await web.get('/entries/new?itemId=1').expect(200);
    expect(res.text).toMatch(/name="itemMode" value="existing"[^>]*checked/);
    expect(res.text).toMatch(/name="itemId" value="1" checked/);
    expect(res.text).toMatch(/name="durationSeconds"[^>]*value="4:05"/);
    expect(res.text).toContain('value="22/11/2026"');
  });

  it('searches items by title without diacritics and keeps what was typed', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody({ title: 'Đẩy mạnh cải cách hành chính' })).expect(303);
    await web.post('/entries', formBody({ title: 'Thanh toán trực tuyến' })).expect(303);
    const res = await web.post('/entries/new', { itemMode: 'new', search: '1', itemQ: 'cai cach', channel: 'radio', note: 'ghi chú dở', date: '21/11/2026', time: '06:00' }).expect(200);
    expect(res.text).toContain('Đẩy mạnh cải cách hành chính');
    expect(res.text).not.toContain('Thanh toán trực tuyến');
    expect(res.text).toContain('ghi chú dở');
    expect(res.text).toContain('value="21/11/2026"');
    expect(res.text).toMatch(/name="itemMode" value="existing"[^>]*checked/);
  });

  const badInputs: [string, Record<string, string | string[]>, string][] = [
    ['an empty title', { title: '  ' }, 'title'],
    ['an over-long title', { title: 'x'.repeat(301) }, 'title'],
    ['an unknown channel', { channel: 'tivi' }, 'channel'],
    ['an unknown format', { format: 'tho' }, 'format'],
    ['an unknown topic', { topics: ['z'] }, 'topics'],
    ['an unknown unit', { unit: 'ubnd-tinh' }, 'unit'],
    ['a play count of zero', { playCount: '0' }, 'playCount'],
    ['a negative play count', { playCount: '-2' }, 'playCount'],
    ['a fractional play count', { playCount: '1.5' }, 'playCount'],
    ['an absurd play count', { playCount: '1001' }, 'playCount'],
    ['a date that does not exist', { date: '31/02/2026' }, 'date'],
    ['a time more than a day ahead', { date: '24/11/2026' }, 'date'],
    ['a link that is not http(s)', { channel: 'portal', playCount: '1', url: 'javascript:alert(1)' }, 'url'],
    ['negative views', { channel: 'portal', playCount: '1', views: '-5' }, 'views'],
  ];
  for (const [what, change, field] of badInputs) {
    it(`refuses ${what} with 422, a message next to the field, the typed values kept, and stores nothing`, async () => {
      const { web, store } = await makeApp();
      const before = (await store.stats());
      const body = formBody({ note: 'Giữ lại ghi chú này', ...change });
      const res = await web.post('/entries', body);
      expect(res.status).toBe(422);
      expect(res.text).toContain('role="alert"');
      expect(res.text).toMatch(new RegExp(`<p class="field-error" id="e-${field}">[^<]+</p>`));
      expect(res.text).toContain('Giữ lại ghi chú này');
      expect((await store.stats())).toEqual(before);
    });
  }

  it('creates neither the item nor the entry when only the entry half is wrong', async () => {
    const { web, store } = await makeApp();
    const res = await web.post('/entries', formBody({ title: 'Tin hợp lệ', playCount: '0' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Tin hợp lệ"');
    expect((await store.stats())).toMatchObject({ items: 0, entries: 0 });
  });

  it('asks to pick an item when "existing" is chosen without one', async () => {
    const { web, store } = await makeApp();
    const res = await web.post('/entries', formBody({ itemMode: 'existing' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="e-itemId"');
    expect((await store.stats()).entries).toBe(0);
  });

  it('shows script-like text as text on every page, never as markup', async () => {
    const { web } = await makeApp();
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await web.post('/entries', formBody({ title: evil, note: evil })).expect(303);
    for (const path of ['/entries', '/items', '/items/1', '/entries/1', '/entries/1/edit', '/entries/new?ok=entry-created&last=1', '/', '/entries/new?itemId=1']) {
      const res = await web.get(path).expect(200);
      expect(res.text, path).not.toContain('<script>alert');
      expect(res.text, path).not.toContain('<img src=x');
      expect(res.text, path).toContain('&lt;script&gt;');
    }
    const invalid = await web.post('/entries', formBody({ title: evil, playCount: '0' }));
    expect(invalid.text).not.toContain('<script>alert');
  });
  it('keeps the topics of what was just saved, as it keeps its format and unit (topics no longer in use left out)', async () => {
    const { web, store } = await makeApp();
    const saved = await web.post('/entries', formBody({ topics: ['k', 'm'] })).expect(303);
    const next = await web.get(saved.headers.location!).expect(200);
    expect(next.text).toMatch(/name="topics" value="k" checked/);
    expect(next.text).toMatch(/name="topics" value="m" checked/);
    expect(next.text).not.toMatch(/name="topics" value="a" checked/);
    expect(next.text).toContain('data-topics-summary>k) Chính quyền điện tử');
    const settings = await store.settings();
    await store.updateSettings({ ...settings, topics: settings.topics.map((t) => (t.code === 'k' ? { ...t, retired: true } : t)) }, 'test');
    const later = await web.get(saved.headers.location!).expect(200);
    expect(later.text).not.toMatch(/name="topics" value="k"/);
    expect(later.text).toMatch(/name="topics" value="m" checked/);
  });

  it('asks for a post\'s link once, with the channel, before the item; the item\'s source link is folded under "Nguồn khác"', async () => {
    const { web } = await makeApp();
    const res = await web.get('/entries/new').expect(200);
    const order = ['name="channel"', 'name="url"', 'name="title"', 'name="sourceUrl"', 'name="date"'].map((m) => res.text.indexOf(m));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(res.text.match(/name="url"/g)).toHaveLength(1);
    expect(res.text).toMatch(/<details class="source-box">\s*<summary>Nguồn khác/);
    // Opened when it holds a link (here after a refused save).
    const refused = await web.post('/entries', formBody({ sourceUrl: 'https://haiphong.gov.vn/tin/1', playCount: '0' })).expect(422);
    expect(refused.text).toMatch(/<details class="source-box" open>/);
  });

  it('has no duration box for online channels (portal, social): only broadcasts and on-site channels have one', async () => {
    const { web } = await makeApp();
    for (const path of ['/entries/new', '/entries/1/edit']) {
      if (path.endsWith('edit')) await web.post('/entries', formBody()).expect(303);
      const res = await web.get(path).expect(200);
      const block = /<div class="field narrow" data-for-kind="([^"]+)">\s*<label for="f-durationSeconds">/.exec(res.text);
      expect(block?.[1], path).toBe('broadcast onsite');
    }
  });

  it('marks a form opened after a save (the script starts the next record at its title) and a fresh one (defaults a pasted link may replace)', async () => {
    const { web } = await makeApp();
    const fresh = await web.get('/entries/new').expect(200);
    expect(fresh.text).toMatch(/<form [^>]*class="record-form"[^>]* data-fresh>/);
    const saved = await web.post('/entries', formBody()).expect(303);
    expect((await web.get(saved.headers.location!)).text).toMatch(/<form [^>]*class="record-form"[^>]* data-fresh data-after-save>/);
    const refused = await web.post('/entries', formBody({ playCount: '0' })).expect(422);
    expect(refused.text).toMatch(/<form [^>]*class="record-form" novalidate>/);
  });
});
