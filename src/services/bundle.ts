/**
 * The evidence bundle of a period (minh chứng): one ZIP of the documents the office submits and of the
 * files attached to the period's entries, streamed, with a manifest of every file's SHA-256.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { neutralise, periodSlug } from '../domain/export-rows.js';
import { logbookFileName, monthPeriod } from '../domain/logbook-period.js';
import type { Period } from '../domain/periods.js';
import { monthsBetween } from '../domain/report.js';
import { fmtDateTime, localToday } from '../domain/time.js';
import { labelOf } from '../domain/vocabulary.js';
import { appendixHtml } from '../render/appendix-html.js';
import { excelCsvText } from '../render/csv.js';
import { logFileName, reportFileName, writeLogCsv, writeLogXlsx, writeReportCsv, writeReportXlsx } from '../render/exports.js';
import { appendixDocx, logbookDocx, reportDocx } from '../render/word.js';
import { accountNames, logEntries, recordExport } from './exports.js';
import { logbookFor } from './logbook.js';
import { appendixByTask } from './year-plan.js';
import { reportFor } from './reports.js';
import { readingOnce, type Scope } from './scope.js';

export interface BundleOptions {
  /** The most airings one month's log book may hold (see LOGBOOK_MAX_ROWS). */
  logbookMaxRows?: number;
}

/** A download: its file name, and what writes it once the answer starts. */
export interface Download {
  name: string;
  write(out: Writable, signal: AbortSignal): Promise<void>;
}

/**
 * The evidence bundle of a period as a download: the export is recorded in the audit trail first (or
 * refused: too many exports), then the ZIP is written as the download goes (see `writeBundle`).
 */
export async function bundleDownload(scope: Scope, actor: string, period: Period, options: BundleOptions = {}): Promise<Download> {
  await recordExport(scope, actor, 'bundle.zip', { format: 'zip', what: 'bundle', from: period.from, to: period.to });
  return { name: `bo-minh-chung_${periodSlug(period.from, period.to)}.zip`, write: (out, signal) => writeBundle(scope, period, out, signal, options) };
}

/** Marks a promise as handled now (it may be awaited later): a rejection never goes unhandled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

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

type Zip = InstanceType<typeof import('archiver').ZipArchive>;

/**
 * Appends one file to the ZIP and waits until the ZIP has taken all of it. archiver starts reading a
 * stream as soon as it is appended (it pipes it into a buffer of its own), and never closes one when
 * aborted: so files are appended one at a time, and the source is destroyed whatever happens (an
 * attachment's file handle closed on a cancelled download).
 */
async function appendOne(zip: Zip, source: Readable | Buffer, data: { name: string; store?: boolean }, signal: AbortSignal, broken: Promise<never>): Promise<void> {
  const stream = source instanceof Readable ? source : null;
  try {
    signal.throwIfAborted();
    // Taken when archiver says so; failed when the ZIP fails (`once` rejects on its 'error'), its output
    // does (`broken`), or the source does.
    const taken = once(zip, 'entry', { signal });
    const failed = stream ? handled(new Promise<never>((_resolve, reject) => stream.once('error', reject))) : broken;
    zip.append(source, data);
    await Promise.race([taken, failed, broken]);
  } finally {
    if (stream) {
      // Nothing reads it any more; a late error of a destroyed stream has nowhere to go but here.
      stream.on('error', () => undefined);
      stream.destroy();
    }
  }
}

/**
 * Writes the evidence bundle of a period as a ZIP into `out`: the report (xlsx, csv, docx), its
 * appendix by task (html, docx), the radio log book of each month of the period (docx), the log of the
 * period (xlsx, csv), every file attached to the period's entries (and to their items) in folders by
 * month and channel, and a manifest.csv of every file with its SHA-256 and the entry it belongs to. The
 * files go into the ZIP one after another, each made or opened only when its turn comes: nothing is
 * held in memory but the file being made or copied, and everything opened is closed when `signal`
 * aborts (a cancelled download). The period is counted once, the settings read once.
 */
export async function writeBundle(scope: Scope, period: Period, out: Writable, signal: AbortSignal, options: BundleOptions = {}): Promise<void> {
  const s = readingOnce(scope);
  const { from, to } = period;
  // archiver takes about 0.3 s to load: loaded by the first bundle, not by every start of the server.
  const { ZipArchive } = await import('archiver');
  signal.throwIfAborted();
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const zipping = handled(pipeline(zip, out, { signal }));
  // The ZIP's output failing (or ending) before the last file is in: no file will be taken any more.
  const broken = handled(zipping.then(() => Promise.reject(new Error('the ZIP ended before its last file'))));
  const abort = (): void => void zip.abort();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const manifest: string[][] = [];
    const [documents, byTask, names] = await Promise.all([reportFor(s, period, 'exact'), appendixByTask(s, period, 'exact'), accountNames(s)]);
    const { report, settings, vocab } = documents;

    /** Adds a generated file, made now that its turn has come: `write` streams it; it is hashed on its way into the ZIP. */
    const generated = async (name: string, write: (out: Writable) => Promise<void>, caption = ''): Promise<void> => {
      const row = [name, '', '', '', '', 'Tệp tổng hợp', '', '', '', '', '', caption];
      manifest.push(row);
      const through = new PassThrough();
      const hashed = hashing((sha, size) => {
        row[1] = sha;
        row[2] = String(size);
      });
      // A failure while writing reaches the ZIP through `hashed`, which the pipeline destroys with it.
      handled(pipeline(through, hashed));
      handled(write(through).catch((err: unknown) => void through.destroy(err as Error)));
      try {
        await appendOne(zip, hashed, { name }, signal, broken);
      } finally {
        through.destroy();
      }
    };

    await generated(reportFileName(from, to, 'xlsx'), (o) => writeReportXlsx(report, period, settings.communeKind, o, signal));
    await generated(reportFileName(from, to, 'csv'), (o) => writeReportCsv(report, o, signal, settings.csvSeparator));
    await generated(`phu-luc_${periodSlug(from, to)}.html`, async (o) => void o.end(await appendixHtml(period, byTask.plan, byTask.rows, settings)));
    // The documents the office submits: the appendix by task and the report in Word, and the radio log
    // book of every month the period touches, one month after another. A month with more airings than a
    // book holds gets a note in its place (its airings are all in the log's workbook and CSV below).
    await generated(`phu-luc_${periodSlug(from, to)}.docx`, async (o) => void o.end(await appendixDocx(period, byTask.rows, settings)));
    await generated(`bao-cao_${periodSlug(from, to)}.docx`, async (o) => void o.end(await reportDocx(period, documents)));
    for (const month of monthsBetween(from, to)) {
      const book = monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
      const result = await logbookFor(s, book, options.logbookMaxRows, names);
      if (result.ok) {
        await generated(`so-nhat-ky-phat-thanh/${logbookFileName(book, 'docx')}`, async (o) => void o.end(await logbookDocx(result.book, settings)));
      } else {
        const note = logbookFileName(book, 'txt').replace(/\.txt$/, '_qua-dai.txt');
        await generated(`so-nhat-ky-phat-thanh/${note}`, async (o) => void o.end(`\uFEFF${result.message}\r\n`), 'Sổ của tháng quá dài, không tạo được');
      }
    }
    const today = localToday(s.clock());
    await generated(logFileName({ from, to }, today, 'xlsx'), (o) => writeLogXlsx(logEntries(s, { from, to }), vocab, o, signal, names));
    await generated(logFileName({ from, to }, today, 'csv'), (o) => writeLogCsv(logEntries(s, { from, to }), vocab, o, signal, settings.csvSeparator, names));

    // The attached files: each entry's in its month and channel, each item's once. Each is opened when
    // its turn comes, and closed once copied (or when the download is cancelled).
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
      signal.throwIfAborted();
      await appendOne(zip, (await s.storage.blobs.open(file.sha256)) ?? Buffer.alloc(0), { name, store: true }, signal, broken);
      manifest.push(row);
    }

    // The manifest goes last, once every file has been hashed on its way in (one row a file: small).
    await appendOne(zip, Buffer.from(excelCsvText(MANIFEST_COLUMNS, manifest.map((r) => r.map(neutralise)), settings.csvSeparator)), { name: 'manifest.csv' }, signal, broken);
    await zip.finalize();
    await zipping;
  } catch (err) {
    // Torn down, not ended: a failed bundle must never reach the client as a whole but short ZIP.
    zip.abort();
    zip.destroy();
    throw err;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
