/**
 * The scheduled watch with several processes on one database (a city deployment): each commune's
 * places are read once per round, whichever process fires first. On PostgreSQL two stores with their
 * own pools stand for two processes; the embedded engine is one process, whose runs may still overlap.
 */
import { describe, expect, it } from 'vitest';
import { addPlace } from '../../src/services/watch-places.js';
import { roundOf, runWatchRound } from '../../src/services/watch.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import { ensureUser, openStore, TEST_ENGINE } from '../helpers.js';
import { portals, WATCH_RULES } from './watch-setup.js';

const { site } = portals();
const RULES = { ...DEFAULT_FETCH_RULES, ...WATCH_RULES };
const SECTION = '/cai-cach-hanh-chinh';

async function twoProcesses() {
  const one = await openStore();
  const two = TEST_ENGINE === 'postgres' ? await openStore({ dataDir: one.dataDir }) : one;
  await ensureUser(one, 'quantri', 'admin');
  return { one, two };
}

const sectionReads = (from: number): number => site().hits.slice(from).filter((h) => h === SECTION).length;

describe('the scheduled watch', () => {
  it('reads a commune\'s places once per round however many processes fire at the same moment, and again the next round', async () => {
    const { one, two } = await twoProcesses();
    expect(await addPlace(one, { url: `${site().base}${SECTION}`, kind: 'page', channel: 'portal', topics: ['m'] }, 'quantri')).toMatchObject({ ok: true });
    const due = new Date('2026-11-22T01:15:00Z');
    const before = site().hits.length;
    const runs = await Promise.all([runWatchRound(one, RULES, due), runWatchRound(two, RULES, due), runWatchRound(one, RULES, new Date(due.getTime() + 20_000))]);
    expect(runs.filter((r) => r !== null)).toEqual([{ proposed: 5, logged: 0, errors: [] }]);
    expect(sectionReads(before)).toBe(1);
    expect(await two.commune.inboxCount()).toBe(5);
    // A process late for that round finds it taken; the next round is read again (and finds nothing new).
    expect(await runWatchRound(two, RULES, due)).toBeNull();
    const next = site().hits.length;
    expect(await runWatchRound(two, RULES, new Date('2026-11-22T05:15:00Z'))).toEqual({ proposed: 0, logged: 0, errors: [] });
    expect(await runWatchRound(one, RULES, due)).toBeNull();
    expect(sectionReads(next)).toBe(1);
  });

  it('keeps each commune\'s rounds apart, and skips a commune that watches nothing', async () => {
    const { one } = await twoProcesses();
    await one.storage.createCommune({ code: 'lac-phuong', name: 'Lạc Phượng', kind: 'xã' });
    const other = one.inCommune('lac-phuong');
    expect(await addPlace(other, { url: `${site().base}/rss.xml`, kind: 'feed', channel: 'portal' }, 'quantri')).toMatchObject({ ok: true });
    const due = new Date('2026-11-22T01:15:00Z');
    expect(await runWatchRound(one, RULES, due)).toBeNull();
    expect(await runWatchRound(other, RULES, due)).toMatchObject({ proposed: 3 });
    expect(await one.commune.inboxCount()).toBe(0);
    expect(roundOf(new Date('2026-11-22T01:15:42.5Z'))).toBe('2026-11-22T08:15:00+07:00');
  });
});
