import type { ImportMapping } from './import-columns.js';
import type { ImportCounts } from './import-plan.js';
import type { ImportProblem } from './import-values.js';
import type { LeftOutRow } from './sheet-check.js';
import type { LocalIso } from './time.js';

/** One import of a spreadsheet into the log: what came in, from which file, and whether it was undone. */
export interface ImportRecord {
  id: number;
  fileName: string;
  sha256: string;
  counts: ImportCounts;
  mapping: ImportMapping;
  /** The entries and items the import created, to list them and to undo it. */
  entryIds: number[];
  itemIds: number[];
  /** The rows of the file not taken, and why: rows that are not airings, rows with problems left out (imports before these were kept have none). */
  leftOut?: LeftOutRow[];
  /** Rows left out beyond those listed. */
  leftOutNotListed?: number;
  /** The sheets imported, for a workbook. */
  sheets?: string[];
  createdAt: LocalIso;
  createdBy: string;
  undoneAt: LocalIso | null;
  undoneBy: string | null;
}

/** The rows left out an import record keeps; past them it counts. */
export const MAX_KEPT_LEFT_OUT = 2000;

/** The rows of problems, one each, their problems as the reason ("Ngày: Ngày 31/02/2026 không có trên lịch."). */
export function leftOutOfProblems(problems: readonly ImportProblem[]): LeftOutRow[] {
  const rows = new Map<string, LeftOutRow>();
  for (const p of problems) {
    const key = `${p.sheet ?? ''}\u0000${p.row}`;
    const reason = `${p.column}: ${p.message}${p.cell ? ` (ô ghi: "${p.cell}")` : ''}`;
    const found = rows.get(key);
    if (found) found.reason = `${found.reason}; ${reason}`;
    else rows.set(key, { sheet: p.sheet ?? '', row: p.row, reason });
  }
  return [...rows.values()];
}
