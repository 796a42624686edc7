/**
 * Records whose ids run on from `first` without a gap (a prepared batch's), held in chunks of
 * `chunkSize` (the last may be shorter): arrays of exactly their length, made once, that stay under
 * V8's large-object size for chunks of up to 16,000 records. A deleted record leaves a hole.
 */
export class RecordRange<V> {
  private readonly chunks: (V | undefined)[][] = [];
  private length = 0;
  private live = 0;

  constructor(
    readonly first: number,
    private readonly chunkSize: number,
  ) {}

  /** Records held (holes left by deletions not counted). */
  get size(): number {
    return this.live;
  }

  /** Appends a chunk: the records whose ids follow the last one's, in id order. */
  append(chunk: V[]): void {
    if (this.length % this.chunkSize !== 0 || chunk.length > this.chunkSize) throw new Error('a range grows by whole chunks');
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.live += chunk.length;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): V | undefined {
    const i = id - this.first;
    if (!(i >= 0 && i < this.length)) return undefined;
    return this.chunks[Math.floor(i / this.chunkSize)]![i % this.chunkSize];
  }

  /** Replaces a record the range holds (an edit); ids outside it are refused. */
  set(id: number, value: V): void {
    if (!this.has(id)) throw new Error(`record ${id} is not in this range`);
    const i = id - this.first;
    this.chunks[Math.floor(i / this.chunkSize)]![i % this.chunkSize] = value;
  }

  delete(id: number): boolean {
    if (!this.has(id)) return false;
    const i = id - this.first;
    this.chunks[Math.floor(i / this.chunkSize)]![i % this.chunkSize] = undefined;
    this.live--;
    return true;
  }

  *values(): IterableIterator<V> {
    for (const chunk of this.chunks) for (const value of chunk) if (value) yield value;
  }

  *keys(): IterableIterator<number> {
    let id = this.first;
    for (const chunk of this.chunks) {
      for (const value of chunk) {
        if (value) yield id;
        id++;
      }
    }
  }
}
