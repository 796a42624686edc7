/**
 * Moving a ward to PostgreSQL carries the platforms' figures: the commune's keys (their sealed text as
 * it was), where each post stands, its dated readings and the last round. A key opens after the move
 * when the commune keeps the code it was sealed under, and the tool says so when it does not.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { platformAccess } from '../../src/platform-access.js';
import { sealerFrom } from '../../src/security/sealing.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import { changePlatformKeys, openPlatformKeys } from '../../src/services/platform-keys.js';
import { scopeOf } from '../../src/services/scope.js';
import { openPostgresStorage, type PostgresStorage } from '../../src/storage/postgres/index.js';
import { describeMove, moveToPostgres } from '../../src/tools/move-to-postgres.js';
import { draft, ensureUser, NOW, openStore, SECRET, signIn, tempDataDir, TestStore } from '../helpers.js';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';
import { GRAPH_TOKEN, type PlatformServer, platformUrls, startPlatformServer, YOUTUBE_KEY } from '../platform-server.js';

const PAGE_ID = '100064123456789';
const YT = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const FB = 'https://www.facebook.com/phuonganhai/posts/1234567890123';
const DAY = 86_400_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh database (with its empty first commune `main`), a files folder, and the storage on it once opened. */
async function cityDatabase(clock: () => Date) {
  const db = await newTestDatabase();
  cleanups.push(() => dropTestDatabase(db.name));
  const filesDir = path.join(await tempDataDir(), 'files');
  const open = async (): Promise<PostgresStorage> => {
    const storage = await openPostgresStorage({ url: db.url, filesDir, clock, poolSize: 4 });
    cleanups.push(() => storage.close());
    return storage;
  };
  return { url: db.url, filesDir, open };
}

async function platformSite(): Promise<PlatformServer> {
  const site = await startPlatformServer();
  cleanups.push(() => site.close());
  site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '1520', likeCount: '40', favoriteCount: '0', commentCount: '5' });
  site.graph.posts.set(`${PAGE_ID}_1234567890123`, { views: 830, reactions: 21, comments: 4, shares: 3 });
  return site;
}

/** What the entry page shows of a post (its facts, figures, readings and history), without the form tokens. */
function entryPart(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  return main.replace(/name="_csrf" value="[^"]+"/g, '');
}

describe('moving a ward to PostgreSQL, with its platforms\' figures', () => {
  it('carries the keys as sealed, each post\'s state and dated readings: the entry page reads the same, and the keys still open', async () => {
    const site = await platformSite();
    const clock = { now: new Date(NOW) };
    const now = () => clock.now;
    const appOver = async (store: TestStore) =>
      createApp({ storage: store.storage, clock: now, sessionSecret: SECRET, uploadDir: path.join(await tempDataDir(), 'tmp'), linkPreview: { allowHosts: ['127.0.0.1'] }, platforms: platformUrls(site) });
    const ward = await openStore({ engine: 'lowdb', clock: now });
    const wardApp = await appOver(ward);
    const admin = await signIn(wardApp, ward, 'binh', 'admin');
    await admin.post('/settings/platforms', { youtubeApiKey: YOUTUBE_KEY, facebookToken: GRAPH_TOKEN, facebookPageId: PAGE_ID }).expect(303);
    const editor = await signIn(wardApp, ward, 'an', 'editor');
    const post = (title: string, channel: string, url: string) => ward.addEntry(draft({ title, entry: { channel, at: '2026-11-20T08:00:00+07:00', durationSeconds: null, url } }), 'an');
    const yt = (await post('Video hướng dẫn dịch vụ công', 'youtube', YT)).entry.id;
    const fb = (await post('Bài Fanpage về thanh toán trực tuyến', 'fanpage', FB)).entry.id;
    await editor.post('/entries/views/refresh', {}).expect(303);
    // A day later YouTube counts more; Facebook no longer answers that post.
    clock.now = new Date(NOW.getTime() + DAY);
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '2210', likeCount: '52', commentCount: '8' });
    site.graph.posts.clear();
    await editor.post('/entries/views/refresh', {}).expect(303);
    const figures = async (store: TestStore) => ({
      keys: await store.commune.platformKeys(),
      states: await store.commune.metricStates([yt, fb]),
      readings: [await store.commune.metricReadings(yt), await store.commune.metricReadings(fb)],
      run: await store.commune.metricsRun(),
    });
    const before = await figures(ward);
    // Two readings of the video, one of the Page post, whose state keeps its failure.
    expect(before.readings.map((r) => r.map((x) => x.views))).toEqual([[1520, 2210], [830]]);
    expect(before.states.find((s) => s.entryId === fb)?.error).toMatch(/^Không còn thấy bài trên Facebook/);
    expect(before.run).toMatchObject({ by: 'an', finishedAt: '2026-11-23T10:00:00+07:00' });
    const pagesBefore = [entryPart((await editor.get(`/entries/${yt}`).expect(200)).text), entryPart((await editor.get(`/entries/${fb}`).expect(200)).text)];
    expect(pagesBefore[0]).toMatch(/22\/11\/2026 10:00<\/td><td data-label="Nền tảng">YouTube<\/td><td data-label="Lượt xem">1\.520/);
    expect(pagesBefore[0]).toMatch(/23\/11\/2026 10:00<\/td><td data-label="Nền tảng">YouTube<\/td><td data-label="Lượt xem">2\.210/);
    expect(pagesBefore[1]).toContain('Không còn thấy bài trên Facebook');
    await ward.close();
    const city = await cityDatabase(now);

    const report = await moveToPostgres({ dataDir: ward.dataDir, databaseUrl: city.url, filesDir: city.filesDir, code: 'main', name: 'An Hải', kind: 'phường' });

    expect(report).toMatchObject({ platformKeys: 2, metricStates: 2, metricReadings: 3, keysSealedFor: null });
    expect(describeMove(ward.dataDir, city.filesDir, report)).toContain('platform figures: 2 key(s), 2 post(s) followed, 3 dated reading(s)');
    expect(describeMove(ward.dataDir, city.filesDir, report)).not.toContain('Warning');
    const moved = new TestStore(Object.assign(await city.open(), { dataDir: ward.dataDir }), now);
    expect(await figures(moved)).toEqual(before);
    const cityApp = await appOver(moved);
    const editorThere = await signIn(cityApp, moved, 'an', 'editor');
    expect([entryPart((await editorThere.get(`/entries/${yt}`).expect(200)).text), entryPart((await editorThere.get(`/entries/${fb}`).expect(200)).text)]).toEqual(pagesBefore);
    // The keys open under the same session secret: the next round reads both platforms, and the history grows.
    clock.now = new Date(NOW.getTime() + 2 * DAY);
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '2600', likeCount: '60', commentCount: '9' });
    site.graph.posts.set(`${PAGE_ID}_1234567890123`, { views: 900, reactions: 22, comments: 4, shares: 3 });
    expect((await editorThere.post('/entries/views/refresh', {}).expect(303)).headers.location).toContain('ok=metrics-refreshed');
    expect(await moved.entry(yt)).toMatchObject({ views: 2600, interactions: 69 });
    expect(await moved.entry(fb)).toMatchObject({ views: 900, interactions: 29 });
    expect((await moved.commune.metricReadings(yt)).map((r) => [r.at, r.views])).toEqual([
      ['2026-11-22T10:00:00+07:00', 1520],
      ['2026-11-23T10:00:00+07:00', 2210],
      ['2026-11-24T10:00:00+07:00', 2600],
    ]);
    expect(await moved.commune.metricStates([fb])).toMatchObject([{ error: null, views: 900 }]);
  });

  it('moves keys sealed for another code unchanged, and says they will not open there until entered again', async () => {
    const ward = await openStore({ engine: 'lowdb' });
    await ensureUser(ward, 'binh', 'admin');
    expect(await changePlatformKeys(ward, sealerFrom(SECRET), { youtubeApiKey: YOUTUBE_KEY, facebookToken: GRAPH_TOKEN, facebookPageId: PAGE_ID }, 'binh')).toEqual({ ok: true });
    const keys = await ward.commune.platformKeys();
    await ward.close();
    const city = await cityDatabase(() => NOW);

    const report = await moveToPostgres({ dataDir: ward.dataDir, databaseUrl: city.url, filesDir: city.filesDir, code: 'an-hai', name: 'An Hải', kind: 'phường' });

    expect(report).toMatchObject({ platformKeys: 2, metricStates: 0, metricReadings: 0, keysSealedFor: 'main' });
    expect(describeMove(ward.dataDir, city.filesDir, report)).toContain(
      'Warning: the 2 platform key(s) were sealed for the commune "main" and do not open as "an-hai" (a sealed key is bound to its commune\'s code): an admin of "an-hai" must enter them again',
    );
    const pg = await city.open();
    // The sealed text is what the ward kept: it opens under the code it was sealed for, not under the new one.
    expect(await pg.commune('an-hai').platformKeys()).toEqual(keys);
    expect(sealerFrom(SECRET).open(keys.youtubeApiKey!, 'main/youtubeApiKey')).toBe(YOUTUBE_KEY);
    const access = platformAccess(SECRET, DEFAULT_FETCH_RULES);
    expect(await openPlatformKeys(scopeOf(pg, () => NOW, 'an-hai'), access)).toMatchObject({ youtube: null, facebook: null, facebookPageId: PAGE_ID, unreadable: ['youtubeApiKey', 'facebookToken'] });
  });
});
