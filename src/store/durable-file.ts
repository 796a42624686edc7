import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ShapeCheck } from './shapes.js';

/**
 * Thrown when the data directory is damaged: a file that cannot be read back, has the wrong shape, or
 * is missing while others depend on it. The server must not start over it; the message names the file.
 */
export class CorruptDataFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`The data file ${file} ${problem}. Restore it (or the whole data directory) from a backup; the server does not start over a damaged data directory.`);
    this.name = 'CorruptDataFileError';
  }
}

/** Flushes a directory's entries (a rename or a new file) to disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A lowdb adapter that writes atomically and durably: the JSON goes to a temporary file in the same
 * directory, which is fsynced, renamed over the target, and the directory fsynced. A crash at any
 * moment leaves either the old file or the new one, never a torn one, and once `write` resolves the
 * data survives a power cut. (lowdb's own JSONFile adapter renames but never fsyncs.)
 */
export class DurableJsonFile<T> {
  /** Bytes of the last text written or read. */
  lastSize = 0;

  /** `check` says what is wrong with what the file holds, or null: a file that exists must pass it. */
  constructor(readonly file: string, private readonly check?: ShapeCheck) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    this.lastSize = Buffer.byteLength(text);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new CorruptDataFileError(this.file, `cannot be read as JSON (${String(err)})`);
    }
    const problem = this.check ? this.check(data) : data === null ? 'holds nothing (null)' : null;
    if (problem) throw new CorruptDataFileError(this.file, problem);
    return data as T;
  }

  /** Serialises synchronously (so the caller's state at call time is what lands), then writes. */
  write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    return this.writeText(text);
  }

  private async writeText(text: string): Promise<void> {
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    try {
      await rename(tmp, this.file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await syncDir(dir);
    this.lastSize = Buffer.byteLength(text);
  }
}
