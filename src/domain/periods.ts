import type { FieldErrors, Result } from './model.js';
import { addDays, addYears, fmtDate, type LocalDate, localToday, monthEnd, parseLocalDate, weekStart } from './time.js';

/** A reporting period: an inclusive range of Vietnam-time dates, with its Vietnamese name. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
  label: string;
  /** The preset it came from, and its year where it has one (for file names, targets). */
  preset: string;
  year: number;
}

/** The presets of the period control, in the order they are offered. */
export const PRESETS: { code: string; label: string; needsYear: boolean }[] = [
  { code: 'this-week', label: 'Tuần này', needsYear: false },
  { code: 'last-week', label: 'Tuần trước', needsYear: false },
  { code: 'this-month', label: 'Tháng này', needsYear: false },
  { code: 'last-month', label: 'Tháng trước', needsYear: false },
  { code: 'q1', label: 'Quý I', needsYear: true },
  { code: 'q2', label: 'Quý II', needsYear: true },
  { code: 'q3', label: 'Quý III', needsYear: true },
  { code: 'q4', label: 'Quý IV', needsYear: true },
  { code: 'h1', label: '6 tháng đầu năm', needsYear: true },
  { code: 'h2', label: '6 tháng cuối năm', needsYear: true },
  { code: 'year', label: 'Cả năm', needsYear: true },
  { code: 'gov-q1', label: 'Quý I (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q2', label: 'Quý II (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q3', label: 'Quý III (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q4', label: 'Quý IV (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-h1', label: '6 tháng (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-year', label: 'Năm (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'custom', label: 'Khoảng ngày tùy chọn', needsYear: false },
];

const ROMAN = ['I', 'II', 'III', 'IV'];
const MAX_RANGE_YEARS = 10;

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): LocalDate => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOfMonth = (y: number, m: number): LocalDate => monthEnd(ymd(y, m, 1));

/** Calendar quarter q (1–4) of a year. */
export function quarter(year: number, q: number): Period {
  const firstMonth = (q - 1) * 3 + 1;
  return { from: ymd(year, firstMonth, 1), to: lastDayOfMonth(year, firstMonth + 2), label: `Quý ${ROMAN[q - 1]} năm ${year}`, preset: `q${q}`, year };
}

/**
 * Decree 09/2019/NĐ-CP reporting quarter: from the 15th of the month before the quarter to the 14th
 * of its last month (quarter I: 15/12 of the year before to 14/03).
 */
export function govQuarter(year: number, q: number): Period {
  const lastMonth = q * 3;
  const startMonth = lastMonth - 3;
  const from = startMonth === 0 ? ymd(year - 1, 12, 15) : ymd(year, startMonth, 15);
  return { from, to: ymd(year, lastMonth, 14), label: `Quý ${ROMAN[q - 1]} năm ${year} (kỳ báo cáo ${fmtDate(from)}–${fmtDate(ymd(year, lastMonth, 14))})`, preset: `gov-q${q}`, year };
}

/** Resolves a preset to its dates. `today` is the Vietnam date now; `year` for the presets that take one. */
export function resolvePreset(preset: string, today: LocalDate, year: number): Period | null {
  const y = year;
  switch (preset) {
    case 'this-week':
    case 'last-week': {
      const start = addDays(weekStart(today), preset === 'this-week' ? 0 : -7);
      const end = addDays(start, 6);
      return { from: start, to: end, label: `${preset === 'this-week' ? 'Tuần này' : 'Tuần trước'} (${fmtDate(start)}–${fmtDate(end)})`, preset, year: Number(start.slice(0, 4)) };
    }
    case 'this-month':
    case 'last-month': {
      let m = Number(today.slice(5, 7));
      let yy = Number(today.slice(0, 4));
      if (preset === 'last-month') {
        m -= 1;
        if (m === 0) {
          m = 12;
          yy -= 1;
        }
      }
      return { from: ymd(yy, m, 1), to: lastDayOfMonth(yy, m), label: `Tháng ${m} năm ${yy}`, preset, year: yy };
    }
    case 'q1':
    case 'q2':
    case 'q3':
    case 'q4':
      return quarter(y, Number(preset[1]));
    case 'h1':
      return { from: ymd(y, 1, 1), to: ymd(y, 6, 30), label: `6 tháng đầu năm ${y}`, preset, year: y };
    case 'h2':
      return { from: ymd(y, 7, 1), to: ymd(y, 12, 31), label: `6 tháng cuối năm ${y}`, preset, year: y };
    case 'year':
      return { from: ymd(y, 1, 1), to: ymd(y, 12, 31), label: `Năm ${y}`, preset, year: y };
    case 'gov-q1':
    case 'gov-q2':
    case 'gov-q3':
    case 'gov-q4':
      return govQuarter(y, Number(preset[5]));
    case 'gov-h1':
      return { from: ymd(y - 1, 12, 15), to: ymd(y, 6, 14), label: `6 tháng năm ${y} (kỳ báo cáo 15/12/${y - 1}–14/06/${y})`, preset, year: y };
    case 'gov-year':
      return { from: ymd(y - 1, 12, 15), to: ymd(y, 12, 14), label: `Năm ${y} (kỳ báo cáo 15/12/${y - 1}–14/12/${y})`, preset, year: y };
    default:
      return null;
  }
}

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

/**
 * Reads a period from query parameters: `period` (a preset; `custom` or absent with `from`/`to`
 * means a custom range) and `year`. Without anything, the current quarter.
 */
export function parsePeriodQuery(query: Record<string, unknown>, today: LocalDate): Result<Period> {
  const errors: FieldErrors = {};
  const fromText = first(query.from);
  const toText = first(query.to);
  let preset = first(query.period);
  if (!preset) preset = fromText || toText ? 'custom' : `q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  const yearText = first(query.year);
  let year = Number(today.slice(0, 4));
  if (yearText) {
    if (/^\d{4}$/.test(yearText) && Number(yearText) >= 1990 && Number(yearText) <= 2100) year = Number(yearText);
    else errors.year = 'Năm phải là số có 4 chữ số, ví dụ 2026.';
  }
  if (preset === 'custom') {
    const from = fromText ? parseLocalDate(fromText) : null;
    const to = toText ? parseLocalDate(toText) : null;
    if (!fromText) errors.from = 'Vui lòng nhập ngày bắt đầu (dd/mm/yyyy).';
    else if (!from?.ok) errors.from = from && from.reason === 'calendar' ? `Ngày ${fromText} không có trên lịch.` : 'Ngày bắt đầu phải có dạng dd/mm/yyyy.';
    if (!toText) errors.to = 'Vui lòng nhập ngày kết thúc (dd/mm/yyyy).';
    else if (!to?.ok) errors.to = to && to.reason === 'calendar' ? `Ngày ${toText} không có trên lịch.` : 'Ngày kết thúc phải có dạng dd/mm/yyyy.';
    if (from?.ok && to?.ok) {
      if (to.date < from.date) errors.to = 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.';
      else if (to.date >= addYears(from.date, MAX_RANGE_YEARS)) errors.to = `Khoảng thời gian không được dài quá ${MAX_RANGE_YEARS} năm.`;
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    const f = (from as { date: string }).date;
    const t = (to as { date: string }).date;
    return { ok: true, value: { from: f, to: t, label: `Từ ngày ${fmtDate(f)} đến ngày ${fmtDate(t)}`, preset, year: Number(f.slice(0, 4)) } };
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const period = resolvePreset(preset, today, year);
  if (!period) return { ok: false, errors: { period: 'Kỳ báo cáo không hợp lệ.' } };
  return { ok: true, value: period };
}

/** The period of the current quarter, for defaults. */
export function currentQuarter(now: Date): Period {
  const today = localToday(now);
  return quarter(Number(today.slice(0, 4)), Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
}
