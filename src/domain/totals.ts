import { addContribution, type Contribution, contributionOf } from './counting.js';
import type { Entry } from './model.js';
import type { Channel } from './vocabulary.js';

/** The totals of a set of entries. */
export type Totals = Contribution;

/** Sums the entries' contributions (`contributionOf`). */
export function totalsOf(entries: readonly Entry[]): Totals {
  const t: Totals = { entries: 0, plays: 0, airtimeSeconds: 0, views: 0, interactions: 0 };
  for (const e of entries) addContribution(t, contributionOf(e));
  return t;
}

/** The totals of one item's airings, with how many channels it went out on. */
export function itemTotals(entries: readonly Entry[]): Totals & { channels: number } {
  return { ...totalsOf(entries), channels: new Set(entries.map((e) => e.channel)).size };
}

export interface ChannelCounts {
  code: string;
  label: string;
  /** One count per period, in the order the periods were given. */
  counts: { entries: number; plays: number }[];
}

/** Entries and plays per channel for several periods (each a list of entries), every channel listed. */
export function countsByChannel(channels: readonly Channel[], periods: readonly (readonly Entry[])[]): ChannelCounts[] {
  return channels.map((c) => ({
    code: c.code,
    label: c.label,
    counts: periods.map((entries) => {
      const { entries: n, plays } = totalsOf(entries.filter((e) => e.channel === c.code));
      return { entries: n, plays };
    }),
  }));
}
