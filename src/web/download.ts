import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/** Writes a download into `out` (and ends it); stops early when `signal` aborts (the client went away). */
export type Producer = (out: PassThrough, signal: AbortSignal) => Promise<void>;

/** Marks a promise as handled now (it may be awaited later): a rejection never goes unhandled. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** A promise that rejects when the signal aborts (and never settles otherwise). */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return handled(
    new Promise<never>((_resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  );
}

/**
 * Streams a download to the client. The producer writes into a pass-through that is piped to the
 * response; when the client closes the connection before the end (a cancelled download, a page left),
 * the signal aborts, the pipe is torn down, and whatever the producer is still doing is dropped
 * quietly: a cancelled download never surfaces as an unhandled error, and the producer stops.
 */
export async function streamDownload(res: Response, produce: Producer): Promise<void> {
  const controller = new AbortController();
  // The client may have gone already (while the export was being recorded): nothing to send.
  if (res.destroyed) return;
  const abort = (): void => {
    if (!res.writableFinished) controller.abort(new Error('download cancelled by the client'));
  };
  res.once('close', abort);
  const body = new PassThrough();
  const sending = handled(pipeline(body, res, { signal: controller.signal }));
  const producing = handled(produce(body, controller.signal));
  try {
    await Promise.race([Promise.all([producing, sending]), whenAborted(controller.signal)]);
  } catch (err) {
    body.destroy();
    if (controller.signal.aborted || res.destroyed) return;
    throw err;
  } finally {
    res.off('close', abort);
  }
}
