import { MSG } from '../domain/messages.js';
import { itemTotals, type Totals } from '../domain/totals.js';
import type { FileRecord } from '../domain/files.js';
import type { Paging } from '../domain/filters.js';
import { type AuditRecord, changedFields, type Entry, type Item, ITEM_FIELD_KEYS, type Page, type Result } from '../domain/model.js';
import { toLocalIso } from '../domain/time.js';
import { type Raw, validateItemPatch } from '../domain/validation.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';


/** A live item, or 404. */
export async function liveItem(scope: Scope, id: number): Promise<Item> {
  const item = await scope.commune.item(id);
  if (!item || item.deletedAt) throw notFound(MSG.itemNotFoundDeleted);
  return item;
}

/** Live items whose title, summary or author match `q` (diacritics ignored), newest first. */
export function listItems(scope: Scope, q: string, paging: Paging): Promise<Page<Item>> {
  return scope.commune.listItems(q.slice(0, 200), paging);
}

/** `listItems` with each item's newest live airing (items never aired left out of those). */
export async function listItemsAired(scope: Scope, q: string, paging: Paging): Promise<Page<Item> & { lastAirings: Record<number, Entry> }> {
  const page = await listItems(scope, q, paging);
  return { ...page, lastAirings: await scope.commune.lastAirings(page.rows.map((i) => i.id)) };
}

/** What the delete form of an item says: the item (live) and how many live airings leave the lists with it. */
export async function itemToDelete(scope: Scope, id: number): Promise<{ item: Item; entryCount: number }> {
  const item = await liveItem(scope, id);
  return { item, entryCount: (await scope.commune.entriesOfItem(id)).length };
}

export interface ItemPage {
  item: Item;
  entries: Entry[];
  totals: Totals & { channels: number };
  history: AuditRecord[];
  attachments: FileRecord[];
}

/** An item with every live airing of it, their totals, its history and its files. */
export async function itemPage(scope: Scope, id: number): Promise<ItemPage> {
  const item = await liveItem(scope, id);
  const [entries, history, attachments] = await Promise.all([scope.commune.entriesOfItem(id), scope.commune.auditOf('item', id), scope.commune.filesOf({ type: 'item', id })]);
  return { item, entries, totals: itemTotals(entries), history, attachments };
}

/**
 * Changes an item's fields: those given replace the current ones (a form gives them all) and the
 * result is validated; codes retired since the item was made may be kept. Every airing shows the change.
 */
export async function editItem(scope: Scope, id: number, raw: Raw, actor: string): Promise<Result<Item>> {
  const current = await liveItem(scope, id);
  const result = validateItemPatch(raw, current, await vocabularyOf(scope));
  if (!result.ok) return result;
  const next = await scope.commune.transaction(async (tx) => {
    const old = await tx.item(id);
    if (!old || old.deletedAt) throw notFound(MSG.itemNotFoundDeleted);
    const changed: Item = { ...old, ...result.value, updatedAt: toLocalIso(scope.clock()), updatedBy: actor };
    const diff = changedFields(old, changed, ITEM_FIELD_KEYS);
    if (!diff) return old;
    await tx.replaceItem(changed);
    await audit(tx, scope, actor, 'item.update', { type: 'item', id }, diff);
    return changed;
  });
  return { ok: true, value: next };
}

/** Soft-deletes an item; its entries leave the lists and counts with it. */
export async function deleteItem(scope: Scope, id: number, actor: string): Promise<Item> {
  return scope.commune.transaction(async (tx) => {
    const old = await tx.item(id);
    if (!old || old.deletedAt) throw notFound(MSG.itemNotFoundDeleted);
    const now = toLocalIso(scope.clock());
    const next: Item = { ...old, deletedAt: now, deletedBy: actor, updatedAt: now, updatedBy: actor };
    await tx.replaceItem(next);
    await audit(tx, scope, actor, 'item.delete', { type: 'item', id });
    return next;
  });
}

/** Brings a soft-deleted item (and so its entries) back (admins). */
export async function restoreItem(scope: Scope, id: number, actor: string): Promise<Item> {
  return scope.commune.transaction(async (tx) => {
    const old = await tx.item(id);
    if (!old || !old.deletedAt) throw notFound(MSG.noDeletedItem);
    const next: Item = { ...old, deletedAt: null, deletedBy: null, updatedAt: toLocalIso(scope.clock()), updatedBy: actor };
    await tx.replaceItem(next);
    await audit(tx, scope, actor, 'item.restore', { type: 'item', id });
    return next;
  });
}

/** Items by id, deleted ones too, read in one call (an id with no item is left out). */
export async function itemsById(scope: Scope, ids: Iterable<number>): Promise<Map<number, Item>> {
  const wanted = [...new Set(ids)];
  return new Map((wanted.length ? await scope.commune.itemsWithIds(wanted) : []).map((i) => [i.id, i]));
}
