/**
 * Recording one entry in two round trips: one read of what it depends on, and one call of
 * `record_entry` (migration 0004), which takes the commune's lock, checks, and inserts the item, the
 * entry and both audit records.
 */
import type { Entry, Item } from '../../domain/model.js';
import { defaultSettings, type Settings } from '../../domain/settings.js';
import type { EntryGround, EntryWrite, EntryWriteOutcome } from '../entry-write.js';
import { one, type Queryable, type Row } from './db.js';
import { ENTRY_FIELDS, entryOf, entryValues, ITEM_FIELDS, itemOf, itemValues } from './records.js';

/** A row as `to_jsonb` gives it, its keys prefixed as the column lists name them (`i_`, `e_`). */
const prefixed = (prefix: string, row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [prefix + k, v]));

/** The columns of an insert and their values, as one JSON object (`jsonb_populate_record`). */
function columns(fields: string, values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(fields.split(',').map((f, i) => [f.trim(), values[i]]));
}

export async function entryGround(db: Queryable, commune: number, itemId: number | null, known?: Settings): Promise<EntryGround> {
  const r = await one<{ settings: Settings | null; item: Row | null; last: Row | null }>(
    db,
    `SELECT ${known ? 'NULL' : `(SELECT doc FROM commune_docs WHERE commune_id = $1 AND name = 'settings')`} AS settings,
       (SELECT to_jsonb(i) FROM items i WHERE i.commune_id = $1 AND i.id = $2) AS item,
       (SELECT to_jsonb(e) FROM entries e WHERE e.commune_id = $1 AND e.item_id = $2 AND e.deleted_at IS NULL ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last`,
    [commune, itemId],
  );
  return {
    // As `settings.settings`: settings written by an older version lack newer keys.
    settings: known ?? { ...defaultSettings(), ...(r?.settings ?? {}) },
    item: r?.item ? itemOf(prefixed('i_', r.item)) : null,
    lastAiring: r?.last ? entryOf(prefixed('e_', r.last)) : null,
  };
}

/** One call of `record_entry`, waiting for the commune's lock at most `lockMs`. */
export async function recordEntry(db: Queryable, commune: number, lockMs: number, write: EntryWrite): Promise<EntryWriteOutcome> {
  const existing = 'id' in write.item ? write.item.id : null;
  const item = 'fields' in write.item ? columns(ITEM_FIELDS, itemValues(write.item.fields)) : null;
  const entry = columns(ENTRY_FIELDS, entryValues({ ...write.entry, itemId: existing ?? 0 }));
  const check = write.check;
  const r = await one<{ r: { itemId?: number; entryId?: number; gone?: true; duplicateItem?: Row; duplicateEntry?: Row } }>(
    db,
    'SELECT record_entry($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9::jsonb, $10::jsonb) AS r',
    [
      commune,
      Math.max(1, Math.round(lockMs)),
      existing,
      item && JSON.stringify(item),
      JSON.stringify(entry),
      check && 'titleKey' in check ? check.titleKey : null,
      check && 'airingFrom' in check ? check.airingFrom : null,
      check && 'airingTo' in check ? check.airingTo : null,
      write.audit.item ? JSON.stringify(write.audit.item) : null,
      JSON.stringify(write.audit.entry),
    ],
  );
  const out = r!.r;
  if (out.gone) return { ok: false, gone: true };
  if (out.duplicateItem) return { ok: false, duplicateItem: itemOf(prefixed('i_', out.duplicateItem)) satisfies Item };
  if (out.duplicateEntry) return { ok: false, duplicateEntry: entryOf(prefixed('e_', out.duplicateEntry)) satisfies Entry };
  return { ok: true, itemId: out.itemId!, entryId: out.entryId! };
}
