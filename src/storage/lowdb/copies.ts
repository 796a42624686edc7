import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { AuditRecord, Entry, EntryWithItem, Item } from '../../domain/model.js';
import type { Summary } from '../../domain/summary.js';

// The engine keeps its records in memory; callers get copies, so nothing they do can change the store.

export const copyItem = (item: Item): Item => ({ ...item, topics: [...item.topics] });
export const copyEntry = (entry: Entry): Entry => ({ ...entry });
/** An entry joined with (a copy of) its item, written out field by field: a fixed, compact shape. */
export function joined(e: Entry, item: Item): EntryWithItem {
  return {
    id: e.id,
    itemId: e.itemId,
    channel: e.channel,
    at: e.at,
    playCount: e.playCount,
    durationSeconds: e.durationSeconds,
    url: e.url,
    views: e.views,
    interactions: e.interactions,
    note: e.note,
    recordedBy: e.recordedBy,
    recorderName: e.recorderName,
    recordedAt: e.recordedAt,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy,
    deletedAt: e.deletedAt,
    deletedBy: e.deletedBy,
    item,
  };
}

export const viewOf = (entry: Entry, item: Item): EntryWithItem => joined(entry, copyItem(item));
export const copyFile = (file: FileRecord): FileRecord => ({ ...file, owner: { ...file.owner } });
export const copyAudit = (r: AuditRecord): AuditRecord => structuredClone(r);
export const copySummary = (s: Summary): Summary => structuredClone(s);
export const copyUser = (u: User): User => ({ ...u });
export const copyToken = (t: ApiToken): ApiToken => ({ ...t });
