/**
 * The period of a log book: any period the reports offer, asked for with the reports' own query
 * parameters (`parsePeriodQuery`), and the week or month of the links the book had before
 * (`?week=<a date of it>`, `?month=mm/yyyy`), which keep working.
 */
import { periodSlug } from './export-rows.js';
import type { Result } from './model.js';
import { type Period, parsePeriodQuery, periodHeading, resolvePreset } from './periods.js';
import { addDays, fmtDate, type LocalDate, monthEnd, parseLocalDate, weekStart } from './time.js';

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

const named = (from: LocalDate, to: LocalDate, label: string): Period => ({ from, to, label, heading: periodHeading({ from, to, label }), preset: 'custom', year: Number(from.slice(0, 4)) });

/** The Monday–Sunday week holding a date: "Tuần từ 16/11/2026 đến 22/11/2026". */
export function weekPeriod(date: LocalDate): Period {
  const from = weekStart(date);
  const to = addDays(from, 6);
  return named(from, to, `Tuần từ ${fmtDate(from)} đến ${fmtDate(to)}`);
}

/** A calendar month (1–12) of a year: "Tháng 11 năm 2026". */
export function monthPeriod(year: number, month: number): Period {
  const from = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return named(from, monthEnd(from), `Tháng ${month} năm ${year}`);
}

/** A month as the old links wrote it: yyyy-mm or mm/yyyy; null for anything else (`month` of a Decree 09 month is a number). */
function oldMonth(text: string): { year: number; month: number } | null {
  let m = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (m) return { year: Number(m[1]), month: Number(m[2]) };
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  return m ? { year: Number(m[2]), month: Number(m[1]) } : null;
}

/**
 * The period asked for: the reports' parameters (`period`, `year`, `month`, `from`/`to`; see
 * `parsePeriodQuery`), or, without them, an old link's `week` (a date of the week, dd/mm/yyyy or
 * yyyy-mm-dd) or `month` (mm/yyyy or yyyy-mm). Nothing: this week. Errors are Vietnamese, by field.
 */
export function parseLogbookQuery(query: Record<string, unknown>, today: LocalDate): Result<Period> {
  const preset = first(query.period);
  if (preset || first(query.from) || first(query.to)) {
    const parsed = parsePeriodQuery(query, today);
    return parsed.ok ? { ok: true, value: onPaper(parsed.value) } : parsed;
  }
  const week = first(query.week).slice(0, 40);
  const monthText = first(query.month).slice(0, 40);
  if (week && monthText) return { ok: false, errors: { week: 'Chỉ chọn một trong hai: một tuần hoặc một tháng.' } };
  if (monthText) {
    const m = oldMonth(monthText);
    if (!m) return { ok: false, errors: { month: 'Tháng phải có dạng mm/yyyy, ví dụ 11/2026.' } };
    if (m.month < 1 || m.month > 12 || m.year < 1900 || m.year > 2999) return { ok: false, errors: { month: `Tháng ${monthText} không có trên lịch.` } };
    return { ok: true, value: monthPeriod(m.year, m.month) };
  }
  if (week) {
    const parsed = parseLocalDate(week);
    if (!parsed.ok) return { ok: false, errors: { week: parsed.reason === 'calendar' ? `Ngày ${week} không có trên lịch.` : 'Ngày trong tuần phải có dạng dd/mm/yyyy, ví dụ 16/11/2026.' } };
    return { ok: true, value: weekPeriod(parsed.date) };
  }
  return { ok: true, value: onPaper(resolvePreset('this-week', today, Number(today.slice(0, 4)))!) };
}

/** A period named as it reads on paper, whenever it is read: "Tuần này" is "Tuần từ 16/11/2026 đến 22/11/2026" (still the same choice in the period control). */
function onPaper(period: Period): Period {
  return period.preset === 'this-week' || period.preset === 'last-week' ? { ...weekPeriod(period.from), preset: period.preset } : period;
}

/**
 * The query string naming a book's period in links (the downloads): the parameters it was asked with,
 * an old link's `week` or `month` included; this week's without any.
 */
export function logbookQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const k of ['period', 'year', 'month', 'from', 'to', 'week']) if (first(query[k])) params.set(k, first(query[k]));
  if (!params.size) params.set('period', 'this-week');
  return params.toString();
}

/** The period control's values for a book: an old link's week or month shown as the custom range it is. */
export function pickerQuery(query: Record<string, unknown>, period: Pick<Period, 'from' | 'to'> | null): Record<string, unknown> {
  if (first(query.period) || first(query.from) || first(query.to) || !period || !(first(query.week) || first(query.month))) return query;
  return { period: 'custom', from: fmtDate(period.from), to: fmtDate(period.to) };
}

/**
 * The file name of a book: so-nhat-ky-phat-thanh-2026-11.docx for a calendar month, …-2026-11-16 for
 * a Monday–Sunday week (by its Monday), …-2026-Q1, …-2026 and …-<from>_<to> otherwise (`periodSlug`).
 */
export function logbookFileName(period: Pick<Period, 'from' | 'to'>, ext: string): string {
  const { from, to } = period;
  const slug = from.endsWith('-01') && to === monthEnd(from) ? from.slice(0, 7) : weekStart(from) === from && addDays(from, 6) === to ? from : periodSlug(from, to);
  return `so-nhat-ky-phat-thanh-${slug}.${ext}`;
}
