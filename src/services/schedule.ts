import { MSG } from '../domain/messages.js';
import { type Entry, type FieldErrors, type Item, ITEM_FIELD_KEYS, itemStamps, type Result } from '../domain/model.js';
import { plannedOn, runsOn, type Slot, type SlotDraft, type SlotFields, type SlotPlan, slotWindow, validateSlot } from '../domain/schedule.js';
import { foldText } from '../domain/text.js';
import { addDays, fmtDate, type LocalDate, type LocalIso, localToday, toLocalIso } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';
import type { CommuneTx } from '../storage/port.js';
import { audit, pick } from './audit.js';
import { notFound } from './errors.js';
import { itemsById } from './items.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

const SLOT_KEYS: (keyof SlotFields)[] = ['name', 'channel', 'start', 'days', 'durationMinutes', 'plans'];

function fieldsOf(slot: Slot): SlotFields {
  return { name: slot.name, channel: slot.channel, start: slot.start, days: [...slot.days], durationMinutes: slot.durationMinutes, plans: slot.plans.map((p) => ({ ...p })) };
}

/** A live slot, or 404. */
export async function liveSlot(scope: Scope, id: number): Promise<Slot> {
  const slot = await scope.commune.slot(id);
  if (!slot || slot.deletedAt) throw notFound(MSG.slotGone);
  return slot;
}

async function itemIdsIn(scope: Scope, raw: Raw): Promise<Set<number>> {
  const plans = Array.isArray(raw.plans) ? raw.plans : [];
  const ids = plans.flatMap((p: unknown) => {
    const v = p && typeof p === 'object' ? (p as Raw).itemId : undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) ? [n] : [];
  });
  const found = await Promise.all([...new Set(ids)].slice(0, 50).map((id) => scope.commune.item(id)));
  return new Set(found.filter((i): i is Item => !!i && !i.deletedAt).map((i) => i.id));
}

/**
 * The plans of a validated slot as stored: a plan of a new item makes the item (audited), unless its
 * title is already an item's or another new plan's (case, spacing and diacritics ignored).
 */
async function storePlans(tx: CommuneTx, scope: Scope, draft: SlotDraft, actor: string, now: LocalIso): Promise<Result<SlotFields>> {
  const titled = draft.plans.flatMap((p, i) => (p.itemId === null ? [{ i, title: p.newItem.title, key: foldText(p.newItem.title) }] : []));
  const known = new Map<string, Item>();
  if (titled.length) for (const item of await tx.itemsTitled([...new Set(titled.map((t) => t.key))])) if (!known.has(foldText(item.title))) known.set(foldText(item.title), item);
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  for (const t of titled) {
    const stored = known.get(t.key);
    if (stored) errors[`plans.${t.i}.title`] = `Tin bài "${stored.title}" đã có trong danh mục: chọn tin bài đó thay vì tạo tin bài mới.`;
    else if (seen.has(t.key)) errors[`plans.${t.i}.title`] = 'Tiêu đề này trùng với một tin bài mới khác của buổi.';
    seen.add(t.key);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const plans: SlotPlan[] = [];
  for (const p of draft.plans) {
    if (p.itemId !== null) {
      plans.push(p);
      continue;
    }
    const item = await tx.createItem({ ...p.newItem, ...itemStamps(actor, now) });
    await audit(tx, scope, actor, 'item.create', { type: 'item', id: item.id }, { after: pick(item, ITEM_FIELD_KEYS) });
    plans.push({ itemId: item.id, from: p.from, to: p.to, playCount: p.playCount });
  }
  return { ok: true, value: { ...draft, plans } };
}

/** Adds a slot to the programme schedule; refused when it overlaps another on its channel and days. Plans may make new items. */
export async function createSlot(scope: Scope, raw: Raw, actor: string): Promise<Result<Slot>> {
  const vocab = await vocabularyOf(scope);
  const liveItemIds = await itemIdsIn(scope, raw);
  return scope.commune.transaction(async (tx) => {
    const result = validateSlot(raw, { vocab, others: await tx.slots(), liveItemIds });
    if (!result.ok) return result;
    const now = toLocalIso(scope.clock());
    const fields = await storePlans(tx, scope, result.value, actor, now);
    if (!fields.ok) return fields;
    const slot = await tx.createSlot({ ...fields.value, createdAt: now, createdBy: actor, updatedAt: now, updatedBy: actor, deletedAt: null, deletedBy: null });
    await audit(tx, scope, actor, 'slot.create', { type: 'slot', id: slot.id }, { after: fieldsOf(slot) as unknown as Record<string, unknown> });
    return { ok: true, value: slot };
  });
}

/** Changes a slot: the fields given replace the current ones, validated as a new slot (plans may make new items). */
export async function updateSlot(scope: Scope, id: number, raw: Raw, actor: string): Promise<Result<Slot>> {
  const current = await liveSlot(scope, id);
  const merged: Raw = { ...fieldsOf(current), ...raw };
  merged.plans = (Array.isArray(merged.plans) ? merged.plans : []).map((p: unknown) => {
    const r = (p && typeof p === 'object' ? p : {}) as Raw;
    // Stored plan dates are ISO; the validator reads dates as typed (dd/mm/yyyy).
    const typed = (v: unknown): unknown => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? fmtDate(v) : (v ?? ''));
    return { ...r, from: typed(r.from), to: typed(r.to) };
  });
  const vocab = await vocabularyOf(scope);
  const liveItemIds = await itemIdsIn(scope, merged);
  return scope.commune.transaction(async (tx) => {
    const slots = await tx.slots();
    const old = slots.find((s) => s.id === id);
    if (!old) throw notFound(MSG.slotGone);
    const result = validateSlot(merged, { vocab, others: slots.filter((s) => s.id !== id), liveItemIds });
    if (!result.ok) return result;
    const now = toLocalIso(scope.clock());
    const fields = await storePlans(tx, scope, result.value, actor, now);
    if (!fields.ok) return fields;
    const next: Slot = { ...old, ...fields.value, updatedAt: now, updatedBy: actor };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of SLOT_KEYS) {
      if (JSON.stringify(old[k]) === JSON.stringify(next[k])) continue;
      before[k] = old[k];
      after[k] = next[k];
    }
    if (!Object.keys(after).length) return { ok: true, value: old };
    await tx.replaceSlot(next);
    await audit(tx, scope, actor, 'slot.update', { type: 'slot', id }, { before, after });
    return { ok: true, value: next };
  });
}

/** Takes a slot off the schedule (kept, with who and when). */
export async function deleteSlot(scope: Scope, id: number, actor: string): Promise<Slot> {
  return scope.commune.transaction(async (tx) => {
    const old = (await tx.slots()).find((s) => s.id === id);
    if (!old) throw notFound(MSG.slotGone);
    const now = toLocalIso(scope.clock());
    const next: Slot = { ...old, deletedAt: now, deletedBy: actor, updatedAt: now, updatedBy: actor };
    await tx.replaceSlot(next);
    await audit(tx, scope, actor, 'slot.delete', { type: 'slot', id }, { before: fieldsOf(old) as unknown as Record<string, unknown> });
    return next;
  });
}

/** A planned item of a slot on a day, with its last airing (for its length and to tell items apart). */
export interface PlannedItem {
  item: Item;
  playCount: number;
  lastAiring: Entry | null;
}

/** A slot as it runs on a day: its planned items and what has been logged in its window. */
export interface SlotDay {
  slot: Slot;
  date: LocalDate;
  planned: PlannedItem[];
  /** Live entries on the slot's channel in its window (start to end, an hour when no length is set). */
  logged: number;
  /** Those entries' ids, in airing order. */
  loggedIds: number[];
}

/** The slots that run on a day (today by default), with their planned items and whether they are logged. */
export async function slotsOfDay(scope: Scope, date?: LocalDate): Promise<SlotDay[]> {
  const day = date ?? localToday(scope.clock());
  const slots = (await scope.commune.slots()).filter((s) => runsOn(s, day));
  const out: SlotDay[] = [];
  for (const slot of slots) out.push(await slotDay(scope, slot, day));
  return out;
}

/** One slot on one day. */
export async function slotDay(scope: Scope, slot: Slot, day: LocalDate): Promise<SlotDay> {
  const plans = plannedOn(slot, day);
  const ids = plans.map((p) => p.itemId);
  const [items, last] = await Promise.all([itemsById(scope, ids), scope.commune.lastAirings(ids)]);
  const planned: PlannedItem[] = [];
  for (const p of plans) {
    const item = items.get(p.itemId);
    if (item && !item.deletedAt) planned.push({ item, playCount: p.playCount, lastAiring: last[item.id] ?? null });
  }
  const window = slotWindow(slot, day);
  const logged = (await scope.commune.entriesBetweenTimes(window.from, window.to)).filter((e) => e.channel === slot.channel);
  return { slot, date: day, planned, logged: logged.length, loggedIds: logged.map((e) => e.id) };
}

/** The entries of the newest logged broadcast of a slot before a day: its window on the latest day it has entries. */
export async function lastBroadcastOf(scope: Scope, slot: Slot, before: LocalDate, lookBackDays = 14): Promise<Entry[]> {
  for (let back = 1; back <= lookBackDays; back++) {
    const day = addDays(before, -back);
    if (!runsOn(slot, day)) continue;
    const window = slotWindow(slot, day);
    const found = (await scope.commune.entriesBetweenTimes(window.from, window.to)).filter((e) => e.channel === slot.channel);
    if (found.length) return found;
  }
  return [];
}
