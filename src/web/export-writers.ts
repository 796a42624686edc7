import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { AppContext } from '../app.js';
import { ENTRY_COLUMNS, entryRowMaker, FIGURE_COLUMNS, periodSlug, reportCsvRows, reportSections } from '../domain/export-rows.js';
import type { EntryFilter } from '../domain/filters.js';
import type { Period } from '../domain/periods.js';
import { reportSentence } from '../domain/sentence.js';
import { fmtDate, localToday } from '../domain/time.js';
import { reportFor } from '../services/reporting.js';
import { DATE_TIME_FORMAT, type SheetColumn, WHOLE_FORMAT, writeWorkbook } from './xlsx.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** csv-stringify set up for Excel on Vietnamese Windows: UTF-8 with BOM, CRLF, line breaks quoted. */
function excelCsv(columns: readonly string[]) {
  return stringify({ bom: true, header: true, columns: columns as string[], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/**
 * Gathers the stringifier's many small record chunks into ~64 KB writes: one socket write per
 * record would cost more than making the record.
 */
function batched(size = 64 * 1024): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer | string, _enc, done: TransformCallback) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      parts.push(buf);
      length += buf.length;
      if (length >= size) {
        this.push(Buffer.concat(parts, length));
        parts = [];
        length = 0;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (length) this.push(Buffer.concat(parts, length));
      done();
    },
  });
}

/** The file name of a log export: nhat-ky_<from>_<to>.<ext> (from the start of the log when no date is given). */
export function logFileName(ctx: AppContext, filter: EntryFilter, ext: string): string {
  return `nhat-ky_${filter.from ?? 'tu-dau'}_${filter.to ?? localToday(ctx.clock())}.${ext}`;
}

/** The file name of a report export: bao-cao_2026-Q1.<ext>, or bao-cao_<from>_<to>.<ext>. */
export function reportFileName(from: string, to: string, ext: string): string {
  return `bao-cao_${periodSlug(from, to)}.${ext}`;
}

function logRows(ctx: AppContext, filter: EntryFilter, kind: 'csv' | 'xlsx') {
  const store = ctx.store;
  const row = entryRowMaker(store.vocabulary(), kind);
  return (function* () {
    for (const entry of store.matchingEntries(filter)) yield row(entry, store.item(entry.itemId)!);
  })();
}

/** Streams the log (live entries matching the filter, newest first) as CSV. */
export async function writeLogCsv(ctx: AppContext, filter: EntryFilter, out: Writable, signal?: AbortSignal): Promise<void> {
  await pipeline(Readable.from(logRows(ctx, filter, 'csv')), excelCsv(ENTRY_COLUMNS), batched(), out, { signal });
}

// Widths in characters and formats of the log columns, in the order of ENTRY_COLUMNS.
const LOG_SHEET_COLUMNS: SheetColumn[] = ENTRY_COLUMNS.map((header, i) => ({
  header,
  width: [8, 17, 14, 9, 50, 40, 14, 40, 30, 18, 10, 12, 12, 40, 10, 10, 30, 14, 17][i] ?? 14,
  numFmt: header === 'Thời gian' || header === 'Thời điểm ghi' ? DATE_TIME_FORMAT : [10, 11, 12, 14, 15].includes(i) ? WHOLE_FORMAT : undefined,
}));

/** Streams the log as a workbook with one sheet. */
export async function writeLogXlsx(ctx: AppContext, filter: EntryFilter, out: Writable, signal?: AbortSignal): Promise<void> {
  await writeWorkbook(out, [{ name: 'Nhật ký', columns: LOG_SHEET_COLUMNS, rows: logRows(ctx, filter, 'xlsx') }], signal);
}

/** Writes the report's figures as one flat CSV table (Nhóm, Mục, figures). */
export async function writeReportCsv(ctx: AppContext, from: string, to: string, out: Writable, signal?: AbortSignal): Promise<void> {
  await pipeline(Readable.from(reportCsvRows(reportFor(ctx.store, from, to))), excelCsv(['Nhóm', 'Mục', ...FIGURE_COLUMNS]), batched(), out, { signal });
}

/** Writes the report as a workbook: the sentence, then one sheet per breakdown. */
export async function writeReportXlsx(ctx: AppContext, period: Pick<Period, 'from' | 'to' | 'label'>, out: Writable, signal?: AbortSignal): Promise<void> {
  const report = reportFor(ctx.store, period.from, period.to);
  const kind = ctx.store.settings().communeKind;
  const heading = `${period.label} (từ ngày ${fmtDate(period.from)} đến ngày ${fmtDate(period.to)})`;
  const figureColumns = FIGURE_COLUMNS.map((header) => ({ header, width: 16, numFmt: WHOLE_FORMAT }));
  await writeWorkbook(out, [
    {
      name: 'Kết quả thực hiện',
      columns: [{ header: 'Kết quả thực hiện (số chính xác, rồi làm tròn "trên")', width: 120 }],
      rows: [[reportSentence(report, kind, 'exact')], [reportSentence(report, kind, 'over')]],
      preface: ['Báo cáo kết quả tuyên truyền cải cách hành chính', heading],
    },
    ...reportSections(report, 'xlsx').map((section) => ({
      name: section.name,
      columns: [{ header: section.head, width: 45 }, ...figureColumns],
      rows: section.rows,
      preface: [heading],
    })),
  ], signal);
}
