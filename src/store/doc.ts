import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file.js';
import type { ShapeCheck } from './shapes.js';

/** Puts memory back as it was before one change. */
export type Undo = () => void;

interface Waiter {
  undo: Undo;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * One JSON file of the store, held in memory by lowdb with a durable adapter, with group commit:
 * each change mutates the data synchronously and waits until a write that includes it is on disk.
 * Changes made while a write is in flight go out together in the next one. If a write fails, every
 * change not yet on disk is undone in reverse order, so memory never holds what the disk lacks.
 */
export class Doc<T> {
  private readonly db: Low<T>;
  private readonly adapter: DurableJsonFile<T>;
  private pending: Waiter[] = [];
  private writing = false;

  private constructor(adapter: DurableJsonFile<T>, defaults: T) {
    this.adapter = adapter;
    this.db = new Low<T>(adapter, defaults);
  }

  /**
   * Opens a file, or starts from `defaults` when it does not exist yet (nothing is written until a
   * change). A file that exists must pass `check`, or CorruptDataFileError is thrown.
   */
  static async open<T>(file: string, defaults: T, check?: ShapeCheck): Promise<Doc<T>> {
    const doc = new Doc<T>(new DurableJsonFile<T>(file, check), defaults);
    await doc.db.read();
    return doc;
  }

  get data(): T {
    return this.db.data;
  }

  get file(): string {
    return this.adapter.file;
  }

  /** Size in bytes of the file as last written or read. */
  get size(): number {
    return this.adapter.lastSize;
  }

  /** Applies a change in memory at once and resolves when it is durable. `change` returns its undo. */
  apply(change: (data: T) => Undo): Promise<void> {
    const undo = change(this.db.data);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ undo, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  /** Resolves once every change applied so far is on disk (or has failed). */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((r) => setImmediate(r));
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.db.write();
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
}
