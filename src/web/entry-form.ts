import type { Entry } from '../domain/model.js';
import { fmtDuration } from '../domain/text.js';
import { fmtDate, fmtTime, toLocalIso } from '../domain/time.js';
import type { Store } from '../store/store.js';

/** What the record form shows: the typed values (strings, as a form holds them). */
export type FormValues = Record<string, unknown>;

/** Fresh values for the record form: now, the user's last channel, one play. */
export function newEntryDefaults(store: Store, user: string, now: Date): FormValues {
  const local = toLocalIso(now);
  return {
    itemMode: 'new',
    channel: store.lastChannelUsedBy(user) ?? 'radio',
    date: fmtDate(local),
    time: fmtTime(local),
    playCount: '1',
    topics: [],
  };
}

/** Values for airing an item again: same item, its last channel and duration, now. */
export function reairDefaults(store: Store, user: string, now: Date, itemId: number): FormValues {
  const values = newEntryDefaults(store, user, now);
  const last = store.entriesOfItem(itemId)[0];
  values.itemMode = 'existing';
  values.itemId = String(itemId);
  if (last) {
    values.channel = last.channel;
    values.durationSeconds = fmtDuration(last.durationSeconds);
  }
  return values;
}

/** The edit form's values of an entry. */
export function entryValues(entry: Entry): FormValues {
  return {
    channel: entry.channel,
    date: fmtDate(entry.at),
    time: fmtTime(entry.at),
    playCount: String(entry.playCount),
    durationSeconds: fmtDuration(entry.durationSeconds),
    url: entry.url ?? '',
    views: entry.views === null ? '' : String(entry.views),
    interactions: entry.interactions === null ? '' : String(entry.interactions),
    note: entry.note,
  };
}

/** The items the record form offers to pick: a search by title, or the most recently aired ones. */
export function itemChoices(store: Store, query: string) {
  if (query.trim()) return store.listItems(query, { page: 1, pageSize: 15 }).rows;
  const seen = new Set<number>();
  const recent = [];
  for (const entry of store.listEntries({}, { page: 1, pageSize: 60 }).rows) {
    if (seen.has(entry.itemId)) continue;
    seen.add(entry.itemId);
    const item = store.item(entry.itemId);
    if (item) recent.push(item);
    if (recent.length >= 8) break;
  }
  return recent;
}
