import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CorruptDataFileError, type JsonFile, replaceDurably, syncDir, tempNameFor, writeSynced } from './json-file.js';

/** Puts memory back as it was before one change. */
export type Undo = () => void;

interface Waiter {
  files: ReadonlySet<JsonFile<unknown>>;
  undo: Undo;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const JOURNAL = 'journal.json';

/**
 * Group commit for the JSON files of a data directory. A change mutates files in memory at once and
 * waits until a write that includes it is on disk; changes made while a write is in flight go out
 * together in the next one. A round that touches one file replaces it atomically (temporary file,
 * flush, rename, flush of the directory). A round that touches several writes them all, then a
 * journal naming the renames, then renames: a crash before the journal is durable leaves every old
 * file, after it the next start finishes the renames. If a write fails, every change not yet on disk
 * is undone in reverse order, so memory never holds what the disk lacks.
 */
export class Committer {
  private pending: Waiter[] = [];
  private writing = false;

  constructor(private readonly root: string) {}

  /** Records a change already applied in memory to `files`; resolves once it is durable. */
  commit(files: ReadonlySet<JsonFile<unknown>>, undo: Undo): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ files, undo, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  /** Resolves once every change committed so far is on disk (or has failed). */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((r) => setImmediate(r));
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        const files = new Set<JsonFile<unknown>>();
        for (const w of batch) for (const f of w.files) files.add(f);
        try {
          if (files.size === 1) await [...files][0]!.write();
          else if (files.size > 1) await this.writeTogether([...files]);
          for (const w of batch) w.resolve();
        } catch (err) {
          const failed = [...batch, ...this.pending];
          this.pending = [];
          for (const w of [...failed].reverse()) w.undo();
          for (const w of failed) w.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeTogether(files: JsonFile<unknown>[]): Promise<void> {
    // Serialised first, all at once: the state of this moment is what lands. A file written ahead
    // (a batch of an import) is only renamed.
    const prepared = files.map((f) => f.takePrepared());
    const texts = files.map((f, i) => (prepared[i] ? null : f.serialize()));
    const temps = files.map((f, i) => prepared[i]?.temp ?? tempNameFor(f.file));
    try {
      await Promise.all(files.map((_f, i) => (texts[i] === null ? undefined : writeSynced(temps[i]!, texts[i]!))));
    } catch (err) {
      await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
      throw err;
    }
    const renames = files.map((f, i) => [path.relative(this.root, temps[i]!), path.relative(this.root, f.file)]);
    await replaceDurably(path.join(this.root, JOURNAL), JSON.stringify({ format: 'cchc-journal/1', renames }));
    await applyRenames(this.root, renames);
    files.forEach((f, i) => f.written(texts[i] ?? prepared[i]!.bytes));
  }
}

async function applyRenames(root: string, renames: string[][]): Promise<void> {
  const dirs = new Set<string>();
  for (const [from, to] of renames) {
    try {
      await rename(path.join(root, from!), path.join(root, to!));
    } catch (err) {
      // Done already, before a crash: the journal is replayed whole.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    dirs.add(path.dirname(path.join(root, to!)));
  }
  for (const dir of dirs) await syncDir(dir);
  await unlink(path.join(root, JOURNAL)).catch(() => undefined);
  await syncDir(root);
}

/**
 * At start: finishes a multi-file write a crash interrupted after its journal was durable, then
 * removes every temporary file (writes never acknowledged) in the given folders.
 */
export async function recover(root: string, folders: string[]): Promise<void> {
  const journal = path.join(root, JOURNAL);
  let text: string | null = null;
  try {
    text = await readFile(journal, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    let renames: unknown;
    try {
      renames = (JSON.parse(text) as { renames?: unknown }).renames;
    } catch {
      renames = null;
    }
    const valid = Array.isArray(renames) && renames.every((r) => Array.isArray(r) && r.length === 2 && r.every((p) => typeof p === 'string' && !path.isAbsolute(p) && !p.split(/[/\\]/).includes('..')));
    if (!valid) throw new CorruptDataFileError(journal, 'is not a journal this app wrote');
    await applyRenames(root, renames as string[][]);
  }
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => unlink(path.join(folder, n))));
  }
}
