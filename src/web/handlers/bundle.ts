import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { neutralise, periodSlug } from '../../domain/export-rows.js';
import type { Period } from '../../domain/periods.js';
import { fmtDateTime, localToday } from '../../domain/time.js';
import { labelOf } from '../../domain/vocabulary.js';
import { PUBLIC_DIR } from '../../paths.js';
import { excelCsvText } from '../../render/csv.js';
import { logFileName, reportFileName, writeLogCsv, writeLogXlsx, writeReportCsv, writeReportXlsx } from '../../render/exports.js';
import { logEntries, recordExport } from '../../services/exports.js';
import { monthsBetween } from '../../domain/report.js';
import { logbookFileName, monthOf } from '../../domain/logbook.js';
import { appendixDocx, logbookDocx, reportDocx } from '../../render/word.js';
import { logbookFor } from '../../services/logbook.js';
import { appendixByTask } from '../../services/plan.js';
import { reportDocumentData } from '../../services/reports.js';
import type { Scope } from '../../services/scope.js';
import { vocabularyOf } from '../../services/settings.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { handled, lazyReadable, streamDownload } from '../download.js';
import { attachment, refuse, requestPeriod } from './exports.js';

const MANIFEST_COLUMNS = ['Tệp trong bộ minh chứng', 'SHA-256', 'Kích thước (byte)', 'Loại tệp', 'Tên gốc', 'Thuộc', 'Mã lượt', 'Mã tin bài', 'Tiêu đề tin bài', 'Thời gian phát/đăng', 'Kênh', 'Chú thích'];

/** A folder-safe ASCII name for a label: "Truyền thanh" → "truyen-thanh". */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Passes bytes through while hashing and counting them, for the manifest. */
function hashing(onDone: (sha256: string, size: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      onDone(hash.digest('hex'), size);
      done();
    },
  });
}

/**
 * GET /export/bundle.zip?from=&to= (or period=&year=): the evidence bundle of a period, streamed: the
 * report (xlsx, csv, docx), its appendix by task (html, docx), the radio log book of each month of the
 * period (docx), the log of the period (xlsx, csv), every file
 * attached to the period's entries (and to their items) in folders by month and channel, and a
 * manifest.csv of every file with its SHA-256 and the entry it belongs to. Nothing is held in memory
 * but the file being copied.
 */
export function exportBundle(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { period } = parsed;
    const { from, to } = period;
    const s = scope(ctx, req);
    await recordExport(s, actorOf(req), 'bundle.zip', { format: 'zip', what: 'bundle', from, to });
    attachment(res, `bo-minh-chung_${periodSlug(from, to)}.zip`, 'application/zip');
    await streamDownload(res, (out, signal) => writeBundle(ctx, s, res, period, out, signal));
  };
}

/** Writes the evidence bundle of a period as a ZIP into `out`; everything it opened is closed when `signal` aborts. */
async function writeBundle(ctx: WebContext, s: Scope, res: Response, period: Period, out: Writable, signal: AbortSignal): Promise<void> {
  const { from, to } = period;
  // archiver takes about 0.3 s to load: loaded by the first bundle, not by every start of the server.
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const zipping = handled(pipeline(zip, out, { signal }));
  const manifest: string[][] = [];
  const producers: Promise<unknown>[] = [];
  const parts: Writable[] = [];
  const [vocab, documents, byTask] = await Promise.all([vocabularyOf(s), reportDocumentData(s, period, 'exact'), appendixByTask(s, period, 'exact')]);
  const { report, settings } = documents;
  signal.addEventListener('abort', () => {
    zip.abort();
    for (const part of parts) part.destroy();
  }, { once: true });

  /** Adds a generated file: `write` streams it; it is hashed on its way into the ZIP. */
  const generated = (name: string, write: (out: Writable) => Promise<void>): void => {
    const through = new PassThrough();
    parts.push(through);
    const row = [name, '', '', '', '', 'Tệp tổng hợp', '', '', '', '', '', ''];
    manifest.push(row);
    const hashed = hashing((sha, size) => {
      row[1] = sha;
      row[2] = String(size);
    });
    parts.push(hashed);
    producers.push(handled(finished(hashed)));
    zip.append(through.pipe(hashed), { name });
    producers.push(handled(write(through).catch((err: unknown) => void through.destroy(err as Error))));
  };

  generated(reportFileName(from, to, 'xlsx'), (o) => writeReportXlsx(report, period, settings.communeKind, o, signal));
  generated(reportFileName(from, to, 'csv'), (o) => writeReportCsv(report, o, signal, settings.csvSeparator));
  generated(`phu-luc_${periodSlug(from, to)}.html`, async (o) => {
    const css = await readFile(`${PUBLIC_DIR}/appendix.css`, 'utf8');
    const html = await new Promise<string>((resolve, reject) =>
      res.app.render('reports/appendix', { ...res.locals, title: 'Phụ lục kết quả tuyên truyền CCHC', period, plan: byTask.plan, rows: byTask.rows, settings, linkQuery: '', backLink: '', inlineCss: css }, (err, text) => (err ? reject(err) : resolve(text))),
    );
    o.end(html);
  });
  // The documents the office submits: the appendix by task and the report in Word, and the radio log
  // book of every month the period touches.
  generated(`phu-luc_${periodSlug(from, to)}.docx`, async (o) => void o.end(await appendixDocx(period, byTask.rows, settings)));
  generated(`bao-cao_${periodSlug(from, to)}.docx`, async (o) => void o.end(await reportDocx(period, report, documents.sentence, documents.progress, settings)));
  for (const month of monthsBetween(from, to)) {
    const book = monthOf(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
    generated(`so-nhat-ky-phat-thanh/${logbookFileName(book, 'docx')}`, async (o) => void o.end(await logbookDocx((await logbookFor(s, book)).book, settings)));
  }
  const today = localToday(ctx.clock());
  generated(logFileName({ from, to }, today, 'xlsx'), (o) => writeLogXlsx(logEntries(s, { from, to }), vocab, o, signal));
  generated(logFileName({ from, to }, today, 'csv'), (o) => writeLogCsv(logEntries(s, { from, to }), vocab, o, signal, settings.csvSeparator));

  // The attached files: each entry's in its month and channel, each item's once. Each is opened only
  // when the ZIP reaches it.
  for (const { file, entry, item } of await s.commune.attachmentsBetween(from, to)) {
    let name: string;
    let row: string[];
    if (entry) {
      const channel = labelOf(vocab.channels, entry.channel);
      name = `minh-chung/${entry.at.slice(0, 7)}/${slug(channel)}/${entry.at.slice(8, 10)}-${entry.at.slice(5, 7)}_luot-${entry.id}_tep-${file.id}_${file.name}`;
      row = [name, file.sha256, String(file.size), file.type, file.name, 'Lượt phát/đăng', String(entry.id), String(item.id), item.title, fmtDateTime(entry.at), channel, file.caption];
    } else {
      name = `minh-chung/tin-bai/tin-${item.id}_tep-${file.id}_${file.name}`;
      row = [name, file.sha256, String(file.size), file.type, file.name, 'Tin bài', '', String(item.id), item.title, '', '', file.caption];
    }
    zip.append(lazyReadable(async () => (await s.storage.blobs.open(file.sha256)) ?? Readable.from([])), { name, store: true });
    manifest.push(row);
  }

  // The manifest goes last, once every generated file has been hashed on its way in (one row a file: small).
  await Promise.race([Promise.all(producers), zipping]);
  signal.throwIfAborted();
  zip.append(excelCsvText(MANIFEST_COLUMNS, manifest.map((r) => r.map(neutralise)), settings.csvSeparator), { name: 'manifest.csv' });
  await zip.finalize();
  await zipping;
}
