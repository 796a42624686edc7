/**
 * A thread spreadsheets are read in (started by `reader-thread.ts`), one file at a time: it reads the
 * file within its budgets and posts its rows a batch at a time, never more than `ahead` batches before
 * the reader asks for more. A refused file posts its reason; anything else that goes wrong, the error.
 * The thread is ended rather than told to stop: a file read to its end is the only way back for more.
 */
import { parentPort } from 'node:worker_threads';
import { csvRows } from './csv.js';
import type { SheetJob, WorkerMessage } from './job.js';
import { NotASheetError } from './refusal.js';
import type { SheetBatch } from './rows.js';
import { xlsxRows, xlsxSheets } from './xlsx.js';

const port = parentPort!;
let credit = 0;
let wake: (() => void) | null = null;

const post = (m: WorkerMessage): void => port.postMessage(m);

async function* csvBatches(job: Extract<SheetJob, { kind: 'csv' }>): AsyncGenerator<SheetBatch> {
  for await (const rows of csvRows(job.file, job.encoding, job.bom, job.delimiter, job.limits)) yield { rows };
}

async function read(job: SheetJob): Promise<void> {
  credit = job.ahead;
  try {
    if (job.kind === 'xlsx-sheets') post({ type: 'sheets', sheets: await xlsxSheets(job.file, job.limits) });
    else {
      const batches: AsyncIterable<SheetBatch> = job.kind === 'xlsx' ? xlsxRows(job.file, job.limits, job.sheets) : csvBatches(job);
      for await (const batch of batches) {
        while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
        credit--;
        post({ type: 'rows', ...batch });
      }
    }
    post({ type: 'end' });
  } catch (err) {
    post(err instanceof NotASheetError ? { type: 'refused', message: err.message } : { type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

port.on('message', (m: 'more' | { type: 'job'; job: SheetJob }) => {
  if (m === 'more') {
    credit++;
    wake?.();
    wake = null;
  } else if (m.type === 'job') void read(m.job);
});
