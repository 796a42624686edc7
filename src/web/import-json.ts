import { IMPORT_FIELD_LABELS, type ImportField } from '../domain/import-columns.js';
import { headerRowJson } from '../domain/import-options.js';
import type { ImportProblem } from '../domain/import-values.js';
import type { ImportAnalysis } from '../services/imports.js';

/** What stops a file as a whole, as problems of row 0: no usable table (`blocked`), and each field that needs a default. */
export function fileProblems(a: ImportAnalysis): ImportProblem[] {
  const problems: ImportProblem[] = [];
  if (a.blocked) problems.push({ row: 0, column: 'file', message: a.blocked });
  for (const f of a.needs) {
    const label = IMPORT_FIELD_LABELS[f as ImportField] ?? f;
    problems.push({ row: 0, column: label, message: `Tệp không có cột "${label}": cho giá trị mặc định (defaults.${f}).` });
  }
  return problems;
}

/** An analysis as the API answers it: the counts, the problems, the rows left out, the sheets and how the file was read. */
export function analysisJson(a: ImportAnalysis): Record<string, unknown> {
  const { rows, entries, newItems, reairs, duplicates } = a.plan.counts;
  return {
    rows,
    entries,
    newItems,
    reairs,
    duplicates,
    errors: [...fileProblems(a), ...a.problems],
    errorsNotListed: a.problemsNotListed,
    leftOut: a.leftOut,
    leftOutNotListed: a.leftOutNotListed,
    sheets: a.sheets.map((s) => ({ name: s.name, headerRow: headerRowJson(s.headerRows), usable: s.usable, included: s.included, rows: s.rows, leftOut: s.leftOut, errors: s.problemRows })),
    mapping: a.mapping,
    headerRow: headerRowJson(a.layout.headerRows),
    columns: a.layout.columns,
    partsOfDay: a.partsOfDay,
    description: a.description,
  };
}
