import { type ColumnMap, type ImportField, type ImportMapping, isUsableMap } from './import-columns.js';
import { cellText, type ImportProblem, type ImportRowDraft, neededDefaults, readImportRow, type RowContext, rowContext, type SheetCell } from './import-values.js';
import type { PartsOfDay } from './office-values.js';
import { type RowKind, rowClassifier } from './row-kinds.js';
import { type ColumnInfo, findTable, rowKindContext, type TableGuess, TABLE_SEARCH_ROWS, tableAt } from './sheet-table.js';
import type { Vocabulary } from './vocabulary.js';

/** The rows looked at to find the header row (a title block may come first). */
export const HEADER_SEARCH_ROWS = TABLE_SEARCH_ROWS;

/** A row as the readers give it: its cells, and for a workbook's row its number, sheet and links. */
export type CheckedRow = SheetCell[] & { rowNumber?: number; sheet?: string; links?: (string | undefined)[] };

/** A row under the table that is not an airing, and why (as the preview's "Dòng không nhập" lists it). */
export interface LeftOutRow {
  /** The sheet's name ('' for a CSV). */
  sheet: string;
  row: number;
  reason: string;
}

/** Where the results of a sheet's rows go: shared by the sheets of a workbook, which count together. */
export interface CheckSink {
  draft(d: ImportRowDraft): void;
  problems(p: ImportProblem[]): void;
  leftOut(row: LeftOutRow): void;
  /** Counts a row to import against the file's limit; false past it. */
  countRow(): boolean;
}

/** How to read a sheet: what the user gave, and whether a sheet with a usable table is to be imported. */
export interface SheetSetup {
  vocab: Vocabulary;
  now: Date;
  /** Columns given (empty: the headers say) and defaults. */
  mapping: ImportMapping;
  headerRows: readonly number[] | null;
  partsOfDay: PartsOfDay;
  wanted: (sheet: string) => boolean;
}

/** What a sheet was once read: its header, whether it was imported, and its rows. */
export interface SheetSummary {
  name: string;
  /** The header's rows, numbered as in the sheet; none when it has no table. */
  headerRows: number[];
  /** Whether its columns name a title and a date or time. */
  usable: boolean;
  /** Whether its rows were checked for the import. */
  included: boolean;
  /** Rows of airings (its data rows; blank rows, totals, sections and the footer not counted). */
  rows: number;
  /** Rows under its header that are not airings (blank rows not counted). */
  leftOut: number;
  problemRows: number;
}

/** What the preview shows of a sheet to map it: its header, each column with samples, other header rows, its first rows. */
export interface SheetLayout {
  sheet: string;
  headers: string[];
  headerRows: number[];
  columns: ColumnInfo[];
  mapping: ImportMapping;
  /** Other readings of the header (row numbers and headers), the best first. */
  candidates: { rows: number[]; headers: string[] }[];
  /** The sheet's first rows as text, to pick the header row from. */
  topRows: { row: number; cells: string[] }[];
}

const SAMPLES = 3;
const SAMPLE_CHARS = 80;
const TOP_CELL_CHARS = 40;
const short = (text: string, max: number): string => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
const textOf = (cell: SheetCell): string => cellText(cell).replace(/\s+/g, ' ').trim();

/**
 * Checks one sheet a row at a time: keeps its first rows to find the table (the rows given as its header,
 * else `findTable`, else with a usable mapping given the first row that is not blank), then tells each
 * row under it (`rowClassifier`): a blank row is passed over, a row that is not an airing is left out
 * with its reason, and an airing is checked like form input (`readImportRow`) when the sheet is imported,
 * only counted when it is not.
 */
export class SheetCheck {
  private readonly top: { cells: CheckedRow; number: number }[] = [];
  private counter = 0;
  private started = false;
  private table: TableGuess | null = null;
  private candidates: TableGuess[] = [];
  private columns: ColumnMap = {};
  private classify: ((cells: readonly SheetCell[]) => RowKind) | null = null;
  private ctx: RowContext | null = null;
  private readonly samples: string[][] = [];
  /** Fields its rows need a default for. */
  needs: string[] = [];
  readonly summary: SheetSummary;

  constructor(
    name: string,
    private readonly setup: SheetSetup,
    private readonly sink: CheckSink,
  ) {
    this.summary = { name, headerRows: [], usable: false, included: false, rows: 0, leftOut: 0, problemRows: 0 };
  }

  private get searchRows(): number {
    return Math.max(HEADER_SEARCH_ROWS, ...(this.setup.headerRows ?? []));
  }

  add(cells: CheckedRow): void {
    const number = cells.rowNumber ?? ++this.counter;
    if (cells.rowNumber !== undefined) this.counter = number;
    if (this.started) return this.check(cells, number);
    this.top.push({ cells, number });
    if (this.top.length >= this.searchRows) this.start();
  }

  /** Reads what is left of the first rows (a sheet shorter than them); the summary is then final. */
  finish(): SheetSummary {
    if (!this.started) this.start();
    return this.summary;
  }

  /** The sheet's header and columns for the preview. */
  layout(): SheetLayout {
    const t = this.table;
    const fieldOf = new Map(Object.entries(this.columns).map(([f, i]) => [i, f as ImportField]));
    const width = Math.max(t?.headers.length ?? 0, this.samples.length, ...Object.values(this.columns).map((i) => i + 1));
    const rowsOf = (g: TableGuess): number[] => g.headerRows.map((i) => this.top[i]!.number);
    return {
      sheet: this.summary.name,
      headers: Array.from({ length: width }, (_, i) => t?.headers[i] ?? ''),
      headerRows: this.summary.headerRows,
      columns: Array.from({ length: width }, (_, index) => ({ index, header: t?.headers[index] ?? '', field: fieldOf.get(index) ?? null, samples: this.samples[index] ?? [] })),
      mapping: { columns: { ...this.columns }, defaults: this.setup.mapping.defaults },
      candidates: this.candidates.map((g) => ({ rows: rowsOf(g), headers: g.headers })),
      topRows: this.top.slice(0, HEADER_SEARCH_ROWS).flatMap((r) => {
        const cells = r.cells.map((c) => short(textOf(c), TOP_CELL_CHARS));
        while (cells.length && !cells.at(-1)) cells.pop();
        return cells.length ? [{ row: r.number, cells }] : [];
      }),
    };
  }

  private start(): void {
    this.started = true;
    const grid = this.top.map((t) => t.cells);
    const found = findTable(grid);
    this.candidates = found?.candidates ?? [];
    const given = this.setup.headerRows?.map((n) => this.top.findIndex((t) => t.number === n));
    const givenColumns = Object.keys(this.setup.mapping.columns).length ? this.setup.mapping.columns : null;
    if (given?.length && given.every((i) => i >= 0)) this.table = tableAt(grid, given);
    else if (found && (found.usable || !givenColumns)) this.table = found;
    else {
      // No header the app can read: the first row with text stands for it, to be mapped by hand.
      const first = grid.findIndex((r) => r.some((c) => textOf(c) !== ''));
      this.table = first < 0 ? null : tableAt(grid, [first]);
    }
    const t = this.table;
    if (!t) return;
    this.columns = givenColumns ?? t.columns;
    const s = this.summary;
    s.headerRows = t.headerRows.map((i) => this.top[i]!.number);
    s.usable = isUsableMap(this.columns);
    s.included = s.usable && this.setup.wanted(s.name);
    this.classify = rowClassifier(rowKindContext(grid, { ...t, columns: this.columns }));
    if (s.included) {
      const mapping = { columns: this.columns, defaults: this.setup.mapping.defaults };
      this.needs = neededDefaults(mapping);
      this.ctx = rowContext(this.setup.vocab, this.setup.now, mapping, t.headers, this.setup.partsOfDay);
    }
    for (const r of this.top.slice(t.headerRows.at(-1)! + 1)) this.check(r.cells, r.number);
  }

  private check(cells: CheckedRow, number: number): void {
    if (!this.classify) return;
    const kind = this.classify(cells);
    const s = this.summary;
    if (kind.kind === 'skip' && kind.rule === 'blank') return;
    if (kind.kind !== 'data') {
      s.leftOut++;
      if (s.included) this.sink.leftOut({ sheet: s.name, row: number, reason: kind.reason });
      return;
    }
    s.rows++;
    this.sample(cells);
    if (!this.ctx || !this.sink.countRow()) return;
    const title = this.columns.title;
    const titleLink = title === undefined ? undefined : cells.links?.[title];
    const read = readImportRow(cells, number, this.ctx, { dateRange: kind.dateRange, titleLink, sheet: s.name || undefined });
    if (read.ok) {
      this.sink.draft(read.value);
    } else if (read.problems.length) {
      s.problemRows++;
      this.sink.problems(s.name ? read.problems.map((p) => ({ sheet: s.name, ...p })) : read.problems);
    }
  }

  /** Keeps the first values of each column, for the preview's mapping. */
  private sample(cells: CheckedRow): void {
    cells.forEach((cell, i) => {
      const list = (this.samples[i] ??= []);
      if (list.length >= SAMPLES) return;
      const t = textOf(cell);
      if (t) list.push(short(t, SAMPLE_CHARS));
    });
  }
}
