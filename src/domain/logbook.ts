/**
 * The radio log book ("sổ nhật ký chương trình phát thanh") that district and city inspectors ask for:
 * the radio airings of a week or a month laid out as the paper book, day by day (days without an
 * airing included), with totals per day, per week and for the whole period.
 */
import { type EntryView, isLive, type Result } from './model.js';
import type { CommuneKind } from './sentence.js';
import { fmtHms, fmtNumber } from './text.js';
import { addDays, fmtDate, fmtTime, type LocalDate, type LocalIso, localDateOf, monthEnd, parseLocalDate, weekStart } from './time.js';
import { labelOf, type Vocabulary } from './vocabulary.js';

/** The channel the book is kept for. */
export const LOGBOOK_CHANNEL = 'radio';

export const LOGBOOK_TITLE = 'SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH';

/** The book's columns, one line per airing, in every output (page, Word, Excel). */
export const LOGBOOK_COLUMNS = ['TT', 'Giờ phát', 'Tiêu đề', 'Hình thức', 'Số lượt phát', 'Thời lượng 1 lần', 'Tổng thời lượng', 'Người ghi'] as const;

/** The period of a book: a Monday–Sunday week, or a calendar month. Dates inclusive, Vietnam time. */
export interface LogbookPeriod {
  kind: 'week' | 'month';
  from: LocalDate;
  to: LocalDate;
}

export interface LogbookTotals {
  /** Airings: entries of the log. */
  airings: number;
  /** Plays: the sum of the airings' play counts. */
  plays: number;
  /** Σ plays × duration of one play; an airing without a duration counts 0. */
  seconds: number;
}

/** One airing, as a line of the book. */
export interface LogbookRow {
  entryId: number;
  at: LocalIso;
  /** HH:mm (24-hour). */
  time: string;
  title: string;
  /** The format's label. */
  format: string;
  plays: number;
  /** One play; null when it was not logged (the cell stays empty). */
  durationSeconds: number | null;
  /** plays × duration; null when the duration is. */
  totalSeconds: number | null;
  /** Who logged it: the user's name when known, else the username. */
  recordedBy: string;
}

export interface LogbookDay {
  date: LocalDate;
  /** "Thứ Hai, 16/11/2026". */
  heading: string;
  /** By time, then by entry id. Empty on a day without an airing. */
  rows: LogbookRow[];
  totals: LogbookTotals;
}

/** A Monday–Sunday week, cut at the month's edges in a month's book. */
export interface LogbookWeek {
  from: LocalDate;
  to: LocalDate;
  /** "Tuần từ 16/11/2026 đến 22/11/2026". */
  heading: string;
  days: LogbookDay[];
  totals: LogbookTotals;
}

export interface Logbook {
  period: LogbookPeriod;
  /** "Tuần từ 16/11/2026 đến 22/11/2026" or "Tháng 11/2026". */
  heading: string;
  /** One for a week's book; every (partial) week of the month for a month's. */
  weeks: LogbookWeek[];
  totals: LogbookTotals;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** "Thứ Hai, 16/11/2026" (the weekday of a local date, whatever the host's time zone). */
export function dayHeading(date: LocalDate): string {
  return `${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}, ${fmtDate(date)}`;
}

const rangeHeading = (from: LocalDate, to: LocalDate): string => `Tuần từ ${fmtDate(from)} đến ${fmtDate(to)}`;

/** The heading of a book's period: "Tuần từ 16/11/2026 đến 22/11/2026" or "Tháng 11/2026". */
export function periodHeading(period: LogbookPeriod): string {
  return period.kind === 'month' ? `Tháng ${period.from.slice(5, 7)}/${period.from.slice(0, 4)}` : rangeHeading(period.from, period.to);
}

/** The Monday–Sunday week holding a date. */
export function weekOf(date: LocalDate): LogbookPeriod {
  const from = weekStart(date);
  return { kind: 'week', from, to: addDays(from, 6) };
}

/** The calendar month of a year and a month (1–12). */
export function monthOf(year: number, month: number): LogbookPeriod {
  const from = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return { kind: 'month', from, to: monthEnd(from) };
}

/** The periods before and after one of the same kind, for paging through the book. */
export function adjacentPeriods(period: LogbookPeriod): { previous: LogbookPeriod; next: LogbookPeriod } {
  if (period.kind === 'week') return { previous: weekOf(addDays(period.from, -7)), next: weekOf(addDays(period.from, 7)) };
  const monthAt = (date: LocalDate) => monthOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
  return { previous: monthAt(addDays(period.from, -1)), next: monthAt(addDays(period.to, 1)) };
}

/** The book's own query string: `week=<Monday>` or `month=yyyy-mm`. */
export function periodQuery(period: LogbookPeriod): string {
  return period.kind === 'month' ? `month=${period.from.slice(0, 7)}` : `week=${period.from}`;
}

/** The file name of a book: so-nhat-ky-phat-thanh-2026-11-16.<ext> (a week, by its Monday) or …-2026-11.<ext>. */
export function logbookFileName(period: LogbookPeriod, ext: string): string {
  return `so-nhat-ky-phat-thanh-${period.kind === 'month' ? period.from.slice(0, 7) : period.from}.${ext}`;
}

/** The unit keeping the book, as its heading says it: "UBND XÃ AN HẢI" (dots to fill in when unnamed). */
export function unitHeading(communeKind: CommuneKind, communeName: string): string {
  return `UBND ${communeKind} ${communeName.trim() || '…………'}`.toUpperCase();
}

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

function parseMonth(text: string): { year: number; month: number } | 'format' | 'range' {
  let m = /^(\d{4})-(\d{1,2})$/.exec(text);
  let year: number, month: number;
  if (m) [year, month] = [Number(m[1]), Number(m[2])];
  else if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(text))) [month, year] = [Number(m[1]), Number(m[2])];
  else return 'format';
  if (month < 1 || month > 12 || year < 1900 || year > 2999) return 'range';
  return { year, month };
}

/**
 * The period asked for: `week` (any date of the week, dd/mm/yyyy or yyyy-mm-dd) or `month`
 * (mm/yyyy or yyyy-mm); neither: the week of `today`. Errors are Vietnamese, by field.
 */
export function parseLogbookQuery(query: Record<string, unknown>, today: LocalDate): Result<LogbookPeriod> {
  const week = first(query.week).slice(0, 40);
  const month = first(query.month).slice(0, 40);
  if (week && month) return { ok: false, errors: { week: 'Chỉ chọn một trong hai: một tuần hoặc một tháng.' } };
  if (month) {
    const parsed = parseMonth(month);
    if (parsed === 'format') return { ok: false, errors: { month: 'Tháng phải có dạng mm/yyyy, ví dụ 11/2026.' } };
    if (parsed === 'range') return { ok: false, errors: { month: `Tháng ${month} không có trên lịch.` } };
    return { ok: true, value: monthOf(parsed.year, parsed.month) };
  }
  if (week) {
    const parsed = parseLocalDate(week);
    if (!parsed.ok) return { ok: false, errors: { week: parsed.reason === 'calendar' ? `Ngày ${week} không có trên lịch.` : 'Ngày trong tuần phải có dạng dd/mm/yyyy, ví dụ 16/11/2026.' } };
    return { ok: true, value: weekOf(parsed.date) };
  }
  return { ok: true, value: weekOf(today) };
}

const zero = (): LogbookTotals => ({ airings: 0, plays: 0, seconds: 0 });

function add(to: LogbookTotals, more: LogbookTotals): void {
  to.airings += more.airings;
  to.plays += more.plays;
  to.seconds += more.seconds;
}

/**
 * Builds the book of a period from entries with their items: only live radio entries of the period
 * are kept (the storage is asked for those already; this holds whatever it is given). `names` maps
 * usernames to the names shown as "Người ghi".
 */
export function buildLogbook(period: LogbookPeriod, entries: Iterable<EntryView>, vocab: Vocabulary, names: ReadonlyMap<string, string> = new Map()): Logbook {
  const byDay = new Map<LocalDate, EntryView[]>();
  for (const e of entries) {
    const date = localDateOf(e.at);
    if (e.channel !== LOGBOOK_CHANNEL || !isLive(e) || date < period.from || date > period.to) continue;
    const list = byDay.get(date);
    if (list) list.push(e);
    else byDay.set(date, [e]);
  }
  const weeks: LogbookWeek[] = [];
  const totals = zero();
  for (let from = period.from; from <= period.to; ) {
    const sunday = addDays(weekStart(from), 6);
    const to = sunday < period.to ? sunday : period.to;
    const week: LogbookWeek = { from, to, heading: rangeHeading(from, to), days: [], totals: zero() };
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const list = (byDay.get(date) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
      const rows = list.map((e) => row(e, vocab, names));
      const day: LogbookDay = { date, heading: dayHeading(date), rows, totals: zero() };
      for (const r of rows) add(day.totals, { airings: 1, plays: r.plays, seconds: r.totalSeconds ?? 0 });
      add(week.totals, day.totals);
      week.days.push(day);
    }
    add(totals, week.totals);
    weeks.push(week);
    from = addDays(to, 1);
  }
  return { period, heading: periodHeading(period), weeks, totals };
}

function row(e: EntryView, vocab: Vocabulary, names: ReadonlyMap<string, string>): LogbookRow {
  return {
    entryId: e.id,
    at: e.at,
    time: fmtTime(e.at),
    title: e.item.title,
    format: labelOf(vocab.formats, e.item.format),
    plays: e.playCount,
    durationSeconds: e.durationSeconds,
    totalSeconds: e.durationSeconds === null ? null : e.durationSeconds * e.playCount,
    recordedBy: names.get(e.recordedBy) || e.recordedBy,
  };
}

/** "3 tin bài, 6 lượt phát, tổng thời lượng 0:07:30": a total in words, for the book's total lines. */
export function totalsLine(t: LogbookTotals): string {
  return `${fmtNumber(t.airings)} tin bài, ${fmtNumber(t.plays)} lượt phát, tổng thời lượng ${fmtHms(t.seconds)}`;
}
