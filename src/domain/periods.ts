import type { FieldErrors, Result } from './model.js';
import { addDays, addYears, fmtDate, type LocalDate, localToday, monthEnd, parseLocalDate, weekStart } from './time.js';

/** A reporting period: an inclusive range of Vietnam-time dates, with its Vietnamese name. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
  label: string;
  /** The label with its date range, stated once: for headings (see `periodHeading`). */
  heading: string;
  /** The preset it came from, and its year where it has one (for file names, targets). */
  preset: string;
  year: number;
}

/** One option of the period control: `needsYear`/`needsMonth` say which other fields it reads. */
export interface Preset {
  code: string;
  label: string;
  needsYear: boolean;
  needsMonth?: boolean;
}

/** The presets of the period control, in the order they are offered. */
export const PRESETS: Preset[] = [
  { code: 'this-week', label: 'Tuần này', needsYear: false },
  { code: 'last-week', label: 'Tuần trước', needsYear: false },
  { code: 'this-month', label: 'Tháng này', needsYear: false },
  { code: 'last-month', label: 'Tháng trước', needsYear: false },
  { code: 'ytd', label: 'Từ đầu năm đến nay', needsYear: false },
  { code: 'q1', label: 'Quý I', needsYear: true },
  { code: 'q2', label: 'Quý II', needsYear: true },
  { code: 'q3', label: 'Quý III', needsYear: true },
  { code: 'q4', label: 'Quý IV', needsYear: true },
  { code: 'h1', label: '6 tháng đầu năm', needsYear: true },
  { code: 'h2', label: '6 tháng cuối năm', needsYear: true },
  { code: 'nine-months', label: '9 tháng đầu năm', needsYear: true },
  { code: 'year', label: 'Cả năm', needsYear: true },
  { code: 'gov-month', label: 'Tháng (kỳ báo cáo theo NĐ 09/2019)', needsYear: true, needsMonth: true },
  { code: 'gov-q1', label: 'Quý I (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q2', label: 'Quý II (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q3', label: 'Quý III (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-q4', label: 'Quý IV (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-h1', label: '6 tháng (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-nine-months', label: '9 tháng (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'gov-year', label: 'Năm (kỳ báo cáo theo NĐ 09/2019)', needsYear: true },
  { code: 'custom', label: 'Khoảng ngày tùy chọn', needsYear: false },
];

const ROMAN = ['I', 'II', 'III', 'IV'];
const MAX_RANGE_YEARS = 10;

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): LocalDate => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOfMonth = (y: number, m: number): LocalDate => monthEnd(ymd(y, m, 1));

/**
 * The label of a period with its date range appended, unless the label already states both ends
 * (Decree 09 periods, weeks, custom ranges and "từ đầu năm đến nay" do), so the range shows once.
 */
export function periodHeading(period: Pick<Period, 'from' | 'to' | 'label'>): string {
  const from = fmtDate(period.from);
  const to = fmtDate(period.to);
  if (period.label.includes(from) && period.label.includes(to)) return period.label;
  return `${period.label} (từ ngày ${from} đến ngày ${to})`;
}

function named(from: LocalDate, to: LocalDate, label: string, preset: string, year: number): Period {
  return { from, to, label, heading: periodHeading({ from, to, label }), preset, year };
}

/** The range "15/12/2025–14/03/2026" that Decree 09 labels state after "kỳ báo cáo". */
const govLabel = (name: string, from: LocalDate, to: LocalDate): string => `${name} (kỳ báo cáo ${fmtDate(from)}–${fmtDate(to)})`;

/** Calendar quarter q (1–4) of a year. */
export function quarter(year: number, q: number): Period {
  const firstMonth = (q - 1) * 3 + 1;
  return named(ymd(year, firstMonth, 1), lastDayOfMonth(year, firstMonth + 2), `Quý ${ROMAN[q - 1]} năm ${year}`, `q${q}`, year);
}

/**
 * Decree 09/2019/NĐ-CP reporting month m (1–12): from the 15th of the month before to the 14th of
 * month m (month 1: 15/12 of the year before to 14/01).
 */
export function govMonth(year: number, month: number): Period {
  const from = month === 1 ? ymd(year - 1, 12, 15) : ymd(year, month - 1, 15);
  const to = ymd(year, month, 14);
  return named(from, to, govLabel(`Tháng ${month} năm ${year}`, from, to), 'gov-month', year);
}

/**
 * Decree 09/2019/NĐ-CP reporting quarter: from the 15th of the month before the quarter to the 14th
 * of its last month (quarter I: 15/12 of the year before to 14/03).
 */
export function govQuarter(year: number, q: number): Period {
  const lastMonth = q * 3;
  const startMonth = lastMonth - 3;
  const from = startMonth === 0 ? ymd(year - 1, 12, 15) : ymd(year, startMonth, 15);
  const to = ymd(year, lastMonth, 14);
  return named(from, to, govLabel(`Quý ${ROMAN[q - 1]} năm ${year}`, from, to), `gov-q${q}`, year);
}

/** A Decree 09 period of the year that starts on 15/12 of the year before and ends on the 14th of `lastMonth`. */
function govFromYearStart(preset: string, name: string, year: number, lastMonth: number): Period {
  const from = ymd(year - 1, 12, 15);
  const to = ymd(year, lastMonth, 14);
  return named(from, to, govLabel(`${name} năm ${year}`, from, to), preset, year);
}

/** Whether `month` is a month number 1–12. */
const isMonth = (month: number | undefined): month is number => month !== undefined && Number.isInteger(month) && month >= 1 && month <= 12;

/**
 * Resolves a preset to its dates. `today` is the Vietnam date now; `year` for the presets that take
 * one; `month` (1–12) for `gov-month`, which without it resolves to null.
 */
export function resolvePreset(preset: string, today: LocalDate, year: number, month?: number): Period | null {
  const y = year;
  switch (preset) {
    case 'this-week':
    case 'last-week': {
      const start = addDays(weekStart(today), preset === 'this-week' ? 0 : -7);
      const end = addDays(start, 6);
      return named(start, end, `${preset === 'this-week' ? 'Tuần này' : 'Tuần trước'} (${fmtDate(start)}–${fmtDate(end)})`, preset, Number(start.slice(0, 4)));
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
      return named(ymd(yy, m, 1), lastDayOfMonth(yy, m), `Tháng ${m} năm ${yy}`, preset, yy);
    }
    case 'ytd': {
      const from = ymd(Number(today.slice(0, 4)), 1, 1);
      return named(from, today, `Từ ngày ${fmtDate(from)} đến ngày ${fmtDate(today)}`, preset, Number(today.slice(0, 4)));
    }
    case 'q1':
    case 'q2':
    case 'q3':
    case 'q4':
      return quarter(y, Number(preset[1]));
    case 'h1':
      return named(ymd(y, 1, 1), ymd(y, 6, 30), `6 tháng đầu năm ${y}`, preset, y);
    case 'h2':
      return named(ymd(y, 7, 1), ymd(y, 12, 31), `6 tháng cuối năm ${y}`, preset, y);
    case 'nine-months':
      return named(ymd(y, 1, 1), ymd(y, 9, 30), `9 tháng đầu năm ${y}`, preset, y);
    case 'year':
      return named(ymd(y, 1, 1), ymd(y, 12, 31), `Năm ${y}`, preset, y);
    case 'gov-month':
      return isMonth(month) ? govMonth(y, month) : null;
    case 'gov-q1':
    case 'gov-q2':
    case 'gov-q3':
    case 'gov-q4':
      return govQuarter(y, Number(preset[5]));
    case 'gov-h1':
      return govFromYearStart(preset, '6 tháng', y, 6);
    case 'gov-nine-months':
      return govFromYearStart(preset, '9 tháng', y, 9);
    case 'gov-year':
      return govFromYearStart(preset, 'Năm', y, 12);
    default:
      return null;
  }
}

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

/**
 * Reads a period from query parameters: `period` (a preset; `custom` or absent with `from`/`to`
 * means a custom range), `year`, and `month` (1–12, read only for `gov-month`). Without anything,
 * the current quarter.
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
  let month: number | undefined;
  if (preset === 'gov-month') {
    const monthText = first(query.month);
    if (!monthText) errors.month = 'Vui lòng chọn tháng (1–12).';
    else if (/^\d{1,2}$/.test(monthText) && isMonth(Number(monthText))) month = Number(monthText);
    else errors.month = 'Tháng phải là số từ 1 đến 12, ví dụ 3.';
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
    return { ok: true, value: named(f, t, `Từ ngày ${fmtDate(f)} đến ngày ${fmtDate(t)}`, preset, Number(f.slice(0, 4))) };
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const period = resolvePreset(preset, today, year, month);
  if (!period) return { ok: false, errors: { period: 'Kỳ báo cáo không hợp lệ.' } };
  return { ok: true, value: period };
}

/**
 * The periods a quarterly report deadline (a day of March, June, September or December) is about: the
 * calendar quarter it falls in, and that quarter's Decree 09 reporting period.
 */
export function deadlinePeriods(deadline: LocalDate): { quarter: Period; gov: Period } {
  const year = Number(deadline.slice(0, 4));
  const q = Math.ceil(Number(deadline.slice(5, 7)) / 3);
  return { quarter: quarter(year, q), gov: govQuarter(year, q) };
}

/** The period of the current quarter, for defaults. */
export function currentQuarter(now: Date): Period {
  const today = localToday(now);
  return quarter(Number(today.slice(0, 4)), Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
}
