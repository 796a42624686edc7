import type { JsonFile } from './json-file.js';
import type { RecordRange } from './record-range.js';

/** A record and the file it lives in (edits are written back there). */
export interface Located<T> {
  rec: T;
  home: JsonFile<unknown>;
}

/**
 * Records by id: one map for records added one at a time (and all records read at start-up), plus the
 * ranges of prepared batches, attached whole in one step inside their transaction and kept as they
 * are. A range is a few arrays of its records in id order: moving a 100,000-record batch into the map
 * would grow the map's table step by step, each step leaving its old table (megabytes) to a full
 * collection, and the map itself weighs more than the arrays.
 */
export class RecordTable<T> {
  private readonly main = new Map<number, Located<T>>();
  private readonly ranges: RecordRange<Located<T>>[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): Located<T> | undefined {
    const found = this.main.get(id);
    if (found || !this.ranges.length) return found;
    for (const range of this.ranges) {
      const inRange = range.get(id);
      if (inRange) return inRange;
    }
    return undefined;
  }

  set(id: number, value: Located<T>): void {
    const range = this.ranges.find((r) => r.has(id));
    if (range) {
      range.set(id, value);
      return;
    }
    if (!this.main.has(id)) this.count++;
    this.main.set(id, value);
  }

  delete(id: number): boolean {
    if (this.main.delete(id)) {
      this.count--;
      return true;
    }
    const range = this.ranges.find((r) => r.has(id));
    if (!range) return false;
    range.delete(id);
    this.count--;
    return true;
  }

  *values(): IterableIterator<Located<T>> {
    yield* this.main.values();
    for (const range of this.ranges) yield* range.values();
  }

  *keys(): IterableIterator<number> {
    yield* this.main.keys();
    for (const range of this.ranges) yield* range.keys();
  }

  /** Adds a range whose ids are all new, in one step. */
  attach(range: RecordRange<Located<T>>): void {
    this.ranges.push(range);
    this.count += range.size;
  }

  /** Takes a range back (a transaction that failed). */
  detach(range: RecordRange<Located<T>>): void {
    const i = this.ranges.indexOf(range);
    if (i < 0) return;
    this.ranges.splice(i, 1);
    this.count -= range.size;
  }
}
