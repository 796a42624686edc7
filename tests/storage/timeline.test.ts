import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/model.js';
import { EntryTimeline } from '../../src/storage/lowdb/timeline.js';

const entry = (id: number, at: string): Entry => ({ id, at }) as Entry;
const order = (t: EntryTimeline): number[] => t.list.map((e) => e.id);

describe('the log in time order (lowdb)', () => {
  it('merges a batch in log order into the log, newest first, ties by the higher id', () => {
    const t = new EntryTimeline();
    t.rebuild([entry(1, '2026-01-05'), entry(2, '2026-01-03'), entry(3, '2026-01-01'), entry(4, '2026-01-03')]);
    expect(order(t)).toEqual([1, 4, 2, 3]);
    // Newest first, as a published batch gives them: around, between, equal times and older than all.
    t.insertSorted([entry(9, '2026-01-09'), entry(8, '2026-01-04'), entry(7, '2026-01-03'), entry(6, '2026-01-03'), entry(5, '2025-12-31')]);
    expect(order(t)).toEqual([9, 1, 8, 7, 6, 4, 2, 3, 5]);
    t.insertSorted([]);
    expect(order(t)).toHaveLength(9);
    const empty = new EntryTimeline();
    empty.insertSorted([entry(2, '2026-01-02'), entry(1, '2026-01-01')]);
    expect(order(empty)).toEqual([2, 1]);
  });

  it('gives the same order as sorting everything, for a random log and batch', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 48271) % 2147483647) % n);
    const day = (): string => `2026-01-${String(1 + rnd(9)).padStart(2, '0')}`;
    const t = new EntryTimeline();
    const old = Array.from({ length: 200 }, (_, i) => entry(i + 1, day()));
    t.rebuild(old);
    const added = Array.from({ length: 150 }, (_, i) => entry(1000 + i, day()));
    t.insertMany(added);
    const all = [...old, ...added].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
    expect(order(t)).toEqual(all.map((e) => e.id));
  });
});
