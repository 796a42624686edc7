import type { Entry, Item } from './model.js';
import { topicCodesOf } from './vocabulary.js';

/** What one entry adds to the figures of every set it is in: all but distinct items, which are counted over the set. */
export interface Contribution {
  /** Log entries: airings and posts. */
  entries: number;
  /** Sum of play counts. */
  plays: number;
  /** Sum over entries of play count × duration of one play. */
  airtimeSeconds: number;
  views: number;
  interactions: number;
}

/**
 * The counting rules of one entry (see the README's "Reports"): it is one entry, adds its plays, its
 * play count × the duration of one play as airtime (no duration adds 0), and its views and
 * interactions (none adds 0). The one definition both engines count with: the embedded engine through
 * `Tally`, PostgreSQL by storing it in each entry's row when the entry is written and summing that.
 */
export const contributionOf = (e: Pick<Entry, 'playCount' | 'durationSeconds' | 'views' | 'interactions'>): Contribution => ({
  entries: 1,
  plays: e.playCount,
  airtimeSeconds: e.playCount * (e.durationSeconds ?? 0),
  views: e.views ?? 0,
  interactions: e.interactions ?? 0,
});

/** Adds a contribution to a running sum (a `Tally`'s accumulator, `totalsOf`'s totals). */
export function addContribution(into: Contribution, c: Contribution): void {
  into.entries += c.entries;
  into.plays += c.plays;
  into.airtimeSeconds += c.airtimeSeconds;
  into.views += c.views;
  into.interactions += c.interactions;
}

/** The month (`YYYY-MM`) an entry counts in, of its local time or a local date: text order is time order. */
export const monthOf = (at: string): string => at.slice(0, 7);

/** The figures of a set of entries: their contributions summed, and the distinct items among them. */
export interface Figures extends Contribution {
  /** Distinct content items among the entries. */
  items: number;
}

export const ZERO_FIGURES: Readonly<Figures> = Object.freeze({ entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 });

/** Two sets of figures added up (distinct items add up only where no item is in both: different communes, or an item's first month and the rest). */
export const addFigures = (a: Figures, b: Figures): Figures => ({
  entries: a.entries + b.entries,
  plays: a.plays + b.plays,
  items: a.items + b.items,
  airtimeSeconds: a.airtimeSeconds + b.airtimeSeconds,
  views: a.views + b.views,
  interactions: a.interactions + b.interactions,
});

/**
 * What a storage engine counts for a period: the figures in total and per code of each breakdown
 * (only codes that occur), per month, and the entry counts the chart and the appendix need. Plain
 * data, so an SQL engine can fill it from GROUP BY queries and the domain turns it into a report.
 */
export interface ReportCounts {
  totals: Figures;
  byChannel: Record<string, Figures>;
  byFormat: Record<string, Figures>;
  /** An item with two topics counts once under each; one with none under UNCLASSIFIED. */
  byTopic: Record<string, Figures>;
  byUnit: Record<string, Figures>;
  /** `YYYY-MM` → figures. */
  byMonth: Record<string, Figures>;
  /** month → channel → entries. */
  monthChannel: Record<string, Record<string, number>>;
  /** channel → unit → entries. */
  channelUnit: Record<string, Record<string, number>>;
}

class Acc {
  entries = 0;
  plays = 0;
  airtimeSeconds = 0;
  views = 0;
  interactions = 0;
  readonly itemIds = new Set<number>();

  add(e: Entry): void {
    addContribution(this, contributionOf(e));
    this.itemIds.add(e.itemId);
  }

  figures(): Figures {
    return { entries: this.entries, plays: this.plays, items: this.itemIds.size, airtimeSeconds: this.airtimeSeconds, views: this.views, interactions: this.interactions };
  }
}

function at(map: Map<string, Acc>, key: string): Acc {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = new Acc()));
  return acc;
}

function bump(table: Record<string, Record<string, number>>, a: string, b: string): void {
  const row = (table[a] ??= {});
  row[b] = (row[b] ?? 0) + 1;
}

const figuresOf = (map: Map<string, Acc>): Record<string, Figures> => Object.fromEntries([...map].map(([k, acc]) => [k, acc.figures()]));

/** Counts entries (each with its item) into ReportCounts: the one definition of every counting rule. */
export class Tally {
  private readonly total = new Acc();
  private readonly byChannel = new Map<string, Acc>();
  private readonly byFormat = new Map<string, Acc>();
  private readonly byTopic = new Map<string, Acc>();
  private readonly byUnit = new Map<string, Acc>();
  private readonly byMonth = new Map<string, Acc>();
  private readonly monthChannel: Record<string, Record<string, number>> = {};
  private readonly channelUnit: Record<string, Record<string, number>> = {};

  add(e: Entry, item: Pick<Item, 'format' | 'topics' | 'unit'>): void {
    this.total.add(e);
    at(this.byChannel, e.channel).add(e);
    at(this.byFormat, item.format).add(e);
    for (const topic of topicCodesOf(item.topics)) at(this.byTopic, topic).add(e);
    at(this.byUnit, item.unit).add(e);
    const month = monthOf(e.at);
    at(this.byMonth, month).add(e);
    bump(this.monthChannel, month, e.channel);
    bump(this.channelUnit, e.channel, item.unit);
  }

  counts(): ReportCounts {
    return {
      totals: this.total.figures(),
      byChannel: figuresOf(this.byChannel),
      byFormat: figuresOf(this.byFormat),
      byTopic: figuresOf(this.byTopic),
      byUnit: figuresOf(this.byUnit),
      byMonth: figuresOf(this.byMonth),
      monthChannel: this.monthChannel,
      channelUnit: this.channelUnit,
    };
  }
}
