import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { entryBody, fixedClock, makeApp, openStore, SECRET, tempDataDir } from '../helpers.js';

describe('JSON API', () => {
  it('answers /healthz without anything else', async () => {
    const { api } = await makeApp();
    const res = await api.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the vocabularies with Vietnamese labels', async () => {
    const { api } = await makeApp();
    const res = await api.get('/api/v1/vocabulary').expect(200);
    const labels = (list: { code: string; label: string }[]) => list.map((t) => t.label);
    expect(labels(res.body.channels)).toEqual(
      expect.arrayContaining(['Truyền thanh', 'Cổng TTĐT', 'Fanpage', 'Zalo OA', 'YouTube', 'Báo chí', 'Bảng tin', 'Băng rôn/khẩu hiệu', 'Hội nghị/họp dân']),
    );
    expect(labels(res.body.formats)).toEqual(expect.arrayContaining(['Tin', 'Bài', 'Phóng sự', 'Chuyên mục', 'File âm thanh', 'Video clip', 'Ảnh', 'Infographic']));
    expect(res.body.topics.map((t: { code: string }) => t.code)).toEqual(['a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n']);
    expect(res.body.units.length).toBeGreaterThan(3);
    for (const list of Object.values(res.body) as { code: unknown; label: unknown }[][]) {
      for (const t of list) expect(typeof t.code === 'string' && typeof t.label === 'string').toBe(true);
    }
  });

  it('creates an entry with a new item (201), reading an offset-less time as Vietnam time', async () => {
    const { api, store } = await makeApp();
    const res = await api.post('/api/v1/entries', entryBody({ at: '2026-03-31T23:59' })).expect(201);
    expect(res.body).toMatchObject({ id: 1, itemId: 1, channel: 'radio', at: '2026-03-31T23:59:00+07:00', playCount: 2, durationSeconds: 180, recordedAt: '2026-11-22T10:00:00+07:00' });
    expect(res.headers.location).toBe('/api/v1/entries/1');
    expect((await store.entry(1))?.at).toBe('2026-03-31T23:59:00+07:00');
  });

  it('treats "itemId": null as no item, creating the new one described', async () => {
    const { api, store } = await makeApp();
    const res = await api.post('/api/v1/entries', entryBody({ itemId: null })).expect(201);
    expect(res.body.item.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
    expect((await store.stats()).items).toBe(1);
  });

  it('converts a UTC time to Vietnam time', async () => {
    const { api } = await makeApp();
    const res = await api.post('/api/v1/entries', entryBody({ at: '2026-03-31T17:00:00Z' })).expect(201);
    expect(res.body.at).toBe('2026-04-01T00:00:00+07:00');
  });

  it("uses the item's own format, topics and unit when given an itemId", async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/entries', entryBody()).expect(201);
    const res = await api.post('/api/v1/entries', { itemId: 1, format: 'video', topics: ['a'], unit: 'mttq', channel: 'fanpage', at: '2026-11-21T08:00' }).expect(201);
    expect(res.body).toMatchObject({ itemId: 1, playCount: 1, item: { format: 'news', topics: ['m'], unit: 'tt-dvsnc' } });
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an empty title', { title: '' }, 'title'],
    ['a title over 300 characters', { title: 'a'.repeat(301) }, 'title'],
    ['an unknown channel', { channel: 'tv' }, 'channel'],
    ['an unknown format', { format: 'poem' }, 'format'],
    ['an unknown topic', { topics: ['a', 'zz'] }, 'topics'],
    ['an unknown unit', { unit: 'x' }, 'unit'],
    ['play count 0', { playCount: 0 }, 'playCount'],
    ['a negative play count', { playCount: -1 }, 'playCount'],
    ['a fractional play count', { playCount: 2.5 }, 'playCount'],
    ['an absurd play count', { playCount: 5000 }, 'playCount'],
    ['a date that does not exist', { at: '2026-02-31T06:00' }, 'at'],
    ['a time more than a day in the future', { at: '2026-11-23T11:00' }, 'at'],
    ['a link that is not http(s)', { channel: 'portal', playCount: 1, url: 'ftp://anhai.vn/x' }, 'url'],
    ['negative views', { channel: 'portal', playCount: 1, views: -3 }, 'views'],
    ['an unknown item id', { itemId: 42 }, 'itemId'],
  ];
  for (const [what, change, field] of bad) {
    it(`refuses ${what} with 422 and a Vietnamese message on "${field}", storing nothing`, async () => {
      const { api, store } = await makeApp();
      const res = await api.post('/api/v1/entries', entryBody(change)).expect(422);
      expect(Object.keys(res.body.errors)).toContain(field);
      expect(res.body.errors[field]).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i);
      expect((await store.stats())).toMatchObject({ items: 0, entries: 0 });
    });
  }

  it('refuses a body that is not a JSON object with 415, and an oversized one with 413', async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/entries').type('text/plain').send('title=x').expect(415);
    await api.post('/api/v1/entries', entryBody({ note: 'x'.repeat(1_100_000) })).expect(413);
  });

  it('lists entries with a total, filtered and paged', async () => {
    const { api } = await makeApp();
    for (let d = 1; d <= 5; d++) await api.post('/api/v1/entries', entryBody({ title: `Tin ${d}`, at: `2026-11-0${d}T06:00` })).expect(201);
    const res = await api.get('/api/v1/entries?from=2026-11-02&to=2026-11-04&pageSize=2').expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.entries.map((e: { item: { title: string } }) => e.item.title)).toEqual(['Tin 4', 'Tin 3']);
    const page2 = await api.get('/api/v1/entries?from=2026-11-02&to=2026-11-04&pageSize=2&page=2').expect(200);
    expect(page2.body.entries.map((e: { item: { title: string } }) => e.item.title)).toEqual(['Tin 2']);
    const bad = await api.get('/api/v1/entries?channel=tv&from=2026-13-01').expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['channel', 'from']);
  });

  it('reads, patches (validated like a create) and soft-deletes an entry', async () => {
    const { api, store } = await makeApp();
    await api.post('/api/v1/entries', entryBody()).expect(201);
    expect((await api.get('/api/v1/entries/1').expect(200)).body.playCount).toBe(2);
    const patched = await api.patch('/api/v1/entries/1', { playCount: 6, note: 'sửa' }).expect(200);
    expect(patched.body).toMatchObject({ playCount: 6, note: 'sửa', durationSeconds: 180, channel: 'radio' });
    const bad = await api.patch('/api/v1/entries/1', { playCount: 0, at: '2026-02-30T00:00' }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['at', 'playCount']);
    const itemField = await api.patch('/api/v1/entries/1', { title: 'khác' }).expect(422);
    expect(itemField.body.errors.title).toBeTruthy();
    const portal = await api.patch('/api/v1/entries/1', { channel: 'portal' }).expect(422);
    expect(portal.body.errors.playCount).toBeTruthy();
    expect((await store.entry(1))?.playCount).toBe(6);
    await api.delete('/api/v1/entries/1').expect(204);
    await api.get('/api/v1/entries/1').expect(404);
    await api.patch('/api/v1/entries/1', { note: 'x' }).expect(404);
    expect((await api.get('/api/v1/entries').expect(200)).body.total).toBe(0);
    expect((await store.entry(1))?.deletedAt).toBeTruthy();
  });

  it('fills in views and interactions later on an online post', async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/entries', entryBody({ channel: 'portal', playCount: 1, durationSeconds: undefined, url: 'https://anhai.vn/p/1' })).expect(201);
    const res = await api.patch('/api/v1/entries/1', { views: 1520, interactions: 37 }).expect(200);
    expect(res.body).toMatchObject({ views: 1520, interactions: 37, url: 'https://anhai.vn/p/1' });
  });

  it('finds items by title for the record form, and patches an item', async () => {
    const { api } = await makeApp();
    await api.post('/api/v1/entries', entryBody({ title: 'Cải cách thủ tục hành chính' })).expect(201);
    const found = await api.get('/api/v1/items?q=thu tuc').expect(200);
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['Cải cách thủ tục hành chính']);
    const patched = await api.patch('/api/v1/items/1', { topics: ['a', 'i'] }).expect(200);
    expect(patched.body.topics).toEqual(['a', 'i']);
    await api.patch('/api/v1/items/1', { unit: 'nope' }).expect(422);
  });

  it('keeps every acknowledged entry when the server restarts on the same data directory', async () => {
    const dataDir = await tempDataDir();
    const { store, api } = await makeApp({ dataDir });
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await api.post('/api/v1/entries', entryBody({ title: `Tin ${i}` })).expect(201)).body.id);
    await api.delete(`/api/v1/entries/${ids[3]}`).expect(204);
    await store.close();

    const reopened = await openStore({ dataDir });
    const again = createApp({ storage: reopened.storage, clock: fixedClock, sessionSecret: SECRET });
    // The token issued before the restart still works: tokens are stored (as hashes) with the accounts.
    const list = await request(again).get('/api/v1/entries?pageSize=100').set('Authorization', `Bearer ${api.token}`).expect(200);
    expect(list.body.total).toBe(9);
    expect(list.body.entries.map((e: { id: number }) => e.id).sort((a: number, b: number) => a - b)).toEqual(ids.filter((id) => id !== ids[3]));
  });
});
