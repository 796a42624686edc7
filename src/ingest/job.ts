import type { CsvEncoding } from './encoding.js';
import type { SheetLimits } from './limits.js';
import type { SheetRow } from './rows.js';
import type { SheetInfo } from './xlsx-parts.js';

/** Which sheets of a workbook are read: the first (in the workbook's order), every visible one, all, or those named. */
export type SheetChoice = 'first' | 'visible' | 'all' | readonly string[];

/** A file to read: a workbook's rows or its list of sheets, or a CSV and how its text is decoded and split. */
export type SheetSource = { file: string } & ({ kind: 'xlsx'; sheets: SheetChoice } | { kind: 'xlsx-sheets' } | { kind: 'csv'; encoding: CsvEncoding; bom: number; delimiter: string });

/** What the reading thread is asked to read, within which budgets, posting how many batches ahead. */
export type SheetJob = SheetSource & { limits: SheetLimits; ahead: number };

/** What the reading thread hands over: rows (of a named sheet for a workbook), or a workbook's sheets. */
export type ThreadData = { type: 'rows'; rows: SheetRow[]; sheet?: string } | { type: 'sheets'; sheets: SheetInfo[] };

/** What the reading thread says: what it read, the end, a refused file (the reason in Vietnamese), or a failure. */
export type WorkerMessage = ThreadData | { type: 'end' } | { type: 'refused'; message: string } | { type: 'failed'; message: string };
