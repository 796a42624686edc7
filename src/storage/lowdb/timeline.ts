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

  /** Inserts many entries already in log order (newest first): one merge, no sorting. */
  insertSorted(added: readonly Entry[]): void {
    const merged: Entry[] = new Array(this.list.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.list.length && j < added.length) merged[k++] = before(added[j]!, this.list[i]!) ? added[j++]! : this.list[i++]!;
    while (i < this.list.length) merged[k++] = this.list[i++]!;
    while (j < added.length) merged[k++] = added[j++]!;
    this.list.length = 0;
    for (const e of merged) this.list.push(e);
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
