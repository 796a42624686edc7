/**
 * The radio log book ("sổ nhật ký chương trình phát thanh") that district and city inspectors check:
 * the radio airings of any reporting period as one ruled table running on across days, one line per
 * airing, a subtotal per Monday–Sunday week and a total, in the report's words: "lượt phát" for
 * airings and plays, "tin bài" for distinct items, counted by the report's own rules (`Tally`).
 */
import { contributionOf, type Figures, Tally } from './counting.js';
import { type EntryWithItem, isLive, recorderOf } from './model.js';
import type { Period } from './periods.js';
import type { CommuneKind } from './sentence.js';
import { fmtHms, fmtNumber } from './text.js';
import { addDays, fmtDate, fmtTime, type LocalDate, type LocalIso, localDateOf, weekStart } from './time.js';
import { labelOf, type Vocabulary } from './vocabulary.js';

/** The channel the book is kept for. */
export const LOGBOOK_CHANNEL = 'radio';

export const LOGBOOK_TITLE = 'SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH';

/** The book's columns, one line per airing, in every output (page, Word, Excel). */
export const LOGBOOK_COLUMNS = ['STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Thời lượng', 'Số lượt phát', 'Người ghi', 'Ghi chú'] as const;

/** One airing, as a line of the book. */
export interface LogbookRow {
  /** Its number in the book, from 1. */
  no: number;
  entryId: number;
  at: LocalIso;
  /** dd/mm/yyyy. */
  date: string;
  /** HH:mm (24-hour). */
  time: string;
  title: string;
  /** The format's label. */
  format: string;
  /** One play; null when it was not logged. */
  durationSeconds: number | null;
  plays: number;
  /**
   * The airing's time on air, its "Thời lượng": plays × one play (`contributionOf`), so that the column
   * adds up to the book's and the report's air time; null when the length was not logged (the cell stays empty).
   */
  airtimeSeconds: number | null;
  /** Who recorded it (`recorderOf`): blank for an imported row whose file names nobody. */
  recordedBy: string;
  note: string;
}

/** The airings of one Monday–Sunday week of the period (cut at the period's edges), with their subtotal. */
export interface LogbookWeek {
  from: LocalDate;
  to: LocalDate;
  rows: LogbookRow[];
  totals: Figures;
}

export interface Logbook {
  period: Pick<Period, 'from' | 'to' | 'label' | 'heading'>;
  /** Only the weeks with an airing: a day or week without one has no line. */
  weeks: LogbookWeek[];
  /** Counted as the report counts: `entries` airings, `items` distinct items, `plays`, `airtimeSeconds`. */
  totals: Figures;
  /** The days without an airing, counted from the period's start to `countedTo`. */
  daysWithout: number;
  /** The last day counted: the period's end, or today while the period runs. */
  countedTo: LocalDate;
}

/** The unit keeping the book, as its heading says it: "UBND XÃ AN HẢI" (dots to fill in when unnamed). */
export function unitHeading(communeKind: CommuneKind, communeName: string): string {
  return `UBND ${communeKind} ${communeName.trim() || '…………'}`.toUpperCase();
}

const byTime = (a: EntryWithItem, b: EntryWithItem): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id);

/**
 * Builds the book of a period from entries with their items: only the live radio entries of the
 * period are kept (the storage is asked for those already; this holds whatever it is given), in time
 * order. `names` maps usernames to the names shown as "Người ghi"; `today` ends the count of days
 * without an airing while the period runs.
 */
export function buildLogbook(period: Logbook['period'], entries: Iterable<EntryWithItem>, vocab: Vocabulary, names: ReadonlyMap<string, string>, today: LocalDate): Logbook {
  const kept: EntryWithItem[] = [];
  for (const e of entries) {
    const date = localDateOf(e.at);
    if (e.channel === LOGBOOK_CHANNEL && isLive(e) && date >= period.from && date <= period.to) kept.push(e);
  }
  kept.sort(byTime);
  const all = new Tally();
  const weeks: LogbookWeek[] = [];
  let open = null as OpenWeek | null;
  for (const [i, e] of kept.entries()) {
    const monday = weekStart(localDateOf(e.at));
    const from = monday < period.from ? period.from : monday;
    if (open?.from !== from) {
      if (open) weeks.push(closed(open));
      const sunday = addDays(monday, 6);
      open = { from, to: sunday > period.to ? period.to : sunday, rows: [], tally: new Tally() };
    }
    open.rows.push(row(i + 1, e, vocab, names));
    open.tally.add(e, e.item);
    all.add(e, e.item);
  }
  if (open) weeks.push(closed(open));
  const countedTo = today < period.to ? today : period.to;
  const aired = new Set(kept.map((e) => localDateOf(e.at)).filter((d) => d <= countedTo));
  return { period, weeks, totals: all.counts().totals, daysWithout: Math.max(0, daysBetween(period.from, countedTo) - aired.size), countedTo };
}

type OpenWeek = Omit<LogbookWeek, 'totals'> & { tally: Tally };
const closed = ({ tally, ...week }: OpenWeek): LogbookWeek => ({ ...week, totals: tally.counts().totals });

/** Days from one date to another, both counted (0 when `to` is before `from`). */
function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
}

function row(no: number, e: EntryWithItem, vocab: Vocabulary, names: ReadonlyMap<string, string>): LogbookRow {
  return {
    no,
    entryId: e.id,
    at: e.at,
    date: fmtDate(e.at),
    time: fmtTime(e.at),
    title: e.item.title,
    format: labelOf(vocab.formats, e.item.format),
    durationSeconds: e.durationSeconds,
    plays: e.playCount,
    airtimeSeconds: e.durationSeconds === null ? null : contributionOf(e).airtimeSeconds,
    recordedBy: recorderOf(e, names),
    note: e.note,
  };
}

/** A "Thời lượng" cell: h:mm:ss, every cell of the column alike; '' when no length was logged. */
export const airtimeText = (seconds: number | null): string => fmtHms(seconds);

/** "12 lượt phát sóng của 9 tin bài": airings and distinct items, as the report counts them. */
export function airingsOfItems(t: Pick<Figures, 'entries' | 'items'>): string {
  return `${fmtNumber(t.entries)} lượt phát sóng của ${fmtNumber(t.items)} tin bài`;
}

/** What a subtotal or total row says across its first columns: "Cộng tuần 16/11 – 22/11/2026: 12 lượt phát sóng của 9 tin bài". */
export function totalText(label: string, t: Pick<Figures, 'entries' | 'items'>): string {
  return `${label}: ${airingsOfItems(t)}`;
}

/** A subtotal's or total's "Thời lượng": the air time, '' when no length is known. */
export const totalAirtime = (t: Pick<Figures, 'airtimeSeconds'>): string => (t.airtimeSeconds > 0 ? fmtHms(t.airtimeSeconds) : '');

/** The label of a week's subtotal: "Cộng tuần 16/11 – 22/11/2026" (the year once when both ends share it; one date for a week cut to a day). */
export function weekLabel(w: Pick<LogbookWeek, 'from' | 'to'>): string {
  if (w.from === w.to) return `Cộng tuần ${fmtDate(w.from)}`;
  const from = w.from.slice(0, 4) === w.to.slice(0, 4) ? fmtDate(w.from).slice(0, 5) : fmtDate(w.from);
  return `Cộng tuần ${from} – ${fmtDate(w.to)}`;
}

/** The label of the book's total. */
export const TOTAL_LABEL = 'Tổng cộng';

/** Whether the book shows a subtotal per week: only when it runs over more than one. */
export const showsWeeks = (book: Pick<Logbook, 'weeks'>): boolean => book.weeks.length > 1;

/** The closing sentence of the book: "Tổng cộng 60 lượt phát sóng của 25 tin bài, 75 lượt phát; thời lượng phát 2:30:00." */
export function closingLine(book: Pick<Logbook, 'totals'>): string {
  const t = book.totals;
  return `${TOTAL_LABEL} ${airingsOfItems(t)}, ${fmtNumber(t.plays)} lượt phát${t.airtimeSeconds > 0 ? `; thời lượng phát ${fmtHms(t.airtimeSeconds)}` : ''}.`;
}

/** The line on the days without an airing, which the book leaves out: how many, up to when. */
export function daysWithoutLine(book: Pick<Logbook, 'daysWithout' | 'countedTo' | 'period'>): string {
  const span = book.countedTo < book.period.to ? `Từ đầu kỳ đến hết ngày ${fmtDate(book.countedTo)}` : 'Trong kỳ';
  if (book.countedTo < book.period.from) return 'Kỳ chưa bắt đầu: chưa có ngày nào để ghi.';
  return book.daysWithout
    ? `${span} có ${fmtNumber(book.daysWithout)} ngày không có buổi phát (không ghi vào sổ).`
    : `${span} ngày nào cũng có buổi phát.`;
}
