import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AIRTIME_HMS_COLUMN, type Cell, ENTRY_COLUMNS, entryRowMaker, FIGURE_COLUMNS, periodSlug, reportCsvRows, reportSections } from '../domain/export-rows.js';
import type { EntryFilter } from '../domain/filters.js';
import type { EntryWithItem } from '../domain/model.js';
import { type Period, periodHeading } from '../domain/periods.js';
import type { Report } from '../domain/report.js';
import { type CommuneKind, reportSentence } from '../domain/sentence.js';
import type { CsvSeparator } from '../domain/settings.js';
import type { LocalDate } from '../domain/time.js';
import type { Vocabulary } from '../domain/vocabulary.js';
import { batched, excelCsv } from './csv.js';
import { DATE_TIME_FORMAT, DURATION_FORMAT, type SheetColumn, WHOLE_FORMAT, writeWorkbook } from './xlsx.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The file name of a log export: nhat-ky_<from>_<to>.<ext> (from the start of the log when no date is given). */
export function logFileName(filter: EntryFilter, today: LocalDate, ext: string): string {
  return `nhat-ky_${filter.from ?? 'tu-dau'}_${filter.to ?? today}.${ext}`;
}

/** The file name of a report export: bao-cao_2026-Q1.<ext>, or bao-cao_<from>_<to>.<ext>. */
export function reportFileName(from: string, to: string, ext: string): string {
  return `bao-cao_${periodSlug(from, to)}.${ext}`;
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/**
 * A readable stream of the export rows of log entries. Rows are made one at a time as the reader
 * asks for them (up to its buffer), from batches of entries: one wake-up per batch, not per row, and
 * no row lives longer than it takes to write it.
 */
function records(entries: AsyncIterable<EntryWithItem[]>, row: (entry: EntryWithItem) => Cell[]): Readable {
  const iterator = entries[Symbol.asyncIterator]();
  let batch: EntryWithItem[] = [];
  let at = 0;
  return new Readable({
    objectMode: true,
    read() {
      while (at < batch.length) if (!this.push(row(batch[at++]!))) return;
      iterator.next().then(
        (next) => {
          if (next.done) return void this.push(null);
          batch = next.value;
          at = 0;
          while (at < batch.length) if (!this.push(row(batch[at++]!))) return;
          if (!batch.length) this._read(0);
        },
        (err: unknown) => this.destroy(err as Error),
      );
    },
    destroy(err, done) {
      void iterator.return?.();
      done(err);
    },
  });
}

/** Streams log entries (as the storage streams them) as CSV, fields separated by `separator`. */
export async function writeLogCsv(entries: AsyncIterable<EntryWithItem[]>, vocab: Vocabulary, out: Writable, signal?: AbortSignal, separator: CsvSeparator = ',', names?: ReadonlyMap<string, string>): Promise<void> {
  const row = entryRowMaker(vocab, 'csv', names);
  await pipeline(records(entries, (e) => row(e, e.item)), excelCsv(ENTRY_COLUMNS, separator), batched(), out, { signal });
}

// Widths in characters and formats of the log columns; a column not listed is 14 wide, as text.
const LOG_COLUMN_LOOK: Partial<Record<(typeof ENTRY_COLUMNS)[number], Omit<SheetColumn, 'header'>>> = {
  'Mã lượt': { width: 8 },
  'Thời gian': { width: 17, numFmt: DATE_TIME_FORMAT },
  'Mã tin bài': { width: 9 },
  'Tiêu đề': { width: 50 },
  'Tóm tắt': { width: 40 },
  'Nội dung tuyên truyền': { width: 40 },
  'Đơn vị thực hiện': { width: 30 },
  'Tác giả/nguồn': { width: 18 },
  'Số lượt phát': { width: 10, numFmt: WHOLE_FORMAT },
  'Thời lượng 1 lần (giây)': { width: 12, numFmt: WHOLE_FORMAT },
  'Thời lượng 1 lần (giờ:phút:giây)': { width: 14, numFmt: DURATION_FORMAT },
  'Tổng thời lượng (giây)': { width: 12, numFmt: WHOLE_FORMAT },
  'Tổng thời lượng (giờ:phút:giây)': { width: 14, numFmt: DURATION_FORMAT },
  'Đường dẫn': { width: 40 },
  'Lượt xem': { width: 10, numFmt: WHOLE_FORMAT },
  'Lượt tương tác': { width: 10, numFmt: WHOLE_FORMAT },
  'Ghi chú': { width: 30 },
  'Người ghi': { width: 22 },
  'Thời điểm ghi': { width: 17, numFmt: DATE_TIME_FORMAT },
};
const LOG_SHEET_COLUMNS: SheetColumn[] = ENTRY_COLUMNS.map((header) => ({ header, width: 14, ...LOG_COLUMN_LOOK[header] }));

/** Streams log entries as a workbook with one sheet, its header row an autofilter. */
export async function writeLogXlsx(entries: AsyncIterable<EntryWithItem[]>, vocab: Vocabulary, out: Writable, signal?: AbortSignal, names?: ReadonlyMap<string, string>): Promise<void> {
  const row = entryRowMaker(vocab, 'xlsx', names);
  async function* rows() {
    for await (const e of flatten(entries)) yield row(e, e.item);
  }
  await writeWorkbook(out, [{ name: 'Nhật ký', columns: LOG_SHEET_COLUMNS, rows: rows(), autoFilter: true }], signal);
}

/** Writes a report's figures as one flat CSV table (Nhóm, Mục, figures), fields separated by `separator`. */
export async function writeReportCsv(report: Report, out: Writable, signal?: AbortSignal, separator: CsvSeparator = ','): Promise<void> {
  await pipeline(Readable.from(reportCsvRows(report)), excelCsv(['Nhóm', 'Mục', ...FIGURE_COLUMNS], separator), batched(), out, { signal });
}

/** Writes a report as a workbook: the sentence, then one sheet per breakdown. */
export async function writeReportXlsx(report: Report, period: Pick<Period, 'from' | 'to' | 'label'>, kind: CommuneKind, out: Writable, signal?: AbortSignal): Promise<void> {
  const heading = periodHeading(period);
  const figureColumns = FIGURE_COLUMNS.map((header) => ({ header, width: 16, numFmt: header === AIRTIME_HMS_COLUMN ? DURATION_FORMAT : WHOLE_FORMAT }));
  await writeWorkbook(
    out,
    [
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
    ],
    signal,
  );
}
