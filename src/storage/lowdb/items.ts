import type { UnclassifiedFilter } from '../../domain/classify.js';
import type { Paging } from '../../domain/filters.js';
import type { Item, Page } from '../../domain/model.js';
import { foldText, matchesQuery } from '../../domain/text.js';
import { copyItem } from './copies.js';
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

/** The items of the most recent live entries (looking at the last 60), most recent first, each once. */
export function recentItems(s: LowdbState, limit: number): Item[] {
  const seen = new Set<number>();
  const out: Item[] = [];
  let looked = 0;
  for (const e of s.timeline.list) {
    if (looked >= 60 || out.length >= limit) break;
    const it = s.item(e.itemId);
    if (e.deletedAt || !it || it.deletedAt) continue;
    looked++;
    if (seen.has(it.id)) continue;
    seen.add(it.id);
    out.push(copyItem(it));
  }
  return out;
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
