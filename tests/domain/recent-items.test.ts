import { describe, expect, it } from 'vitest';
import { RECENT_ENTRIES, recentItems } from '../../src/domain/recent-items.js';

const item = (id: number) => ({ id, title: `Tin ${id}` });

describe('recentItems', () => {
  it('gives the items of the newest entries, most recent first, each once', () => {
    // Entries newest first: item 3 aired last, then 1, 3 again, 2.
    expect(recentItems([3, 1, 3, 2].map(item), 8).map((i) => i.id)).toEqual([3, 1, 2]);
  });

  it('stops at the limit', () => {
    expect(recentItems([5, 4, 4, 3, 2, 1].map(item), 2).map((i) => i.id)).toEqual([5, 4]);
  });

  it('looks at the newest 60 entries only, even when they name fewer items than asked', () => {
    expect(RECENT_ENTRIES).toBe(60);
    // 60 airings of item 1, then item 2: item 2 is out of the window.
    const list = [...Array.from({ length: 60 }, () => item(1)), item(2)];
    expect(recentItems(list, 8).map((i) => i.id)).toEqual([1]);
    // The 60th entry still counts.
    expect(recentItems([...Array.from({ length: 59 }, () => item(1)), item(2), item(3)], 8).map((i) => i.id)).toEqual([1, 2]);
  });

  it('reads no further than it needs, so an engine may hand its whole log lazily', () => {
    let read = 0;
    function* log(): Generator<{ id: number }> {
      for (let id = 1; id <= 1_000; id++) {
        read++;
        yield item(id);
      }
    }
    expect(recentItems(log(), 3).map((i) => i.id)).toEqual([1, 2, 3]);
    expect(read).toBeLessThanOrEqual(4);
    read = 0;
    expect(recentItems(log(), 100)).toHaveLength(60);
    expect(read).toBeLessThanOrEqual(61);
  });

  it('gives nothing for an empty log', () => {
    expect(recentItems([], 8)).toEqual([]);
  });
});
