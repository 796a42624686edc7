/**
 * The storage contract of the portal watch: places and found posts kept across a restart, the inbox
 * and its count, lookups by link key and folded title, the entries of a link, the round claimed,
 * and a transaction that fails keeping none of it.
 */
import { describe, expect, it } from 'vitest';
import type { InboxPost, WatchPlace } from '../../src/domain/watch.js';
import { draft } from '../helpers.js';
import type { EngineHarness } from './contract.js';

const NOW = '2026-11-22T08:00:00+07:00';
const PLACE: Omit<WatchPlace, 'id'> = { url: 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh', kind: 'page', categoryId: null, channel: 'portal', format: 'news', topics: ['m'], unit: 'tt-dvsnc', autoLog: false, createdAt: NOW, createdBy: 'an', deletedAt: null, deletedBy: null, checkedAt: null, error: null };

function post(placeId: number, n: number, fields: Partial<InboxPost> = {}): Omit<InboxPost, 'id'> {
  return { placeId, url: `https://anhai.haiphong.gov.vn/tin-${n}-81230${n}.html`, urlKey: `anhai.haiphong.gov.vn/tin-${n}-81230${n}.html`, title: `Tin số ${n}`, titleKey: `tin so ${n}`, publishedAt: `2026-11-2${n}T08:00:00+07:00`, channel: 'portal', format: 'news', topics: ['m'], unit: 'tt-dvsnc', foundAt: NOW, status: 'new', decidedAt: null, decidedBy: null, entryId: null, ...fields };
}

export function watchContract(engine: string, h: EngineHarness): void {
  describe(`storage contract, the portal watch: ${engine}`, () => {
    it('keeps places and posts across a restart: the inbox newest first, its count, lookups by link and title', async () => {
      let store = await h.open();
      const made = await store.commune.transaction(async (tx) => {
        const place = await tx.createWatchPlace(PLACE);
        const posts = await tx.createWatchPosts([post(place.id, 1), post(place.id, 3), post(place.id, 2, { publishedAt: null, foundAt: '2026-11-22T09:00:00+07:00' })]);
        await tx.replaceWatchPost({ ...posts[1]!, status: 'dismissed', decidedAt: NOW, decidedBy: 'an' });
        await tx.setWatchRound('2026-11-22T08:15:00+07:00');
        return { place, posts };
      });
      expect(made.posts.map((p) => p.id)).toEqual([...made.posts.map((p) => p.id)].sort((a, b) => a - b));
      store = await h.reopen(store);
      expect(await store.commune.watchPlaces()).toEqual([{ ...PLACE, id: made.place.id }]);
      expect((await store.commune.inboxPosts()).map((p) => p.title)).toEqual(['Tin số 2', 'Tin số 1']);
      expect(await store.commune.inboxCount()).toBe(2);
      expect((await store.commune.postsMatching(['anhai.haiphong.gov.vn/tin-3-812303.html'], ['tin so 1'])).map((p) => [p.title, p.status]).sort()).toEqual([['Tin số 1', 'new'], ['Tin số 3', 'dismissed']]);
      expect(await store.commune.postsMatching([], [])).toEqual([]);
      expect(await store.commune.transaction((tx) => tx.watchRound())).toBe('2026-11-22T08:15:00+07:00');
      expect((await store.commune.transaction((tx) => tx.watchPosts([made.posts[2]!.id, 999_999, made.posts[0]!.id]))).map((p) => p.title)).toEqual(['Tin số 2', 'Tin số 1']);
      await store.commune.transaction((tx) => tx.replaceWatchPlace({ ...made.place, deletedAt: NOW, deletedBy: 'an' }));
      expect(await store.commune.watchPlaces()).toEqual([]);
      expect(await store.commune.transaction((tx) => tx.watchPlace(made.place.id))).toMatchObject({ deletedAt: NOW });
    });

    it('finds the live entries of a link exactly as typed', async () => {
      const store = await h.open();
      const url = 'https://anhai.haiphong.gov.vn/tin-1-812301.html';
      const kept = await store.addEntry(draft({ title: 'Một', entry: { channel: 'portal', playCount: 1, url } }), 'an');
      const gone = await store.addEntry(draft({ title: 'Hai', entry: { channel: 'fanpage', playCount: 1, url } }), 'an');
      await store.deleteEntry(gone.entry.id, 'an');
      expect(await store.commune.linkedEntries([url, `${url}/`])).toEqual([{ entryId: kept.entry.id, url, channel: 'portal' }]);
      expect(await store.commune.linkedEntries([])).toEqual([]);
    });

    it('keeps nothing of a transaction that fails', async () => {
      const store = await h.open();
      await expect(
        store.commune.transaction(async (tx) => {
          const place = await tx.createWatchPlace(PLACE);
          await tx.createWatchPosts([post(place.id, 1)]);
          await tx.setWatchRound('2026-11-22T08:15:00+07:00');
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await store.commune.watchPlaces()).toEqual([]);
      expect(await store.commune.inboxCount()).toBe(0);
      expect(await store.commune.transaction((tx) => tx.watchRound())).toBeNull();
    });
  });
}
