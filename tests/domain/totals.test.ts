import { describe, it, expect } from 'vitest';
import { entryRecord } from '../fixtures.js';
import { countsByChannel, itemTotals, totalsOf } from '../../src/domain/totals.js';
import type { Entry } from '../../src/domain/model.js';
import { CHANNELS, type Channel } from '../../src/domain/vocabulary.js';

let nextId = 1;
function makeEntry(over: Partial<Entry>): Entry {
  return entryRecord(nextId++, { at: '2026-11-20T06:30:00+07:00', ...over });
}

// The hand-built set, and what each entry adds, counted by hand:
//   entry           plays  airtime             views  interactions
//   radioMorning      3    3 × 210 = 630          0      0
//   radioNoLength     2    no duration → 0        0      0
//   portalVideo       1    1 × 95 = 95         1500     40
//   fanpagePost       1    no duration → 0      320     12
//   meeting           1    1 × 1800 = 1800        0      0
//   total (5)         8    2525               1820     52
const radioMorning = makeEntry({ channel: 'radio', playCount: 3, durationSeconds: 210 });
const radioNoLength = makeEntry({ channel: 'radio', playCount: 2, durationSeconds: null });
const portalVideo = makeEntry({ channel: 'portal', playCount: 1, durationSeconds: 95, views: 1500, interactions: 40 });
const fanpagePost = makeEntry({ channel: 'fanpage', playCount: 1, views: 320, interactions: 12 });
const meeting = makeEntry({ channel: 'meeting', playCount: 1, durationSeconds: 1800 });
const ALL = [radioMorning, radioNoLength, portalVideo, fanpagePost, meeting];

describe('totalsOf', () => {
  it('sums entries, plays, airtime, views and interactions of a hand-counted set', () => {
    expect(totalsOf(ALL)).toEqual({ entries: 5, plays: 8, airtimeSeconds: 2525, views: 1820, interactions: 52 });
  });

  it('counts airtime as play count times duration', () => {
    expect(totalsOf([radioMorning]).airtimeSeconds).toBe(630);
  });

  it('adds no airtime for an entry without a duration but still counts its plays', () => {
    expect(totalsOf([radioNoLength])).toEqual({ entries: 1, plays: 2, airtimeSeconds: 0, views: 0, interactions: 0 });
  });

  it('counts missing views and interactions as zero', () => {
    expect(totalsOf([radioMorning, portalVideo])).toEqual({
      entries: 2,
      plays: 4,
      airtimeSeconds: 630 + 95,
      views: 1500,
      interactions: 40,
    });
  });

  it('gives zeros for no entries', () => {
    expect(totalsOf([])).toEqual({ entries: 0, plays: 0, airtimeSeconds: 0, views: 0, interactions: 0 });
  });
});

describe('itemTotals', () => {
  it('adds how many distinct channels the item went out on', () => {
    // radio twice and the portal once: 2 channels.
    expect(itemTotals([radioMorning, radioNoLength, portalVideo])).toEqual({
      entries: 3,
      plays: 6,
      airtimeSeconds: 725,
      views: 1500,
      interactions: 40,
      channels: 2,
    });
  });

  it('counts no channels for an item never aired', () => {
    expect(itemTotals([]).channels).toBe(0);
  });
});

describe('countsByChannel', () => {
  const zero = { entries: 0, plays: 0 };

  it('counts entries and plays per channel for each period, in the order given', () => {
    const thisWeek = [radioMorning, radioNoLength, portalVideo];
    const lastWeek = [fanpagePost, meeting, makeEntry({ channel: 'radio', playCount: 4 })];
    const rows = countsByChannel(CHANNELS, [thisWeek, lastWeek, []]);
    const byCode = new Map(rows.map((r) => [r.code, r.counts]));
    expect(byCode.get('radio')).toEqual([{ entries: 2, plays: 5 }, { entries: 1, plays: 4 }, zero]);
    expect(byCode.get('portal')).toEqual([{ entries: 1, plays: 1 }, zero, zero]);
    expect(byCode.get('fanpage')).toEqual([zero, { entries: 1, plays: 1 }, zero]);
    expect(byCode.get('meeting')).toEqual([zero, { entries: 1, plays: 1 }, zero]);
    expect(byCode.get('youtube')).toEqual([zero, zero, zero]);
  });

  it('lists every channel, with its label, in vocabulary order, even those with no entries', () => {
    const rows = countsByChannel(CHANNELS, [[radioMorning]]);
    expect(rows.map((r) => r.code)).toEqual([
      'radio',
      'portal',
      'fanpage',
      'zalo-oa',
      'zalo-mini-app',
      'youtube',
      'press',
      'noticeboard',
      'banner',
      'meeting',
    ]);
    expect(rows[0]).toEqual({ code: 'radio', label: 'Truyền thanh', counts: [{ entries: 1, plays: 3 }] });
    expect(rows[9]).toEqual({ code: 'meeting', label: 'Hội nghị/họp dân', counts: [zero] });
  });

  it('leaves out entries on a channel that is not in the list', () => {
    const channels: Channel[] = [{ code: 'radio', label: 'Truyền thanh', kind: 'broadcast' }];
    const rows = countsByChannel(channels, [[radioMorning, portalVideo, makeEntry({ channel: 'tv', playCount: 9 })]]);
    expect(rows).toEqual([{ code: 'radio', label: 'Truyền thanh', counts: [{ entries: 1, plays: 3 }] }]);
  });

  it('gives one zero count per period for a channel with no entries', () => {
    const rows = countsByChannel(CHANNELS, [[], [], [], []]);
    expect(rows.every((r) => r.counts.length === 4 && r.counts.every((c) => c.entries === 0 && c.plays === 0))).toBe(true);
  });

  it('gives empty counts when no periods are asked for', () => {
    const rows = countsByChannel(CHANNELS, []);
    expect(rows).toHaveLength(CHANNELS.length);
    expect(rows.every((r) => r.counts.length === 0)).toBe(true);
  });

  it('agrees with totalsOf on the plays of the whole set', () => {
    const rows = countsByChannel(CHANNELS, [ALL]);
    const plays = rows.reduce((sum, r) => sum + (r.counts[0]?.plays ?? 0), 0);
    const entries = rows.reduce((sum, r) => sum + (r.counts[0]?.entries ?? 0), 0);
    // Hand-counted above: 8 plays over 5 entries.
    expect(plays).toBe(8);
    expect(entries).toBe(5);
  });
});
