/**
 * Recording one airing or post, the log's most frequent write, as two storage calls: one read of what
 * it depends on, then one atomic write that checks under the commune's lock what it relied on. An
 * engine may do each in one round trip (PostgreSQL does); `recordThroughTx` is the write done with a
 * transaction's plain calls, for an engine without a faster path.
 */
import type { AuditDraft, Entry, Item } from '../domain/model.js';
import type { Settings } from '../domain/settings.js';
import type { LocalIso } from '../domain/time.js';
import type { CommuneTx } from './transaction.js';

/** What recording an entry reads before it writes. */
export interface EntryGround {
  settings: Settings;
  /** The item asked for (live or deleted), or null when there is none or none was asked for. */
  item: Item | null;
  /** That item's latest live airing (any channel), or null. */
  lastAiring: Entry | null;
}

/** What would make a new entry a duplicate, checked under the lock unless the user allowed it. */
export type DuplicateCheck =
  /** A new item: a live item with this folded title (`foldText`). */
  | { titleKey: string }
  /** An existing item: a live airing of it on the entry's channel with `at` in [from, to). */
  | { airingFrom: LocalIso; airingTo: LocalIso };

/** One new entry, and its new item when it has one, with their audit records. */
export interface EntryWrite {
  /** An item of the log (it must still be live), or a new item (its id is given by the storage). */
  item: { id: number } | { fields: Omit<Item, 'id'> };
  entry: Omit<Entry, 'id' | 'itemId'>;
  check: DuplicateCheck | null;
  /**
   * The audit records: the storage sets `target.id` of each to the id it gives (the item's, the
   * entry's), and `after.itemId` of the entry's to its item's id.
   */
  audit: { item?: AuditDraft; entry: AuditDraft };
}

export type EntryWriteOutcome =
  | { ok: true; itemId: number; entryId: number }
  /** The item was deleted (or never was) when the write came to it. */
  | { ok: false; gone: true }
  | { ok: false; duplicateItem: Item }
  | { ok: false; duplicateEntry: Entry };

/** The audit records of a write with the ids given. */
export function auditWithIds(write: EntryWrite, itemId: number, entryId: number): { item?: AuditDraft; entry: AuditDraft } {
  const entry = { ...write.audit.entry, target: { type: 'entry' as const, id: entryId }, after: { ...write.audit.entry.after, itemId } };
  return write.audit.item ? { item: { ...write.audit.item, target: { type: 'item', id: itemId } }, entry } : { entry };
}

/** Does the write with a transaction's calls (inside the commune's transaction). */
export async function recordThroughTx(tx: CommuneTx, write: EntryWrite): Promise<EntryWriteOutcome> {
  const check = write.check;
  let itemId: number;
  if ('id' in write.item) {
    const item = await tx.item(write.item.id);
    if (!item || item.deletedAt) return { ok: false, gone: true };
    if (check && 'airingFrom' in check) {
      const stored = (await tx.entriesBetweenTimes(check.airingFrom, check.airingTo)).find((e) => e.itemId === item.id && e.channel === write.entry.channel);
      if (stored) {
        const { item: _item, ...entry } = stored;
        return { ok: false, duplicateEntry: entry };
      }
    }
    itemId = item.id;
  } else {
    if (check && 'titleKey' in check) {
      // Newest first: the most recent item of that title is the one named.
      const stored = (await tx.itemsTitled([check.titleKey]))[0];
      if (stored) return { ok: false, duplicateItem: stored };
    }
    itemId = (await tx.createItem(write.item.fields)).id;
  }
  const entryId = (await tx.createEntry({ ...write.entry, itemId })).id;
  const audit = auditWithIds(write, itemId, entryId);
  if (audit.item) await tx.appendAudit(audit.item);
  await tx.appendAudit(audit.entry);
  return { ok: true, itemId, entryId };
}
