import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { Entry, Item } from '../../domain/model.js';
import type { LogMark, PreparedBatch } from '../port.js';
import { changesSince, LowdbBatch } from './batch.js';
import { copyEntry, copyItem } from './copies.js';
import { type Segment, segmentName } from './state.js';
import path from 'node:path';
import { type AnyFile, removeFrom, replaceIn, TxCore } from './tx-core.js';

/** Records per segment file when many are written at once (an import): files of a few MB, few flushes. */
const BULK_SEGMENT_RECORDS = 10_000;

/**
 * The bulk writes of a transaction (imports): many items or entries go to fresh segments of a bounded
 * size, and the indexes take them in one pass rather than one search each.
 */
export class TxBulk extends TxCore {
  async createItems(list: Omit<Item, 'id'>[]): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < list.length; i += BULK_SEGMENT_RECORDS) {
      const segment = this.startSegment();
      const doc = segment.doc as AnyFile;
      this.touch(doc);
      const chunk = list.slice(i, i + BULK_SEGMENT_RECORDS).map((fields) => ({ id: this.s.next.item++, ...fields, topics: [...fields.topics] }) as Item);
      segment.doc.data.items.push(...chunk);
      for (const item of chunk) {
        this.s.items.set(item.id, { rec: item, home: doc });
        this.s.titles.add(item);
        out.push(copyItem(item));
      }
      this.undo(() => {
        for (const item of chunk) {
          this.s.items.delete(item.id);
          this.s.titles.remove(item);
        }
      });
    }
    return out;
  }

  async createEntries(list: Omit<Entry, 'id'>[]): Promise<Entry[]> {
    const out: Entry[] = [];
    const all: Entry[] = [];
    for (let i = 0; i < list.length; i += BULK_SEGMENT_RECORDS) {
      const segment = this.startSegment();
      const doc = segment.doc as AnyFile;
      this.touch(doc);
      const chunk = list.slice(i, i + BULK_SEGMENT_RECORDS).map((fields) => ({ id: this.s.next.entry++, ...fields }) as Entry);
      segment.doc.data.entries.push(...chunk);
      for (const entry of chunk) {
        this.s.entries.set(entry.id, { rec: entry, home: doc });
        all.push(entry);
        out.push(copyEntry(entry));
      }
    }
    this.s.timeline.insertMany(all);
    this.undo(() => {
      for (const entry of all) this.s.entries.delete(entry.id);
      this.s.timeline.removeMany(all);
    });
    return out;
  }

  async changesSince(mark: LogMark): Promise<{ items: Item[]; entries: Entry[] } | null> {
    return changesSince(this.s, mark);
  }

  /**
   * Adds a prepared batch: its segment files join the log (listed in the manifest, renamed into place
   * by this transaction's write, not written again) and its records the indexes, in one step.
   */
  async publishBatch(batch: PreparedBatch): Promise<void> {
    if (!(batch instanceof LowdbBatch) || batch.published) throw new Error('not a batch ready for this log');
    const manifest = this.s.manifest.data;
    const listed = manifest.segments;
    const segments: Segment[] = [];
    for (const f of batch.files) {
      const seq = (this.s.segments.at(-1)?.seq ?? 0) + 1;
      f.doc.placeAt(path.join(this.s.logDir, segmentName(seq)));
      const segment = { seq, doc: f.doc };
      this.s.segments.push(segment);
      segments.push(segment);
      manifest.segments = seq;
      this.touched.add(f.doc as AnyFile);
      f.doc.usePrepared(f.temp, f.bytes);
    }
    this.s.items.attach(batch.itemRange);
    this.s.entries.attach(batch.entryRange);
    this.touched.add(this.s.manifest as AnyFile);
    batch.items.forEach((item, i) => this.s.titles.addKeyed(item, batch.titleKeys[i]!));
    this.s.timeline.insertSorted(batch.newestFirst);
    batch.published = true;
    this.undo(() => {
      batch.published = false;
      for (const segment of segments) {
        removeFrom(this.s.segments, segment);
        segment.doc.dropPrepared();
      }
      manifest.segments = listed;
      this.s.items.detach(batch.itemRange);
      this.s.entries.detach(batch.entryRange);
      for (const item of batch.items) this.s.titles.remove(item);
      this.s.timeline.removeMany(batch.entries);
    });
  }

  async createImport(fields: Omit<ImportRecord, 'id'>): Promise<ImportRecord> {
    // The lists of ids (as long as the import) are copied as arrays, not cloned value by value.
    const { entryIds, itemIds, ...rest } = fields;
    const record: ImportRecord = { id: this.s.next.import++, ...structuredClone(rest), entryIds: [...entryIds], itemIds: [...itemIds] };
    const list = this.s.imports.data.imports;
    list.push(record);
    this.touch(this.s.imports as AnyFile);
    this.undo(() => removeFrom(list, record));
    return { ...structuredClone({ ...record, entryIds: [], itemIds: [] }), entryIds: [...record.entryIds], itemIds: [...record.itemIds] };
  }

  async replaceImport(next: ImportRecord): Promise<void> {
    const list = this.s.imports.data.imports;
    const old = list.find((r) => r.id === next.id);
    if (!old) throw new Error(`no import ${next.id}`);
    this.touch(this.s.imports as AnyFile);
    this.undo(replaceIn(list, old, structuredClone(next)));
  }

  async setLastImportMapping(mapping: ImportMapping): Promise<void> {
    this.setField(this.s.imports, 'lastMapping', structuredClone(mapping));
  }
}
