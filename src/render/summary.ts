import type { Writable } from 'node:stream';
import ejs from 'ejs';
import type { CsvSeparator } from '../domain/settings.js';
import type { Summary } from '../domain/summary.js';
import { SUMMARY_COLUMNS, summaryRows } from '../domain/summary-rows.js';
import { fmtDate } from '../domain/time.js';
import { VIEWS_DIR } from '../paths.js';
import { excelCsvText } from './csv.js';
import { viewHelpers } from './view-helpers.js';
import { WHOLE_FORMAT, writeWorkbook } from './xlsx.js';

/** A summary's CSV, as downloaded from its page and attached to its e-mail: UTF-8 with BOM for Excel. */
export function summaryCsv(summary: Summary, separator: CsvSeparator = ','): string {
  return excelCsvText(SUMMARY_COLUMNS, summaryRows(summary.figures), separator);
}

/** A summary as a workbook of one sheet. */
export function writeSummaryXlsx(summary: Summary, out: Writable, signal?: AbortSignal): Promise<void> {
  return writeWorkbook(
    out,
    [
      {
        name: 'Tổng hợp tuần',
        columns: SUMMARY_COLUMNS.map((header, i) => ({ header, width: i === 0 ? 28 : i === 1 ? 50 : 14, numFmt: i > 1 ? WHOLE_FORMAT : undefined })),
        rows: summaryRows(summary.figures, 'xlsx'),
      },
    ],
    signal,
  );
}

/** The e-mail's subject line. */
export function summarySubject(summary: Summary, commune: string): string {
  return `Tổng hợp tuyên truyền CCHC tuần ${fmtDate(summary.figures.weekStart)}–${fmtDate(summary.figures.weekEnd)}${commune ? ` · ${commune}` : ''}`;
}

/** The e-mail's HTML body. */
export function summaryEmailHtml(summary: Summary, commune: string): Promise<string> {
  return ejs.renderFile(`${VIEWS_DIR}/summaries/email.ejs`, { ...viewHelpers, summary, f: summary.figures, commune });
}
