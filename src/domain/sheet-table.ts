/**
 * Where the table of an office's sheet is: which rows (one to three, under a title block) are its
 * header, what each column is called and which field it holds.
 *
 * The header is chosen by score among windows of one to three consecutive rows of the first
 * `TABLE_SEARCH_ROWS`. A window's rows each hold two or more cells with text, no date (a Date cell or
 * "09/01") and no number above 100 (a serial date, a count): such rows are a title line or data. Its
 * column headers are read as one (`headerTexts`); the score adds the strength of each field they name
 * (`mapHeaderTexts`: 3 named exactly, 2 holding a name, 1 a total column) and 10 when the table names a
 * title and a date or time (`isUsableMap`). A window needs two fields, and each of its rows must earn
 * its place: it scores more than the window without its top row (or its top row lies over the rest as
 * merged cells do, see `overSubHeaders`) and more than the one without its bottom row, so a title line
 * or a row of column numbers never joins the header. The best score wins;
 * among equals, the window that starts first (a header printed again further down is the same header).
 */
import { type ColumnMap, type ImportField, isUsableMap, mapHeaderTexts } from './import-columns.js';
import { cellText, type SheetCell } from './sheet-cells.js';
import { type RowKindContext, rowClassifier } from './row-kinds.js';

/** The rows looked at for the header (a title block may come first). */
export const TABLE_SEARCH_ROWS = 30;
/** The most rows one header spans (merged cells over sub-headers, one more level above them). */
export const MAX_HEADER_ROWS = 3;
const USABLE_BONUS = 10;
const CANDIDATES = 5;

/** A reading of the table: its header rows, its column headers and the fields they name. */
export interface TableGuess {
  /** The header's rows, 0-based indexes into the grid, top to bottom; data starts under the last. */
  headerRows: number[];
  /** One header text per column (see `headerTexts`). */
  headers: string[];
  columns: ColumnMap;
  score: number;
  /** Whether the headers name a title and a date or time, so the sheet can be read without help. */
  usable: boolean;
}

/** The best reading, with the best few (itself first) for the preview's "pick another row". */
export interface FoundTable extends TableGuess {
  candidates: TableGuess[];
}

type Grid = readonly (readonly SheetCell[])[];

const textOf = (cell: SheetCell): string => cellText(cell).replace(/\s+/g, ' ').trim();

/**
 * The column headers of header rows read as one. A column's header is its lowest cell with text. A
 * column with no text in any of the rows lies under a merged cell of a row above the lowest: the reader
 * gives a merged cell's text in its first column only, so without the merges the nearest text to the
 * left in that row is taken (the row above the lowest first, then higher), a cell being taken to span
 * rightwards up to the next cell with text in its row. The lowest row's cells (sub-headers) span
 * nothing. The headers run to the last column with text in any of the rows.
 */
export function headerTexts(rows: readonly (readonly SheetCell[])[]): string[] {
  const texts = rows.map((r) => r.map(textOf));
  const width = Math.max(0, ...texts.map((r) => r.reduce((w, t, i) => (t ? i + 1 : w), 0)));
  return Array.from({ length: width }, (_, col) => {
    for (let r = texts.length - 1; r >= 0; r--) if (texts[r]![col]) return texts[r]![col]!;
    for (let r = texts.length - 2; r >= 0; r--) {
      for (let left = col - 1; left >= 0; left--) if (texts[r]![left]) return texts[r]![left]!;
    }
    return '';
  });
}

/** Reads the given rows of the grid as the table's header: the preview's "pick another row". */
export function tableAt(grid: Grid, headerRows: readonly number[]): TableGuess {
  const headers = headerTexts(headerRows.map((i) => grid[i] ?? []));
  const { columns, score } = mapHeaderTexts(headers);
  const usable = isUsableMap(columns);
  return { headerRows: [...headerRows], headers, columns, score: score + (usable ? USABLE_BONUS : 0), usable };
}

/** Whether a row can be part of a header: two or more texts, no date and no large number. */
function canBeHeader(row: readonly SheetCell[] | undefined): boolean {
  if (!row) return false;
  let filled = 0;
  for (const cell of row) {
    if (cell instanceof Date || (typeof cell === 'number' && Math.abs(cell) > 100)) return false;
    const t = textOf(cell);
    if (!t) continue;
    if (/\d{1,2}\s*[/.-]\s*\d{1,2}/.test(t)) return false;
    filled++;
  }
  return filled >= 2;
}

/**
 * Whether a row sits over the next as a header's top row does when its merged cells are read: a cell
 * merged down (the reader repeats its text in the row below) beside a group header over sub-headers
 * of their own ("Thời gian phát sóng" over "Ngày | Giờ phát"). Such a row adds no field the row below
 * does not name, yet it is the header's, and a sheet that prints the header again prints it too. A
 * title line never repeats the cell under it.
 */
function overSubHeaders(top: readonly SheetCell[], below: readonly SheetCell[]): boolean {
  let repeated = false;
  let group = false;
  top.forEach((cell, i) => {
    const t = textOf(cell);
    if (!t) return;
    const b = textOf(below[i]);
    if (b === t) repeated = true;
    else if (b) group = true;
  });
  return repeated && group;
}

/** Finds the table's header among the first rows (see the module's comment); null when no row names two fields. */
export function findTable(grid: Grid, searchRows = TABLE_SEARCH_ROWS): FoundTable | null {
  const last = Math.min(grid.length, searchRows);
  const eligible = Array.from({ length: last }, (_, i) => canBeHeader(grid[i]));
  // Scores by window (first row, number of rows); 0 for a window that cannot be a header.
  const scores = new Map<string, TableGuess>();
  const scoreOf = (start: number, size: number): number => scores.get(`${start}:${size}`)?.score ?? 0;
  for (let size = 1; size <= MAX_HEADER_ROWS; size++) {
    for (let start = 0; start + size <= last; start++) {
      if (!eligible.slice(start, start + size).every(Boolean)) continue;
      const guess = tableAt(grid, Array.from({ length: size }, (_, k) => start + k));
      if (Object.keys(guess.columns).length >= 2) scores.set(`${start}:${size}`, guess);
    }
  }
  const kept = [...scores.entries()]
    .filter(([key, g]) => {
      const [start, size] = key.split(':').map(Number) as [number, number];
      const earned = g.score > scoreOf(start + 1, size - 1) || overSubHeaders(grid[start]!, grid[start + 1]!);
      return size === 1 || (earned && g.score > scoreOf(start, size - 1));
    })
    .map(([, g]) => g)
    .sort((a, b) => b.score - a.score || a.headerRows[0]! - b.headerRows[0]! || a.headerRows.length - b.headerRows.length);
  const seen = new Set<string>();
  const candidates = kept.filter((g) => {
    const key = JSON.stringify(g.headers);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).slice(0, CANDIDATES);
  return candidates.length ? { ...candidates[0]!, candidates } : null;
}

/** The year a sheet's title block names ("NĂM 2026", "Từ ngày 01/01/2026 …"), for sections without one. */
export function sheetYear(grid: Grid, table: TableGuess): number | undefined {
  for (const row of grid.slice(0, table.headerRows[0])) {
    for (const cell of row) {
      if (cell instanceof Date && !Number.isNaN(cell.getTime())) return cell.getUTCFullYear();
      const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(textOf(cell));
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

/** What `classifyRow` needs to know of the table: its header rows' texts and headers, and its columns. */
export function rowKindContext(grid: Grid, table: TableGuess, yearHint = sheetYear(grid, table)): RowKindContext {
  const header = [...table.headerRows.map((i) => (grid[i] ?? []).map(textOf)), table.headers];
  return yearHint === undefined ? { header, columns: table.columns } : { header, columns: table.columns, yearHint };
}

/** One column of the table for the preview's mapping: its header, its field and a few values. */
export interface ColumnInfo {
  index: number;
  header: string;
  field: ImportField | null;
  /** Up to three values of data rows under the header, as text (totals, sections and the footer left out). */
  samples: string[];
}

const SAMPLES = 3;
const SAMPLE_CHARS = 80;

/**
 * Describes every column of the table: as many as the widest of the header and the data rows looked
 * at (the first `scanRows` under the header), so that a column without a header can be mapped too.
 */
export function describeColumns(grid: Grid, table: TableGuess, scanRows = 200): ColumnInfo[] {
  const fieldOf = new Map(Object.entries(table.columns).map(([f, i]) => [i, f as ImportField]));
  const samples: string[][] = [];
  const classify = rowClassifier(rowKindContext(grid, table));
  const start = (table.headerRows.at(-1) ?? -1) + 1;
  for (const row of grid.slice(start, start + scanRows)) {
    if (classify(row).kind !== 'data') continue;
    row.forEach((cell, i) => {
      const t = textOf(cell);
      const list = (samples[i] ??= []);
      if (t && list.length < SAMPLES) list.push([...t].length > SAMPLE_CHARS ? `${[...t].slice(0, SAMPLE_CHARS - 1).join('')}…` : t);
    });
  }
  const width = Math.max(table.headers.length, samples.length);
  return Array.from({ length: width }, (_, index) => ({ index, header: table.headers[index] ?? '', field: fieldOf.get(index) ?? null, samples: samples[index] ?? [] }));
}
