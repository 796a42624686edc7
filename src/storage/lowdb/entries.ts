/** The log's entries (in the segment files, indexed by the timeline): the reads, the figures of a period, and new and changed entries in a transaction. */
import { Tally, type ReportCounts } from '../../domain/counting.js';
import { type EntryFilter, entrySearchText, matchesFilter, type Paging } from '../../domain/filters.js';
import type { Entry, EntryWithItem, Item, Page } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';
import { type LocalDate, rangeBounds } from '../../domain/time.js';
import type { LinkedEntry } from '../watch-port.js';
import { type AnyFile, BULK_SEGMENT_RECORDS, removeFrom, replaceIn, type TxChanges } from './changes.js';
import { copyEntry, copyItem, joined, viewOf } from './copies.js';
import type { SegmentData } from './data-files.js';
import type { LowdbState } from './state.js';

// The folded search text of an entry with its item, kept while neither changes.
const searchCache = new WeakMap<Entry, { item: Item; text: string }>();

function searchText(entry: Entry, item: Item): string {
  const cached = searchCache.get(entry);
  if (cached && cached.item === item) return cached.text;
  const text = entrySearchText(entry, item);
  searchCache.set(entry, { item, text });
  return text;
}

/**
 * The live entries matching a filter, newest first, with their items, as a list of entries fixed when
 * called (a copy of the references in range), so entries recorded while a long export streams neither
 * shift nor repeat rows. Entries are checked against the filter as `each` walks them.
 */
export function matching(s: LowdbState, filter: EntryFilter): { each(fn: (entry: Entry, item: Item) => boolean | void): void } {
  const list = s.timeline.list;
  let start = 0;
  let end = list.length;
  if (filter.from || filter.to) {
    const bounds = rangeBounds(filter.from ?? '1900-01-01', filter.to ?? '2999-12-30');
    start = s.timeline.firstBefore(bounds.endExclusive);
    end = s.timeline.firstBefore(bounds.start);
  }
  const slice = list.slice(start, end);
  const folded = filter.q ? foldText(filter.q) : '';
  return {
    /** Calls `fn` for each matching entry, newest first, until it returns false. */
    each(fn) {
      for (const entry of slice) {
        if (entry.deletedAt) continue;
        const item = s.item(entry.itemId);
        if (!item || item.deletedAt) continue;
        if (!matchesFilter(entry, item, filter, folded, () => searchText(entry, item))) continue;
        if (fn(entry, item) === false) return;
      }
    },
  };
}

export function entry(s: LowdbState, id: number): EntryWithItem | null {
  const e = s.entries.get(id)?.rec;
  const item = e && s.item(e.itemId);
  return e && item ? viewOf(e, item) : null;
}

export function listEntries(s: LowdbState, filter: EntryFilter, paging: Paging): Page<EntryWithItem> {
  const skip = (paging.page - 1) * paging.pageSize;
  const rows: EntryWithItem[] = [];
  let total = 0;
  matching(s, filter).each((e, item) => {
    if (total >= skip && rows.length < paging.pageSize) rows.push(viewOf(e, item));
    total++;
  });
  return { total, rows };
}

export async function* streamEntries(s: LowdbState, filter: EntryFilter, batchSize = 256): AsyncGenerator<EntryWithItem[], void, undefined> {
  // Taken whole now (references only), handed out in batches; an item aired many times is copied
  // once per batch, not once per row.
  const found: Entry[] = [];
  matching(s, filter).each((e) => void found.push(e));
  for (let i = 0; i < found.length; i += batchSize) {
    const items = new Map<number, Item>();
    const batch: EntryWithItem[] = [];
    for (const e of found.slice(i, i + batchSize)) {
      let copy = items.get(e.itemId);
      if (!copy) items.set(e.itemId, (copy = copyItem(s.item(e.itemId)!)));
      batch.push(joined(e, copy));
    }
    yield batch;
  }
}

export function entriesOfItem(s: LowdbState, itemId: number): Entry[] {
  return s.timeline.list.filter((e) => e.itemId === itemId && !e.deletedAt).map(copyEntry);
}

function lastRecordedBy(s: LowdbState, username: string): Entry | undefined {
  let best: Entry | undefined;
  for (const { rec: e } of s.entries.values()) {
    if (e.recordedBy === username && (!best || e.recordedAt > best.recordedAt || (e.recordedAt === best.recordedAt && e.id > best.id))) best = e;
  }
  return best;
}

/** When the newest entry was recorded (deleted or not); empty for an empty log. */
export function lastRecorded(s: LowdbState): string {
  let last = '';
  for (const { rec: e } of s.entries.values()) if (e.recordedAt > last) last = e.recordedAt;
  return last;
}

export function lastChannelUsedBy(s: LowdbState, username: string): string | null {
  return lastRecordedBy(s, username)?.channel ?? null;
}

export function lastEntryBy(s: LowdbState, username: string): EntryWithItem | null {
  const e = lastRecordedBy(s, username);
  const item = e && s.item(e.itemId);
  return e && item ? viewOf(e, item) : null;
}

const byDeletion = (a: { deletedAt: string | null; id: number }, b: { deletedAt: string | null; id: number }): number =>
  b.deletedAt! > a.deletedAt! ? 1 : b.deletedAt! < a.deletedAt! ? -1 : b.id - a.id;

export function deletedEntries(s: LowdbState): EntryWithItem[] {
  const out: EntryWithItem[] = [];
  for (const { rec: e } of s.entries.values()) {
    const item = s.item(e.itemId);
    if (item && e.deletedAt) out.push(viewOf(e, item));
  }
  return out.sort(byDeletion);
}

/** Calls `fn` for each live entry whose time falls in [from, to], oldest first. */
export function eachBetween(s: LowdbState, from: LocalDate, to: LocalDate, fn: (entry: Entry, item: Item) => void): void {
  const { start, endExclusive } = rangeBounds(from, to);
  const list = s.timeline.list;
  const first = s.timeline.firstBefore(endExclusive);
  let last = first;
  while (last < list.length && list[last]!.at >= start) last++;
  for (let i = last - 1; i >= first; i--) {
    const e = list[i]!;
    if (e.deletedAt) continue;
    const item = s.item(e.itemId);
    if (item && !item.deletedAt) fn(e, item);
  }
}

export function countEntries(s: LowdbState, from: LocalDate, to: LocalDate): ReportCounts {
  const tally = new Tally();
  eachBetween(s, from, to, (e, item) => tally.add(e, item));
  return tally.counts();
}

export function countFirstAirings(s: LowdbState, from: LocalDate, to: LocalDate): number {
  const { start, endExclusive } = rangeBounds(from, to);
  const first = new Map<number, string>();
  for (const { rec: e } of s.entries.values()) {
    if (!s.isLiveEntry(e)) continue;
    const known = first.get(e.itemId);
    if (known === undefined || e.at < known) first.set(e.itemId, e.at);
  }
  let n = 0;
  for (const at of first.values()) if (at >= start && at < endExclusive) n++;
  return n;
}

export { byDeletion };

export function entriesBetweenTimes(s: LowdbState, from: string, toExclusive: string): EntryWithItem[] {
  const list = s.timeline.list;
  const out: EntryWithItem[] = [];
  for (let i = s.timeline.firstBefore(toExclusive); i < list.length && list[i]!.at >= from; i++) {
    const e = list[i]!;
    const item = s.item(e.itemId);
    if (!e.deletedAt && item && !item.deletedAt) out.push(viewOf(e, item));
  }
  return out.reverse();
}

export function lastAirings(s: LowdbState, itemIds: number[]): Record<number, Entry> {
  const wanted = new Set(itemIds);
  const out: Record<number, Entry> = {};
  for (const e of s.timeline.list) {
    if (!wanted.size) break;
    if (!wanted.has(e.itemId) || !s.isLiveEntry(e)) continue;
    out[e.itemId] = copyEntry(e);
    wanted.delete(e.itemId);
  }
  return out;
}

/** The live entries of live items whose link is one of these (a scan: a commune's log is held in memory). */
export function linkedEntries(s: LowdbState, urls: readonly string[]): LinkedEntry[] {
  const wanted = new Set(urls);
  const out: LinkedEntry[] = [];
  if (!wanted.size) return out;
  for (const { rec } of s.entries.values()) {
    if (rec.url && wanted.has(rec.url) && s.isLiveEntry(rec)) out.push({ entryId: rec.id, url: rec.url, channel: rec.channel });
  }
  return out;
}

/** The entries' part of a transaction: new and changed entries, and the reads they depend on. */
export class TxEntries {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async entry(id: number): Promise<EntryWithItem | null> {
    return entry(this.s, id);
  }

  async lastAirings(itemIds: number[]): Promise<Record<number, Entry>> {
    return lastAirings(this.s, itemIds);
  }

  async entriesBetweenTimes(from: string, toExclusive: string): Promise<EntryWithItem[]> {
    return entriesBetweenTimes(this.s, from, toExclusive);
  }

  async createEntry(fields: Omit<Entry, 'id'>): Promise<Entry> {
    const { s, c } = this;
    const entry: Entry = { id: s.next.entry++, ...fields };
    const data = c.activeData();
    data.entries.push(entry);
    s.entries.set(entry.id, { rec: entry, home: c.active().doc as AnyFile });
    s.timeline.insert(entry);
    c.undo(() => {
      removeFrom(data.entries, entry);
      s.entries.delete(entry.id);
      s.timeline.remove(entry);
    });
    return copyEntry(entry);
  }

  async replaceEntry(next: Entry): Promise<void> {
    const { s, c } = this;
    const located = s.entries.get(next.id);
    if (!located) throw new Error(`no entry ${next.id}`);
    const old = located.rec;
    const stored = copyEntry(next);
    s.edits++;
    c.touch(located.home);
    const back = replaceIn((located.home.data as SegmentData).entries, old, stored);
    located.rec = stored;
    s.timeline.replace(old, stored);
    c.undo(() => {
      back();
      located.rec = old;
      s.timeline.replace(stored, old);
    });
  }

  /** Many entries at once (an import): fresh segments of a bounded size, the timeline taking them in one pass. */
  async createEntries(list: Omit<Entry, 'id'>[]): Promise<Entry[]> {
    const { s, c } = this;
    const out: Entry[] = [];
    const all: Entry[] = [];
    for (let i = 0; i < list.length; i += BULK_SEGMENT_RECORDS) {
      const segment = c.startSegment();
      const doc = segment.doc as AnyFile;
      c.touch(doc);
      const chunk = list.slice(i, i + BULK_SEGMENT_RECORDS).map((fields) => ({ id: s.next.entry++, ...fields }) as Entry);
      segment.doc.data.entries.push(...chunk);
      for (const entry of chunk) {
        s.entries.set(entry.id, { rec: entry, home: doc });
        all.push(entry);
        out.push(copyEntry(entry));
      }
    }
    s.timeline.insertMany(all);
    c.undo(() => {
      for (const entry of all) s.entries.delete(entry.id);
      s.timeline.removeMany(all);
    });
    return out;
  }
}
