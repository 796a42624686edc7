/** The imports of spreadsheets and the column mapping used last (`imports.json`); undoing one. */
import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import { type AnyFile, removeFrom, replaceIn, type TxChanges } from './changes.js';
import type { ImportsData } from './data-files.js';
import type { TxEntries } from './entries.js';
import type { TxItems } from './items.js';
import type { LowdbState } from './state.js';

/** The imports, newest first, without their id lists (which can be long). */
export function listImports(data: ImportsData): ImportRecord[] {
  return [...data.imports].reverse().map((r) => structuredClone({ ...r, entryIds: [], itemIds: [] }));
}

export function importRecord(data: ImportsData, id: number): ImportRecord | null {
  const found = data.imports.find((r) => r.id === id);
  return found ? structuredClone(found) : null;
}

/** The imports' part of a transaction: their records, the mapping, and deleting what one created (through the entries' and items' parts). */
export class TxImports {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
    private readonly entries: TxEntries,
    private readonly items: TxItems,
  ) {}

  async importRecord(id: number): Promise<ImportRecord | null> {
    return importRecord(this.s.imports.data, id);
  }

  async createImport(fields: Omit<ImportRecord, 'id'>): Promise<ImportRecord> {
    // The lists of ids (as long as the import) are copied as arrays, not cloned value by value.
    const { entryIds, itemIds, ...rest } = fields;
    const record: ImportRecord = { id: this.s.next.import++, ...structuredClone(rest), entryIds: [...entryIds], itemIds: [...itemIds] };
    const list = this.s.imports.data.imports;
    list.push(record);
    this.c.touch(this.s.imports as AnyFile);
    this.c.undo(() => removeFrom(list, record));
    return { ...structuredClone({ ...record, entryIds: [], itemIds: [] }), entryIds: [...record.entryIds], itemIds: [...record.itemIds] };
  }

  async replaceImport(next: ImportRecord): Promise<void> {
    const list = this.s.imports.data.imports;
    const old = list.find((r) => r.id === next.id);
    if (!old) throw new Error(`no import ${next.id}`);
    this.c.touch(this.s.imports as AnyFile);
    this.c.undo(replaceIn(list, old, structuredClone(next)));
  }

  async setLastImportMapping(mapping: ImportMapping): Promise<void> {
    this.c.setField(this.s.imports, 'lastMapping', structuredClone(mapping));
  }

  async deleteMany(ids: { entryIds: readonly number[]; itemIds: readonly number[] }, at: string, by: string): Promise<{ entries: number; items: number }> {
    const stamp = { deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by };
    let entries = 0;
    for (const id of ids.entryIds) {
      const old = this.s.entries.get(id)?.rec;
      if (!old || old.deletedAt) continue;
      await this.entries.replaceEntry({ ...old, ...stamp });
      entries++;
    }
    let items = 0;
    for (const id of ids.itemIds) {
      const old = this.s.item(id);
      if (!old || old.deletedAt) continue;
      await this.items.replaceItem({ ...old, ...stamp });
      items++;
    }
    return { entries, items };
  }
}
