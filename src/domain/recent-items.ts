/** The "recent items" offered first (a new entry's choices, the schedule's): the items aired last. */

/** How many of the newest live entries the recent items are taken from. */
export const RECENT_ENTRIES = 60;

/**
 * The recent items, most recent first, each once, at most `limit`: from the items of the newest live
 * entries (`itemsOfNewestEntries`, one per entry, newest entry first), looking at the first
 * `RECENT_ENTRIES` of them only. Read lazily: an engine may hand its whole log in that order.
 */
export function recentItems<T extends { id: number }>(itemsOfNewestEntries: Iterable<T>, limit: number): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  let looked = 0;
  for (const item of itemsOfNewestEntries) {
    if (looked >= RECENT_ENTRIES || out.length >= limit) break;
    looked++;
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    out.push(item);
  }
  return out;
}
