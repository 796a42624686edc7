import type { Entry } from '../../domain/model.js';

// Newest first: later `at` first, then higher id first.
function before(a: Entry, b: Entry): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}

/** Every entry (deleted too) in log order, newest first, for range scans without sorting. */
export class EntryTimeline {
  readonly list: Entry[] = [];

  /** Index of the first entry that does not come before `e`. */
  private lowerBound(e: Entry): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.list[mid]!, e)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(e: Entry): void {
    const i = this.lowerBound(e);
    this.list.splice(i, 0, e);
  }

  /** Builds the timeline from many entries at once (start-up). */
  rebuild(entries: Iterable<Entry>): void {
    this.list.length = 0;
    for (const e of entries) this.list.push(e);
    this.list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  /** Inserts many entries at once: sorts them and merges them in, rather than one search and splice each. */
  insertMany(entries: readonly Entry[]): void {
    this.insertSorted([...entries].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)));
  }

  /**
   * Inserts many entries already in log order (newest first): one merge, no sorting, in place from the
   * end (the list grows once, and no second list of the whole log is made).
   */
  insertSorted(added: readonly Entry[]): void {
    const list = this.list;
    let i = list.length - 1;
    let j = added.length - 1;
    let k = list.length + added.length - 1;
    list.length = k + 1;
    // From the end: the later of the two goes last; on a tie the added entry (it follows, as in a forward merge).
    while (j >= 0) list[k--] = i >= 0 && before(added[j]!, list[i]!) ? list[i--]! : added[j--]!;
  }

  /** Puts a changed copy in the place of an entry; in place when its time and id are the same. */
  replace(old: Entry, next: Entry): void {
    if (old.at === next.at && old.id === next.id) {
      const i = this.lowerBound(old);
      if (this.list[i] === old) {
        this.list[i] = next;
        return;
      }
    }
    this.remove(old);
    this.insert(next);
  }

  /** Removes many entries at once (one pass over the timeline). */
  removeMany(entries: readonly Entry[]): void {
    const gone = new Set(entries);
    let k = 0;
    for (const e of this.list) if (!gone.has(e)) this.list[k++] = e;
    this.list.length = k;
  }

  remove(e: Entry): void {
    const i = this.lowerBound(e);
    if (this.list[i] === e) this.list.splice(i, 1);
    else {
      const j = this.list.indexOf(e);
      if (j >= 0) this.list.splice(j, 1);
    }
  }

  /** Index of the first entry whose `at` is earlier than `at` (entries before it are at or after `at`). */
  firstBefore(at: string): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid]!.at >= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
