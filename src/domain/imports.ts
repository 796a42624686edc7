import type { ImportMapping } from './import-columns.js';
import type { ImportCounts } from './import-plan.js';
import type { LocalIso } from './time.js';

/** One import of a spreadsheet into the log: what came in, from which file, and whether it was undone. */
export interface ImportRecord {
  id: number;
  fileName: string;
  sha256: string;
  counts: ImportCounts;
  mapping: ImportMapping;
  /** The entries and items the import created, to list them and to undo it. */
  entryIds: number[];
  itemIds: number[];
  createdAt: LocalIso;
  createdBy: string;
  undoneAt: LocalIso | null;
  undoneBy: string | null;
}
