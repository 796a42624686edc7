import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a data file exists but cannot be read back: the server must not start over it. */
export class CorruptDataFileError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`The data file ${file} cannot be read as JSON (${String(cause)}). Restore it from a backup.`);
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

  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    this.lastSize = Buffer.byteLength(text);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new CorruptDataFileError(this.file, err);
    }
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
