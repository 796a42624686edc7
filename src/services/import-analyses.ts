import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ImportOptions } from '../domain/import-options.js';
import type { ImportAnalysis } from './import-analysis.js';
import { type AnalysisKey, AnalysisReader, analysisLines, type KeptHeader, readKeptHeader } from './analysis-codec.js';

export type { AnalysisKey } from './analysis-codec.js';

/** How long an analysis is kept for the import that follows its preview or dry run. */
const KEEP_MS = 10 * 60_000;

/** The analysis of a held upload, in its folder; its temporary files while it is written are named after it. */
const ANALYSIS_FILE = 'analysis.json';

/** An analysis larger than this, as stored, is not kept beside its upload: its import reads the file again. */
export const MAX_KEPT_BYTES = 64 * 1024 * 1024;

/** Characters written at a time. */
const CHUNK_CHARS = 1 << 20;

/** Whether a file of a held upload's folder is its analysis (or one being written), not the upload. */
export const isAnalysisFile = (name: string): boolean => name === ANALYSIS_FILE || name.startsWith(`${ANALYSIS_FILE}.`);

interface Kept {
  key: AnalysisKey;
  /** The options the analysis used (those asked for, completed with what it found). */
  used: ImportOptions;
  at: number;
  analysis: ImportAnalysis;
  /** For a held upload's analysis: its folder and the stamp of the file written there. */
  held: { folder: string; stamp: string } | null;
}

// Options compared as stored: JSON keeps all of them but fields set to undefined.
const asStored = (o: ImportOptions | null): unknown => (o === null ? null : JSON.parse(JSON.stringify(o)));

/** Whether an analysis kept for `kept.key` at `kept.at` serves `key` at `now`. */
function serves(kept: Pick<Kept, 'key' | 'used' | 'at'>, key: AnalysisKey, now: Date): boolean {
  const k = kept.key;
  if (now.getTime() - kept.at > KEEP_MS || k.commune !== key.commune || k.sha256 !== key.sha256 || k.settings !== key.settings) return false;
  if (key.options === null) return k.options === null;
  // Options sent back from the preview page are the ones the analysis used, when nothing was changed.
  const asked = asStored(key.options);
  return isDeepStrictEqual(asked, asStored(kept.used)) || isDeepStrictEqual(asked, asStored(k.options));
}

/** The lines of a text stream (without their `\n`); the last one also when no `\n` ends it. */
async function* linesOf(input: AsyncIterable<string>): AsyncGenerator<string> {
  let pending: string[] = [];
  for await (const chunk of input) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      pending.push(chunk.slice(from, nl));
      yield pending.join('');
      pending = [];
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.slice(from));
  }
  if (pending.length) yield pending.join('');
}

/**
 * Writes an analysis to `file` whole or not at all (a temporary file renamed over it): its header,
 * its lines (see `analysis-codec.ts`), and last `{"end": SHA-256 of all the lines before}`. False
 * when it comes to more than `maxBytes`; then nothing is written.
 */
async function writeKept(file: string, header: KeptHeader, analysis: ImportAnalysis, maxBytes: number): Promise<boolean> {
  const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  let closed = false;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    let chunk = '';
    const flush = async (): Promise<boolean> => {
      const data = Buffer.from(chunk, 'utf8');
      chunk = '';
      bytes += data.length;
      if (bytes > maxBytes) return false;
      hash.update(data);
      await handle.write(data);
      return true;
    };
    const lines = function* (): Generator<string> {
      yield JSON.stringify(header);
      yield* analysisLines(analysis);
    };
    for (const line of lines()) {
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK_CHARS && !(await flush())) return false;
    }
    if (!(await flush())) return false;
    await handle.write(`${JSON.stringify({ end: hash.digest('hex') })}\n`);
    await handle.close();
    closed = true;
    await rename(temp, file);
    return true;
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * The last clean analysis of an uploaded file (no problems found), kept a few minutes so that the
 * import right after its preview or dry run does not read and check the whole file again.
 *
 * A held upload's analysis (the pages' preview, then its import) is kept beside the upload, in its
 * folder, where every process of the deployment finds it and whoever may use the upload alone can
 * reach it; it goes with the upload. The API's dry run, whose upload is not kept, is kept in this
 * process only (`find`, `keep`). One analysis is held in memory at a time: a held upload's, used
 * again only while the file it wrote is still there (so one imported or replaced on another process
 * is never taken from memory), or the API's.
 */
export class ImportAnalyses {
  private kept: Kept | null = null;

  /** `maxBytes`: the largest analysis kept beside a held upload, as stored. */
  constructor(private readonly maxBytes = MAX_KEPT_BYTES) {}

  /** The analysis this process kept for `key` (the API's dry run), or null. */
  find(key: AnalysisKey, now: Date): ImportAnalysis | null {
    const k = this.kept;
    return k && !k.held && serves(k, key, now) ? k.analysis : null;
  }

  keep(key: AnalysisKey, analysis: ImportAnalysis, now: Date): void {
    this.kept = analysis.problems.length ? null : { key, used: analysis.used, at: now.getTime(), analysis, held: null };
  }

  forget(sha256: string): void {
    if (this.kept?.key.sha256 === sha256) this.kept = null;
  }

  /**
   * The analysis kept beside the held upload in `folder` for `key`, whichever process kept it; null when
   * there is none, it is more than ten minutes old, it was made for another key, or it does not read
   * back whole (then the file is analysed again).
   */
  async findHeld(folder: string, key: AnalysisKey, now: Date): Promise<ImportAnalysis | null> {
    const file = path.join(folder, ANALYSIS_FILE);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile() || info.size > this.maxBytes) return null;
    try {
      return await this.readKept(folder, createReadStream(file, { encoding: 'utf8' }), key, now);
    } catch {
      return null;
    }
  }

  /**
   * Keeps a clean analysis beside the held upload in `folder`, in place of the one there. One with
   * problems, or larger than `maxBytes`, is not kept, and the one there goes.
   */
  async keepHeld(folder: string, key: AnalysisKey, analysis: ImportAnalysis, now: Date): Promise<void> {
    this.kept = null;
    const file = path.join(folder, ANALYSIS_FILE);
    const header: KeptHeader = { v: 1, stamp: randomBytes(16).toString('hex'), at: now.getTime(), key, used: analysis.used };
    // Not kept (a folder swept meanwhile, a full disk) is only slower: the import reads the file again.
    const written = !analysis.problems.length && (await writeKept(file, header, analysis, this.maxBytes).catch(() => false));
    if (written) this.kept = { key, used: header.used, at: header.at, analysis, held: { folder, stamp: header.stamp } };
    else await rm(file, { force: true }).catch(() => undefined);
  }

  /** Forgets the analysis kept beside the held upload in `folder` (once imported). */
  async forgetHeld(folder: string): Promise<void> {
    if (this.kept?.held?.folder === folder) this.kept = null;
    await rm(path.join(folder, ANALYSIS_FILE), { force: true });
  }

  private async readKept(folder: string, input: AsyncIterable<string>, key: AnalysisKey, now: Date): Promise<ImportAnalysis | null> {
    const hash = createHash('sha256');
    const reader = new AnalysisReader();
    let header: KeptHeader | null = null;
    let end: unknown = null;
    let chars = 0;
    for await (const line of linesOf(input)) {
      chars += line.length + 1;
      if (end !== null || chars > this.maxBytes) return null;
      const value: unknown = JSON.parse(line);
      if (header === null) {
        header = readKeptHeader(value);
        if (!serves(header, key, now)) return null;
        // Still the file this process wrote: what it holds is what this process has.
        const k = this.kept;
        if (k?.held && k.held.folder === folder && k.held.stamp === header.stamp) return k.analysis;
      } else if (Array.isArray(value)) reader.add(value);
      else if (value !== null && typeof value === 'object' && 'end' in value) end = value.end;
      else return null;
      if (end === null) hash.update(`${line}\n`);
    }
    if (header === null || end !== hash.digest('hex')) return null;
    const analysis = reader.finish();
    this.kept = { key: header.key, used: header.used, at: header.at, analysis, held: { folder, stamp: header.stamp } };
    return analysis;
  }
}
