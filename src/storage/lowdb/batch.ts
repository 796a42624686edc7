/**
 * Batches of new items and entries (an import): made ready outside any transaction (`prepareBatch`),
 * added to the log by one (`TxBatches.publishBatch`); and the log's marks, to tell what changed since.
 */
import path from 'node:path';
import { unlink } from 'node:fs/promises';
import type { Entry, Item } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';
import type { LogMark, NewBatch, PreparedBatch } from '../port.js';
import { type AnyFile, removeFrom, type TxChanges } from './changes.js';
import type { SegmentData } from './data-files.js';
import { JsonFile, tempNameFor, writeSyncedPieces } from './json-file.js';
import { RecordRange } from './record-range.js';
import type { Located } from './record-table.js';
import { type LowdbState, type Segment, segmentName } from './state.js';

/** Records per segment file of a batch: files of a few MB, each serialised between two yields. */
export const BATCH_SEGMENT_RECORDS = 10_000;
/** Records handled between two yields to other requests while a batch is made ready. */
const RECORDS_PER_SLICE = 5_000;

const yieldToOthers = (): Promise<void> => new Promise((r) => setImmediate(r));

/** One segment file of a batch, written ahead as a temporary file (its place is given when published). */
export interface BatchFile {
  temp: string;
  doc: JsonFile<SegmentData>;
  bytes: number;
}

/** A batch made ready: its records with their ids, its files on disk, not yet part of the log. */
export class LowdbBatch implements PreparedBatch {
  published = false;
  private discarded = false;

  constructor(
    readonly items: Item[],
    /** The entries in the order given. */
    readonly entries: Entry[],
    /** The entries in log order (newest first), for the timeline. */
    readonly newestFirst: Entry[],
    readonly titleKeys: string[],
    readonly files: BatchFile[],
    /** The records by id, with their files, to join the state's indexes in one step. */
    readonly itemRange: RecordRange<Located<Item>>,
    readonly entryRange: RecordRange<Located<Entry>>,
  ) {
    this.itemIds = items.map((i) => i.id);
    this.entryIds = entries.map((e) => e.id);
  }

  /** The ids given, in the order of the records given. */
  readonly itemIds: readonly number[];
  readonly entryIds: readonly number[];

  async discard(): Promise<void> {
    if (this.published || this.discarded) return;
    this.discarded = true;
    await Promise.all(this.files.map((f) => unlink(f.temp).catch(() => undefined)));
  }
}

/** The batches' part of a transaction: publishing one, and what changed since a mark. */
export class TxBatches {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async changesSince(mark: LogMark): Promise<{ items: Item[]; entries: Entry[] } | null> {
    return changesSince(this.s, mark);
  }

  /**
   * Adds a prepared batch: its segment files join the log (listed in the manifest, renamed into place
   * by this transaction's write, not written again) and its records the indexes, in one step.
   */
  async publishBatch(batch: PreparedBatch): Promise<void> {
    const { s, c } = this;
    if (!(batch instanceof LowdbBatch) || batch.published) throw new Error('not a batch ready for this log');
    const manifest = s.manifest.data;
    const listed = manifest.segments;
    const segments: Segment[] = [];
    for (const f of batch.files) {
      const seq = (s.segments.at(-1)?.seq ?? 0) + 1;
      f.doc.placeAt(path.join(s.logDir, segmentName(seq)));
      const segment = { seq, doc: f.doc };
      s.segments.push(segment);
      segments.push(segment);
      manifest.segments = seq;
      c.include(f.doc as AnyFile);
      f.doc.usePrepared(f.temp, f.bytes);
    }
    s.items.attach(batch.itemRange);
    s.entries.attach(batch.entryRange);
    c.include(s.manifest as AnyFile);
    batch.items.forEach((item, i) => s.titles.addKeyed(item, batch.titleKeys[i]!));
    s.timeline.insertSorted(batch.newestFirst);
    batch.published = true;
    c.undo(() => {
      batch.published = false;
      for (const segment of segments) {
        removeFrom(s.segments, segment);
        segment.doc.dropPrepared();
      }
      manifest.segments = listed;
      s.items.detach(batch.itemRange);
      s.entries.detach(batch.entryRange);
      for (const item of batch.items) s.titles.remove(item);
      s.timeline.removeMany(batch.entries);
    });
  }
}

export function logMark(s: LowdbState): LogMark {
  return { item: s.next.item, entry: s.next.entry, edits: s.edits };
}

/** The records created since a mark, or null when existing ones were changed since. */
export function changesSince(s: LowdbState, mark: LogMark): { items: Item[]; entries: Entry[] } | null {
  if (mark.edits !== s.edits || mark.item === undefined || mark.entry === undefined) return null;
  const items: Item[] = [];
  const entries: Entry[] = [];
  for (let id = mark.item; id < s.next.item; id++) {
    const found = s.items.get(id);
    if (found) items.push(found.rec);
  }
  for (let id = mark.entry; id < s.next.entry; id++) {
    const found = s.entries.get(id);
    if (found) entries.push(found.rec);
  }
  return { items: structuredClone(items), entries: structuredClone(entries) };
}

/**
 * Makes a batch ready outside any transaction, yielding to other requests as it goes: reserves its
 * ids (entries numbered in time order, so that the log order needs no sorting later), folds the
 * titles for the title index, and writes the records as segment files under temporary names,
 * flushed to disk. Publishing then only indexes them and renames the files in the next group commit.
 */
export async function prepareBatch(s: LowdbState, batch: NewBatch): Promise<LowdbBatch> {
  const { items, entries, newItemOf } = batch;
  for (const item of items) item.id = s.next.item++;
  const titleKeys: string[] = batch.titleKeys?.length === items.length ? [...batch.titleKeys] : [];
  for (let i = titleKeys.length; i < items.length; i++) {
    titleKeys.push(foldText(items[i]!.title));
    if (i % RECORDS_PER_SLICE === RECORDS_PER_SLICE - 1) await yieldToOthers();
  }
  entries.forEach((e, i) => {
    const n = newItemOf[i] ?? -1;
    if (n >= 0) e.itemId = items[n]!.id;
  });
  const oldestFirst = await sortByTime(entries);
  for (const e of oldestFirst) e.id = s.next.entry++;
  const files: BatchFile[] = [];
  const itemRange = new RecordRange<Located<Item>>(items[0]?.id ?? s.next.item, BATCH_SEGMENT_RECORDS);
  const entryRange = new RecordRange<Located<Entry>>(oldestFirst[0]?.id ?? s.next.entry, BATCH_SEGMENT_RECORDS);
  // Each file is serialised while the one before it is being written and flushed.
  let writing: Promise<void> = Promise.resolve();
  try {
    const write = async (data: SegmentData): Promise<void> => {
      const doc = JsonFile.fresh<SegmentData>(path.join(s.logDir, 'batch.json'), data);
      const home = doc as JsonFile<unknown>;
      if (data.items.length) itemRange.append(data.items.map((rec) => ({ rec, home })));
      if (data.entries.length) entryRange.append(data.entries.map((rec) => ({ rec, home })));
      const file: BatchFile = { temp: tempNameFor(doc.file), doc, bytes: 0 };
      files.push(file);
      await writing;
      writing = writeSyncedPieces(file.temp, segmentPieces(data)).then((bytes) => {
        file.bytes = bytes;
      });
      writing.catch(() => undefined);
      await yieldToOthers();
    };
    for (let i = 0; i < items.length; i += BATCH_SEGMENT_RECORDS) await write({ format: 'cchc-log-segment/1', items: items.slice(i, i + BATCH_SEGMENT_RECORDS), entries: [], audit: [] });
    for (let i = 0; i < oldestFirst.length; i += BATCH_SEGMENT_RECORDS) await write({ format: 'cchc-log-segment/1', items: [], entries: oldestFirst.slice(i, i + BATCH_SEGMENT_RECORDS), audit: [] });
    await writing;
  } catch (err) {
    await writing.catch(() => undefined);
    await Promise.all(files.map((f) => unlink(f.temp).catch(() => undefined)));
    throw err;
  }
  return new LowdbBatch(items, entries, oldestFirst.reverse(), titleKeys, files, itemRange, entryRange);
}

/**
 * Records serialised together when a segment is written: few enough that a piece of Vietnamese text
 * (two bytes a character in V8) stays under V8's large-object size (128 KB), so each piece dies young
 * instead of waiting in the large-object space for a full collection.
 */
const PIECE_RECORDS = 48;

/**
 * The JSON text of a segment (as `JSON.stringify` writes it) in pieces of a few hundred records: the
 * text of a whole segment is never one string.
 */
export function* segmentPieces(data: SegmentData): Generator<string> {
  const { format, items, entries, ...rest } = data;
  yield `{"format":${JSON.stringify(format)},"items":[`;
  yield* recordPieces(items);
  yield '],"entries":[';
  yield* recordPieces(entries);
  const tail = JSON.stringify(rest);
  yield tail === '{}' ? ']}' : `],${tail.slice(1)}`;
}

function* recordPieces(records: readonly unknown[]): Generator<string> {
  for (let i = 0; i < records.length; i += PIECE_RECORDS) {
    const text = JSON.stringify(records.slice(i, i + PIECE_RECORDS));
    if (i) yield ',';
    yield text.slice(1, -1);
  }
}

const byTime = (a: Entry, b: Entry): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** Entries sorted by time (stable), in slices merged pairwise, yielding between steps. */
async function sortByTime(entries: readonly Entry[]): Promise<Entry[]> {
  let runs: Entry[][] = [];
  for (let i = 0; i < entries.length; i += RECORDS_PER_SLICE) {
    runs.push(entries.slice(i, i + RECORDS_PER_SLICE).sort(byTime));
    await yieldToOthers();
  }
  while (runs.length > 1) {
    const next: Entry[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      next.push(i + 1 < runs.length ? merge(runs[i]!, runs[i + 1]!) : runs[i]!);
      await yieldToOthers();
    }
    runs = next;
  }
  return runs[0] ?? [];
}

function merge(a: Entry[], b: Entry[]): Entry[] {
  const out: Entry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byTime(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
