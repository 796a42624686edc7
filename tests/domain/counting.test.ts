import { describe, expect, it } from 'vitest';
import { contributionOf, monthOf, Tally } from '../../src/domain/counting.js';
import type { Entry } from '../../src/domain/model.js';
import { entryRecord } from '../fixtures.js';

describe('contributionOf', () => {
  const cases: [string, Partial<Entry>, ReturnType<typeof contributionOf>][] = [
    ['three plays of 210 s', { playCount: 3, durationSeconds: 210 }, { entries: 1, plays: 3, airtimeSeconds: 630, views: 0, interactions: 0 }],
    ['plays with no length add no airtime', { playCount: 2, durationSeconds: null }, { entries: 1, plays: 2, airtimeSeconds: 0, views: 0, interactions: 0 }],
    ['a post with views and interactions', { channel: 'portal', durationSeconds: 95, views: 1500, interactions: 40 }, { entries: 1, plays: 1, airtimeSeconds: 95, views: 1500, interactions: 40 }],
    ['no views nor interactions add 0', { channel: 'fanpage', views: null, interactions: null }, { entries: 1, plays: 1, airtimeSeconds: 0, views: 0, interactions: 0 }],
  ];
  for (const [name, over, expected] of cases) it(`counts ${name}`, () => expect(contributionOf(entryRecord(1, over))).toEqual(expected));

  it('is what Tally adds up for an entry', () => {
    const tally = new Tally();
    for (const [, over] of cases) tally.add(entryRecord(1, over), { format: 'news', topics: ['m'], unit: 'tt-dvsnc' });
    const sum = cases.map(([, , c]) => c).reduce((a, c) => ({ entries: a.entries + c.entries, plays: a.plays + c.plays, airtimeSeconds: a.airtimeSeconds + c.airtimeSeconds, views: a.views + c.views, interactions: a.interactions + c.interactions }));
    expect(tally.counts().totals).toEqual({ ...sum, items: 1 });
  });
});

describe('monthOf', () => {
  it('is the local month of a time or a date, whatever its offset from UTC', () => {
    expect(monthOf('2026-01-31T23:59:00+07:00')).toBe('2026-01');
    expect(monthOf('2026-02-01T00:00:00+07:00')).toBe('2026-02');
    expect(monthOf('2026-12-31')).toBe('2026-12');
  });
});
