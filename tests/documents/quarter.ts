import type { TestStore } from '../helpers.js';

const ENTRY = { playCount: 2, durationSeconds: null, url: null, views: null, interactions: null, note: '', channel: 'radio' };
const item = (title: string, topics: string[]) => ({ fields: { title, summary: '', format: 'news', topics, unit: 'tt-dvsnc', author: '', sourceUrl: null } });

/**
 * Quarter I of 2026 in a commune, by hand: 20 radio items aired 3 times each (in January, February and
 * March), 2 plays an airing and no length recorded: 60 airings, 120 plays, no air time. With `posts`:
 * three portal posts with 120 + 121 + 122 = 363 views and one fanpage post with none.
 */
export async function logQuarter(store: TestStore, opts: { radio?: boolean; posts?: boolean } = {}): Promise<void> {
  if (opts.radio ?? true) {
    for (let i = 1; i <= 20; i++) {
      const day = String(i).padStart(2, '0');
      const first = await store.addEntry({ item: item(`Tin cải cách hành chính số ${i}`, [i % 2 ? 'm' : 'k']), entry: { ...ENTRY, at: `2026-01-${day}T06:30:00+07:00` } }, 'bientap');
      for (const at of [`2026-02-${day}T17:00:00+07:00`, `2026-03-${day}T06:30:00+07:00`]) await store.addEntry({ item: { existingId: first.item.id }, entry: { ...ENTRY, at } }, 'bientap');
    }
  }
  if (opts.posts ?? true) {
    for (const [i, views] of [120, 121, 122].entries()) {
      await store.addEntry({ item: item(`Bài cổng ${i + 1}`, ['m']), entry: { ...ENTRY, channel: 'portal', playCount: 1, at: `2026-02-1${i}T09:00:00+07:00`, views } }, 'bientap');
    }
    await store.addEntry({ item: item('Bài fanpage', ['m']), entry: { ...ENTRY, channel: 'fanpage', playCount: 1, at: '2026-03-25T20:00:00+07:00' } }, 'bientap');
  }
}
