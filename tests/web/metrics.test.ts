import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiAs, draft, makeApp, NOW, signIn } from '../helpers.js';
import { GRAPH_REVOKED, GRAPH_TOKEN, type PlatformServer, platformUrls, startPlatformServer, TOO_MANY, YOUTUBE_KEY, YOUTUBE_QUOTA, ZALO_TOKEN } from '../platform-server.js';
import type { TestStore } from '../test-store.js';

const servers: PlatformServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const PAGE_ID = '100064123456789';
const YT = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const FB = `https://www.facebook.com/phuonganhai/posts/${'1234567890123'}`;
const ZL = 'https://oa.zalo.me/article/a1b2c3d4e5f6';

/** An app whose platforms are a local test server, its admin having saved the three keys, and a clock the test moves. */
async function setUp(options: { keys?: boolean; host?: string } = {}) {
  const site = await startPlatformServer(options.host);
  servers.push(site);
  const clock = { now: new Date(NOW) };
  const t = await makeApp({ clock: () => clock.now, linkPreview: { allowHosts: ['127.0.0.1'] }, platforms: platformUrls(site) });
  const admin = await signIn(t.app, t.store, 'quantri', 'admin');
  if (options.keys !== false) {
    await admin.post('/settings/platforms', { youtubeApiKey: YOUTUBE_KEY, facebookToken: GRAPH_TOKEN, facebookPageId: PAGE_ID, zaloToken: ZALO_TOKEN }).expect(303);
  }
  site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '1520', likeCount: '40', favoriteCount: '0', commentCount: '5' });
  site.graph.posts.set(`${PAGE_ID}_1234567890123`, { views: 830, reactions: 21, comments: 4, shares: 3 });
  site.zalo.articles.push({ id: 'a1b2c3d4e5f6', type: 'normal', total_view: 312, total_share: 9, create_date: Date.parse('2026-11-19T02:00:00Z') });
  for (let i = 0; i < 12; i++) site.zalo.articles.push({ id: `newer${i}`, type: 'normal', total_view: i, total_share: 0, create_date: Date.parse('2026-11-21T00:00:00Z') + i });
  return { ...t, admin, site, clock };
}

/** Logs a post on a channel with its link (and figures typed by hand, if given). */
async function post(store: TestStore, title: string, channel: string, url: string, typed: { views?: number; interactions?: number } = {}) {
  const { entry } = await store.addEntry(draft({ title, entry: { channel, at: '2026-11-20T08:00:00+07:00', playCount: 1, durationSeconds: null, url, views: typed.views ?? null, interactions: typed.interactions ?? null } }), 'bientap');
  return entry.id;
}

/** Everything the store keeps, as text: every data file, or every row of the tables a key could land in. */
async function storedText(store: TestStore): Promise<string> {
  const storage = store.storage as TestStore['storage'] & { pool?: { query(sql: string): Promise<{ rows: { text: string }[] }> } };
  if (storage.pool) {
    const tables = ['commune_docs', 'audit', 'metric_states', 'metric_readings', 'deployment_docs', 'sessions'];
    return (await storage.pool.query(`SELECT concat_ws(' ', ${tables.map((t) => `(SELECT string_agg(t::text, ' ') FROM ${t} t)`).join(', ')}) AS text`)).rows[0]!.text;
  }
  const files = (await readdir(store.dataDir, { recursive: true })).filter((f) => f.endsWith('.json'));
  return (await Promise.all(files.map((f) => readFile(path.join(store.dataDir, f), 'utf8')))).join('\n');
}

describe('POST /api/v1/metrics/refresh', () => {
  it('reads views and interactions from YouTube, Facebook and Zalo OA, and keeps each dated value', async () => {
    const { app, store, api, web, site, clock } = await setUp();
    const yt = await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    const fb = await post(store, 'Bài Fanpage về thanh toán trực tuyến', 'fanpage', FB);
    const zl = await post(store, 'Bài Zalo OA về VNeID', 'zalo-oa', ZL);
    const radio = await post(store, 'Tin truyền thanh', 'radio', 'https://example.org/khong-phai-nen-tang');

    expect((await api.post('/api/v1/metrics/refresh').expect(200)).body).toEqual({ updated: 3, errors: [] });
    // YouTube: viewCount; likeCount + commentCount. Facebook: post_media_view; reactions + comments + shares. Zalo: total_view; total_share.
    expect(await store.entry(yt)).toMatchObject({ views: 1520, interactions: 45 });
    expect(await store.entry(fb)).toMatchObject({ views: 830, interactions: 28 });
    expect(await store.entry(zl)).toMatchObject({ views: 312, interactions: 9 });
    expect(await store.entry(radio)).toMatchObject({ views: null, interactions: null });

    // The secrets travel in headers, never in an address; only current Graph metrics are asked; Zalo 10 at a time.
    for (const hit of site.hits) for (const secret of [YOUTUBE_KEY, GRAPH_TOKEN, ZALO_TOKEN]) expect(hit.path).not.toContain(secret);
    const graphHit = site.hits.find((h) => h.path.startsWith('/graph/'))!;
    expect(graphHit.path).toContain(`/graph/v25.0/${PAGE_ID}_1234567890123?fields=`);
    expect(decodeURIComponent(graphHit.path)).toContain('insights.metric(post_media_view)');
    expect(decodeURIComponent(graphHit.path)).not.toContain('post_impressions');
    expect(site.hits.filter((h) => h.path.startsWith('/zalo/')).map((h) => new URL(h.path, site.base).searchParams.get('limit'))).toEqual(['10', '10']);
    expect(site.hits[0]!.headers['user-agent']).toContain('CCHC-log');

    // A day later the figures have grown: the entry takes the latest, the history keeps both.
    clock.now = new Date(NOW.getTime() + 86_400_000);
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '2210', likeCount: '52', commentCount: '8' });
    expect((await api.post('/api/v1/metrics/refresh').expect(200)).body).toEqual({ updated: 1, errors: [] });
    expect(await store.entry(yt)).toMatchObject({ views: 2210, interactions: 60 });
    expect(await store.commune.metricReadings(yt)).toEqual([
      { entryId: yt, platform: 'youtube', at: '2026-11-22T10:00:00+07:00', views: 1520, interactions: 45 },
      { entryId: yt, platform: 'youtube', at: '2026-11-23T10:00:00+07:00', views: 2210, interactions: 60 },
    ]);
    const page = (await web.get(`/entries/${yt}`).expect(200)).text;
    expect(page).toContain('Lượt xem qua các lần cập nhật');
    expect(page).toMatch(/22\/11\/2026 10:00<\/td><td data-label="Nền tảng">YouTube<\/td><td data-label="Lượt xem">1\.520/);
    expect(page).toMatch(/23\/11\/2026 10:00<\/td><td data-label="Nền tảng">YouTube<\/td><td data-label="Lượt xem">2\.210/);
    const views = (await web.get('/entries/views').expect(200)).text;
    expect(views).toContain('cập nhật từ YouTube lúc 23/11/2026 10:00');
    expect(views).toContain('cập nhật từ Facebook lúc 23/11/2026 10:00');
    expect(views).toContain('Lần cập nhật gần nhất: 23/11/2026 10:00');
    void app;
  });

  it('keeps a value typed by hand, unless the user chooses the platform\'s figures', async () => {
    const { store, api, web } = await setUp();
    const yt = await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT, { views: 999 });
    expect((await api.post('/api/v1/metrics/refresh').expect(200)).body).toEqual({ updated: 1, errors: [] });
    // The typed views stay; the interactions nobody typed come from YouTube.
    expect(await store.entry(yt)).toMatchObject({ views: 999, interactions: 45 });
    const views = (await web.get('/entries/views').expect(200)).text;
    expect(views).toContain('số nhập tay được giữ; YouTube lúc 22/11/2026 10:00: 1.520 lượt xem, 45 lượt tương tác');
    // Refreshed again, still kept.
    await api.post('/api/v1/metrics/refresh').expect(200);
    expect(await store.entry(yt)).toMatchObject({ views: 999 });
    // The choice for this post (a button on its row): the entry takes the platform's figures, as an edit.
    await web.post(`/entries/${yt}/metrics/use`).expect(303);
    expect(await store.entry(yt)).toMatchObject({ views: 1520, interactions: 45 });
    expect((await store.auditOf('entry', yt)).at(-1)).toMatchObject({ action: 'entry.update', user: 'bientap', before: { views: 999 }, after: { views: 1520 } });
  });

  it('overwrites typed values when the refresh is asked to (the button\'s choice)', async () => {
    const { store, web } = await setUp();
    const yt = await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT, { views: 999, interactions: 7 });
    await web.post('/entries/views/refresh', {}).expect(303);
    expect(await store.entry(yt)).toMatchObject({ views: 999, interactions: 7 });
    const done = await web.post('/entries/views/refresh', { overwrite: '1' }).expect(303);
    expect(done.headers.location).toContain('ok=metrics-refreshed');
    expect(await store.entry(yt)).toMatchObject({ views: 1520, interactions: 45 });
    expect((await store.queryAudit({ action: 'metrics' }, { page: 1, pageSize: 5 })).rows[0]).toMatchObject({ action: 'metrics.refresh', user: 'bientap', after: { posts: 1, updated: 1, errors: 0, overwrite: true } });
  });

  it('shows a revoked Facebook token with Facebook\'s own words, per platform and on each post, and tries again next time', async () => {
    const { store, api, web, site } = await setUp();
    const yt = await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    const fb = await post(store, 'Bài Fanpage về thanh toán trực tuyến', 'fanpage', FB);
    const fb2 = await post(store, 'Bài Fanpage thứ hai', 'fanpage', `https://www.facebook.com/permalink.php?story_fbid=999888&id=${PAGE_ID}`);
    site.graph.token = 'a-new-token-the-commune-has-not-typed-yet';
    const res = (await api.post('/api/v1/metrics/refresh').expect(200)).body;
    expect(res.updated).toBe(1);
    expect(res.errors).toEqual([
      {
        platform: 'facebook',
        entryId: null,
        title: null,
        message:
          'Facebook không nhận mã truy cập (hết hạn, bị thu hồi, sai hoặc không đủ quyền): hãy nhập mã mới trong Cài đặt. Facebook trả lời: “Error validating access token: The user has not authorized application 1234567890.” (2 bài)',
      },
    ]);
    // One refused call stops the calls to Facebook for this round.
    expect(site.hits.filter((h) => h.path.startsWith('/graph/'))).toHaveLength(1);
    expect(await store.entry(yt)).toMatchObject({ views: 1520 });
    expect(await store.entry(fb)).toMatchObject({ views: null });
    const views = (await web.get('/entries/views').expect(200)).text;
    expect(views.split('Facebook không nhận mã truy cập').length - 1).toBe(3);
    // The commune's token works again: the next round reads the posts.
    site.graph.token = GRAPH_TOKEN;
    site.graph.posts.set(`${PAGE_ID}_999888`, { views: 40, reactions: 2, comments: 0 });
    expect((await api.post('/api/v1/metrics/refresh').expect(200)).body).toEqual({ updated: 2, errors: [] });
    expect(await store.entry(fb)).toMatchObject({ views: 830, interactions: 28 });
    // Never shared: no `shares` in Graph's answer, so 2 + 0 + 0.
    expect(await store.entry(fb2)).toMatchObject({ views: 40, interactions: 2 });
    expect((await web.get('/entries/views').expect(200)).text).not.toContain('Facebook không nhận mã truy cập');
  });

  it('shows YouTube\'s spent quota, a rate limit and a post deleted on Facebook, each in Vietnamese with the platform\'s words', async () => {
    const { store, api, site } = await setUp();
    await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    const gone = await post(store, 'Bài Fanpage đã xóa', 'fanpage', `https://www.facebook.com/${PAGE_ID}/posts/5550001`);
    await post(store, 'Bài Zalo OA về VNeID', 'zalo-oa', ZL);
    site.youtube.fail = YOUTUBE_QUOTA;
    site.zalo.fail = TOO_MANY;
    const { errors } = (await api.post('/api/v1/metrics/refresh').expect(200)).body;
    expect(errors).toEqual([
      { platform: 'facebook', entryId: gone, title: 'Bài Fanpage đã xóa', message: expect.stringMatching(/^Không còn thấy bài trên Facebook \(bài đã bị xóa.*Facebook trả lời: “Unsupported get request\. Object with ID '100064123456789_5550001' does not exist/) },
      { platform: 'youtube', entryId: null, title: null, message: 'YouTube báo đã dùng hết hạn mức gọi (quota) trong ngày: sẽ thử lại ở lần cập nhật sau. YouTube trả lời: “The request cannot be completed because you have exceeded your quota.” (1 bài)' },
      { platform: 'zalo', entryId: null, title: null, message: 'Zalo OA báo gọi quá nhiều trong thời gian ngắn: sẽ thử lại ở lần cập nhật sau. (1 bài)' },
    ]);
  });

  it('reports a link whose post it cannot tell, rather than guess', async () => {
    const { store, api, site } = await setUp();
    const pfbid = await post(store, 'Bài chia sẻ dạng pfbid', 'fanpage', 'https://www.facebook.com/phuonganhai/posts/pfbid02abcDEF');
    const channel = await post(store, 'Link kênh YouTube', 'youtube', 'https://www.youtube.com/@phuonganhai');
    const { errors } = (await api.post('/api/v1/metrics/refresh').expect(200)).body;
    expect(errors).toEqual([
      { platform: 'facebook', entryId: pfbid, title: 'Bài chia sẻ dạng pfbid', message: expect.stringMatching(/^Link Facebook dạng pfbid… không cho biết mã bài/) },
      { platform: 'youtube', entryId: channel, title: 'Link kênh YouTube', message: expect.stringMatching(/^Link YouTube này không chỉ tới một video: cần dạng/) },
    ]);
    expect(site.hits).toEqual([]);
  });

  it('refuses a second refresh while one runs (409), and takes a round left unfinished past its lease for dead', async () => {
    const { store, api, clock } = await setUp();
    await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    await store.commune.transaction((tx) => tx.putMetricsRun({ round: null, lastRound: null, startedAt: '2026-11-22T09:55:00+07:00', finishedAt: null, by: 'quantri', updated: 0, errors: [] }));
    expect((await api.post('/api/v1/metrics/refresh').expect(409)).body.error).toContain('bắt đầu lúc 22/11/2026 09:55');
    clock.now = new Date(NOW.getTime() + 11 * 60_000);
    expect((await api.post('/api/v1/metrics/refresh').expect(200)).body.updated).toBe(1);
  });

  it('answers 422 while the commune has no key, and the button says so', async () => {
    const { store, api, web } = await setUp({ keys: false });
    await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    expect((await api.post('/api/v1/metrics/refresh').expect(422)).body.error).toContain('Chưa có khóa kết nối');
    expect((await web.post('/entries/views/refresh').expect(303)).headers.location).toContain('ok=metrics-no-keys');
  });

  it('never calls a platform address that is not allowed (127.0.0.2 stands for the office network)', async () => {
    const { store, api, site } = await setUp({ host: '127.0.0.2' });
    await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    const { errors } = (await api.post('/api/v1/metrics/refresh').expect(200)).body;
    expect(errors[0].message).toMatch(/^Không gọi được YouTube: sẽ thử lại ở lần cập nhật sau\. \(Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ \(127\.0\.0\.2\)\)/);
    expect(site.hits).toEqual([]);
  });

  it('is for editors and admins only', async () => {
    const { app, store } = await setUp();
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewer.post('/api/v1/metrics/refresh').expect(403);
  });
});

describe('the keys to the platforms in the settings', () => {
  it('are never shown back, audited, logged or stored in clear', async () => {
    const logged = [vi.spyOn(console, 'log'), vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    const { store, admin, api } = await setUp();
    await post(store, 'Video hướng dẫn dịch vụ công', 'youtube', YT);
    await api.post('/api/v1/metrics/refresh').expect(200);
    const page = (await admin.get('/settings').expect(200)).text;
    expect(page).toMatch(/Khóa YouTube API \(YouTube Data API v3\): <strong class="key-status">đã lưu<\/strong>/);
    expect(page).toContain(`value="${PAGE_ID}"`);
    const trail = JSON.stringify((await admin.get('/api/v1/audit?action=platform-keys').set('Accept', 'application/json').expect(200)).body);
    expect(trail).toContain('đã lưu');
    const auditPage = (await admin.get('/audit').expect(200)).text;
    expect(auditPage).toContain('Sửa khóa kết nối YouTube, Facebook, Zalo OA');
    const stored = await storedText(store);
    const printed = logged.flatMap((spy) => spy.mock.calls.map((c) => c.map(String).join(' '))).join('\n');
    for (const secret of [YOUTUBE_KEY, GRAPH_TOKEN, ZALO_TOKEN]) {
      for (const [where, text] of Object.entries({ page, trail, auditPage, stored, printed })) expect(text.includes(secret), `${where} holds a key`).toBe(false);
    }
    for (const spy of logged) spy.mockRestore();
  });

  it('are replaced, removed, or refused with a message that does not repeat what was typed', async () => {
    const { store, admin } = await setUp();
    const bad = await admin.post('/settings/platforms', { youtubeApiKey: 'khóa sai có dấu cách' }).expect(422);
    expect(bad.text).toContain('Khóa YouTube API gồm 20–100 chữ cái');
    expect(bad.text).not.toContain('khóa sai có dấu cách');
    await admin.post('/settings/platforms', { remove_zaloToken: 'on', youtubeApiKey: 'AIzaSyAnotherKey-9876543210zyxwvutsrqp' }).expect(303);
    const keys = await store.commune.platformKeys();
    expect(keys.zaloToken).toBeNull();
    expect(keys.youtubeApiKey).toMatch(/^v1\./);
    expect((await store.queryAudit({ action: 'platform-keys' }, { page: 1, pageSize: 5 })).rows[0]).toMatchObject({
      user: 'quantri',
      target: { type: 'settings', id: 'platform-keys' },
      before: { youtubeApiKey: 'đã lưu', zaloToken: 'đã lưu' },
      after: { youtubeApiKey: 'đã thay mã mới', zaloToken: 'đã xóa' },
    });
    expect((await admin.get('/settings').expect(200)).text).toMatch(/Mã truy cập Zalo OA \(OA access token\): <strong class="key-status">chưa có<\/strong>/);
  });

  it('are set by admins only', async () => {
    const { web } = await setUp({ keys: false });
    await web.post('/settings/platforms', { youtubeApiKey: YOUTUBE_KEY }).expect(403);
  });
});
