import { MSG } from '../domain/messages.js';
import { Busy, Conflict, DomainError, Invalid, isStorageUnavailable, NotFound } from '../services/errors.js';

/** A refusal of the web layer's own (sign-in, access, CSRF, an upload's size): its HTTP status and a Vietnamese message safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one place a refusal becomes an HTTP status: the web's own, the domain's, the storage's, the body parsers'. */
export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof NotFound) return err.gone ? 410 : 404;
  if (err instanceof Invalid) return err.unsupported ? 415 : 422;
  if (err instanceof Conflict) return 409;
  if (err instanceof Busy) return 429;
  if (isStorageUnavailable(err)) return 503;
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 500;
}

/** What the answer says of a refusal: its own message when it has one to show, else a plain one for its status. */
export function messageOf(err: unknown, status = statusOf(err)): string {
  if (err instanceof HttpError || err instanceof DomainError) return err.message;
  if (status === 503) return MSG.busy;
  if (status === 413) return MSG.bodyTooLarge;
  if (status === 400) return MSG.bodyUnreadable;
  return MSG.serverError;
}
