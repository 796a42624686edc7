import { findHeaderRow, type ImportMapping, isUsableMap, mapHeaders } from './import-columns.js';
import { cellText, type ImportProblem, type ImportRowDraft, readImportRow, type RowContext, rowContext, type SheetCell } from './import-values.js';
import type { Result } from './model.js';
import { fmtNumber } from './text.js';
import type { Vocabulary } from './vocabulary.js';

/** The rows looked at to find the header row (a title block may come first). */
export const HEADER_SEARCH_ROWS = 30;

/** What a whole sheet was, once read: its header row, its mapping and how many data rows it had. */
export interface SheetShape {
  headers: string[];
  /** The header row's number in the sheet (1-based). */
  headerRow: number;
  mapping: ImportMapping;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** The first data rows as text, for the preview. */
  sample: string[][];
}

const tooMany = (max: number): string => `Tệp có hơn ${fmtNumber(max)} dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.`;

/**
 * Checks a sheet one row at a time: finds the header row among the first rows (the first that names a
 * title and a time; with a usable mapping given, the first row that is not blank), maps the columns (as
 * given, or from the headers) and checks every data row like form input. The checked rows and the
 * problems gather in `drafts` and `problems` (a caller may take them as it goes); `finish` says what the
 * sheet was, or why the whole file is refused.
 */
export class SheetCheck {
  drafts: ImportRowDraft[] = [];
  problems: ImportProblem[] = [];
  private readonly top: { cells: SheetCell[]; number: number }[] = [];
  private headerIndex = -1;
  private headers: string[] = [];
  private mapping: ImportMapping | null = null;
  private ctx: RowContext | null = null;
  private rows = 0;
  private counter = 0;
  private readonly sample: string[][] = [];
  private refused: string | null = null;

  constructor(
    private readonly vocab: Vocabulary,
    private readonly now: Date,
    private readonly given: ImportMapping | null | undefined,
    private readonly maxRows: number,
  ) {}

  /** Takes the next row of the sheet; false once the file is refused (no header, too many rows). */
  add(cells: SheetCell[]): boolean {
    if (this.refused) return false;
    this.counter++;
    const number = (cells as SheetCell[] & { rowNumber?: number }).rowNumber ?? this.counter;
    if (!this.ctx) {
      this.top.push({ cells, number });
      if (this.top.length < HEADER_SEARCH_ROWS) return true;
      if (!this.start()) {
        this.refused = 'no-header';
        return false;
      }
      return !this.refused;
    }
    this.check(cells, number);
    return !this.refused;
  }

  /** What the sheet was, or the reason the file is refused. */
  finish(): Result<SheetShape> {
    if (!this.ctx && this.top.length && !this.refused) this.start();
    if (!this.top.length) return { ok: false, errors: { file: 'Tệp không có dòng nào.' } };
    if (!this.ctx || !this.mapping) return { ok: false, errors: { file: 'Không tìm thấy dòng tiêu đề cột: cần ít nhất cột "Tiêu đề" (hoặc "Nội dung", "Tên tin bài") và cột "Ngày" (hoặc "Thời gian").' } };
    if (this.rows > this.maxRows) return { ok: false, errors: { file: tooMany(this.maxRows) } };
    if (!this.rows) return { ok: false, errors: { file: 'Tệp chỉ có dòng tiêu đề cột, chưa có dòng dữ liệu nào.' } };
    return { ok: true, value: { headers: this.headers, headerRow: this.top[this.headerIndex]!.number, mapping: this.mapping, rows: this.rows, sample: this.sample } };
  }

  /** The checked rows gathered since the last call (they are no longer kept here). */
  takeDrafts(): ImportRowDraft[] {
    const d = this.drafts;
    this.drafts = [];
    return d;
  }

  takeProblems(): ImportProblem[] {
    const p = this.problems;
    this.problems = [];
    return p;
  }

  private start(): boolean {
    this.headerIndex = headerOf(this.top, this.given);
    if (this.headerIndex < 0) return false;
    this.headers = this.top[this.headerIndex]!.cells.map((c) => cellText(c).trim());
    this.mapping = this.given ?? { columns: mapHeaders(this.headers), defaults: {} };
    this.ctx = rowContext(this.vocab, this.now, this.mapping, this.headers);
    for (const t of this.top.slice(this.headerIndex + 1)) this.check(t.cells, t.number);
    return true;
  }

  private check(cells: SheetCell[], number: number): void {
    if (cells.every((c) => cellText(c).trim() === '')) return;
    this.rows++;
    if (this.rows > this.maxRows) {
      this.refused = 'too-many';
      return;
    }
    if (this.sample.length < 5) this.sample.push(cells.map((c) => cellText(c)));
    const read = readImportRow(cells, number, this.ctx!);
    if (read.ok) this.drafts.push(read.value);
    else for (const p of read.problems) this.problems.push(p);
  }
}

function headerOf(top: { cells: SheetCell[] }[], mapping: ImportMapping | null | undefined): number {
  const found = findHeaderRow(top.map((t) => t.cells.map((c) => cellText(c))));
  if (found >= 0 || !mapping || !isUsableMap(mapping.columns)) return found;
  return top.findIndex((t) => t.cells.some((c) => cellText(c).trim() !== ''));
}
