import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { Entry, Item } from '../../domain/model.js';
import { copyEntry, copyItem } from './copies.js';
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
      for (const entry of all) {
        this.s.entries.delete(entry.id);
        this.s.timeline.remove(entry);
      }
    });
    return out;
  }

  async createImport(fields: Omit<ImportRecord, 'id'>): Promise<ImportRecord> {
    const record: ImportRecord = structuredClone({ id: this.s.next.import++, ...fields });
    const list = this.s.imports.data.imports;
    list.push(record);
    this.touch(this.s.imports as AnyFile);
    this.undo(() => removeFrom(list, record));
    return structuredClone(record);
  }

  async replaceImport(next: ImportRecord): Promise<void> {
    const list = this.s.imports.data.imports;
    const old = list.find((r) => r.id === next.id);
    if (!old) throw new Error(`no import ${next.id}`);
    this.touch(this.s.imports as AnyFile);
    this.undo(replaceIn(list, old, structuredClone(next)));
  }

  async setLastImportMapping(mapping: ImportMapping): Promise<void> {
    const data = this.s.imports.data;
    const old = data.lastMapping;
    data.lastMapping = structuredClone(mapping);
    this.touch(this.s.imports as AnyFile);
    this.undo(() => {
      data.lastMapping = old;
    });
  }
}
