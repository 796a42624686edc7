import type { ImportProblem, ImportRowDraft } from './import-values.js';
import type { ItemFields } from './model.js';
import type { LocalIso } from './time.js';

/** What an import will do, row by row, and its counts. */
export interface ImportPlan {
  /** Items to create, by their key in the file. */
  newItems: { key: string; titleKey: string; fields: ItemFields }[];
  /** The rows to store as entries (the checked rows themselves: a large file's plan makes no copies). */
  entries: ImportRowDraft[];
  /**
   * The item of each of `entries`, in the same order: an existing item's id (above 0), or a new item,
   * as -(its index in `newItems` + 1).
   */
  itemOf: number[];
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

/** What the plan needs to know of the log: items by folded title (newest first), and airings. */
export interface KnownLog {
  itemIdsByTitle: ReadonlyMap<string, readonly number[]>;
  airing: (itemId: number, channel: string, minute: string) => number | null;
}

/**
 * Plans an import from its checked rows, given one at a time (`add`), so that a large file can be
 * planned in slices. A row's item is the log's live item of the same folded title when there is one
 * (the newest), else a new item made from the first row of its key. A row is a duplicate, and is not
 * imported, when an item of its title already has an airing on the same channel in the same minute
 * in the log, or its item does earlier in the file: importing a file twice adds nothing the second time.
 */
export class ImportPlanner {
  private readonly newItemIndex = new Map<string, number>();
  private readonly existingOfKey = new Map<string, number | null>();
  private readonly seen = new Set<string>();
  private readonly plan: ImportPlan;

  constructor(
    rows: number,
    problems: readonly ImportProblem[],
    private readonly known: KnownLog,
  ) {
    this.plan = { newItems: [], entries: [], itemOf: [], duplicates: [], counts: { rows, entries: 0, newItems: 0, reairs: 0, duplicates: 0, errors: new Set(problems.map((p) => p.row)).size } };
  }

  add(d: ImportRowDraft): void {
    const { known, plan } = this;
    const sameTitle = known.itemIdsByTitle.get(d.titleKey) ?? [];
    let existing = this.existingOfKey.get(d.itemKey);
    if (existing === undefined) {
      existing = sameTitle[0] ?? null;
      this.existingOfKey.set(d.itemKey, existing);
    }
    const minute = minuteKey(d.entry.at);
    const seenKey = `${existing ?? d.itemKey}|${d.entry.channel}|${minute}`;
    // Already in the log: an item of this title aired on this channel in this minute (several items
    // may share a title; any of them counts).
    let stored: number | null = null;
    for (const id of sameTitle) if (stored === null) stored = known.airing(id, d.entry.channel, minute);
    if (stored !== null || this.seen.has(seenKey)) {
      plan.duplicates.push({ row: d.row, entryId: stored });
      return;
    }
    this.seen.add(seenKey);
    let ref = existing;
    if (ref === null) {
      let index = this.newItemIndex.get(d.itemKey);
      if (index === undefined) {
        index = plan.newItems.push({ key: d.itemKey, titleKey: d.titleKey, fields: d.item }) - 1;
        this.newItemIndex.set(d.itemKey, index);
      }
      ref = -(index + 1);
    } else plan.counts.reairs++;
    plan.entries.push(d);
    plan.itemOf.push(ref);
  }

  finish(): ImportPlan {
    const { plan } = this;
    plan.counts.entries = plan.entries.length;
    plan.counts.newItems = plan.newItems.length;
    plan.counts.duplicates = plan.duplicates.length;
    return plan;
  }
}

/** Plans an import from all its checked rows at once (see `ImportPlanner`). */
export function planImport(drafts: readonly ImportRowDraft[], problems: readonly ImportProblem[], rows: number, known: KnownLog): ImportPlan {
  const planner = new ImportPlanner(rows, problems, known);
  for (const d of drafts) planner.add(d);
  return planner.finish();
}

/** What was added to the log after a plan was made: titles of new items, airings of new entries. */
export interface LogAdditions {
  /** Folded titles of the items created since. */
  itemTitles: ReadonlySet<string>;
  /** The entries created since: their item's folded title, channel and time. */
  airings: readonly { titleKey: string; channel: string; at: LocalIso }[];
}

/**
 * Whether additions to the log since a plan was made change it: an item of a planned title now
 * exists (its rows would be re-airs of it), or an entry now in the log has a planned row's title,
 * channel and minute (that row would be a duplicate). Other additions leave the plan as it is.
 */
export function planOvertaken(plan: ImportPlan, added: LogAdditions): boolean {
  if (!added.itemTitles.size && !added.airings.length) return false;
  const airings = new Set(added.airings.map((a) => `${a.titleKey}|${a.channel}|${minuteKey(a.at)}`));
  const airedTitles = new Set(added.airings.map((a) => a.titleKey));
  return plan.entries.some((e) => added.itemTitles.has(e.titleKey) || (airedTitles.has(e.titleKey) && airings.has(`${e.titleKey}|${e.entry.channel}|${minuteKey(e.entry.at)}`)));
}
