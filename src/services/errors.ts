import { MSG } from '../domain/messages.js';
/** An error with an HTTP status and a Vietnamese message that is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string = MSG.pageNotFound): HttpError => new HttpError(404, what);

/** Reads a positive whole-number id from a route parameter, or 404. */
export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw notFound(what);
  return Number(value);
}
