import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { AuditRecord } from '../../domain/model.js';

/** `imports.json`: the imports of spreadsheets, the mapping used last, and the records of their changes. */
export interface ImportsData {
  format: 'cchc-imports/1';
  imports: ImportRecord[];
  lastMapping: ImportMapping | null;
  audit: AuditRecord[];
}

export const emptyImports = (): ImportsData => ({ format: 'cchc-imports/1', imports: [], lastMapping: null, audit: [] });

/** The imports, newest first, without their id lists (which can be long). */
export function listImports(data: ImportsData): ImportRecord[] {
  return [...data.imports].reverse().map((r) => structuredClone({ ...r, entryIds: [], itemIds: [] }));
}

export function importRecord(data: ImportsData, id: number): ImportRecord | null {
  const found = data.imports.find((r) => r.id === id);
  return found ? structuredClone(found) : null;
}
