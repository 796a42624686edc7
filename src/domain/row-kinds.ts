/**
 * Which rows under a sheet's header are airings, and which are not: offices' logs hold blank rows,
 * total rows, the header printed again for every page or week, rows that open a month, week or quarter,
 * and a signature block with notes under the table. The rules, tried in this order:
 *
 * 1. Blank: no cell holds text, or the only one holds a number outside every mapped column (a
 *    pre-numbered row of a printed form, "STT" alone).
 * 2. Column numbers: three or more cells, and only "1", "2", "3"… (or "(1)", "(2)"…) from 1 on, left
 *    to right, as forms print under their header.
 * 3. The header again: two or more cells, each holding the text its column has in one of the header's
 *    rows (a printed sheet repeats its header for every page or week).
 * 4. A section: one text alone on the row (or the same text in every cell it holds, a merged title
 *    filled across) that names a month ("Tháng 1", "Tháng 01/2023", "THÁNG 1 NĂM 2023"), a quarter
 *    ("Quý I", "QUÝ II NĂM 2023", "Quý 2/2023"), a week ("Tuần 2", "Tuần 2 (09/01 - 15/01)",
 *    "Tuần 2: từ 09/01/2023 đến 15/01/2023") or a range of days ("Từ ngày 09/01 đến ngày 15/01"); a
 *    leading "I." or "1." is allowed, in the cell or in one of its own. Its date range comes with it when the year is known: named in
 *    the row, or else `yearHint` (see `daysRange` for a week over New Year).
 * 5. Inside the footer (see 7), every other row is footer too unless it looks like an airing: a time
 *    in its date, time or part-of-day column (an Excel date, "09/01", "6h30", "Sáng") and a title. So
 *    a sheet that signs one block and goes on with the next (its header, a section, or dated rows) is
 *    read on, while a signer's name or a note's next line is not; a blank row keeps the footer.
 * 6. With a time, data. Without one, a total (so "Tổng kết công tác CCHC quý I" aired on 09/01 stays
 *    an airing): the first cell with text, or the title cell, says "Tổng", "Tổng cộng", "Cộng" or
 *    "Tổng số", alone or followed by a period ("Tổng cộng tháng 1"), a number ("Tổng số: 45 tin bài")
 *    or brackets; or every cell with text holds a number and lies in a numeric column (play count,
 *    length, views, interactions).
 * 7. Without a time, the footer begins where every cell with text is a place and date line ("An Hải,
 *    ngày 30 tháng 6 năm 2026", "Ngày … tháng … năm 2026"), a signer's role ("NGƯỜI GHI SỔ", "Người
 *    lập biểu", "XÁC NHẬN CỦA LÃNH ĐẠO", "TM. UBND XÃ", "Giám đốc"), a signing hint ("(Ký, ghi rõ họ
 *    tên)") or a note ("Ghi chú: …", "Lưu ý: …", "Nơi nhận: …"). A note opens the footer as a
 *    signature does: the lines after "Ghi chú:" explain the table, they are not airings. A person's
 *    name alone is footer only inside it.
 * 8. Anything else is data: a row the rules are unsure of is left to the import, which names what is
 *    wrong with it rather than dropping it unseen.
 */
import type { ColumnMap, ImportField } from './import-columns.js';
import { cellText, type SheetCell } from './sheet-cells.js';
import { foldText } from './text.js';
import type { LocalDate } from './time.js';

/** Days from one date to another, both included. */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** Why a row is skipped: blank, column numbers, the header again, a total, or the footer under the table. */
export type SkipRule = 'blank' | 'numbers' | 'header' | 'total' | 'footer';

export type RowKind =
  /** An airing; `dateRange` (from `rowClassifier`) is the range of the section above it, if it named one. */
  | { kind: 'data'; dateRange?: DateRange }
  | { kind: 'skip'; rule: SkipRule; reason: string }
  | { kind: 'section'; reason: string; dateRange?: DateRange };

export interface RowKindContext {
  /** The texts of the header's rows (and of the headers made of them), to know the header again. */
  header: readonly (readonly string[])[];
  columns: ColumnMap;
  /** The year of sections that name only days and months ("Tháng 1", "Tuần 2 (09/01 - 15/01)"). */
  yearHint?: number;
  /** Whether the footer (signature block, notes) began above this row. */
  inFooter?: boolean;
}

const REASONS: Record<SkipRule, string> = {
  blank: 'Dòng trống',
  numbers: 'Dòng đánh số cột',
  header: 'Dòng tiêu đề lặp lại',
  total: 'Dòng tổng cộng',
  footer: 'Phần ký tên',
};
// A row of the footer that is neither a signature nor a note: a signer's name, a note's next line.
const UNDER_TABLE = 'Dưới bảng (ký tên, ghi chú)';
const skip = (rule: SkipRule, reason = REASONS[rule]): RowKind => ({ kind: 'skip', rule, reason });

// Every cell of every row passes here: most hold no run of spaces and no line break, and are left as they are.
const clean = (cell: SheetCell): string => {
  if (cell === null || cell === undefined || cell === '') return '';
  const text = cellText(cell);
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
};
const fold = (text: string): string => foldText(text);

/** What one row is, by the rules of this module's comment (in their order); `ctx.inFooter` says whether the footer began above. */
export function classifyRow(cells: readonly SheetCell[], ctx: RowKindContext): RowKind {
  const texts = cells.map(clean);
  const filled: number[] = [];
  for (let i = 0; i < texts.length; i++) if (texts[i]) filled.push(i);
  if (!filled.length) return skip('blank');
  if (filled.length === 1 && isNumber(cells[filled[0]!], texts[filled[0]!]!) && !Object.values(ctx.columns).includes(filled[0]!)) return skip('blank', 'Dòng trống (chỉ có số thứ tự)');
  if (isColumnNumbers(filled.map((i) => texts[i]!))) return skip('numbers');
  if (isHeaderAgain(texts, filled, ctx.header)) return skip('header');
  const section = sectionOf(texts, filled, ctx.yearHint);
  if (section) return section;
  const timed = hasTime(cells, texts, ctx.columns);
  if (ctx.inFooter) {
    const title = ctx.columns.title;
    const titled = title === undefined ? filled.length >= 2 : !!texts[title];
    if (timed && titled) return { kind: 'data' };
    const folded = filled.map((i) => fold(texts[i]!));
    return skip('footer', folded.some(isFooterText) ? footerReason(folded) : UNDER_TABLE);
  }
  if (timed) return { kind: 'data' };
  if (isTotal(cells, texts, filled, ctx.columns)) return skip('total');
  const folded = filled.map((i) => fold(texts[i]!));
  if (folded.every(isFooterText)) return skip('footer', footerReason(folded));
  return { kind: 'data' };
}

/**
 * Classifies the rows under a header one after another, keeping what runs on: the footer once begun,
 * and the date range of the last section, given to the data rows under it (a section without a range
 * ends the one before).
 */
export function rowClassifier(ctx: RowKindContext): (cells: readonly SheetCell[]) => RowKind {
  const state: RowKindContext = { ...ctx, inFooter: false };
  let range: DateRange | undefined;
  return (cells) => {
    const kind = classifyRow(cells, state);
    if (kind.kind === 'section') range = kind.dateRange;
    if (kind.kind === 'skip' && kind.rule === 'footer') state.inFooter = true;
    else if (kind.kind !== 'skip' || kind.rule === 'header') state.inFooter = false;
    return kind.kind === 'data' && range ? { kind: 'data', dateRange: range } : kind;
  };
}

/** Classifies every row of a list (`rowClassifier` over them in order). */
export function classifyRows(rows: readonly (readonly SheetCell[])[], ctx: RowKindContext): RowKind[] {
  const next = rowClassifier(ctx);
  return rows.map((r) => next(r));
}

function isNumber(cell: SheetCell, text: string): boolean {
  return typeof cell === 'number' || /^\d[\d.,\s]*$/.test(text);
}

function isColumnNumbers(texts: readonly string[]): boolean {
  return texts.length >= 3 && texts.every((t, i) => t === String(i + 1) || t === `(${i + 1})`);
}

// The header's folded texts per column, made once per header: every row of a sheet is compared with them.
const headerSets = new WeakMap<RowKindContext['header'], Set<string>[]>();

function isHeaderAgain(texts: readonly string[], filled: readonly number[], header: RowKindContext['header']): boolean {
  if (filled.length < 2 || !header.length) return false;
  let sets = headerSets.get(header);
  if (!sets) {
    sets = [];
    for (const row of header) row.forEach((t, i) => t && (sets![i] ??= new Set()).add(fold(t)));
    headerSets.set(header, sets);
  }
  return filled.every((i) => sets![i]?.has(fold(texts[i]!)) ?? false);
}

const DATE_TEXT = /\d{1,2}\s*[/.-]\s*\d{1,2}|\d{4}-\d{2}-\d{2}/;
const TIME_TEXT = /^\d{1,2}(?:\s*[:hg.]\s*\d{0,2})?\s*(?:h|g|gio)?(?:\s|$)/;
const PART_OF_DAY = /^(?:buoi\s+)?(?:sang|trua|chieu|toi)\b/;

/** Whether the row's date, time or part-of-day column holds one (an Excel date, "09/01", "6h30", "Sáng"). */
function hasTime(cells: readonly SheetCell[], texts: readonly string[], columns: ColumnMap): boolean {
  const at = (f: ImportField): [SheetCell, string] | null => (columns[f] === undefined ? null : [cells[columns[f]!], texts[columns[f]!] ?? '']);
  for (const f of ['date', 'at'] as const) {
    const c = at(f);
    if (!c) continue;
    // A serial number of 367 and more is a day of 1901 on; smaller numbers are days of the month, or counts.
    if ((c[0] instanceof Date && !Number.isNaN(c[0].getTime())) || (typeof c[0] === 'number' && c[0] >= 367) || DATE_TEXT.test(c[1])) return true;
  }
  const t = at('time');
  if (t && (t[0] instanceof Date || (typeof t[0] === 'number' && t[0] > 0 && t[0] < 1) || (typeof t[0] === 'string' && (TIME_TEXT.test(fold(t[1])) || PART_OF_DAY.test(fold(t[1])))))) return true;
  const p = at('partOfDay');
  return p !== null && PART_OF_DAY.test(fold(p[1]));
}

const TOTAL_LABEL = /^(?:tong cong|tong so|tong|cong)\s*[:.]?\s*(?:(?:thang|tuan|quy|nam|ky|ca nam|6 thang|luy ke)\b.*|\d.*|\(.*\))?$/;
const NUMERIC_FIELDS: ImportField[] = ['playCount', 'durationSeconds', 'views', 'interactions'];

function isTotal(cells: readonly SheetCell[], texts: readonly string[], filled: readonly number[], columns: ColumnMap): boolean {
  const labels = [filled[0]!, columns.title].filter((i): i is number => i !== undefined && !!texts[i]);
  if (labels.some((i) => TOTAL_LABEL.test(fold(texts[i]!)))) return true;
  const numeric = new Set(NUMERIC_FIELDS.map((f) => columns[f]).filter((i) => i !== undefined));
  return filled.every((i) => numeric.has(i) && isNumber(cells[i], texts[i]!));
}

const PLACE_DATE = /^(?:[^,]{1,40},\s*)?ngay\b[^a-z]*\bthang\b[^a-z]*\bnam\b/;
const SIGNER_PREFIX = /^(?:tm|kt|tl|tuq|q)\s*\.\s*\S/;
const SIGNER = /^(?:nguoi (?:ghi so|ghi|lap bieu|lap|tong hop|kiem tra|duyet|phu trach|thuc hien)|xac nhan\b|thu truong|lanh dao|(?:pho )?giam doc|(?:pho )?chu tich|(?:pho )?truong (?:phong|ban|tram|dai)|can bo (?:phu trach|ghi so))/;
const SIGN_HINT = /^\(\s*ky\b/;
const NOTE = /^\*?\s*(?:ghi chu|luu y|chu thich|noi nhan)\s*:/;

function isFooterText(text: string): boolean {
  if (NOTE.test(text)) return true;
  return text.length <= 80 && (PLACE_DATE.test(text) || SIGNER_PREFIX.test(text) || SIGN_HINT.test(text) || SIGNER.test(text.replace(/^\(|\)$/g, '')));
}

/** Why a row of the footer is skipped: a note, or the signature block. */
function footerReason(folded: readonly string[]): string {
  return folded.some((t) => NOTE.test(t)) ? 'Ghi chú dưới bảng' : REASONS.footer;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): LocalDate | null => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2999 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
};
// From the first day of one month to the last of another (day 0 of the month after).
const monthsRange = (y: number | undefined, first: number, last: number): DateRange | undefined => {
  if (y === undefined || y < 1900 || y > 2999) return undefined;
  return { from: iso(y, first, 1)!, to: iso(y, last, new Date(Date.UTC(y, last, 0)).getUTCDate())! };
};

const ENUMERATOR = /^(?:[ivx]+|\d{1,2}|[a-z])\s*[.)]\s+/;
const YEAR = String.raw`(?:\s*(?:[/.-]|nam)\s*(\d{4}))?`;
const MONTH = new RegExp(String.raw`^thang\s+(\d{1,2})${YEAR}$`);
const QUARTER = new RegExp(String.raw`^quy\s+(iv|i{1,3}|[1-4])${YEAR}$`);
const DAY = String.raw`(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?`;
const RANGE = String.raw`(?:tu\s+)?${DAY}\s*(?:-|–|—|den|toi)\s*${DAY}`;
const WEEK = new RegExp(String.raw`^tuan\s+(?:thu\s+)?(\d{1,2})(?:\s+thang\s+\d{1,2})?${YEAR}(?:\s*[:,-]?\s*\(?\s*${RANGE}\s*\)?)?$`);
const BARE_RANGE = new RegExp(String.raw`^${RANGE}$`);
const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, 1: 1, 2: 2, 3: 3, 4: 4 };

/** A row that opens a month, quarter, week or range of days, with its dates when the year is known. */
function sectionOf(texts: readonly string[], filled: readonly number[], yearHint: number | undefined): RowKind | null {
  // A numbering cell ("I", "II.", "1") may stand before the section's text, in the STT column.
  const rest = filled.length === 2 && /^(?:[ivx]+|[a-z]|\d{1,2})[.)]?$/i.test(texts[filled[0]!]!) ? filled.slice(1) : filled;
  const first = texts[rest[0]!]!;
  if (first.length > 80 || rest.some((i) => texts[i] !== first)) return null;
  const text = fold(first).replace(ENUMERATOR, '').replace(/\s*:$/, '');
  const reason = `Dòng chia mục (${first})`;
  let m: RegExpExecArray | null;
  if ((m = MONTH.exec(text))) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return null;
    return withRange(reason, monthsRange(m[2] ? Number(m[2]) : yearHint, month, month));
  }
  if ((m = QUARTER.exec(text))) {
    const q = QUARTERS[m[1]!]!;
    return withRange(reason, monthsRange(m[2] ? Number(m[2]) : yearHint, q * 3 - 2, q * 3));
  }
  if ((m = WEEK.exec(text))) return withRange(reason, daysRange(m.slice(3, 9), Number(m[1]), m[2] ? Number(m[2]) : yearHint));
  if ((m = BARE_RANGE.exec(text))) return withRange(reason, daysRange(m.slice(1, 7), 0, yearHint));
  return null;
}

const withRange = (reason: string, dateRange: DateRange | undefined): RowKind => (dateRange ? { kind: 'section', reason, dateRange } : { kind: 'section', reason });

/**
 * The range of "d1/m1[/y1] - d2/m2[/y2]". A missing year comes from the other end, else from the hint;
 * a range over New Year ("29/12 - 04/01") with no year named starts in the hint's year, except week 1,
 * which ends in it.
 */
function daysRange(parts: readonly (string | undefined)[], week: number, yearHint: number | undefined): DateRange | undefined {
  if (parts[0] === undefined) return undefined;
  const [d1, m1, y1, d2, m2, y2] = parts.map((p, i) => (p === undefined ? undefined : i % 3 === 2 && p.length === 2 ? 2000 + Number(p) : Number(p)));
  const wraps = m1! * 100 + d1! > m2! * 100 + d2!;
  let from = y1;
  let to = y2;
  if (from === undefined && to === undefined) {
    if (yearHint === undefined) return undefined;
    [from, to] = !wraps ? [yearHint, yearHint] : week === 1 ? [yearHint - 1, yearHint] : [yearHint, yearHint + 1];
  } else if (from === undefined) from = to! - (wraps ? 1 : 0);
  else if (to === undefined) to = from + (wraps ? 1 : 0);
  const a = iso(from, m1!, d1!);
  const b = iso(to!, m2!, d2!);
  return a && b && a <= b ? { from: a, to: b } : undefined;
}
