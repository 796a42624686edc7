import type { ImportProblem, ImportRowDraft } from './import-values.js';
import type { EntryFields, ItemFields } from './model.js';
import type { LocalIso } from './time.js';

/** What an import will do, row by row, and its counts. */
export interface ImportPlan {
  /** Items to create, by their key in the file. */
  newItems: { key: string; fields: ItemFields }[];
  /** Entries to create: of a new item (its key) or of an existing one (its id). */
  entries: { row: number; item: { key: string } | { id: number }; fields: EntryFields }[];
  /** Rows already in the log (same item, channel and minute), or twice in the file. */
  duplicates: { row: number; entryId: number | null }[];
  counts: ImportCounts;
}

export interface ImportCounts {
  /** Data rows read (blank rows not counted). */
  rows: number;
  entries: number;
  newItems: number;
  /** Entries of items already in the log. */
  reairs: number;
  duplicates: number;
  errors: number;
}

/** The minute of a stored time, as a key. */
export const minuteKey = (at: LocalIso): string => at.slice(0, 16);

/**
 * Plans an import from its checked rows. A row's item is the log's live item of the same folded title
 * when there is one (the newest), else a new item made from the first row of its key. A row is a
 * duplicate, and is not imported, when an item of its title already has an airing on the same channel
 * in the same minute in the log, or its item does earlier in the file: importing a file twice adds
 * nothing the second time.
 */
export function planImport(
  drafts: readonly ImportRowDraft[],
  problems: readonly ImportProblem[],
  rows: number,
  known: { itemIdsByTitle: ReadonlyMap<string, readonly number[]>; airing: (itemId: number, channel: string, minute: string) => number | null },
): ImportPlan {
  const newItems = new Map<string, ItemFields>();
  const existingOfKey = new Map<string, number | null>();
  const seen = new Set<string>();
  const plan: ImportPlan = { newItems: [], entries: [], duplicates: [], counts: { rows, entries: 0, newItems: 0, reairs: 0, duplicates: 0, errors: new Set(problems.map((p) => p.row)).size } };
  for (const d of drafts) {
    const sameTitle = known.itemIdsByTitle.get(d.titleKey) ?? [];
    let existing = existingOfKey.get(d.itemKey);
    if (existing === undefined) {
      existing = sameTitle[0] ?? null;
      existingOfKey.set(d.itemKey, existing);
    }
    const minute = minuteKey(d.entry.at);
    const seenKey = `${existing ?? d.itemKey}|${d.entry.channel}|${minute}`;
    // Already in the log: an item of this title aired on this channel in this minute (several items
    // may share a title; any of them counts).
    let stored: number | null = null;
    for (const id of sameTitle) if (stored === null) stored = known.airing(id, d.entry.channel, minute);
    if (stored !== null || seen.has(seenKey)) {
      plan.duplicates.push({ row: d.row, entryId: stored });
      continue;
    }
    seen.add(seenKey);
    if (existing === null && !newItems.has(d.itemKey)) newItems.set(d.itemKey, d.item);
    plan.entries.push({ row: d.row, item: existing === null ? { key: d.itemKey } : { id: existing }, fields: d.entry });
    if (existing !== null) plan.counts.reairs++;
  }
  plan.newItems = [...newItems].map(([key, fields]) => ({ key, fields }));
  plan.counts.entries = plan.entries.length;
  plan.counts.newItems = plan.newItems.length;
  plan.counts.duplicates = plan.duplicates.length;
  return plan;
}
