import { afterEach, describe, expect, it } from 'vitest';
import { platformAccess } from '../../src/platform-access.js';
import { refreshMetrics } from '../../src/services/metrics.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import { changePlatformKeys } from '../../src/services/platform-keys.js';
import { draft, ensureUser, openStore, SECRET } from '../helpers.js';
import { type PlatformServer, platformUrls, startPlatformServer, YOUTUBE_KEY } from '../platform-server.js';
import { metricsContract } from './contract-metrics.js';

metricsContract('postgres', {
  open: async () => {
    const store = await openStore({ engine: 'postgres' });
    await ensureUser(store, 'an', 'editor');
    return store;
  },
  reopen: async (store) => {
    await store.close();
    return openStore({ engine: 'postgres', dataDir: store.dataDir });
  },
});

let site: PlatformServer | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

describe('postgres: a scheduled round of refreshes with several processes', () => {
  it('is made once per commune, by whichever process claims it first', async () => {
    site = await startPlatformServer();
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '1520', likeCount: '40', commentCount: '5' });
    const one = await openStore({ engine: 'postgres' });
    // The same database through another pool: another process of the deployment.
    const two = await openStore({ engine: 'postgres', dataDir: one.dataDir });
    await ensureUser(one, 'an', 'editor');
    const access = platformAccess(SECRET, { ...DEFAULT_FETCH_RULES, allowHosts: ['127.0.0.1'] }, platformUrls(site));
    expect(await changePlatformKeys(one, access.sealer, { youtubeApiKey: YOUTUBE_KEY }, 'quantri')).toEqual({ ok: true });
    const { entry } = await one.addEntry(draft({ entry: { channel: 'youtube', at: '2026-11-20T08:00:00+07:00', playCount: 1, durationSeconds: null, url: 'https://youtu.be/dQw4w9WgXcQ' } }), 'an');
    const round = '2026-11-22T05:30';
    const outcomes = await Promise.all([one, two, one, two].map((store) => refreshMetrics(store, access, { actor: 'lịch tự động', overwrite: false, round })));
    expect(outcomes.filter((o) => o.status === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status !== 'done').every((o) => o.status === 'running' || o.status === 'done-already')).toBe(true);
    expect(site.hits).toHaveLength(1);
    expect(await two.entry(entry.id)).toMatchObject({ views: 1520, interactions: 45 });
    expect((await two.queryAudit({ action: 'metrics.refresh' }, { page: 1, pageSize: 10 })).total).toBe(1);
    // The same round again, later, in either process: nothing more.
    expect(await refreshMetrics(two, access, { actor: 'lịch tự động', overwrite: false, round })).toEqual({ status: 'done-already' });
    expect(site.hits).toHaveLength(1);
  });
});
