import type { DateRange } from './row-kinds.js';
import { foldText } from './text.js';
import { addDays, type LocalDate } from './time.js';
import { weekdayOf } from './schedule.js';

// Thứ Hai is Monday (1), Thứ 7 Saturday (6); Chủ nhật is 7, as weekdayOf counts.
const WEEKDAY_WORDS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6 };
const WEEKDAY = /^(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|t\.?\s?([2-7])|(cn|chu\s*nhat))\b[\s,.:;-]*/;
const DAY_MONTH = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The days of a range, first to last (a section names a week or a month: a few dozen at most). */
function* daysOf(range: DateRange): Generator<LocalDate> {
  for (let d = range.from, n = 0; d <= range.to && n < 400; d = addDays(d, 1), n++) yield d;
}

/**
 * The date of a row under a section that names a range of days ("Tuần 2 (09/01 - 15/01)", "Tháng 3"),
 * when the row's own date cell does not say it whole: nothing, with a range of one day; a day and month
 * without a year ("09/01"), the day of the range with that day and month; a weekday alone ("Thứ Hai",
 * "T2", "CN"), the one day of the range with that weekday. Null when the range does not settle it (a
 * weekday that comes twice in a month, a day outside the range): the row then says what is missing.
 */
export function dateInRange(written: string, range: DateRange): LocalDate | null {
  let text = foldText(written).trim();
  const days = [...daysOf(range)];
  if (!text) return days.length === 1 ? days[0]! : null;
  const weekday = WEEKDAY.exec(text);
  let wanted: number | null = null;
  if (weekday) {
    wanted = weekday[3] ? 7 : WEEKDAY_WORDS[weekday[1] ?? weekday[2]!]!;
    text = text.slice(weekday[0].length).trim();
  }
  const dm = DAY_MONTH.exec(text);
  if (!dm && text) return null;
  const matches = days.filter((d) => (!dm || d.slice(5) === `${pad(Number(dm[2]))}-${pad(Number(dm[1]))}`) && (wanted === null || weekdayOf(d) === wanted));
  return matches.length === 1 ? matches[0]! : null;
}
