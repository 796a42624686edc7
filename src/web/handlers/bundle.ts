import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { stringify as stringifyRows } from 'csv-stringify/sync';
import { neutralise, periodSlug } from '../../domain/export-rows.js';
import type { FileRecord } from '../../domain/files.js';
import type { Period } from '../../domain/periods.js';
import { fmtDateTime } from '../../domain/time.js';
import { labelOf } from '../../domain/vocabulary.js';
import { PUBLIC_DIR } from '../../paths.js';
import { blobPath } from '../../store/blobs.js';
import { appendixData } from '../appendix.js';
import { actorOf } from '../auth.js';
import { logFileName, reportFileName, writeLogCsv, writeLogXlsx, writeReportCsv, writeReportXlsx } from '../export-writers.js';
import { handled, lazyReadable, streamDownload } from '../download.js';
import { attachment, requestPeriod, refuse } from './exports.js';

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
 * report (xlsx, csv) and its printable appendix (html), the log of the period (xlsx, csv), every file
 * attached to the period's entries (and to their items) in folders by month and channel, and a
 * manifest.csv of every file with its SHA-256 and the entry it belongs to. Nothing is held in memory
 * but the file being copied.
 */
export function exportBundle(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const { period } = parsed;
    const { from, to } = period;
    await ctx.store.recordEvent(actorOf(req), 'export', { type: 'export', id: 'bundle.zip' }, { after: { format: 'zip', what: 'bundle', from, to } });
    attachment(res, `bo-minh-chung_${periodSlug(from, to)}.zip`, 'application/zip');
    await streamDownload(res, (out, signal) => writeBundle(ctx, res, period, out, signal));
  };
}

/** Writes the evidence bundle of a period as a ZIP into `out`; everything it opened is closed when `signal` aborts. */
async function writeBundle(ctx: AppContext, res: Response, period: Period, out: Writable, signal: AbortSignal): Promise<void> {
  const { from, to } = period;
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const zipping = handled(pipeline(zip, out, { signal }));
  const manifest: string[][] = [];
  const producers: Promise<unknown>[] = [];
  const parts: Writable[] = [];
  const vocab = ctx.store.vocabulary();
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

  generated(reportFileName(from, to, 'xlsx'), (o) => writeReportXlsx(ctx, period, o, signal));
  generated(reportFileName(from, to, 'csv'), (o) => writeReportCsv(ctx, from, to, o, signal));
  generated(`phu-luc_${periodSlug(from, to)}.html`, async (o) => {
    const css = await readFile(`${PUBLIC_DIR}/appendix.css`, 'utf8');
    const { rows, sentence } = appendixData(ctx, period, 'exact');
    const html = await new Promise<string>((resolve, reject) =>
      res.app.render('reports/appendix', { ...res.locals, title: 'Phụ lục kết quả tuyên truyền CCHC', period, rows, sentence, settings: ctx.store.settings(), backLink: '', inlineCss: css }, (err, text) => (err ? reject(err) : resolve(text))),
    );
    o.end(html);
  });
  generated(logFileName(ctx, { from, to }, 'xlsx'), (o) => writeLogXlsx(ctx, { from, to }, o, signal));
  generated(logFileName(ctx, { from, to }, 'csv'), (o) => writeLogCsv(ctx, { from, to }, o, signal));

  // The attached files: each entry's in its month and channel, each item's once. Each is opened only
  // when the ZIP reaches it.
  const entries = ctx.store.entriesBetween(from, to);
  const itemsSeen = new Set<number>();
  const addFile = (file: FileRecord, path: string, entryId: number | '', itemId: number, at: string, channel: string): void => {
    const item = ctx.store.item(itemId);
    zip.append(lazyReadable(() => createReadStream(blobPath(ctx.store.dataDir, file.sha256))), { name: path, store: true });
    manifest.push([path, file.sha256, String(file.size), file.type, file.name, file.owner.type === 'entry' ? 'Lượt phát/đăng' : 'Tin bài', String(entryId), String(itemId), item?.title ?? '', at ? fmtDateTime(at) : '', channel, file.caption]);
  };
  for (const entry of entries) {
    const channel = labelOf(vocab.channels, entry.channel);
    const folder = `minh-chung/${entry.at.slice(0, 7)}/${slug(channel)}`;
    for (const file of ctx.store.filesOf('entry', entry.id)) {
      addFile(file, `${folder}/${entry.at.slice(8, 10)}-${entry.at.slice(5, 7)}_luot-${entry.id}_tep-${file.id}_${file.name}`, entry.id, entry.itemId, entry.at, channel);
    }
    if (itemsSeen.has(entry.itemId)) continue;
    itemsSeen.add(entry.itemId);
    for (const file of ctx.store.filesOf('item', entry.itemId)) {
      addFile(file, `minh-chung/tin-bai/tin-${entry.itemId}_tep-${file.id}_${file.name}`, '', entry.itemId, '', '');
    }
  }

  // The manifest goes last, once every generated file has been hashed on its way in (one row a file: small).
  await Promise.race([Promise.all(producers), zipping]);
  signal.throwIfAborted();
  const manifestCsv = stringifyRows(manifest.map((r) => r.map(neutralise)), { bom: true, header: true, columns: MANIFEST_COLUMNS, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  zip.append(manifestCsv, { name: 'manifest.csv' });
  await zip.finalize();
  await zipping;
}
