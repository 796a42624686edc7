import { describe, expect, it } from 'vitest';
import { apiAs, signIn } from '../helpers.js';
import { ARTICLES } from '../portal-server.js';
import { portals, watchApp } from './watch-setup.js';

const { site } = portals();

/** An app whose editor has the section's five posts in the inbox; their ids, newest first. */
async function withFivePosts() {
  const t = await watchApp();
  await t.place({ url: `${site().base}/cai-cach-hanh-chinh` });
  expect((await t.api.post('/api/v1/watch/run').expect(200)).body.proposed).toBe(5);
  const ids = ((await t.api.get('/api/v1/inbox').expect(200)).body.posts as { id: number }[]).map((p) => p.id);
  return { ...t, ids };
}

type EntryJson = { id: number; itemId: number; channel: string; at: string; url: string; playCount: number; recordedBy: string; item: { title: string; format: string; topics: string[]; unit: string } };

describe('confirming the inbox through the API', () => {
  it('logs every post in one save (201 with the entries), dated by their publication in Vietnam time, each audited, the batch\'s topics on each', async () => {
    const { api, store, ids } = await withFivePosts();
    const res = await api.post('/api/v1/inbox/confirm', { ids, topics: ['k', 'm'] }).expect(201);
    const entries = res.body.entries as EntryJson[];
    expect(entries.map((e) => [e.item.title, e.channel, e.at, e.url, e.playCount, e.recordedBy, e.item.format, e.item.topics, e.item.unit])).toEqual(
      ARTICLES.map((a) => [a.title, 'portal', a.at, `${site().base}${a.path}`, 1, 'bientap', 'news', ['k', 'm'], 'tt-dvsnc']),
    );
    expect((await api.get('/api/v1/inbox').expect(200)).body.posts).toEqual([]);
    // The day of each post is its day in Vietnam (the tests run in Los Angeles): 00:15 on 21/11 is the 21st.
    const day = async (d: string) => ((await api.get(`/api/v1/entries?from=${d}&to=${d}&channel=portal`).expect(200)).body.entries as EntryJson[]).map((e) => e.item.title).sort();
    expect(await day('2026-11-21')).toEqual(ARTICLES.slice(0, 3).map((a) => a.title).sort());
    expect(await day('2026-11-20')).toEqual(ARTICLES.slice(3).map((a) => a.title).sort());
    for (const e of entries) {
      expect((await store.auditOf('entry', e.id)).map((r) => [r.action, r.user])).toEqual([['entry.create', 'bientap']]);
      expect((await store.auditOf('item', e.itemId)).map((r) => [r.action, r.after?.title])).toEqual([['item.create', e.item.title]]);
    }
    // Logged: never proposed again, and a second confirmation stores nothing.
    expect((await api.post('/api/v1/watch/run').expect(200)).body.proposed).toBe(0);
    const again = await api.post('/api/v1/inbox/confirm', { ids: [ids[0]] }).expect(422);
    expect(again.body.errors.ids).toContain('đã được ghi vào sổ hoặc bỏ qua');
    expect((await store.stats()).entries).toBe(5);
  });

  it('keeps each post\'s proposed topics when none are given, and logs a post titled like an item of the log as a posting of that item', async () => {
    const { api, store, ids } = await withFivePosts();
    const radio = await store.addEntry({ item: { fields: { title: ARTICLES[4]!.title, summary: '', format: 'report', topics: ['a'], unit: 'vh-xh', author: '', sourceUrl: null } }, entry: { channel: 'radio', at: '2026-11-19T06:30:00+07:00', playCount: 2, durationSeconds: 120, url: null, views: null, interactions: null, note: '' } }, 'bientap');
    const res = await api.post('/api/v1/inbox/confirm', { ids: [ids[3], ids[4]] }).expect(201);
    const [four, five] = res.body.entries as EntryJson[];
    expect(four!.item.topics).toEqual(['m']);
    expect(five!.itemId).toBe(radio.item.id);
    expect(five!.item).toMatchObject({ format: 'report', topics: ['a'] });
    expect((await store.entriesOfItem(radio.item.id)).map((e) => e.channel).sort()).toEqual(['portal', 'radio']);
    expect((await api.get('/api/v1/inbox').expect(200)).body.posts.map((p: { id: number }) => p.id)).toEqual(ids.slice(0, 3));
  });

  it('refuses a bad batch with 422 and stores nothing: no id, an unknown id, an unknown topic', async () => {
    const { api, store, ids } = await withFivePosts();
    expect((await api.post('/api/v1/inbox/confirm', {}).expect(422)).body.errors.ids).toBe('Vui lòng đánh dấu ít nhất một tin bài.');
    expect((await api.post('/api/v1/inbox/confirm', { ids: [ids[0], 99999] }).expect(422)).body.errors.ids).toContain('#99999');
    expect((await api.post('/api/v1/inbox/confirm', { ids, topics: ['khong-co'] }).expect(422)).body.errors.topics).toBe('Nội dung tuyên truyền không hợp lệ.');
    expect((await store.stats()).entries).toBe(0);
    expect((await api.get('/api/v1/inbox').expect(200)).body.posts).toHaveLength(5);
  });
});

describe('dismissing posts', () => {
  it('takes them out of the inbox for good, each audited; the others wait', async () => {
    const { api, store, ids } = await withFivePosts();
    expect((await api.post('/api/v1/inbox/dismiss', { ids: [ids[1], ids[2]] }).expect(200)).body).toEqual({ dismissed: 2 });
    expect((await api.get('/api/v1/inbox').expect(200)).body.posts.map((p: { id: number }) => p.id)).toEqual([ids[0], ids[3], ids[4]]);
    expect((await api.post('/api/v1/watch/run').expect(200)).body.proposed).toBe(0);
    expect((await store.auditOf('inbox', ids[1]!)).map((r) => [r.action, r.user, r.after?.title])).toEqual([['inbox.dismiss', 'bientap', ARTICLES[1]!.title]]);
    await api.post('/api/v1/inbox/dismiss', { ids: [ids[1]] }).expect(422);
    expect((await store.stats()).entries).toBe(0);
  });
});

describe('the inbox page', () => {
  it('lists the posts ticked, counts them in the header and on the dashboard, and logs the ticked ones in one save with the batch\'s topic', async () => {
    const { web, api, ids } = await withFivePosts();
    const page = (await web.get('/inbox').expect(200)).text;
    expect(page).toContain('Tin bài mới phát hiện');
    expect(page).toContain('Tin mới (5)');
    for (const a of ARTICLES) expect(page).toContain(a.title);
    expect(page.match(/name="ids" value="\d+" checked/g)).toHaveLength(5);
    expect(page).toContain('21/11/2026 00:15');
    expect((await web.get('/').expect(200)).text).toContain('5 tin bài mới phát hiện');
    const saved = await web.post('/inbox/confirm', { ids: ids.slice(0, 4).map(String), topics: ['e'] }).expect(303);
    expect(saved.headers.location).toBe('/inbox?ok=inbox-logged');
    const after = (await web.get('/inbox?ok=inbox-logged').expect(200)).text;
    expect(after).toContain('Đã ghi các tin bài đã đánh dấu vào sổ.');
    expect(after).toContain('Tin mới (1)');
    const portal = (await api.get('/api/v1/entries?channel=portal').expect(200)).body.entries as EntryJson[];
    expect(portal.map((e) => [e.item.title, e.item.topics])).toEqual(ARTICLES.slice(0, 4).map((a) => [a.title, ['e']]));
  });

  it('shows a refused save again with 422, what was ticked kept; dismisses; checks now', async () => {
    const { web, ids } = await withFivePosts();
    const refused = await web.post('/inbox/confirm', { ids: [String(ids[0])], topics: ['khong-co'] }).expect(422);
    expect(refused.text).toContain('Nội dung tuyên truyền không hợp lệ.');
    expect(refused.text.match(/name="ids" value="\d+" checked/g)).toHaveLength(1);
    await web.post('/inbox/dismiss', { ids: [String(ids[0])] }).expect(303);
    expect((await web.get('/inbox').expect(200)).text).toContain('Tin mới (4)');
    expect((await web.post('/inbox/run').expect(303)).headers.location).toBe('/inbox?ok=watch-run');
  });

  it('is for those who log: a viewer is refused the page and the API, and sees no count', async () => {
    const { app, store } = await withFivePosts();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    await viewer.get('/inbox').expect(403);
    expect((await viewer.get('/').expect(200)).text).not.toContain('Tin mới');
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewerApi.post('/api/v1/inbox/confirm', { ids: [1] }).expect(403);
    await viewerApi.post('/api/v1/inbox/dismiss', { ids: [1] }).expect(403);
  });
});

describe('the places in the settings', () => {
  it('adds a place from the settings form (422 with the typed address kept), shows it, and stops watching it', async () => {
    const { app, store } = await watchApp();
    const admin = await signIn(app, store, 'quantri2', 'admin');
    const bad = await admin.post('/settings/watch/places', { url: 'anhai.haiphong.gov.vn/cchc', kind: 'page', channel: 'portal', format: 'news', unit: 'tt-dvsnc' }).expect(422);
    expect(bad.text).toContain('Địa chỉ phải bắt đầu bằng http:// hoặc https://');
    expect(bad.text).toContain('value="anhai.haiphong.gov.vn/cchc"');
    const url = `${site().base}/cai-cach-hanh-chinh`;
    await admin.post('/settings/watch/places', { url, kind: 'page', channel: 'portal', format: 'article', unit: 'vh-xh', topics: ['m'], autoLog: 'on' }).expect(303);
    const settings = (await admin.get('/settings').expect(200)).text;
    expect(settings).toContain(url);
    expect(settings).toContain('Tự ghi vào sổ, không cần xác nhận');
    const [place] = await store.commune.watchPlaces();
    expect(place).toMatchObject({ url, kind: 'page', format: 'article', unit: 'vh-xh', topics: ['m'], autoLog: true });
    await admin.post(`/settings/watch/places/${place!.id}/delete`).expect(303);
    expect(await store.commune.watchPlaces()).toEqual([]);
    expect((await admin.get('/settings').expect(200)).text).toContain('Chưa theo dõi nơi nào.');
  });
});
