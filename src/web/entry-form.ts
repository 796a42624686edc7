import type { Entry, EntryView, Item } from '../domain/model.js';
import { fmtDuration } from '../domain/text.js';
import { fmtDate, fmtTime, toLocalIso } from '../domain/time.js';
import type { Scope } from '../services/scope.js';
import { settingsOf } from '../services/settings.js';

/** What the record form shows: the typed values (strings, as a form holds them). */
export type FormValues = Record<string, unknown>;

/**
 * Fresh values for the record form: now, the user's last channel, one play; after a save (`last`), the
 * date, time, channel, format, unit and topics (those still in use) of what was just saved, so a series
 * of lines is typed once.
 */
export async function newEntryDefaults(scope: Scope, user: string, last: EntryView | null = null): Promise<FormValues> {
  const local = toLocalIso(scope.clock());
  const values: FormValues = {
    itemMode: 'new',
    channel: (await scope.commune.lastChannelUsedBy(user)) ?? 'radio',
    date: fmtDate(local),
    time: fmtTime(local),
    playCount: '1',
    topics: [],
  };
  if (last) {
    const active = new Set((await settingsOf(scope)).topics.filter((t) => !t.retired).map((t) => t.code));
    Object.assign(values, { channel: last.channel, date: fmtDate(last.at), time: fmtTime(last.at), format: last.item.format, unit: last.item.unit, topics: last.item.topics.filter((t) => active.has(t)) });
  }
  return values;
}

/** Values for airing an item again: same item, its last channel and duration, now. */
export async function reairDefaults(scope: Scope, user: string, itemId: number): Promise<FormValues> {
  const values = await newEntryDefaults(scope, user);
  const [last] = await scope.commune.entriesOfItem(itemId);
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

/**
 * The items the record form offers to pick (a search by title, or the most recently aired ones), how
 * many matched, and each one's last airing, so that two items of one title can be told apart.
 */
export async function itemChoices(scope: Scope, query: string): Promise<{ choices: Item[]; matched: number; lastAirings: Record<number, Entry> }> {
  let choices: Item[];
  let matched: number;
  if (query.trim()) {
    const page = await scope.commune.listItems(query.slice(0, 200), { page: 1, pageSize: 30 });
    choices = page.rows;
    matched = page.total;
  } else {
    choices = await scope.commune.recentItems(8);
    matched = choices.length;
  }
  return { choices, matched, lastAirings: await scope.commune.lastAirings(choices.map((c) => c.id)) };
}
