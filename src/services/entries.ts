import { totalsOf, type Totals } from '../domain/totals.js';
import { MSG } from '../domain/messages.js';
import { type EntryFilter, type Paging, parseEntryQuery } from '../domain/filters.js';
import { changedFields, ENTRY_FIELD_KEYS, type Entry, entryStamps, type EntryWithItem, type FieldErrors, isLive, type Item, ITEM_FIELD_KEYS, itemStamps, type Page, recorderOf, type Result } from '../domain/model.js';
import { toLocalIso } from '../domain/time.js';
import { type NewEntryDraft, type Raw, requestedItemId, validateEntryPatch, validateNewEntry } from '../domain/validation.js';
import type { CommuneTx } from '../storage/port.js';
import { audit, auditDraft, pick } from './audit.js';
import { type Checked, type Duplicate, duplicateMessage, minuteOf } from './duplicates.js';
import { describeAuditRecords } from './audit-lines.js';
import { notFound } from './errors.js';
import { accountNames } from './exports.js';
import { figuresOfEntry } from './metric-figures.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';
import { vocabularyFrom } from '../domain/settings.js';
import { foldText } from '../domain/text.js';
import type { EntryWrite } from '../storage/entry-write.js';


/** A live entry with its item, or 404. */
export async function liveEntry(scope: Scope, id: number): Promise<EntryWithItem> {
  const entry = await scope.commune.entry(id);
  if (!entry || !isLive(entry)) throw notFound(MSG.entryGone);
  return entry;
}

/** An entry's page: the entry with its item, its history in words, its attached files and the figures read for it. */
export async function entryPage(scope: Scope, id: number) {
  const entry = await liveEntry(scope, id);
  const [records, attachments, figures, names] = await Promise.all([scope.commune.auditOf('entry', id), scope.commune.filesOf({ type: 'entry', id }), figuresOfEntry(scope, entry), accountNames(scope)]);
  // "Người ghi" as the log book names them: for an imported row, the person its file names.
  return { entry, recorder: recorderOf(entry, names), history: await describeAuditRecords(scope, records), attachments, figures };
}

export interface Recorded {
  entry: Entry;
  item: Item;
  createdItem: boolean;
}

/** Stores a validated draft: its new item first when it has one, then the entry, each with its audit record. */
export async function storeDraft(tx: CommuneTx, scope: Scope, draft: NewEntryDraft, actor: string): Promise<Recorded | null> {
  const now = toLocalIso(scope.clock());
  let item: Item;
  let createdItem = false;
  if ('existingId' in draft.item) {
    const existing = await tx.item(draft.item.existingId);
    if (!existing || existing.deletedAt) return null;
    item = existing;
  } else {
    createdItem = true;
    item = await tx.createItem({ ...draft.item.fields, ...itemStamps(actor, now) });
    await audit(tx, scope, actor, 'item.create', { type: 'item', id: item.id }, { after: pick(item, ITEM_FIELD_KEYS) });
  }
  const entry = await tx.createEntry({ itemId: item.id, ...draft.entry, ...entryStamps(actor, now) });
  await audit(tx, scope, actor, 'entry.create', { type: 'entry', id: entry.id }, { after: { itemId: entry.itemId, ...pick(entry, ENTRY_FIELD_KEYS) } });
  return { entry, item, createdItem };
}

/**
 * Records an airing/posting from a form or a JSON body: an existing item (`itemId`) or a new one
 * (title, format, ...). Bad input comes back as field errors and nothing is stored; the item and
 * its entry are stored together or not at all. A new item titled like an existing one, or an airing
 * of an item on a channel at a minute already logged, comes back as a duplicate unless the body says
 * `allowDuplicate`. One read, then one write that checks again under the commune's lock.
 */
export async function recordEntry(scope: Scope, raw: Raw, actor: string): Promise<Checked<Recorded>> {
  const wanted = requestedItemId(raw);
  // The request's copy of the settings when it has one (a page's); else the ground brings them, in the same read.
  const ground = await scope.commune.entryGround(wanted, (await scope.once?.known()) ?? undefined);
  const live = ground.item && !ground.item.deletedAt ? ground.item : null;
  const result = validateNewEntry(raw, { vocab: vocabularyFrom(ground.settings), now: scope.clock(), itemExists: (id) => id === live?.id });
  if (!result.ok) return result;
  const draft = result.value;
  const allow = raw.allowDuplicate === true || raw.allowDuplicate === 'true' || raw.allowDuplicate === 'on' || raw.allowDuplicate === '1';
  const now = toLocalIso(scope.clock());
  // A re-air lasts what the item lasted last time on that channel, unless a length is given.
  const last = ground.lastAiring;
  if ('existingId' in draft.item && draft.entry.durationSeconds === null && last && last.channel === draft.entry.channel) draft.entry.durationSeconds = last.durationSeconds;
  const entry = { ...draft.entry, ...entryStamps(actor, now) };
  const entryAudit = auditDraft(scope, actor, 'entry.create', { type: 'entry', id: 0 }, { after: { itemId: 0, ...pick(entry, ENTRY_FIELD_KEYS) } });
  let write: EntryWrite;
  if ('existingId' in draft.item) {
    const minute = minuteOf(entry.at);
    write = { item: { id: draft.item.existingId }, entry, check: allow ? null : { airingFrom: minute.from, airingTo: minute.to }, audit: { entry: entryAudit } };
  } else {
    const fields = { ...draft.item.fields, ...itemStamps(actor, now) };
    const itemAudit = auditDraft(scope, actor, 'item.create', { type: 'item', id: 0 }, { after: pick(fields, ITEM_FIELD_KEYS) });
    write = { item: { fields }, entry, check: allow ? null : { titleKey: foldText(fields.title) }, audit: { item: itemAudit, entry: entryAudit } };
  }
  const outcome = await scope.commune.recordEntry(write);
  if (outcome.ok) {
    const item: Item = 'fields' in write.item ? { ...write.item.fields, id: outcome.itemId } : live!;
    return { ok: true, value: { entry: { ...entry, id: outcome.entryId, itemId: outcome.itemId }, item, createdItem: 'fields' in write.item } };
  }
  // The item was deleted between the read and the write.
  if ('gone' in outcome) return { ok: false, errors: { itemId: MSG.itemGone } };
  const duplicate: Duplicate =
    'duplicateItem' in outcome
      ? { row: 0, kind: 'title', itemId: outcome.duplicateItem.id, title: outcome.duplicateItem.title, format: outcome.duplicateItem.format, unit: outcome.duplicateItem.unit }
      : { row: 0, kind: 'airing', entryId: outcome.duplicateEntry.id, itemId: outcome.duplicateEntry.itemId, title: live?.title ?? '', channel: outcome.duplicateEntry.channel, at: outcome.duplicateEntry.at };
  return { ok: false, errors: { [duplicate.kind === 'title' ? 'title' : 'itemId']: duplicateMessage(duplicate) }, duplicates: [duplicate] };
}

/**
 * Changes an entry: the fields given replace the current ones and the result is validated like a new
 * entry (a form gives them all). `itemId` (a number) moves the entry to another live item.
 */
export async function editEntry(scope: Scope, id: number, raw: Raw, actor: string): Promise<Result<EntryWithItem>> {
  const current = await liveEntry(scope, id);
  const vocab = await vocabularyOf(scope);
  const result = validateEntryPatch(raw, current, { vocab, now: scope.clock() });
  const errors: FieldErrors = result.ok ? {} : { ...result.errors };
  let itemId: number | undefined;
  if (raw.itemId !== undefined) {
    const target = typeof raw.itemId === 'number' ? await scope.commune.item(raw.itemId) : null;
    if (target && !target.deletedAt) itemId = target.id;
    else errors.itemId = MSG.itemGone;
  }
  if (!result.ok || Object.keys(errors).length) return { ok: false, errors };
  const fields = result.value;
  await scope.commune.transaction(async (tx) => {
    const old = await tx.entry(id);
    if (!old || !isLive(old)) throw notFound(MSG.entryGone);
    if (itemId !== undefined) {
      const target = await tx.item(itemId);
      if (!target || target.deletedAt) throw notFound(MSG.itemGone);
    }
    const { item: _item, ...oldEntry } = old;
    const next: Entry = { ...oldEntry, ...fields, itemId: itemId ?? old.itemId, updatedAt: toLocalIso(scope.clock()), updatedBy: actor };
    const diff = changedFields<Entry>(oldEntry, next, ['itemId', ...ENTRY_FIELD_KEYS]);
    if (!diff) return;
    await tx.replaceEntry(next);
    await audit(tx, scope, actor, 'entry.update', { type: 'entry', id }, diff);
  });
  return { ok: true, value: await liveEntry(scope, id) };
}

/** Soft-deletes a live entry: hidden from lists and counts, kept. */
export async function deleteEntry(scope: Scope, id: number, actor: string): Promise<EntryWithItem> {
  return scope.commune.transaction(async (tx) => {
    const old = await tx.entry(id);
    if (!old || !isLive(old)) throw notFound(MSG.entryGone);
    const now = toLocalIso(scope.clock());
    const { item, ...entry } = old;
    const next: Entry = { ...entry, deletedAt: now, deletedBy: actor, updatedAt: now, updatedBy: actor };
    await tx.replaceEntry(next);
    await audit(tx, scope, actor, 'entry.delete', { type: 'entry', id });
    return { ...next, item };
  });
}

/** Brings a soft-deleted entry back into the lists and counts (admins). */
export async function restoreEntry(scope: Scope, id: number, actor: string): Promise<Entry> {
  return scope.commune.transaction(async (tx) => {
    const old = await tx.entry(id);
    if (!old || !old.deletedAt) throw notFound(MSG.noDeletedEntry);
    const { item: _item, ...entry } = old;
    const next: Entry = { ...entry, deletedAt: null, deletedBy: null, updatedAt: toLocalIso(scope.clock()), updatedBy: actor };
    await tx.replaceEntry(next);
    await audit(tx, scope, actor, 'entry.restore', { type: 'entry', id });
    return next;
  });
}

/** The log, filtered and paged as the query asks, or the query's errors. */
export async function listEntries(scope: Scope, query: Record<string, unknown>): Promise<Result<{ filter: EntryFilter; paging: Paging; page: Page<EntryWithItem> }>> {
  const parsed = parseEntryQuery(query, await vocabularyOf(scope));
  if (!parsed.ok) return parsed;
  const { filter, paging } = parsed.value;
  return { ok: true, value: { filter, paging, page: await scope.commune.listEntries(filter, paging) } };
}

/** The most rows the print view of the log holds: a year of a busy commune's log fits. */
export const PRINT_MAX_ROWS = 5000;

/**
 * The live entries of a filter for printing, newest first like the list: at most `max` of them (one
 * listing read, which also counts them all), how many match, and the totals of the rows returned.
 * Paging parameters are ignored: the print holds the whole filtered period.
 */
export async function printableLog(scope: Scope, query: Record<string, unknown>, max: number): Promise<Result<{ filter: EntryFilter; rows: EntryWithItem[]; total: number; totals: Totals }>> {
  const { page: _page, pageSize: _pageSize, ...rest } = query;
  const parsed = parseEntryQuery(rest, await vocabularyOf(scope));
  if (!parsed.ok) return parsed;
  const { filter } = parsed.value;
  const found = await scope.commune.listEntries(filter, { page: 1, pageSize: max });
  return { ok: true, value: { filter, rows: found.rows, total: found.total, totals: totalsOf(found.rows) } };
}

/** Deleted entries and items, for admins to restore. */
export async function deletedRecords(scope: Scope): Promise<{ entries: EntryWithItem[]; items: Item[] }> {
  const [entries, items] = await Promise.all([scope.commune.deletedEntries(), scope.commune.deletedItems()]);
  return { entries, items };
}
