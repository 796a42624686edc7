import type { ScheduledTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runMetricsRound, startMetricsRefresh } from '../../src/jobs/metrics.js';
import { platformAccess } from '../../src/platform-access.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import { changePlatformKeys } from '../../src/services/platform-keys.js';
import { draft, openStore, SECRET } from '../helpers.js';
import { type PlatformServer, platformUrls, startPlatformServer, YOUTUBE_KEY } from '../platform-server.js';

const tasks: ScheduledTask[] = [];
let site: PlatformServer | null = null;
afterEach(async () => {
  while (tasks.length) await tasks.pop()!.destroy();
  vi.useRealTimers();
  await site?.close();
  site = null;
});

const ROUND_AT = new Date('2026-11-21T22:30:00Z'); // 22/11/2026 05:30 in Vietnam

describe('runMetricsRound', () => {
  it('refreshes every commune that has keys, each once per round', async () => {
    site = await startPlatformServer();
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '1520', likeCount: '40', commentCount: '5' });
    const access = platformAccess(SECRET, { ...DEFAULT_FETCH_RULES, allowHosts: ['127.0.0.1'] }, platformUrls(site));
    const store = await openStore();
    await store.storage.createCommune({ code: 'nghi-duong', name: 'Nghi Dương', kind: 'xã' });
    const other = store.inCommune('nghi-duong');
    await changePlatformKeys(store, access.sealer, { youtubeApiKey: YOUTUBE_KEY }, 'quantri');
    const { entry } = await store.addEntry(draft({ entry: { channel: 'youtube', at: '2026-11-20T08:00:00+07:00', playCount: 1, durationSeconds: null, url: 'https://youtu.be/dQw4w9WgXcQ' } }), 'an');
    await other.addEntry(draft({ entry: { channel: 'youtube', at: '2026-11-20T08:00:00+07:00', playCount: 1, durationSeconds: null, url: 'https://youtu.be/dQw4w9WgXcQ' } }), 'an');

    // A commune with a key and no post on the platforms: a round that reads nothing and leaves no line in its trail.
    await store.storage.createCommune({ code: 'tien-lang', name: 'Tiên Lãng', kind: 'xã' });
    const quiet = store.inCommune('tien-lang');
    await changePlatformKeys(quiet, access.sealer, { zaloToken: 'zalo-oa-test-token-0123456789' }, 'quantri');
    const code = store.commune.code;
    expect(await runMetricsRound([store, other, quiet], access, ROUND_AT)).toEqual({ [code]: 'updated 1 of 1, 0 errors', 'nghi-duong': 'no-keys', 'tien-lang': 'updated 0 of 0, 0 errors' });
    expect((await quiet.queryAudit({ action: 'metrics' }, { page: 1, pageSize: 5 })).total).toBe(0);
    expect((await store.queryAudit({ action: 'metrics' }, { page: 1, pageSize: 5 })).total).toBe(1);
    expect(await store.entry(entry.id)).toMatchObject({ views: 1520, interactions: 45 });
    expect(await store.commune.metricsRun()).toMatchObject({ round: '2026-11-22T05:30', by: 'lịch tự động', updated: 1, errors: [] });
    // The same round again (another process's schedule, a second later): nothing is read twice.
    expect(await runMetricsRound([store, other], access, new Date(ROUND_AT.getTime() + 1000))).toEqual({ [code]: 'done-already', 'nghi-duong': 'no-keys' });
    expect(site.hits).toHaveLength(1);
    // The next day's round reads again.
    expect(await runMetricsRound([store], access, new Date(ROUND_AT.getTime() + 86_400_000))).toEqual({ [code]: 'updated 0 of 1, 0 errors' });
    expect(site.hits).toHaveLength(2);
  });
});

describe('startMetricsRefresh', () => {
  it('runs the round at the cron time read in Vietnam time, and not at all when switched off', async () => {
    const access = platformAccess(SECRET, DEFAULT_FETCH_RULES);
    expect(startMetricsRefresh(async () => [], access, { cron: null })).toBeNull();
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-21T22:29:00Z'));
    const scopes = vi.fn(async () => []);
    const task = startMetricsRefresh(scopes, access, { cron: '30 5 * * *' })!;
    tasks.push(task);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(scopes).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(scopes).toHaveBeenCalledTimes(1);
    expect(task.getNextRun()?.toISOString()).toBe('2026-11-22T22:30:00.000Z');
  });
});

describe('the configuration of the refresh', () => {
  it('reads the cron, the platforms\' addresses and the deployment\'s YouTube key, and refuses bad ones naming the variable', () => {
    const config = loadConfig({});
    expect(config.metricsRefreshCron).toBe('30 5 * * *');
    expect(config.platforms).toEqual({ youtubeApiUrl: 'https://www.googleapis.com/youtube/v3', facebookGraphUrl: 'https://graph.facebook.com/v25.0', zaloOaApiUrl: 'https://openapi.zalo.me', youtubeApiKey: null });
    const local = loadConfig({ METRICS_REFRESH_CRON: '', YOUTUBE_API_URL: 'http://127.0.0.1:9000/youtube/v3/', YOUTUBE_API_KEY: YOUTUBE_KEY });
    expect(local.metricsRefreshCron).toBeNull();
    expect(local.platforms).toMatchObject({ youtubeApiUrl: 'http://127.0.0.1:9000/youtube/v3', youtubeApiKey: YOUTUBE_KEY });
    expect(() => loadConfig({ METRICS_REFRESH_CRON: 'every day' })).toThrow(ConfigError);
    expect(() => loadConfig({ FACEBOOK_GRAPH_URL: 'graph.facebook.com' })).toThrow(/FACEBOOK_GRAPH_URL/);
    expect(() => loadConfig({ ZALO_OA_API_URL: 'https://openapi.zalo.me/?x=1' })).toThrow(/ZALO_OA_API_URL/);
    const bad = (() => {
      try {
        loadConfig({ YOUTUBE_API_KEY: 'not a key but a secret' });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(bad).toMatch(/^Environment variable YOUTUBE_API_KEY: /);
    expect(bad).not.toContain('not a key but a secret');
  });
});
