import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { ShapeCheck } from './shapes.js';

/**
 * Thrown when the data directory is damaged: a file that cannot be read back, has the wrong shape, or
 * is missing while others depend on it. The server must not start over it; the message names the file.
 */
export class CorruptDataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`The data file ${file} ${problem}. Restore it (or the whole data directory) from a backup; the server does not start over a damaged data directory.`);
    this.name = 'CorruptDataFileError';
  }
}

/**
 * Flushes a directory's entries (a rename or a new file) to disk. Windows cannot open a directory to
 * flush it (NTFS journals its entries itself): there this does nothing.
 */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A temporary file's name beside `file` (same directory, so a rename over `file` is atomic). */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes text, given in pieces, to a new file (private to the server's user) and flushes it to disk;
 * answers its size in bytes. A large file given in pieces is never one string: it would sit in V8's
 * large-object space until the next full collection.
 */
export async function writeSyncedPieces(file: string, pieces: Iterable<string>): Promise<number> {
  const handle = await open(file, 'w', 0o600);
  let bytes = 0;
  try {
    for (const piece of pieces) {
      // writeFile writes the whole piece from the current position (a plain write may write part of it).
      await handle.writeFile(piece, 'utf8');
      bytes += Buffer.byteLength(piece);
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return bytes;
}

/** Writes text to a new file and flushes it to disk (private to the server's user). */
export async function writeSynced(file: string, text: string): Promise<void> {
  await writeSyncedPieces(file, [text]);
}

/**
 * Replaces a file atomically and durably: the text goes to a temporary file in the same directory,
 * which is flushed, renamed over the target, and the directory flushed. A crash at any moment leaves
 * the old file or the new one, never a torn one (lowdb's own adapter renames but never flushes).
 */
export async function replaceDurably(file: string, text: string): Promise<void> {
  const tmp = tempNameFor(file);
  await writeSynced(tmp, text);
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** The lowdb adapter of a JsonFile: reads and checks; writing goes through the file's committer. */
class CheckedAdapter<T> {
  lastSize = 0;

  constructor(
    public file: string,
    private readonly check?: ShapeCheck,
  ) {}

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

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    await replaceDurably(this.file, text);
    this.lastSize = Buffer.byteLength(text);
  }
}

/**
 * One JSON file of the data directory, held in memory by lowdb. Changes mutate `data` synchronously;
 * a Committer writes it out. A file that exists when opened must pass its shape check.
 */
export class JsonFile<T> {
  private readonly adapter: CheckedAdapter<T>;
  private readonly db: Low<T>;
  /** Whether the file is on disk (read at open, or written since). */
  exists = false;
  /** A temporary file already holding exactly `data` (written ahead, flushed), to be renamed into place. */
  private prepared: { temp: string; bytes: number } | null = null;

  private constructor(file: string, defaults: T, check?: ShapeCheck) {
    this.adapter = new CheckedAdapter<T>(file, check);
    this.db = new Low<T>(this.adapter, defaults);
  }

  static async open<T>(file: string, defaults: T, check?: ShapeCheck): Promise<JsonFile<T>> {
    const doc = new JsonFile<T>(file, defaults, check);
    await doc.db.read();
    doc.exists = doc.adapter.lastSize > 0;
    return doc;
  }

  /** A file that does not exist yet, started from `defaults` (written at the first commit). */
  static fresh<T>(file: string, defaults: T): JsonFile<T> {
    return new JsonFile<T>(file, defaults);
  }

  get data(): T {
    return this.db.data;
  }

  set data(value: T) {
    this.db.data = value;
  }

  get file(): string {
    return this.adapter.file;
  }

  /** Gives a file not written yet its place (a segment of a batch gets its number when published). */
  placeAt(file: string): void {
    if (this.exists) throw new Error(`${this.adapter.file} is on disk already`);
    this.adapter.file = file;
  }

  /** Size in bytes of the file as last written or read. */
  get size(): number {
    return this.adapter.lastSize;
  }

  /**
   * Records that `temp` (beside the file, flushed) holds exactly the current `data`: the next write
   * renames it into place instead of writing the data again.
   */
  usePrepared(temp: string, bytes: number): void {
    this.dropPrepared();
    this.prepared = { temp, bytes };
    this.adapter.lastSize = bytes;
  }

  /** The data is about to change: a text written ahead no longer matches it, and is removed. */
  dropPrepared(): void {
    if (!this.prepared) return;
    const { temp } = this.prepared;
    this.prepared = null;
    void unlink(temp).catch(() => undefined);
  }

  /** The text written ahead, if it still matches the data; the caller renames it into place. */
  takePrepared(): { temp: string; bytes: number } | null {
    const p = this.prepared;
    this.prepared = null;
    return p;
  }

  /** Serialises now (so the state at call time is what lands). */
  serialize(): string {
    return JSON.stringify(this.db.data);
  }

  /** Records that `text` (or a text of this many bytes) is now on disk. */
  written(text: string | number): void {
    this.adapter.lastSize = typeof text === 'number' ? text : Buffer.byteLength(text);
    this.exists = true;
  }

  /** Writes the current state alone, atomically and durably (lowdb's write, through the adapter). */
  async write(): Promise<void> {
    const prepared = this.takePrepared();
    if (prepared) {
      await rename(prepared.temp, this.file);
      await syncDir(path.dirname(this.file));
      this.adapter.lastSize = prepared.bytes;
    } else await this.db.write();
    this.exists = true;
  }
}
