import type { JsonFile } from './json-file.js';

/** A record and the file it lives in (edits are written back there). */
export interface Located<T> {
  rec: T;
  home: JsonFile<unknown>;
}

/** Records moved from attached parts into the main map between two yields. */
const MOVES_PER_SLICE = 5_000;

/**
 * Records by id, in one map plus parts attached whole (a prepared batch is indexed before its
 * transaction, and attached in one step inside it). Parts are then moved into the main map in the
 * background, a slice at a time, so that lookups come back to one map.
 */
export class RecordTable<T> {
  private readonly main = new Map<number, Located<T>>();
  private readonly parts: Map<number, Located<T>>[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): Located<T> | undefined {
    const found = this.main.get(id);
    if (found || !this.parts.length) return found;
    for (const part of this.parts) {
      const inPart = part.get(id);
      if (inPart) return inPart;
    }
    return undefined;
  }

  set(id: number, value: Located<T>): void {
    if (!this.get(id)) this.count++;
    for (const part of this.parts) if (part.has(id)) part.set(id, value);
    this.main.set(id, value);
  }

  delete(id: number): boolean {
    let found = this.main.delete(id);
    for (const part of this.parts) found = part.delete(id) || found;
    if (found) this.count--;
    return found;
  }

  *values(): IterableIterator<Located<T>> {
    yield* this.main.values();
    for (const part of this.parts) for (const [id, value] of part) if (!this.main.has(id)) yield value;
  }

  *keys(): IterableIterator<number> {
    yield* this.main.keys();
    for (const part of this.parts) for (const id of part.keys()) if (!this.main.has(id)) yield id;
  }

  /** Adds a part whose ids are all new, in one step; it is folded into the main map later. */
  attach(part: Map<number, Located<T>>): void {
    this.parts.push(part);
    this.count += part.size;
    setImmediate(() => void this.fold(part));
  }

  /** Takes a part back (a transaction that failed), folded into the main map or not. */
  detach(part: Map<number, Located<T>>): void {
    const i = this.parts.indexOf(part);
    if (i >= 0) this.parts.splice(i, 1);
    for (const [id, value] of part) {
      if (this.main.get(id) === value) this.main.delete(id);
      this.count--;
    }
  }

  private async fold(part: Map<number, Located<T>>): Promise<void> {
    let n = 0;
    for (const [id, value] of part) {
      if (!this.parts.includes(part)) return;
      if (!this.main.has(id)) this.main.set(id, value);
      if (++n % MOVES_PER_SLICE === 0) await new Promise((r) => setImmediate(r));
    }
    const i = this.parts.indexOf(part);
    if (i >= 0) this.parts.splice(i, 1);
  }
}
