import { StorageUnavailableError } from '../unavailable.js';

/** What a write says when it waited its turn too long. */
export const QUEUE_TIMEOUT_MESSAGE = 'a commune\'s writes waited too long for their turn';

/**
 * The writes of each commune, one after another within this process, before any of them takes a
 * pooled client: a burst into one commune then holds one client of the pool (the one writing), not
 * one per waiting write, and every other commune keeps the rest. A write that has waited `timeoutMs`
 * for its turn gives up with `StorageUnavailableError` (the request is answered "busy"), and the
 * writes behind it keep their places. A write's turn comes with what is left of its `timeoutMs`, for
 * the waits still ahead of it (the commune's lock, held by other processes' writes).
 */
export class WriteQueue {
  private readonly tails = new Map<number, Promise<void>>();

  constructor(private readonly timeoutMs: number) {}

  /** How many communes have writes running or waiting (for tests and the health line). */
  get busy(): number {
    return this.tails.size;
  }

  async run<T>(key: number, work: (leftMs: number) => Promise<T>): Promise<T> {
    const started = Date.now();
    const before = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    try {
      await turn(before, this.timeoutMs);
    } catch (err) {
      // Giving up leaves the place empty: the next write goes when the one before this finishes.
      done();
      this.forget(key, tail);
      throw err;
    }
    try {
      return await work(Math.max(0, this.timeoutMs - (Date.now() - started)));
    } finally {
      done();
      this.forget(key, tail);
    }
  }

  private forget(key: number, tail: Promise<void>): void {
    // The last write of a commune leaves no entry behind (a later one may have queued behind it).
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }
}

/** Resolves when `before` does, or rejects after `ms`. */
function turn(before: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StorageUnavailableError(QUEUE_TIMEOUT_MESSAGE)), ms);
    void before.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
