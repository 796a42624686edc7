import path from 'node:path';
import type { AuditRecord } from '../../domain/model.js';
import type { Undo } from './committer.js';
import { emptySegment, type SegmentData } from './data-files.js';
import { JsonFile } from './json-file.js';
import { type LowdbState, type Segment, segmentName } from './state.js';

export type AnyFile = JsonFile<unknown>;

/** Records per segment file when many are written at once (an import): files of a few MB, few flushes. */
export const BULK_SEGMENT_RECORDS = 10_000;

/** Puts `next` where `old` is in a list; returns how to put `old` back. */
export function replaceIn<T>(list: T[], old: T, next: T): Undo {
  const i = list.indexOf(old);
  if (i < 0) throw new Error('record not in its file');
  list[i] = next;
  return () => {
    const j = list.indexOf(next);
    if (j >= 0) list[j] = old;
  };
}

/** Removes the last occurrence of a value from a list (the one a change just added). */
export function removeFrom<T>(list: T[], value: T): void {
  const i = list.lastIndexOf(value);
  if (i >= 0) list.splice(i, 1);
}

/**
 * What one transaction of the embedded engine changed, shared by its parts (one per noun: see
 * `transaction.ts`). Each change is applied to memory at once, with its undo, and marks the file it
 * lands in: new records go to the newest log segment (a new one is started, with the manifest, when
 * it has grown past its size), changed records go back to their own file. Audit records join the
 * first file of the commune the transaction changed, so that a change and its record are one file
 * write in the common case. The state runs one transaction at a time.
 */
export class TxChanges {
  private readonly undos: Undo[] = [];
  private readonly touched = new Set<AnyFile>();
  private primary: AnyFile | null = null;
  private readonly staged: AuditRecord[] = [];
  private segment: Segment | null = null;
  /** Transactions of other states that are part of this one (the deployment's trail). */
  private readonly joined: TxChanges[] = [];

  constructor(readonly s: LowdbState) {}

  /** Makes a transaction of another state part of this one: written in the same commit, undone with it. */
  join(other: TxChanges): TxChanges {
    this.joined.push(other);
    this.undo(() => other.rollback());
    return other;
  }

  /** Marks a file as changed: written with the transaction (in full), and the home of its audit records if it is the first. */
  touch(file: AnyFile): void {
    file.dropPrepared();
    this.touched.add(file);
    if (!this.s.isSharedAccounts(file)) this.primary ??= file;
  }

  /** Writes a file with the transaction as it is (a file written ahead is only renamed), never as the home of its audit records. */
  include(file: AnyFile): void {
    this.touched.add(file);
  }

  undo(u: Undo): void {
    this.undos.push(u);
  }

  /** Sets one top-level field of a file's data (the file is written with the transaction; undone with it). */
  setField<T, K extends keyof T>(file: JsonFile<T>, key: K, value: T[K]): void {
    const data = file.data;
    const old = data[key];
    data[key] = value;
    this.touch(file as AnyFile);
    this.undo(() => {
      data[key] = old;
    });
  }

  /** Keeps an audit record for the file it goes to when the transaction ends (`finish`). */
  stageAudit(record: AuditRecord): void {
    this.staged.push(record);
  }

  /** The segment new records go to, starting a new one when the newest has grown past the limit. */
  active(): Segment {
    if (this.segment) return this.segment;
    const last = this.s.segments.at(-1);
    if (last && last.doc.size < this.s.segmentMaxBytes) return (this.segment = last);
    return this.startSegment();
  }

  /** Starts a new segment (listed in the manifest in the same write) and makes it the active one. */
  startSegment(): Segment {
    const last = this.s.segments.at(-1);
    const seq = (last?.seq ?? 0) + 1;
    const segment: Segment = { seq, doc: JsonFile.fresh<SegmentData>(path.join(this.s.logDir, segmentName(seq)), emptySegment()) };
    this.s.segments.push(segment);
    const manifest = this.s.manifest.data;
    const listed = manifest.segments;
    manifest.segments = seq;
    this.undo(() => {
      removeFrom(this.s.segments, segment);
      manifest.segments = listed;
    });
    this.include(this.s.manifest as AnyFile);
    return (this.segment = segment);
  }

  /** The data of the active segment, marked as changed. */
  activeData(): SegmentData {
    const segment = this.active();
    this.touch(segment.doc as AnyFile);
    return segment.doc.data;
  }

  /** Puts the audit records into their file; returns the files to write and how to undo it all. */
  finish(): { files: Set<AnyFile>; undo: Undo } {
    if (this.staged.length) {
      const home = this.primary ?? (this.activeData(), this.active().doc as AnyFile);
      this.touch(home);
      const list = (home.data as { audit: AuditRecord[] }).audit;
      for (const record of this.staged) list.push(record);
      const staged = [...this.staged];
      this.undo(() => {
        for (const record of staged) removeFrom(list, record);
      });
    }
    // Their files are written with this transaction's, but none of them is where its own records go.
    for (const other of this.joined) for (const file of other.finish().files) this.touched.add(file);
    return { files: this.touched, undo: () => this.rollback() };
  }

  /** Undoes every change of the transaction, newest first. */
  rollback(): void {
    for (const u of this.undos.splice(0).reverse()) u();
  }
}
