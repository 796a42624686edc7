import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { ENTRY_COLUMNS, entryRowMaker, FIGURE_COLUMNS, periodSlug, reportCsvRows, reportSections } from '../../domain/export-rows.js';
import { reportSentence } from '../../domain/sentence.js';
import { type EntryFilter, parseEntryQuery } from '../../domain/filters.js';
import { parsePeriodQuery } from '../../domain/periods.js';
import { fmtDate, localToday } from '../../domain/time.js';
import { actorOf, wantsJson } from '../auth.js';
import { reportFor } from '../reporting.js';
import { DATE_TIME_FORMAT, type SheetColumn, WHOLE_FORMAT, writeWorkbook } from '../xlsx.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

function refuse(req: Request, res: Response, errors: Record<string, string>): void {
  if (wantsJson(req) || req.headers.authorization) {
    res.status(422).json({ errors });
    return;
  }
  res.status(422).render('errors/error', { title: 'Lỗi', status: 422, message: `Không xuất được: ${Object.values(errors).join(' ')}`, detail: null });
}

function attachment(res: Response, name: string, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** The file name of a log export: nhat-ky_<from>_<to>.csv (the whole log when no dates are given). */
function logFileName(ctx: AppContext, filter: EntryFilter, ext: string): string {
  const today = localToday(ctx.clock());
  return `nhat-ky_${filter.from ?? 'tu-dau'}_${filter.to ?? today}.${ext}`;
}

/** Parses the filter of an export (the same query as the log list and /api/v1/entries). */
export function exportFilter(ctx: AppContext, req: Request): { filter: EntryFilter } | { errors: Record<string, string> } {
  const query = { ...(req.query as Record<string, unknown>) };
  delete query.page;
  delete query.pageSize;
  const parsed = parseEntryQuery(query, ctx.store.vocabulary());
  return parsed.ok ? { filter: parsed.value.filter } : { errors: parsed.errors };
}

/** GET /export/entries.csv: the log as the list shows it, streamed row by row. */
export function exportLogCsv(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = exportFilter(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { filter } = parsed;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: 'entries.csv' }, { after: { format: 'csv', what: 'entries', ...filter } });
    attachment(res, logFileName(ctx, filter, 'csv'), 'text/csv; charset=utf-8');
    const store = ctx.store;
    const row = entryRowMaker(store.vocabulary());
    function* rows() {
      for (const entry of store.matchingEntries(filter)) yield row(entry, store.item(entry.itemId)!);
    }
    await pipeline(Readable.from(rows()), excelCsv(ENTRY_COLUMNS), batched(), res);
  };
}

// Widths in characters and formats of the log columns, in the order of ENTRY_COLUMNS.
const LOG_SHEET_COLUMNS: SheetColumn[] = ENTRY_COLUMNS.map((header, i) => ({
  header,
  width: [8, 17, 14, 9, 50, 40, 14, 40, 30, 18, 10, 12, 12, 40, 10, 10, 30, 14, 17][i] ?? 14,
  numFmt: header === 'Thời gian' || header === 'Thời điểm ghi' ? DATE_TIME_FORMAT : [10, 11, 12, 14, 15].includes(i) ? WHOLE_FORMAT : undefined,
}));

/** GET /export/entries.xlsx: the log as the list shows it, one sheet, streamed. */
export function exportLogXlsx(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = exportFilter(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { filter } = parsed;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: 'entries.xlsx' }, { after: { format: 'xlsx', what: 'entries', ...filter } });
    attachment(res, logFileName(ctx, filter, 'xlsx'), XLSX_TYPE);
    const store = ctx.store;
    const row = entryRowMaker(store.vocabulary(), 'xlsx');
    function* rows() {
      for (const entry of store.matchingEntries(filter)) yield row(entry, store.item(entry.itemId)!);
    }
    await writeWorkbook(res, [{ name: 'Nhật ký', columns: LOG_SHEET_COLUMNS, rows: rows() }]);
  };
}

/** GET /export/report.xlsx?from=&to=: the report, one sheet per breakdown, and the sentence. */
export function exportReportXlsx(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parsePeriodQuery(query.from || query.to ? { ...query, period: 'custom' } : query, localToday(ctx.clock()));
    if (!parsed.ok) return refuse(req, res, parsed.errors);
    const { from, to, label } = parsed.value;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: 'report.xlsx' }, { after: { format: 'xlsx', what: 'report', from, to } });
    attachment(res, `bao-cao_${periodSlug(from, to)}.xlsx`, XLSX_TYPE);
    const report = reportFor(ctx, from, to);
    const settings = ctx.store.settings();
    const period = `${label} (từ ngày ${fmtDate(from)} đến ngày ${fmtDate(to)})`;
    const figureColumns = FIGURE_COLUMNS.map((header) => ({ header, width: 16, numFmt: WHOLE_FORMAT }));
    await writeWorkbook(res, [
      {
        name: 'Kết quả thực hiện',
        columns: [{ header: 'Kết quả thực hiện (số chính xác, rồi làm tròn "trên")', width: 120 }],
        rows: [[reportSentence(report, settings.communeKind, 'exact')], [reportSentence(report, settings.communeKind, 'over')]],
        preface: ['Báo cáo kết quả tuyên truyền cải cách hành chính', period],
      },
      ...reportSections(report, 'xlsx').map((section) => ({
        name: section.name,
        columns: [{ header: section.head, width: 45 }, ...figureColumns],
        rows: section.rows,
        preface: [period],
      })),
    ]);
  };
}

/** GET /export/report.csv?from=&to=: the figures of the report page for its period. */
export function exportReportCsv(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parsePeriodQuery(query.from || query.to ? { ...query, period: 'custom' } : query, localToday(ctx.clock()));
    if (!parsed.ok) return refuse(req, res, parsed.errors);
    const { from, to } = parsed.value;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: 'report.csv' }, { after: { format: 'csv', what: 'report', from, to } });
    attachment(res, `bao-cao_${periodSlug(from, to)}.csv`, 'text/csv; charset=utf-8');
    await pipeline(Readable.from(reportCsvRows(reportFor(ctx, from, to))), excelCsv(['Nhóm', 'Mục', ...FIGURE_COLUMNS]), batched(), res);
  };
}
