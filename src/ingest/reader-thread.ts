import { Worker } from 'node:worker_threads';
import type { SheetJob, SheetSource, ThreadData, WorkerMessage } from './job.js';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import type { SheetRow } from './rows.js';
import type { SheetInfo } from './xlsx-parts.js';

/** Batches the reading thread may post before the reader takes them. */
const AHEAD = 4;
/** Files read at once in this process; more wait their turn (the wait counts toward their time). */
export const READING_THREADS = 2;
/** A thread that read a file to its end waits this long for the next one, then ends. */
const IDLE_MS = 60_000;
/**
 * A thread that read more rows than this ends at once instead of waiting: its heap grew with the file
 * (by about 25 MB for 100,000 rows) and would stay so while it waits, through the import that follows.
 */
const KEEP_UP_TO_ROWS = 10_000;

const idle: { worker: Worker; memoryMb: number; timer: NodeJS.Timeout }[] = [];
const waiting: (() => void)[] = [];
let busy = 0;

/** Files being read now (for tests and monitoring). */
export const readingThreads = (): number => busy;
/** Threads waiting for the next file (for tests and monitoring). */
export const waitingThreads = (): number => idle.length;

/** Ends the threads waiting for a next file. */
export async function endWaitingThreads(): Promise<void> {
  await Promise.all(
    idle.splice(0).map((t) => {
      clearTimeout(t.timer);
      return t.worker.terminate();
    }),
  );
}

/**
 * A new reading thread, from the built JavaScript (`dist/`) or, when this module runs from the
 * TypeScript sources (vitest, `npm run dev`), from `sheet-worker.ts` through tsx: a worker is plain
 * Node, which neither vite nor the parent thread's loader transforms.
 */
function startThread(memoryMb: number): Worker {
  const here = import.meta.url;
  // The young generation stays small (8 MB for the default 256 MB): a thread keeps little between
  // batches, and a larger one only grew the server's memory (by about 20 MB while an XLSX was read).
  const options = { resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.round(memoryMb / 32)), stackSizeMb: 4 } };
  let worker: Worker;
  if (!here.endsWith('.ts')) worker = new Worker(new URL('./sheet-worker.js', here), options);
  else {
    const entry = new URL('./sheet-worker.ts', here).href;
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    worker = new Worker(code, { ...options, eval: true });
  }
  // A file's reading listens for its own failures; between files, a thread that fails is only let go.
  worker.on('error', () => {});
  worker.once('exit', () => {
    const i = idle.findIndex((t) => t.worker === worker);
    if (i < 0) return;
    clearTimeout(idle[i]!.timer);
    idle.splice(i, 1);
  });
  return worker;
}

/** A thread for a file, once one of the `READING_THREADS` is free; null when `gone()` before that. */
async function acquire(memoryMb: number, gone: () => boolean, wait: (resolve: () => void) => void): Promise<Worker | null> {
  while (busy >= READING_THREADS) {
    if (gone()) return null;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      wait(resolve);
    });
  }
  if (gone()) return null;
  busy++;
  const i = idle.findIndex((t) => t.memoryMb === memoryMb);
  if (i < 0) return startThread(memoryMb);
  const [kept] = idle.splice(i, 1);
  clearTimeout(kept!.timer);
  kept!.worker.ref();
  return kept!.worker;
}

/** Gives a thread back: kept for the next file when `keep` (it read a small file to the end), else ended. */
function release(worker: Worker, memoryMb: number, keep: boolean): void {
  busy--;
  for (const w of waiting.splice(0)) w();
  if (!keep || idle.length) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    const i = idle.findIndex((t) => t.worker === worker);
    if (i >= 0) idle.splice(i, 1);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.push({ worker, memoryMb, timer });
}

/**
 * What a thread of its own reads, message by message (rows a batch at a time): a file that needs more
 * memory than `limits.memoryMb` ends its thread, not the server; one that takes longer than
 * `limits.timeMs`, or whose request is cancelled (`signal`), is stopped and its thread ended. The
 * reading starts with the first message asked for and stops as soon as the reader stops, whatever the reason.
 */
async function* fromThread(source: SheetSource, limits: SheetLimits, signal?: AbortSignal): AsyncGenerator<ThreadData> {
  if (signal?.aborted) throw new NotASheetError(refusals.cancelled());
  // How the reading ended (error null: every row posted), once it has.
  const state: { outcome: { error: Error | null } | null; wake: (() => void) | null } = { outcome: null, wake: null };
  const woken = (): void => {
    state.wake?.();
    state.wake = null;
  };
  const settle = (error: Error | null): void => {
    state.outcome ??= { error };
    woken();
  };
  const timer = setTimeout(() => settle(new NotASheetError(refusals.time(limits.timeMs))), limits.timeMs);
  const cancel = (): void => settle(new NotASheetError(refusals.cancelled()));
  signal?.addEventListener('abort', cancel, { once: true });
  const queue: ThreadData[] = [];
  let rowsRead = 0;
  const onMessage = (m: WorkerMessage): void => {
    if (m.type === 'rows') rowsRead += m.rows.length;
    if (m.type === 'rows' || m.type === 'sheets') {
      queue.push(m);
      woken();
    } else if (m.type === 'end') settle(null);
    else if (m.type === 'refused') settle(new NotASheetError(m.message));
    else settle(new NotASheetError(refusals.unreadable(), { cause: new Error(m.message) }));
  };
  const onError = (err: Error & { code?: string }): void => settle(new NotASheetError(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? refusals.memory(limits.memoryMb) : refusals.unreadable(), { cause: err }));
  const onExit = (): void => settle(new NotASheetError(refusals.unreadable()));
  let thread: Worker | null = null;
  try {
    thread = await acquire(limits.memoryMb, () => state.outcome !== null, (resolve) => (state.wake = resolve));
    if (!thread) throw state.outcome!.error!;
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
    const job: SheetJob = { ...source, limits, ahead: AHEAD };
    thread.postMessage({ type: 'job', job });
    for (;;) {
      if (state.outcome?.error) throw state.outcome.error;
      const batch = queue.shift();
      if (batch) {
        thread.postMessage('more');
        yield batch;
        continue;
      }
      if (state.outcome) return;
      await new Promise<void>((resolve) => (state.wake = resolve));
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
    if (thread) {
      thread.off('message', onMessage).off('error', onError).off('exit', onExit);
      release(thread, limits.memoryMb, state.outcome?.error === null && rowsRead <= KEEP_UP_TO_ROWS);
    }
  }
}

/** A file's rows read by a thread of their own (`fromThread`), a batch at a time; a workbook's rows name their sheet. */
export async function* rowsFromThread(source: SheetSource, limits: SheetLimits, signal?: AbortSignal): AsyncGenerator<SheetRow[]> {
  for await (const m of fromThread(source, limits, signal)) {
    if (m.type !== 'rows') continue;
    if (m.sheet !== undefined) for (const row of m.rows) row.sheet = m.sheet;
    yield m.rows;
  }
}

/** A workbook's sheets, read by a thread of their own (`fromThread`). */
export async function sheetsFromThread(file: string, limits: SheetLimits, signal?: AbortSignal): Promise<SheetInfo[]> {
  let sheets: SheetInfo[] = [];
  for await (const m of fromThread({ kind: 'xlsx-sheets', file }, limits, signal)) if (m.type === 'sheets') sheets = m.sheets;
  return sheets;
}
