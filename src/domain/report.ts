import { type ReportCounts, Tally, ZERO_FIGURES } from './counting.js';
import type { Entry, Item } from './model.js';
import type { LocalDate } from './time.js';
import { type Term, UNCLASSIFIED, UNCLASSIFIED_LABEL, type Vocabulary } from './vocabulary.js';

export type { Figures } from './counting.js';
import type { Figures } from './counting.js';

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
  /** Entries per channel per unit (the appendix names each channel's lead unit): channel → unit → entries. */
  channelUnit: Record<string, Record<string, number>>;
}

function groupRows(terms: readonly Term[], counts: Record<string, Figures>): Row[] {
  const rows: Row[] = terms.map((t) => ({ code: t.code, label: t.label, ...(counts[t.code] ?? ZERO_FIGURES) }));
  // Codes no longer in the vocabulary (old data) still count, under their code.
  for (const [code, figures] of Object.entries(counts)) if (!terms.some((t) => t.code === code)) rows.push({ code, label: code, ...figures });
  return rows;
}

/** The topic rows: the vocabulary's, then old codes, then the items without a topic ("Chưa phân loại") when the period has some. */
function topicRows(terms: readonly Term[], counts: Record<string, Figures>): Row[] {
  const { [UNCLASSIFIED]: unclassified, ...classified } = counts;
  const rows = groupRows(terms, classified);
  if (unclassified) rows.push({ code: UNCLASSIFIED, label: UNCLASSIFIED_LABEL, ...unclassified });
  return rows;
}

/** The row of the items without a topic, when the report has any: what the report flags. */
export function unclassifiedRow(report: Pick<Report, 'byTopic'>): Row | null {
  return report.byTopic.find((r) => r.code === UNCLASSIFIED && r.entries > 0) ?? null;
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
 * with two topics counts once under each, one with none under "Chưa phân loại"), unit and month. `entries` must already be the live
 * entries whose time falls in [from, to]; `itemOf` finds their items.
 */
export function buildReport(entries: readonly Entry[], itemOf: (id: number) => Item | undefined, vocab: Vocabulary, from: LocalDate, to: LocalDate): Report {
  const tally = new Tally();
  for (const e of entries) {
    const item = itemOf(e.itemId);
    if (item) tally.add(e, item);
  }
  return reportFromCounts(tally.counts(), vocab, from, to);
}

/**
 * The report of a period from its counts (as a storage engine computes them): every term of the
 * vocabularies listed, with zeros, in their order; codes no longer in them after (and, for topics,
 * "Chưa phân loại" last, when some item has no topic); every month listed.
 */
export function reportFromCounts(counts: ReportCounts, vocab: Vocabulary, from: LocalDate, to: LocalDate): Report {
  return {
    from,
    to,
    totals: counts.totals,
    byChannel: groupRows(vocab.channels, counts.byChannel),
    byFormat: groupRows(vocab.formats, counts.byFormat),
    byTopic: topicRows(vocab.topics, counts.byTopic),
    byUnit: groupRows(vocab.units, counts.byUnit),
    byMonth: monthsBetween(from, to).map((month) => ({ month, ...(counts.byMonth[month] ?? ZERO_FIGURES) })),
    monthChannel: counts.monthChannel,
    channelUnit: counts.channelUnit,
  };
}

/** The plan's topics with no entry in the report's period (retired topics are not asked for). */
export function uncoveredTopics(report: Report, topics: readonly (Term & { retired?: boolean })[]): Term[] {
  return topics.filter((t) => !t.retired && !report.byTopic.some((r) => r.code === t.code && r.entries > 0));
}
