import { type Entry, type Item, recorderOf } from './model.js';
import type { Report, Row } from './report.js';
import { fmtHms } from './text.js';
import { fmtDateTime, type LocalIso } from './time.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Makes a text cell safe for spreadsheets: a cell that starts with =, +, -, @, a tab or a carriage
 * return would run as a formula in Excel, so it gets a leading apostrophe and shows as text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type Cell = string | number | Date | null;

/**
 * A Vietnam-time instant as a spreadsheet date: Excel dates carry no time zone, so the cell must show
 * the wall-clock time of Vietnam, which is the UTC reading of this Date.
 */
export function excelDate(at: LocalIso): Date {
  return new Date(`${at.slice(0, 19)}Z`);
}

/**
 * A duration as a spreadsheet time: Excel counts time in days, and a cell formatted `[h]:mm:ss` shows
 * 247370 seconds as 68:42:50 (hours not wrapped at 24) while still adding up.
 */
export function excelDuration(seconds: number): number {
  return seconds / 86_400;
}

/**
 * The h:mm:ss twin of a seconds column: text in CSV, a time in XLSX; empty when there is no duration.
 * Its header must not be one the importer reads as a duration (see import-columns.ts): the importer
 * reads the seconds column beside it.
 */
function hmsCell(kind: 'csv' | 'xlsx'): (seconds: number | null) => Cell {
  return kind === 'csv' ? (s) => (s === null ? null : fmtHms(s)) : (s) => (s === null ? null : excelDuration(s));
}

/** The columns of the log export, with their Vietnamese headers. */
export const ENTRY_COLUMNS = [
  'Mã lượt',
  'Thời gian',
  'Kênh',
  'Mã tin bài',
  'Tiêu đề',
  'Tóm tắt',
  'Hình thức thể hiện',
  'Nội dung tuyên truyền',
  'Đơn vị thực hiện',
  'Tác giả/nguồn',
  'Số lượt phát',
  'Thời lượng 1 lần (giây)',
  'Thời lượng 1 lần (giờ:phút:giây)',
  'Tổng thời lượng (giây)',
  'Tổng thời lượng (giờ:phút:giây)',
  'Đường dẫn',
  'Lượt xem',
  'Lượt tương tác',
  'Ghi chú',
  // Who kept the book for the airing, as the log book names them (`recorderOf`); the import reads it back.
  'Người ghi',
  // The account that wrote it into the app (for an imported row, whoever ran the import).
  'Tài khoản ghi',
  'Thời điểm ghi',
] as const;

/**
 * Makes the rows of the log export: labels rather than codes, numbers as numbers, text made safe;
 * `names` (username → display name) names who recorded each entry.
 * One maker per export: it looks labels up in maps and prepares each item's cells once, since an
 * item aired many times appears on many rows.
 */
export function entryRowMaker(vocab: Vocabulary, kind: 'csv' | 'xlsx' = 'csv', names: ReadonlyMap<string, string> = new Map()): (entry: Entry, item: Item) => Cell[] {
  const labels = (terms: readonly { code: string; label: string }[]) => new Map(terms.map((t) => [t.code, t.label]));
  const channels = labels(vocab.channels);
  const formats = labels(vocab.formats);
  const topics = labels(vocab.topics);
  const units = labels(vocab.units);
  const itemCells = new Map<number, Cell[]>();
  // In CSV every cell is text to Excel, so formula-like text is neutralised; an XLSX text cell is never a formula.
  const text = kind === 'csv' ? (v: string | null): string => neutralise(v ?? '') : (v: string | null): string => v ?? '';
  const when = kind === 'csv' ? fmtDateTime : excelDate;
  const hms = hmsCell(kind);
  return (entry, item) => {
    const total = entry.durationSeconds === null ? null : entry.durationSeconds * entry.playCount;
    let cells = itemCells.get(item.id);
    if (!cells) {
      cells = [
        item.id,
        text(item.title),
        text(item.summary),
        text(formats.get(item.format) ?? item.format),
        text(item.topics.map((t) => topics.get(t) ?? t).join('; ')),
        text(units.get(item.unit) ?? item.unit),
        text(item.author),
      ];
      itemCells.set(item.id, cells);
    }
    return [
      entry.id,
      when(entry.at),
      text(channels.get(entry.channel) ?? entry.channel),
      ...cells,
      entry.playCount,
      entry.durationSeconds,
      hms(entry.durationSeconds),
      total,
      hms(total),
      text(entry.url),
      entry.views,
      entry.interactions,
      text(entry.note),
      text(recorderOf(entry, names)),
      text(entry.recordedBy),
      when(entry.recordedAt),
    ];
  };
}

/** The h:mm:ss twin of the report's airtime in seconds. */
export const AIRTIME_HMS_COLUMN = 'Thời lượng phát (giờ:phút:giây)';
export const FIGURE_COLUMNS = ['Lượt phát/đăng', 'Lượt phát', 'Tin bài', 'Thời lượng phát (giây)', AIRTIME_HMS_COLUMN, 'Lượt xem', 'Lượt tương tác'] as const;

function figures(r: Omit<Row, 'code' | 'label'>, hms: (seconds: number | null) => Cell): Cell[] {
  return [r.entries, r.plays, r.items, r.airtimeSeconds, hms(r.airtimeSeconds), r.views, r.interactions];
}

/** The breakdowns of a report: (sheet name, first column header, rows). */
export function reportSections(report: Report, kind: 'csv' | 'xlsx' = 'csv'): { name: string; head: string; rows: Cell[][] }[] {
  const label = kind === 'csv' ? neutralise : (v: string) => v;
  const hms = hmsCell(kind);
  const rows = (list: Row[]) => list.map((r) => [label(r.label), ...figures(r, hms)]);
  return [
    { name: 'Tổng cộng', head: 'Mục', rows: [['Tổng cộng', ...figures({ ...report.totals }, hms)]] },
    { name: 'Theo kênh', head: 'Kênh', rows: rows(report.byChannel) },
    { name: 'Theo hình thức', head: 'Hình thức thể hiện', rows: rows(report.byFormat) },
    { name: 'Theo nội dung', head: 'Nội dung tuyên truyền', rows: rows(report.byTopic) },
    { name: 'Theo đơn vị', head: 'Đơn vị thực hiện', rows: rows(report.byUnit) },
    { name: 'Theo tháng', head: 'Tháng', rows: report.byMonth.map((m) => [`${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`, ...figures(m, hms)]) },
  ];
}

/** The report as one flat table for CSV: Nhóm, Mục, figures. */
export function reportCsvRows(report: Report): Cell[][] {
  return reportSections(report).flatMap((s) => s.rows.map((r) => [s.name, ...r]));
}

/** An ASCII file name for a period: `2026-Q1` for a calendar quarter, else `from_to`. */
export function periodSlug(from: string, to: string): string {
  const y = from.slice(0, 4);
  const quarters: Record<string, string> = { '01-01/03-31': 'Q1', '04-01/06-30': 'Q2', '07-01/09-30': 'Q3', '10-01/12-31': 'Q4', '01-01/06-30': 'H1', '07-01/12-31': 'H2', '01-01/12-31': 'nam' };
  const key = `${from.slice(5)}/${to.slice(5)}`;
  if (to.slice(0, 4) === y && quarters[key]) return quarters[key] === 'nam' ? y : `${y}-${quarters[key]}`;
  return `${from}_${to}`;
}
