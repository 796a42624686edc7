import type { SheetCell } from '../domain/import-values.js';
import { HEADER_SEARCH_ROWS } from '../domain/sheet-check.js';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';

/**
 * A row as handed over: its cells; for a workbook's row, its number in the sheet, the sheet's name, and
 * the web address of each cell that links to one (only when some cell does).
 */
export type SheetRow = SheetCell[] & { rowNumber?: number; sheet?: string; links?: (string | undefined)[] };

/** Rows handed over together, all of one sheet (named for a workbook's). */
export interface SheetBatch {
  sheet?: string;
  rows: SheetRow[];
}

/** Rows handed on together, and the characters of text that also close a batch. */
const BATCH_ROWS = 256;
const BATCH_CHARS = 1024 * 1024;

/**
 * The budgets every reader applies to rows: rows read in all (blank or not, every sheet of a workbook
 * together), and the columns read. A sheet's header row is among its first rows (`HEADER_SEARCH_ROWS`),
 * so past them only the widest of them and a margin are read: columns further right could not be
 * mapped to anything.
 */
export class RowBudget {
  /** Columns read now. */
  width: number;
  private read = 0;
  /** Rows read of the sheet being read. */
  private inSheet = 0;
  private widest = 0;

  constructor(private readonly limits: SheetLimits) {
    this.width = limits.maxColumns;
  }

  /** Counts a row read against the budget; refuses the file past it. */
  count(): void {
    if (++this.read > this.limits.maxSheetRows) throw new NotASheetError(refusals.sheetRows(this.limits.maxSheetRows));
    this.inSheet++;
  }

  /** The next sheet's first rows settle its own columns. */
  startSheet(): void {
    this.width = this.limits.maxColumns;
    this.inSheet = 0;
    this.widest = 0;
  }

  /** Rows read so far. */
  get rows(): number {
    return this.read;
  }

  /** The row cut to the columns read; the first rows settle how many that is. */
  shape<T extends SheetCell[]>(cells: T): T {
    if (cells.length > this.width) cells.length = this.width;
    if (this.inSheet <= HEADER_SEARCH_ROWS) {
      let last = cells.length - 1;
      while (last >= 0 && (cells[last] === null || cells[last] === undefined || cells[last] === '')) last--;
      this.widest = Math.max(this.widest, last + 1);
      if (this.inSheet === HEADER_SEARCH_ROWS) this.width = Math.min(this.limits.maxColumns, this.widest + this.limits.columnMargin);
    }
    return cells;
  }
}

/** Gathers rows into batches of a bounded number of rows and characters. */
export class Batcher {
  private batch: SheetRow[] = [];
  private chars = 0;

  /** Adds a row; true when the batch is full. */
  add(row: SheetRow, chars: number): boolean {
    this.batch.push(row);
    this.chars += chars;
    return this.batch.length >= BATCH_ROWS || this.chars >= BATCH_CHARS;
  }

  get size(): number {
    return this.batch.length;
  }

  take(): SheetRow[] {
    const b = this.batch;
    this.batch = [];
    this.chars = 0;
    return b;
  }
}
