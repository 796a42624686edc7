import type { ImportProblem, ImportRowDraft } from './import-values.js';
import type { ImportOptions } from './import-options.js';
import type { Result } from './model.js';
import type { PartsOfDay } from './office-values.js';
import { type CheckedRow, type CheckSink, type LeftOutRow, SheetCheck, type SheetLayout, type SheetSummary } from './sheet-check.js';
import { fmtNumber } from './text.js';
import type { Vocabulary } from './vocabulary.js';

/** Rows left out that an analysis lists; past them it only counts. */
export const MAX_LISTED_LEFT_OUT = 1000;

/** What a whole file was, once read: its sheets, the one shown for mapping, and what stops its import. */
export interface FileShape {
  sheets: SheetSummary[];
  layout: SheetLayout;
  /** Rows to import (airings of the sheets imported). */
  rows: number;
  /** Fields without a column or a default in a sheet imported: the preview asks for them first. */
  needs: string[];
  /** Why nothing can be imported as the file is read now (no header, no sheet chosen, no rows); null when it can. */
  blocked: string | null;
}

export const NO_HEADER = 'Không tìm thấy dòng tiêu đề cột: cần ít nhất cột "Tiêu đề" (hoặc "Nội dung", "Tên tin bài") và cột "Ngày" (hoặc "Thời gian"). Chọn dòng tiêu đề và trường của từng cột ở dưới.';
const tooMany = (max: number): string => `Tệp có hơn ${fmtNumber(max)} dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.`;

/**
 * Checks a file's rows, a sheet after another (a CSV is one sheet without a name): each sheet finds its
 * own table and reads its rows (`SheetCheck`) with the options given. A sheet is imported when its table
 * is usable and it is among the sheets asked for (every one, when none are named). The checked rows,
 * the problems and the rows left out gather here (a caller may take the problems as it goes); `finish`
 * says what the file was, or why it is refused whole (no rows, too many rows).
 */
export class ImportCheck {
  drafts: ImportRowDraft[] = [];
  problems: ImportProblem[] = [];
  readonly leftOut: LeftOutRow[] = [];
  leftOutNotListed = 0;
  private readonly done: SheetCheck[] = [];
  private current: SheetCheck | null = null;
  private counted = 0;
  private refused: string | null = null;
  private readonly sink: CheckSink;

  constructor(
    private readonly vocab: Vocabulary,
    private readonly now: Date,
    private readonly options: ImportOptions,
    private readonly partsOfDay: PartsOfDay,
    private readonly maxRows: number,
  ) {
    this.sink = {
      draft: (d) => this.drafts.push(d),
      problems: (p) => {
        for (const x of p) this.problems.push(x);
      },
      leftOut: (r) => {
        if (this.leftOut.length < MAX_LISTED_LEFT_OUT) this.leftOut.push(r);
        else this.leftOutNotListed++;
      },
      countRow: () => {
        if (++this.counted <= this.maxRows) return true;
        this.refused = tooMany(this.maxRows);
        return false;
      },
    };
  }

  /** Takes the next row; false once the file is refused. */
  add(cells: CheckedRow): boolean {
    if (this.refused) return false;
    const name = cells.sheet ?? '';
    if (!this.current || this.current.summary.name !== name) {
      if (this.current) this.close();
      this.current = new SheetCheck(name, { vocab: this.vocab, now: this.now, mapping: this.options.mapping ?? { columns: {}, defaults: {} }, headerRows: this.options.headerRows, partsOfDay: this.partsOfDay, wanted: (sheet) => sheet === '' || this.options.sheets === null || this.options.sheets.includes(sheet) }, this.sink);
    }
    this.current.add(cells);
    return !this.refused;
  }

  takeProblems(): ImportProblem[] {
    const p = this.problems;
    this.problems = [];
    return p;
  }

  /** What the file was, or why it is refused whole. */
  finish(): Result<FileShape> {
    if (this.current) this.close();
    if (this.refused) return { ok: false, errors: { file: this.refused } };
    const sheets = this.done.map((c) => c.summary);
    if (!sheets.some((s) => s.headerRows.length)) return { ok: false, errors: { file: 'Tệp không có dòng nào.' } };
    // The sheet the preview maps: the first imported, else the first with a table the app found, else the first with any.
    const shown = this.done.find((c) => c.summary.included) ?? this.done.find((c) => c.summary.usable) ?? this.done.find((c) => c.summary.headerRows.length)!;
    const included = this.done.filter((c) => c.summary.included);
    const rows = included.reduce((n, c) => n + c.summary.rows, 0);
    const needs = [...new Set(included.flatMap((c) => c.needs))];
    let blocked: string | null = null;
    if (!sheets.some((s) => s.usable)) blocked = NO_HEADER;
    else if (!included.length) blocked = 'Chưa chọn trang tính nào để nhập.';
    else if (!rows) blocked = 'Tệp chỉ có dòng tiêu đề cột, chưa có dòng dữ liệu nào.';
    return { ok: true, value: { sheets, layout: shown.layout(), rows, needs, blocked } };
  }

  private close(): void {
    this.current!.finish();
    this.done.push(this.current!);
    this.current = null;
  }
}
