import { type Slot, WEEKDAYS, weekdayOf } from './schedule.js';
import { cellText, type SheetCell, splitWhen } from './sheet-cells.js';
import { foldText } from './text.js';
import { fmtDate, parseLocalDate, parseLocalTime } from './time.js';

// Readers of values as commune offices write them in their sheets ("Thứ Hai, 09/01/2023", "17 giờ 30",
// "Sáng", "2 lần", "1.234", "3'30\""). Each turns one cell into what the validators read, or says in
// Vietnamese why it cannot. They serve imports only: the forms keep asking for one plain way of writing.

/** What a reader made of a cell: the value for the validators, or why the cell cannot be read. */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = (message: string): Read<never> => ({ ok: false, message });

/** A part of the day, written instead of a time ("Sáng", "buổi chiều"). */
export type PartOfDay = 'sang' | 'trua' | 'chieu' | 'toi';
/** The time (`HH:mm`) a row takes when it names only a part of the day. */
export type PartsOfDay = Record<PartOfDay, string>;

export const PART_OF_DAY_LABELS: Record<PartOfDay, string> = { sang: 'Sáng', trua: 'Trưa', chieu: 'Chiều', toi: 'Tối' };
export const DEFAULT_PARTS_OF_DAY: PartsOfDay = { sang: '06:00', trua: '11:00', chieu: '17:00', toi: '19:00' };

// The parts of the day, in minutes of the day: sáng 04:00–10:59, trưa 11:00–12:59, chiều 13:00–17:59,
// tối 18:00–23:59. Midnight to 03:59 is in none: nobody writes "sáng" for a broadcast at 02:00.
const PART_BOUNDS: readonly [PartOfDay, number, number][] = [['sang', 240, 659], ['trua', 660, 779], ['chieu', 780, 1079], ['toi', 1080, 1439]];

/** The part of the day a time (`HH:mm`) falls in; null from 00:00 to 03:59 or for what is not a time. */
export function partOfDayAt(time: string): PartOfDay | null {
  const t = parseLocalTime(time);
  if (!t) return null;
  const minutes = Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return PART_BOUNDS.find(([, from, to]) => minutes >= from && minutes <= to)?.[0] ?? null;
}

/**
 * The time each part of the day stands for: the override when it is a time, else the start of the
 * commune's earliest live schedule slot starting in that part (see PART_BOUNDS), else the default.
 */
export function partsOfDayFrom(slots: readonly Pick<Slot, 'start' | 'deletedAt'>[], overrides: Partial<PartsOfDay> = {}): PartsOfDay {
  const parts = { ...DEFAULT_PARTS_OF_DAY };
  for (const part of Object.keys(parts) as PartOfDay[]) {
    const starts = slots.filter((s) => !s.deletedAt && partOfDayAt(s.start) === part).map((s) => parseLocalTime(s.start)!);
    const given = overrides[part] === undefined ? null : parseLocalTime(overrides[part]!);
    parts[part] = given ?? starts.sort()[0] ?? parts[part];
  }
  return parts;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const TIME_FORMS = 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.';
// SA and CH are what a Vietnamese Excel writes for AM and PM.
const PART_WORDS: Record<string, PartOfDay> = { sang: 'sang', trua: 'trua', chieu: 'chieu', toi: 'toi', am: 'sang', sa: 'sang', pm: 'chieu', ch: 'chieu' };

/** A clock hour said with a part of the day ("5 giờ chiều" is 17), or null when they disagree ("15 giờ sáng"). */
function hourIn(part: PartOfDay, h: number): number | null {
  if (part === 'sang') return h <= 11 ? h : null;
  if (part === 'trua') return h >= 11 && h <= 14 ? h : h === 1 || h === 2 ? h + 12 : null;
  if (part === 'chieu') return h >= 1 && h <= 11 ? h + 12 : h >= 12 ? h : null;
  return h >= 5 && h <= 11 ? h + 12 : h >= 17 ? h : null;
}

/** "06:30", "6.30", "06:30:00", "6h", "6h30", "17g30", "6 giờ 30 phút", "6" (folded) as [hour, minute, second]. */
function clockOf(t: string): [number, number, number] | null {
  const m = /^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$/.exec(t) ?? /^(\d{1,2}) ?(?:h|g|gio)(?: ?(\d{1,2}) ?(?:p|ph|phut|m|')?)?()$/.exec(t) ?? /^(\d{1,2})()()$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)];
  const keypad = /^\d{3,4}$/.test(t) ? parseLocalTime(t) : null;
  return keypad ? [Number(keypad.slice(0, 2)), Number(keypad.slice(3)), 0] : null;
}

/** A time of day out of text: a clock time, a part of the day alone, or both ("6:30 sáng", "Chiều 5h"); a range gives its start. */
function timeOfText(text: string, parts: PartsOfDay): Read<{ time: string; partOfDay: PartOfDay | null }> {
  const t = foldText(text);
  if (!t) return ok({ time: '', partOfDay: null });
  const alone = /^(?:buoi )?(sang|trua|chieu|toi)$/.exec(t);
  if (alone) return ok({ time: parts[alone[1] as PartOfDay], partOfDay: alone[1] as PartOfDay });
  const before = /^(?:buoi )?(sang|trua|chieu|toi)\b[ ,:-]*(.+)$/.exec(t);
  const after = before ? null : /^(.+?)[ ,-]*(?<![a-z])(?:buoi )?(sang|trua|chieu|toi|am|pm|sa|ch)$/.exec(t);
  const word = before?.[1] ?? after?.[2] ?? null;
  const rest = before?.[2] ?? after?.[1] ?? t;
  // A time slot ("06:00 - 06:30", "6h đến 6h30") is logged at its start.
  const range = /^(.+?) ?(?:-|–|—|den) ?(.+)$/.exec(rest);
  const clock = clockOf(range ? range[1]! : rest);
  if (!clock || (range && !clockOf(range[2]!))) return no(TIME_FORMS);
  const [h, min, sec] = clock;
  if (h > 23 || min > 59 || sec > 59) return no('Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.');
  const hour = word ? hourIn(PART_WORDS[word]!, h) : h;
  if (hour === null || hour > 23) return no(`Giờ ghi không khớp với buổi ${PART_OF_DAY_LABELS[PART_WORDS[word!]!].toLowerCase()}.`);
  return ok({ time: `${pad(hour)}:${pad(min)}`, partOfDay: null });
}

/**
 * The time of a "Giờ" or "Buổi" cell: a time cell, a clock time as offices write it, or a part of the day
 * alone ("Sáng", "buổi chiều", "toi"), which takes that part's time and is named in `partOfDay`.
 * An empty cell gives an empty time.
 */
export function timeOrPartOfDay(cell: SheetCell, parts: PartsOfDay): Read<{ time: string; partOfDay: PartOfDay | null }> {
  if (cell instanceof Date || (typeof cell === 'number' && cell >= 0 && cell < 1)) return ok({ time: splitWhen(cell).time, partOfDay: null });
  return timeOfText(cellText(cell), parts);
}

/** A date and a time out of a "Ngày" or "Thời gian" cell; `problems` says what could not be read. */
export interface WhenRead {
  date: string;
  time: string;
  partOfDay: PartOfDay | null;
  problems: { date?: string; time?: string };
}

const WEEKDAY = /(?<![\p{L}\d])(?:(?:thứ|thu)\s*(hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bẩy|bay|[2-7])|t\.?\s?([2-7])|(cn|chủ\s*nhật|chu\s*nhat))(?![\p{L}\d])/iu;
const WEEKDAY_NAMES: Record<string, number> = { hai: 2, ba: 3, tu: 4, nam: 5, sau: 6, bay: 7 };
const DATE_TOKEN = /(?<![\d/.:-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.:-])/;

/** The weekday (1 Monday … 7 Sunday) a "Thứ Hai", "Thứ 2", "T2", "CN" or "Chủ nhật" names. */
function weekdayOfMatch(m: RegExpExecArray): number {
  if (m[3]) return 7;
  const n = m[2] ? Number(m[2]) : /\d/.test(m[1]!) ? Number(m[1]) : WEEKDAY_NAMES[foldText(m[1]!)]!;
  return n - 1;
}

/** The cell's text without the words around a date and time ("ngày", "lúc", "vào") and the punctuation left at its ends. */
const tidy = (text: string): string =>
  text.replace(/(?<![\p{L}\d])(?:vào|vao|lúc|luc|ngày|ngay)(?![\p{L}\d])/giu, ' ').replace(/\(\s*\)/g, ' ').replace(/^[\s,;:()–—-]+|[\s,;:()–—-]+$/g, '').replace(/\s+/g, ' ');

/**
 * Reads a cell holding a date, a time or both: a date cell or serial, "09/01/2023 06:30", an ISO time, and
 * as offices write it, "Thứ Hai, 09/01/2023", "CN 15/01/2023", "9-1-2023", "09.01.2023 lúc 17 giờ 30",
 * "Sáng 09/01/2023". A weekday that is not the date's is refused: the date or the weekday was mistyped.
 */
export function whenOf(cell: SheetCell, parts: PartsOfDay): WhenRead {
  const text = typeof cell === 'string' ? cellText(cell).normalize('NFC').trim() : '';
  if (typeof cell !== 'string' || /^\d{4}-\d{2}-\d{2}[T ]/.test(text)) return { ...splitWhen(cell), partOfDay: null, problems: {} };
  const weekday = WEEKDAY.exec(text);
  const rest = weekday ? `${text.slice(0, weekday.index)} ${text.slice(weekday.index + weekday[0].length)}` : text;
  const token = DATE_TOKEN.exec(rest);
  // Without a dd/mm/yyyy date the cell is read as before, weekday and all, so that its refusal shows it whole.
  const split = token ? { date: token[0], time: tidy(`${rest.slice(0, token.index)} ${rest.slice(token.index + token[0].length)}`) } : splitWhen(tidy(text));
  const when: WhenRead = { date: split.date, time: '', partOfDay: null, problems: {} };
  const time = timeOfText(split.time, parts);
  if (time.ok) Object.assign(when, time.value);
  else when.problems.time = time.message;
  const date = parseLocalDate(split.date);
  if (token && weekday && date.ok && weekdayOf(date.date) !== weekdayOfMatch(weekday)) {
    const [real, named] = [weekdayOf(date.date), weekdayOfMatch(weekday)].map((d) => WEEKDAYS[d - 1]!.label);
    when.problems.date = `Ngày ${fmtDate(date.date)} là ${real}, không phải ${named}: xem lại ngày hoặc thứ.`;
  }
  return when;
}

/** A whole number as offices write it: "1234", "1.234", "1,234", "1 234" (groups of exactly three), "2 lần", "x2", "2 lượt". */
function countOfText(text: string): number | null {
  const t = foldText(text).replace(/^[x×] ?/, '').replace(/ ?(?:[x×]|lan phat|luot phat|luot xem|luot tuong tac|lan|luot)$/, '');
  if (/^-?\d+$/.test(t)) return Number(t);
  return /^\d{1,3}([., ])\d{3}(?:\1\d{3})*$/.test(t) ? Number(t.replace(/[., ]/g, '')) : null;
}

/** A play count: a number, "2", "2 lần", "2 lượt", "x2"; an empty cell gives ''. */
export function playCountOf(cell: SheetCell): Read<number | ''> {
  if (typeof cell === 'number') return ok(cell);
  const text = cellText(cell).trim();
  const n = text ? countOfText(text) : '';
  return n === null ? no('Số lượt phát phải là một số nguyên, ví dụ 2, "2 lần" hoặc "x2".') : ok(n);
}

/**
 * A count of views or interactions: a number, or "1234", "1.234", "1,234", "1 234". A separator must
 * stand between groups of three digits, so "1.5" is refused, not read as 15. An empty cell gives ''.
 */
export function tallyOf(cell: SheetCell, label: string): Read<number | ''> {
  if (typeof cell === 'number') return ok(cell);
  const text = cellText(cell).trim();
  const n = text ? countOfText(text) : '';
  return n === null ? no(`${label} phải là một số nguyên, ví dụ 1234, 1.234 hoặc 1 234 (dấu chấm, phẩy hay cách chỉ để tách hàng nghìn).`) : ok(n);
}

/** The unit a duration column's header names. */
export type DurationUnit = 'minutes' | 'seconds';

const MINUTE_WORDS = ['phut', 'ph', 'p', 'min', 'mins', 'minute', 'minutes'];
const SECOND_WORDS = ['giay', 's', 'sec', 'secs', 'second', 'seconds'];

/** The unit a duration header names ("Thời lượng (phút)", "Số giây"); null when it names none, or both ("phút:giây"). */
export function durationUnitOfHeader(header: string): DurationUnit | null {
  const words = foldText(header).split(/[^a-z0-9]+/);
  const minutes = words.some((w) => MINUTE_WORDS.includes(w));
  const seconds = words.some((w) => SECOND_WORDS.includes(w));
  return minutes === seconds ? null : minutes ? 'minutes' : 'seconds';
}

/** Seconds out of a length written with its units or as m:ss ("3'30\"", "3 phút 30 giây", "1 giờ 5 phút", "00:03:30"), or a bare number in `unit`. */
function secondsOfText(text: string, unit: DurationUnit | null): number | null {
  const t = foldText(text).replace(/[’′‘`´]/g, "'").replace(/[”″“]|''/g, '"');
  if (/^\d+$/.test(t)) return Number(t) * (unit === 'minutes' ? 60 : 1);
  // "3,5" minutes; never three decimals, which would be a thousands separator.
  if (unit === 'minutes' && /^\d+[.,]\d{1,2}$/.test(t)) return Math.round(Number(t.replace(',', '.')) * 60);
  const c = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(t);
  if (c) return Number(c[3]) < 60 && (c[1] === undefined || Number(c[2]) < 60) ? Number(c[1] ?? 0) * 3600 + Number(c[2]) * 60 + Number(c[3]) : null;
  const w = /^(?:(\d{1,2}) ?(?:gio|tieng|h) ?)?(?:(\d{1,4}) ?(?:phut|ph|p|m|') ?)?(?:(\d{1,5}) ?(giay|s|g|")?)?$/.exec(t);
  if (!w || (w[1] === undefined && w[2] === undefined && w[4] === undefined)) return null;
  // After hours alone, a bare number is minutes ("1h30"); after minutes, it is seconds ("3'30", "3p30").
  const [h, m, s] = w[1] !== undefined && w[2] === undefined && w[4] === undefined ? [w[1], w[3], undefined] : [w[1], w[2], w[3]];
  if ((h !== undefined && m !== undefined && Number(m) >= 60) || ((h !== undefined || m !== undefined) && s !== undefined && Number(s) >= 60)) return null;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}

/**
 * The length of a "Thời lượng" cell in seconds: a time cell, a length written with its units, m:ss, or a
 * bare number in the column's unit. Without a unit a bare number is seconds and an Excel time (a fraction
 * of a day) is read as one, as before. An empty cell gives ''.
 */
export function durationFrom(cell: SheetCell, unit: DurationUnit | null): Read<number | ''> {
  if (cell instanceof Date) return ok(cell.getUTCHours() * 3600 + cell.getUTCMinutes() * 60 + cell.getUTCSeconds());
  if (typeof cell === 'number') return ok(unit === 'minutes' ? Math.round(cell * 60) : !unit && cell > 0 && cell < 1 ? Math.round(cell * 86_400) : cell);
  const text = cellText(cell).trim();
  const seconds = text ? secondsOfText(text, unit) : '';
  if (seconds !== null) return ok(seconds);
  const plain = unit === 'minutes' ? 'số phút (3 hoặc 3,5)' : 'số giây (210)';
  return no(`Thời lượng phải là ${plain}, phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3'30").`);
}
