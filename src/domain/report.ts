import type { Entry, Item } from './model.js';
import type { LocalDate } from './time.js';
import type { Term, Vocabulary } from './vocabulary.js';

/** The figures of a set of entries (see the README's "Reports" for the exact rules). */
export interface Figures {
  /** Log entries: airings and posts. */
  entries: number;
  /** Sum of play counts. */
  plays: number;
  /** Distinct content items among the entries. */
  items: number;
  /** Sum over entries of play count × duration of one play (no duration adds 0). */
  airtimeSeconds: number;
  views: number;
  interactions: number;
}

export interface Row extends Figures {
  code: string;
  label: string;
}

export interface MonthRow extends Figures {
  /** `YYYY-MM` */
  month: string;
}

export interface Report {
  from: LocalDate;
  to: LocalDate;
  totals: Figures;
  byChannel: Row[];
  byFormat: Row[];
  byTopic: Row[];
  byUnit: Row[];
  byMonth: MonthRow[];
  /** Entries per month per channel, for the chart: month → channel code → entries. */
  monthChannel: Record<string, Record<string, number>>;
}

class Acc {
  entries = 0;
  plays = 0;
  airtimeSeconds = 0;
  views = 0;
  interactions = 0;
  readonly itemIds = new Set<number>();

  add(e: Entry): void {
    this.entries += 1;
    this.plays += e.playCount;
    this.airtimeSeconds += e.playCount * (e.durationSeconds ?? 0);
    this.views += e.views ?? 0;
    this.interactions += e.interactions ?? 0;
    this.itemIds.add(e.itemId);
  }

  figures(): Figures {
    return { entries: this.entries, plays: this.plays, items: this.itemIds.size, airtimeSeconds: this.airtimeSeconds, views: this.views, interactions: this.interactions };
  }
}

function groupRows(terms: readonly Term[], accs: Map<string, Acc>): Row[] {
  const rows: Row[] = terms.map((t) => ({ code: t.code, label: t.label, ...(accs.get(t.code) ?? new Acc()).figures() }));
  // Codes no longer in the vocabulary (old data) still count, under their code.
  for (const [code, acc] of accs) if (!terms.some((t) => t.code === code)) rows.push({ code, label: code, ...acc.figures() });
  return rows;
}

function at(map: Map<string, Acc>, key: string): Acc {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = new Acc()));
  return acc;
}

/** The months `YYYY-MM` from one date to another, inclusive. */
export function monthsBetween(from: LocalDate, to: LocalDate): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= endKey) break;
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Counts the live entries of a period: totals and breakdowns by channel, format, topic (an entry
 * with two topics counts once under each), unit and month. `entries` must already be the live
 * entries whose time falls in [from, to]; `itemOf` finds their items.
 */
export function buildReport(entries: readonly Entry[], itemOf: (id: number) => Item | undefined, vocab: Vocabulary, from: LocalDate, to: LocalDate): Report {
  const total = new Acc();
  const byChannel = new Map<string, Acc>();
  const byFormat = new Map<string, Acc>();
  const byTopic = new Map<string, Acc>();
  const byUnit = new Map<string, Acc>();
  const byMonth = new Map<string, Acc>();
  const monthChannel: Record<string, Record<string, number>> = {};
  for (const e of entries) {
    const item = itemOf(e.itemId);
    if (!item) continue;
    total.add(e);
    at(byChannel, e.channel).add(e);
    at(byFormat, item.format).add(e);
    for (const topic of new Set(item.topics)) at(byTopic, topic).add(e);
    at(byUnit, item.unit).add(e);
    const month = e.at.slice(0, 7);
    at(byMonth, month).add(e);
    const perChannel = (monthChannel[month] ??= {});
    perChannel[e.channel] = (perChannel[e.channel] ?? 0) + 1;
  }
  return {
    from,
    to,
    totals: total.figures(),
    byChannel: groupRows(vocab.channels, byChannel),
    byFormat: groupRows(vocab.formats, byFormat),
    byTopic: groupRows(vocab.topics, byTopic),
    byUnit: groupRows(vocab.units, byUnit),
    byMonth: monthsBetween(from, to).map((month) => ({ month, ...(byMonth.get(month) ?? new Acc()).figures() })),
    monthChannel,
  };
}

/** The plan's topics with no entry in the report's period (retired topics are not asked for). */
export function uncoveredTopics(report: Report, topics: readonly (Term & { retired?: boolean })[]): Term[] {
  return topics.filter((t) => !t.retired && !report.byTopic.some((r) => r.code === t.code && r.entries > 0));
}
