/** The items (in the segment files, indexed by folded title): the reads, and new and changed items in a transaction. */
import type { UnclassifiedFilter } from '../../domain/classify.js';
import type { Paging } from '../../domain/filters.js';
import type { Item, Page } from '../../domain/model.js';
import { recentItems as domainRecentItems } from '../../domain/recent-items.js';
import { foldText, matchesQuery } from '../../domain/text.js';
import { type AnyFile, BULK_SEGMENT_RECORDS, removeFrom, replaceIn, type TxChanges } from './changes.js';
import { copyItem } from './copies.js';
import type { SegmentData } from './data-files.js';
import { byDeletion, eachBetween } from './entries.js';
import type { LowdbState } from './state.js';

export function item(s: LowdbState, id: number): Item | null {
  const found = s.item(id);
  return found ? copyItem(found) : null;
}

export function listItems(s: LowdbState, q: string, paging: Paging): Page<Item> {
  const folded = foldText(q);
  const rows: Item[] = [];
  let total = 0;
  const skip = (paging.page - 1) * paging.pageSize;
  const ids = [...s.items.keys()].sort((a, b) => b - a);
  for (const id of ids) {
    const it = s.item(id)!;
    if (it.deletedAt) continue;
    if (folded && !matchesQuery(foldText(`${it.title} ${it.summary} ${it.author}`), folded)) continue;
    if (total >= skip && rows.length < paging.pageSize) rows.push(copyItem(it));
    total++;
  }
  return { total, rows };
}

export function unclassifiedItems(s: LowdbState, filter: UnclassifiedFilter, paging: Paging): Page<Item> {
  const folded = filter.q ? foldText(filter.q) : '';
  const wanted = filter.itemIds ? new Set(filter.itemIds) : null;
  let aired: Set<number> | null = null;
  if (filter.from || filter.to) {
    const found = (aired = new Set<number>());
    eachBetween(s, filter.from ?? '1900-01-01', filter.to ?? '2999-12-30', (e) => void found.add(e.itemId));
  }
  const rows: Item[] = [];
  let total = 0;
  const skip = (paging.page - 1) * paging.pageSize;
  for (const id of [...(wanted ?? s.items.keys())].sort((a, b) => b - a)) {
    const it = s.item(id);
    if (!it || it.deletedAt || it.topics.length) continue;
    if (aired && !aired.has(id)) continue;
    if (folded && !matchesQuery(foldText(it.title), folded)) continue;
    if (total >= skip && rows.length < paging.pageSize) rows.push(copyItem(it));
    total++;
  }
  return { total, rows };
}

/** The items of the most recent live entries, most recent first, each once (the window is the domain's). */
export function recentItems(s: LowdbState, limit: number): Item[] {
  function* itemsOfLiveEntries(): Generator<Item> {
    for (const e of s.timeline.list) {
      const it = s.item(e.itemId);
      if (!e.deletedAt && it && !it.deletedAt) yield it;
    }
  }
  return domainRecentItems(itemsOfLiveEntries(), limit).map(copyItem);
}

export function deletedItems(s: LowdbState): Item[] {
  return [...s.items.values()].map((l) => l.rec).filter((i) => i.deletedAt).sort(byDeletion).map(copyItem);
}

export function codesInUse(s: LowdbState): { units: string[]; topics: string[] } {
  const units = new Set<string>();
  const topics = new Set<string>();
  for (const { rec } of s.items.values()) {
    units.add(rec.unit);
    for (const t of rec.topics) topics.add(t);
  }
  return { units: [...units], topics: [...topics] };
}


export function itemsTitled(s: LowdbState, titles: string[]): Item[] {
  if (!titles.length) return [];
  const out: Item[] = [];
  const items = function* () {
    for (const { rec } of s.items.values()) yield rec;
  };
  for (const id of s.titles.find(new Set(titles), items)) {
    const rec = s.item(id);
    if (rec && !rec.deletedAt) out.push(copyItem(rec));
  }
  return out.sort((a, b) => b.id - a.id);
}

/** The items' part of a transaction: new and changed items (with the title index), and the reads they depend on. */
export class TxItems {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async item(id: number): Promise<Item | null> {
    return item(this.s, id);
  }

  async itemsTitled(foldedTitles: string[]): Promise<Item[]> {
    return itemsTitled(this.s, foldedTitles);
  }

  async createItem(fields: Omit<Item, 'id'>): Promise<Item> {
    const { s, c } = this;
    const item: Item = { id: s.next.item++, ...fields, topics: [...fields.topics] };
    const data = c.activeData();
    data.items.push(item);
    s.items.set(item.id, { rec: item, home: c.active().doc as AnyFile });
    s.titles.add(item);
    c.undo(() => {
      removeFrom(data.items, item);
      s.items.delete(item.id);
      s.titles.remove(item);
    });
    return copyItem(item);
  }

  async replaceItem(next: Item): Promise<void> {
    const { s, c } = this;
    const located = s.items.get(next.id);
    if (!located) throw new Error(`no item ${next.id}`);
    const old = located.rec;
    const stored = copyItem(next);
    s.edits++;
    const data = located.home.data as SegmentData;
    c.touch(located.home);
    const back = replaceIn(data.items, old, stored);
    located.rec = stored;
    s.titles.remove(old);
    s.titles.add(stored);
    c.undo(() => {
      back();
      located.rec = old;
      s.titles.remove(stored);
      s.titles.add(old);
    });
  }

  /** Many items at once (an import): fresh segments of a bounded size. */
  async createItems(list: Omit<Item, 'id'>[]): Promise<Item[]> {
    const { s, c } = this;
    const out: Item[] = [];
    for (let i = 0; i < list.length; i += BULK_SEGMENT_RECORDS) {
      const segment = c.startSegment();
      const doc = segment.doc as AnyFile;
      c.touch(doc);
      const chunk = list.slice(i, i + BULK_SEGMENT_RECORDS).map((fields) => ({ id: s.next.item++, ...fields, topics: [...fields.topics] }) as Item);
      segment.doc.data.items.push(...chunk);
      for (const item of chunk) {
        s.items.set(item.id, { rec: item, home: doc });
        s.titles.add(item);
        out.push(copyItem(item));
      }
      c.undo(() => {
        for (const item of chunk) {
          s.items.delete(item.id);
          s.titles.remove(item);
        }
      });
    }
    return out;
  }
}
