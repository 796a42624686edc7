import { ENTRY_FIELD_KEYS, type Entry, entryStamps, type EntryWithItem, type FieldErrors, type Item, ITEM_FIELD_KEYS, itemStamps } from '../domain/model.js';
import { MAX_BROADCAST_ROWS, type BroadcastDraft, broadcastItemIds, validateBroadcast } from '../domain/broadcast.js';
import { fromLocalIso, type LocalIso, localToday, toLocalIso } from '../domain/time.js';
import type { Slot } from '../domain/schedule.js';
import type { Raw } from '../domain/validation.js';
import type { CommuneTx } from '../storage/port.js';
import { audit, pick } from './audit.js';
import { type Checked, type DuplicateProbe, duplicateMessage, findDuplicates } from './duplicates.js';
import { itemsById } from './items.js';
import { lastBroadcastOf, liveSlot, type PlannedItem, slotDay } from './schedule.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** One stored row of a broadcast. */
export interface BroadcastRow {
  entry: Entry;
  item: Item;
  createdItem: boolean;
}

/** The time a row of a broadcast went out: the broadcast's start plus the row's offset. */
export function rowTime(at: LocalIso, offsetSeconds: number): LocalIso {
  return offsetSeconds ? toLocalIso(new Date(fromLocalIso(at).getTime() + offsetSeconds * 1000)) : at;
}

/** The live items among the ids a body names. */
async function liveIdsOf(scope: Scope, ids: number[]): Promise<Set<number>> {
  const found = await itemsById(scope, ids);
  return new Set([...found.values()].filter((i) => !i.deletedAt).map((i) => i.id));
}

function probesOf(draft: BroadcastDraft): DuplicateProbe[] {
  return draft.rows.map((r) =>
    'existingId' in r.item
      ? { row: r.index, allow: r.allowDuplicate, itemId: r.item.existingId, channel: draft.channel, at: rowTime(draft.at, r.offsetSeconds) }
      : { row: r.index, allow: r.allowDuplicate, title: r.item.fields.title },
  );
}

async function storeBroadcast(tx: CommuneTx, scope: Scope, draft: BroadcastDraft, actor: string): Promise<Checked<BroadcastRow[]>> {
  const errors: FieldErrors = {};
  for (const r of draft.rows) {
    if ('existingId' in r.item) {
      const item = await tx.item(r.item.existingId);
      if (!item || item.deletedAt) errors[`entries.${r.index}.itemId`] = 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const duplicates = await findDuplicates(tx, probesOf(draft));
  if (duplicates.length) {
    for (const d of duplicates) errors[`entries.${d.row}.${d.kind === 'title' ? 'title' : 'itemId'}`] = duplicateMessage(d);
    return { ok: false, errors, duplicates };
  }
  const existingIds = draft.rows.flatMap((r) => ('existingId' in r.item ? [r.item.existingId] : []));
  const last = existingIds.length ? await tx.lastAirings(existingIds) : {};
  const now = toLocalIso(scope.clock());
  const stored: BroadcastRow[] = [];
  for (const r of draft.rows) {
    let item: Item;
    let createdItem = false;
    if ('existingId' in r.item) item = (await tx.item(r.item.existingId))!;
    else {
      item = await tx.createItem({ ...r.item.fields, ...itemStamps(actor, now) });
      createdItem = true;
      await audit(tx, scope, actor, 'item.create', { type: 'item', id: item.id }, { after: pick(item, ITEM_FIELD_KEYS) });
    }
    // A re-air lasts what the item lasted last time, unless the row says otherwise.
    const previous = createdItem ? undefined : last[item.id];
    const durationSeconds = r.durationSeconds ?? (previous && previous.channel === draft.channel ? previous.durationSeconds : null);
    const entry = await tx.createEntry({
      itemId: item.id,
      channel: draft.channel,
      at: rowTime(draft.at, r.offsetSeconds),
      playCount: r.playCount,
      durationSeconds,
      url: null,
      views: null,
      interactions: null,
      note: draft.note,
      ...entryStamps(actor, now),
    });
    await audit(tx, scope, actor, 'entry.create', { type: 'entry', id: entry.id }, { after: { itemId: entry.itemId, ...pick(entry, ENTRY_FIELD_KEYS) } });
    stored.push({ entry, item, createdItem });
  }
  return { ok: true, value: stored };
}

/**
 * Records a broadcast: its channel, start and note once, then its rows (an existing item aired
 * again or a new item), all in one transaction: one bad row or one duplicate stores nothing.
 */
export async function recordBroadcast(scope: Scope, raw: Raw, actor: string): Promise<Checked<BroadcastRow[]>> {
  const vocab = await vocabularyOf(scope);
  const liveItemIds = await liveIdsOf(scope, broadcastItemIds(raw));
  const result = validateBroadcast(raw, { vocab, now: scope.clock(), liveItemIds });
  if (!result.ok) return result;
  return scope.commune.transaction((tx) => storeBroadcast(tx, scope, result.value, actor));
}

/** The ids of a broadcast's entries as a link names them (`12.13.14`), or none when the text is not such a list. */
export function readBroadcastIds(value: unknown): number[] {
  if (typeof value !== 'string' || !/^\d{1,15}(\.\d{1,15})*$/.test(value)) return [];
  return [...new Set(value.split('.').map(Number))].slice(0, MAX_BROADCAST_ROWS);
}

/** The live entries among these (a broadcast just saved, a slot's logged entries), in airing order: by time, then as recorded. */
export async function broadcastEntries(scope: Scope, ids: readonly number[]): Promise<EntryWithItem[]> {
  const found = ids.length ? await scope.commune.entriesWithIds(ids) : [];
  return found.filter((e) => !e.deletedAt && !e.item.deletedAt).sort((a, b) => (a.at === b.at ? a.id - b.id : fromLocalIso(a.at).getTime() - fromLocalIso(b.at).getTime()));
}

/** The live items a broadcast form names, and each one's last airing. */
export async function broadcastItems(scope: Scope, ids: Iterable<number>): Promise<{ items: Map<number, Item>; last: Record<number, Entry> }> {
  const found = await itemsById(scope, ids);
  const items = new Map([...found].filter(([, i]) => !i.deletedAt));
  return { items, last: await scope.commune.lastAirings([...items.keys()]) };
}

/** How far back "Lặp lại buổi trước" looks for the slot's last logged broadcast. */
export const REPEAT_LOOK_BACK_DAYS = 14;

/**
 * What a fresh broadcast form starts from: the user's last entry (its channel, and the kind of item new
 * rows take), and for a slot (`slotId`) its airings: those of its last broadcast with `repeat` (none when
 * it has none within REPEAT_LOOK_BACK_DAYS), else the items it plans today.
 */
export async function broadcastStart(scope: Scope, user: string, ask: { slotId: number | null; repeat: boolean }): Promise<{ lastEntry: EntryWithItem | null; slot: Slot | null; repeated: boolean; rows: PlannedItem[] }> {
  const lastEntry = await scope.commune.lastEntryBy(user);
  if (ask.slotId === null) return { lastEntry, slot: null, repeated: false, rows: [] };
  const slot = await liveSlot(scope, ask.slotId);
  const day = localToday(scope.clock());
  if (ask.repeat) {
    const entries = await lastBroadcastOf(scope, slot, day, REPEAT_LOOK_BACK_DAYS);
    const items = await itemsById(scope, entries.map((e) => e.itemId));
    const rows = entries.flatMap((e) => {
      const item = items.get(e.itemId);
      return item && !item.deletedAt ? [{ item, playCount: e.playCount, lastAiring: e }] : [];
    });
    if (rows.length) return { lastEntry, slot, repeated: true, rows };
  }
  return { lastEntry, slot, repeated: false, rows: (await slotDay(scope, slot, day)).planned };
}
