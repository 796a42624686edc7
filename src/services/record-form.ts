/**
 * What the record form (GET /entries/new, and again after a refused save) shows besides what was
 * typed: the values a fresh form starts with, the item chosen, the items offered, today's slots, and
 * what was just saved. Each read once.
 */
import type { Entry, EntryWithItem, Item } from '../domain/model.js';
import { fmtDuration } from '../domain/text.js';
import { fmtDate, fmtTime, toLocalIso } from '../domain/time.js';
import { type SlotDay, slotsOfDay } from './schedule.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

/** A form's values as a form holds them: strings, lists of strings. */
export type FormValues = Record<string, unknown>;

/**
 * Fresh values for the record form: now, the user's last channel, one play; after a save (`last`), the
 * date, time, channel, format, unit and topics (those still in use) of what was just saved, so a series
 * of lines is typed once.
 */
export async function newEntryDefaults(scope: Scope, user: string, last: EntryWithItem | null = null): Promise<FormValues> {
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

/** What the record form shows besides its values. */
export interface RecordFormPage {
  /** The live item the values name, if any. */
  selected?: Item;
  choices: Item[];
  matched: number;
  lastAirings: Record<number, Entry>;
  /** Today's slots, with what they plan and whether they are logged. */
  today: SlotDay[];
  /** What was just saved (`last`), when it is still live; and its item, live or not. */
  lastEntry: EntryWithItem | null;
  lastItem: Item | null;
}

const idOf = (value: unknown): number | null => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null);

/** The record form's page for these values; `read`: the item or the last entry the caller read already. */
export async function recordFormPage(scope: Scope, values: FormValues, lastId: number | null, read: { item?: Item | null; last?: EntryWithItem | null } = {}): Promise<RecordFormPage> {
  const itemId = idOf(values.itemId);
  const itemQ = typeof values.itemQ === 'string' ? values.itemQ : '';
  const [found, last, choices, today] = await Promise.all([
    itemId === null ? null : read.item?.id === itemId ? read.item : scope.commune.item(itemId),
    lastId === null ? null : read.last !== undefined ? read.last : scope.commune.entry(lastId),
    itemChoices(scope, itemQ),
    slotsOfDay(scope),
  ]);
  const lastLive = last && !last.deletedAt && !last.item.deletedAt ? last : null;
  return { selected: found && !found.deletedAt ? found : undefined, ...choices, today, lastEntry: lastLive, lastItem: last ? last.item : null };
}

/** A fresh record form: for airing an item again (`itemId`), or a new line after a save (`lastId`), or new. */
export async function newRecordForm(scope: Scope, user: string, ask: { itemId: number | null; lastId: number | null }): Promise<{ values: FormValues; page: RecordFormPage }> {
  const wanted = ask.itemId === null ? null : await scope.commune.item(ask.itemId);
  const last = ask.lastId !== null && !wanted ? await scope.commune.entry(ask.lastId) : undefined;
  const values = wanted && !wanted.deletedAt ? await reairDefaults(scope, user, wanted.id) : await newEntryDefaults(scope, user, last && !last.deletedAt ? last : null);
  return { values, page: await recordFormPage(scope, values, ask.lastId, { item: wanted, last }) };
}
