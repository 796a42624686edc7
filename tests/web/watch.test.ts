import { describe, expect, it } from 'vitest';
import { WATCH_USER } from '../../src/domain/watch.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import { runWatch } from '../../src/services/watch.js';
import { apiAs, draft } from '../helpers.js';
import { ARTICLES, ATOM_ENTRY, FEED_ITEMS, LATE_ARTICLE, VNPORTAL_903_AT, VNPORTAL_ARTICLES, VNPORTAL_CATEGORY } from '../portal-server.js';
import { portals, WATCH_RULES, watchApp } from './watch-setup.js';

const { site, inside } = portals();
const SECTION = '/cai-cach-hanh-chinh';

/** The inbox as the API lists it, reduced to what the editor checks. */
async function inboxOf(api: Awaited<ReturnType<typeof watchApp>>['api']) {
  const res = await api.get('/api/v1/inbox').expect(200);
  return (res.body.posts as { title: string; url: string; publishedAt: string | null; channel: string; format: string; topics: string[] }[]).map((p) => [p.title, p.url, p.publishedAt, p.channel, p.format, p.topics]);
}

/** The paths the portal was asked since `from`. */
const hitsSince = (from: number): string[] => site().hits.slice(from);

describe('watching a section page of the portal', () => {
  it('proposes exactly the new posts of its two pages, titled and dated (Vietnam time) from each article\'s page; a second watch proposes nothing and reads no article again', async () => {
    const { api, place } = await watchApp();
    await place({ url: `${site().base}${SECTION}` });
    const before = site().hits.length;
    expect((await api.post('/api/v1/watch/run').expect(200)).body).toEqual({ proposed: 5, logged: 0, errors: [] });
    expect(await inboxOf(api)).toEqual(ARTICLES.map((a) => [a.title, `${site().base}${a.path}`, a.at, 'portal', 'news', ['m']]));
    expect(hitsSince(before)).toEqual([SECTION, ...ARTICLES.slice(0, 3).map((a) => a.path), `${SECTION}?page=2`, ...ARTICLES.slice(3).map((a) => a.path)]);

    const second = site().hits.length;
    expect((await api.post('/api/v1/watch/run').expect(200)).body).toEqual({ proposed: 0, logged: 0, errors: [] });
    expect(hitsSince(second)).toEqual([SECTION]);
    expect((await inboxOf(api)).length).toBe(5);
  });

  it('proposes only the post published since, reading its page alone', async () => {
    const { api, place } = await watchApp();
    await place({ url: `${site().base}${SECTION}` });
    await api.post('/api/v1/watch/run').expect(200);
    site().publish();
    try {
      const before = site().hits.length;
      expect((await api.post('/api/v1/watch/run').expect(200)).body).toMatchObject({ proposed: 1 });
      expect(hitsSince(before)).toEqual([SECTION, LATE_ARTICLE.path]);
      expect((await inboxOf(api))[0]).toEqual([LATE_ARTICLE.title, `${site().base}${LATE_ARTICLE.path}`, LATE_ARTICLE.at, 'portal', 'news', ['m']]);
    } finally {
      site().publish(false);
    }
  });

  it('joins a check asked while one is going on, rather than reading the portal twice', async () => {
    const { api, store, place } = await watchApp();
    await place({ url: `${site().base}${SECTION}` });
    const before = site().hits.length;
    const rules = { ...DEFAULT_FETCH_RULES, ...WATCH_RULES };
    const [a, b] = await Promise.all([runWatch(store, rules), runWatch(store, rules)]);
    expect([a.proposed, b.proposed]).toEqual([5, 5]);
    expect(hitsSince(before).filter((h) => h === SECTION)).toHaveLength(1);
    expect((await inboxOf(api)).length).toBe(5);
  });

  it('does not propose a post already in the log: its link typed another way, or its title on that channel; the same title on the radio only is proposed', async () => {
    const { api, store, place } = await watchApp();
    const [one, two, three] = ARTICLES;
    await store.addEntry(draft({ title: 'x', entry: { channel: 'portal', playCount: 1, durationSeconds: null, url: `${site().base.replace('http:', 'https:')}${one!.path}/` } }), 'bientap');
    await store.addEntry(draft({ title: two!.title.toUpperCase(), entry: { channel: 'portal', playCount: 1, durationSeconds: null } }), 'bientap');
    await store.addEntry(draft({ title: three!.title, entry: { channel: 'radio' } }), 'bientap');
    await place({ url: `${site().base}${SECTION}` });
    const run = (await api.post('/api/v1/watch/run').expect(200)).body;
    expect((await inboxOf(api)).map((p) => p[0])).toEqual([three!.title, ARTICLES[3]!.title, ARTICLES[4]!.title]);
    expect(run.proposed).toBe(3);
  });
});

describe('watching feeds and a vnPortal category', () => {
  it('reads an RSS feed, an Atom feed and vnPortal\'s API: one post in two places, or filed in two sections, is proposed once', async () => {
    const { api, place } = await watchApp();
    await place({ url: `${site().base}${SECTION}` });
    await place({ url: `${site().base}/rss.xml`, kind: 'feed', format: 'article', topics: [] });
    await place({ url: `${site().base}/atom.xml`, kind: 'feed' });
    await place({ url: `${site().base}/`, kind: 'vnportal', categoryId: VNPORTAL_CATEGORY, topics: ['e'] });
    expect((await api.post('/api/v1/watch/run').expect(200)).body).toEqual({ proposed: 10, logged: 0, errors: [] });
    const inbox = await inboxOf(api);
    expect(inbox.filter((p) => p[0] === ARTICLES[0]!.title)).toEqual([[ARTICLES[0]!.title, `${site().base}${ARTICLES[0]!.path}`, ARTICLES[0]!.at, 'portal', 'news', ['m']]]);
    expect(inbox).toContainEqual([FEED_ITEMS[1]!.title, `${site().base}${FEED_ITEMS[1]!.path}`, FEED_ITEMS[1]!.at, 'portal', 'article', []]);
    expect(inbox).toContainEqual([FEED_ITEMS[2]!.title, `${site().base}${FEED_ITEMS[2]!.path}`, FEED_ITEMS[2]!.at, 'portal', 'article', []]);
    expect(inbox).toContainEqual([ATOM_ENTRY.title, `${site().base}${ATOM_ENTRY.path}`, ATOM_ENTRY.at, 'portal', 'news', ['m']]);
    expect(inbox.filter((p) => p[0] === VNPORTAL_ARTICLES[0]!.Title)).toEqual([[VNPORTAL_ARTICLES[0]!.Title, `${site().base}${VNPORTAL_ARTICLES[0]!.Url}`, '2026-11-21T10:30:00+07:00', 'portal', 'news', ['e']]]);
    expect(inbox).toContainEqual([VNPORTAL_ARTICLES[2]!.Title, `${site().base}${VNPORTAL_ARTICLES[2]!.Url}`, VNPORTAL_903_AT, 'portal', 'news', ['e']]);
    expect((await api.post('/api/v1/watch/run').expect(200)).body.proposed).toBe(0);
  });

  it('shows vnPortal\'s 404 "Khong co thong tin" as the place\'s error, and the other places are read', async () => {
    const { api, web, app, store, place } = await watchApp();
    const id = await place({ url: `${site().base}/`, kind: 'vnportal', categoryId: '99' });
    await place({ url: `${site().base}/rss.xml`, kind: 'feed' });
    const res = await api.post('/api/v1/watch/run').expect(200);
    expect(res.body.proposed).toBe(3);
    expect(res.body.errors).toEqual([{ placeId: id, url: `${site().base}/`, error: 'Cổng vnPortal trả lời lỗi 404 "Khong co thong tin": không có bài nào ở chuyên mục 99 (kiểm tra lại mã chuyên mục).' }]);
    expect((await web.get('/inbox').expect(200)).text).toContain('Khong co thong tin');
    const { signIn } = await import('../helpers.js');
    const adminWeb = await signIn(app, store, 'quantri2', 'admin');
    const settings = (await adminWeb.get('/settings').expect(200)).text;
    expect(settings).toContain('Khong co thong tin');
    expect(settings).toContain(`${site().base}/rss.xml`);
  });

  it('never reaches an address that is not allowed: the place says why, and 127.0.0.2 is asked nothing', async () => {
    const { api, place } = await watchApp();
    await place({ url: `${inside().base}${SECTION}` });
    await place({ url: `${inside().base}/rss.xml`, kind: 'feed' });
    await place({ url: `${inside().base}/`, kind: 'vnportal', categoryId: VNPORTAL_CATEGORY });
    const res = await api.post('/api/v1/watch/run').expect(200);
    expect(res.body.proposed).toBe(0);
    expect(res.body.errors.map((e: { error: string }) => e.error)).toEqual([
      'Không đọc được trang chuyên mục: Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.2).',
      'Không đọc được nguồn tin: Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.2).',
      'Không đọc được cổng vnPortal: Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.2).',
    ]);
    expect(inside().hits).toEqual([]);
  });
});

describe('a place that logs without confirmation', () => {
  it('logs its new posts at once, dated by their publication, audited, and leaves the inbox empty', async () => {
    const { api, store, place } = await watchApp();
    await place({ url: `${site().base}${SECTION}`, autoLog: true, format: 'article' });
    expect((await api.post('/api/v1/watch/run').expect(200)).body).toEqual({ proposed: 0, logged: 5, errors: [] });
    expect(await inboxOf(api)).toEqual([]);
    const entries = (await api.get('/api/v1/entries?channel=portal').expect(200)).body.entries as { at: string; url: string; recordedBy: string; playCount: number; item: { title: string; format: string; topics: string[] } }[];
    expect(entries.map((e) => [e.item.title, e.at, e.url, e.recordedBy, e.playCount, e.item.format, e.item.topics])).toEqual(ARTICLES.map((a) => [a.title, a.at, `${site().base}${a.path}`, WATCH_USER, 1, 'article', ['m']]));
    const audit = await store.queryAudit({ user: WATCH_USER }, { page: 1, pageSize: 50 });
    expect(audit.rows.map((r) => r.action).sort()).toEqual([...Array(5).fill('entry.create'), ...Array(5).fill('item.create')]);
    expect((await api.post('/api/v1/watch/run').expect(200)).body).toEqual({ proposed: 0, logged: 0, errors: [] });
  });
});

describe('the places API', () => {
  it('is for admins: lists, adds (422 on bad input, nothing stored) and removes places, each change audited', async () => {
    const { admin, api, store } = await watchApp();
    await api.get('/api/v1/watch/places').expect(403);
    await api.post('/api/v1/watch/places', { url: `${site().base}/rss.xml`, kind: 'feed', channel: 'portal' }).expect(403);
    const bad = await admin.post('/api/v1/watch/places', { url: 'cong-thong-tin', kind: 'trang', channel: 'radio' }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['channel', 'kind', 'url']);
    const made = await admin.post('/api/v1/watch/places', { url: `${site().base}/rss.xml`, kind: 'feed', channel: 'fanpage', format: 'photo', topics: ['k'], autoLog: true }).expect(201);
    expect(made.body).toMatchObject({ url: `${site().base}/rss.xml`, kind: 'feed', categoryId: null, channel: 'fanpage', format: 'photo', topics: ['k'], unit: 'tt-dvsnc', autoLog: true, createdBy: 'quantri', checkedAt: null, error: null });
    expect((await admin.post('/api/v1/watch/places', { url: `${site().base}/rss.xml/`, kind: 'feed', channel: 'portal' }).expect(422)).body.errors.url).toBe('Nơi này đã được theo dõi.');
    expect((await admin.get('/api/v1/watch/places').expect(200)).body.places).toHaveLength(1);
    await api.delete(`/api/v1/watch/places/${made.body.id}`).expect(403);
    await admin.delete(`/api/v1/watch/places/${made.body.id}`).expect(200);
    await admin.delete(`/api/v1/watch/places/${made.body.id}`).expect(404);
    expect((await admin.get('/api/v1/watch/places').expect(200)).body.places).toEqual([]);
    expect((await store.auditOf('watch-place', made.body.id)).map((r) => r.action)).toEqual(['watch.place.create', 'watch.place.delete']);
  });

  it('lets those who log check now, and refuses a viewer', async () => {
    const { app, store } = await watchApp();
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewer.post('/api/v1/watch/run').expect(403);
    await viewer.get('/api/v1/inbox').expect(403);
  });
});
