import type { CsvEncoding } from './encoding.js';
import type { SheetLimits } from './limits.js';
import type { SheetRow } from './rows.js';

/** A file to read: a workbook, or a CSV and how its text is decoded and split. */
export type SheetSource = { file: string } & ({ kind: 'xlsx' } | { kind: 'csv'; encoding: CsvEncoding; bom: number; delimiter: string });

/** What the reading thread is asked to read, within which budgets, posting how many batches ahead. */
export type SheetJob = SheetSource & { limits: SheetLimits; ahead: number };

/** What the reading thread says: rows, the end, a refused file (the reason in Vietnamese), or a failure. */
export type WorkerMessage = { type: 'rows'; rows: SheetRow[] } | { type: 'end' } | { type: 'refused'; message: string } | { type: 'failed'; message: string };
