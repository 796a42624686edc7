import { describe, expect, it } from 'vitest';
import type { Entry, Item } from '../../src/domain/model.js';
import { govQuarter, quarter } from '../../src/domain/periods.js';
import { buildReport } from '../../src/domain/report.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';
import { progressOf, targetWindow, targetWindowNote } from '../../src/domain/targets.js';
import { localDateOf } from '../../src/domain/time.js';
import { entryRecord, itemRecord } from '../fixtures.js';

// The targets of 2026: 4 items on the radio (distinct items aired), 3 posts on the portal.
const settings = { ...defaultSettings(), targets: { '2026': { radio: 4, portal: 3 } } };
const vocab = vocabularyFrom(settings);
const ITEMS = new Map<number, Item>([1, 2, 3, 4, 5, 6].map((id) => [id, itemRecord(id)]));

// The log, by hand:
//   id  item  channel  at (Vietnam)         in Q1 2026?
//   1   1     radio    2026-01-05 06:30     yes
//   2   1     radio    2026-02-10 06:30     yes (the same item again: still 1 item)
//   3   2     radio    2026-03-31 17:00     yes (the quarter's last evening)
//   4   3     radio    2026-04-01 06:00     no  (the next quarter)
//   5   4     portal   2026-03-15 09:00     yes
//   6   5     portal   2026-04-20 09:00     no
//   7   6     portal   2025-12-31 23:00     no  (the year before)
// Q1 counts radio 2 items of 4 (50%), portal 1 post of 3; overall 3 of 7.
// The whole year would count radio 3, portal 2: what the first-quarter report used to say.
const LOG: Entry[] = [
  entryRecord(1, { itemId: 1, channel: 'radio', at: '2026-01-05T06:30:00+07:00' }),
  entryRecord(2, { itemId: 1, channel: 'radio', at: '2026-02-10T06:30:00+07:00' }),
  entryRecord(3, { itemId: 2, channel: 'radio', at: '2026-03-31T17:00:00+07:00' }),
  entryRecord(4, { itemId: 3, channel: 'radio', at: '2026-04-01T06:00:00+07:00' }),
  entryRecord(5, { itemId: 4, channel: 'portal', at: '2026-03-15T09:00:00+07:00', playCount: 1, durationSeconds: null }),
  entryRecord(6, { itemId: 5, channel: 'portal', at: '2026-04-20T09:00:00+07:00', playCount: 1, durationSeconds: null }),
  entryRecord(7, { itemId: 6, channel: 'portal', at: '2025-12-31T23:00:00+07:00', playCount: 1, durationSeconds: null }),
];

/** The progress a period's report shows, counted as the storage counts: the entries whose day is in its window. */
function progressFor(period: { year: number; to: string }) {
  const w = targetWindow(period);
  const inWindow = LOG.filter((e) => localDateOf(e.at) >= w.from && localDateOf(e.at) <= w.to);
  return progressOf(settings, period.year, buildReport(inWindow, (id) => ITEMS.get(id), vocab, w.from, w.to));
}

describe('targets counted up to the end of the period reported', () => {
  it('counts a first-quarter report from 01/01 to 31/03, nothing after', () => {
    const q1 = quarter(2026, 1);
    expect(targetWindow(q1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(targetWindowNote(q1)).toBe('tính đến 31/03/2026');
    const progress = progressFor(q1);
    expect(progress.rows.map((r) => [r.code, r.achieved, r.target, Math.round(r.percent * 10) / 10])).toEqual([
      ['radio', 2, 4, 50],
      ['portal', 1, 3, 33.3],
    ]);
    expect(progress.overall).toMatchObject({ achieved: 3, target: 7 });
  });

  it('counts the whole year for the year report, and the second quarter up to 30/06', () => {
    expect(progressFor({ year: 2026, to: '2026-12-31' }).rows.map((r) => r.achieved)).toEqual([3, 2]);
    expect(progressFor(quarter(2026, 2)).rows.map((r) => r.achieved)).toEqual([3, 2]);
    expect(targetWindowNote(quarter(2026, 2))).toBe('tính đến 30/06/2026');
  });

  it("starts a Decree-09 quarter's count on 01/01 of its year, not on 15/12 of the year before", () => {
    expect(targetWindow(govQuarter(2026, 1))).toEqual({ from: '2026-01-01', to: '2026-03-14' });
    // 01/01–14/03: the radio's item 1 only; the portal post of 15/03 is after.
    expect(progressFor(govQuarter(2026, 1)).rows.map((r) => r.achieved)).toEqual([1, 0]);
  });

  it('never counts past the year of the targets', () => {
    expect(targetWindow({ year: 2026, to: '2027-02-28' })).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
