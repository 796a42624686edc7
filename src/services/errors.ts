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
  // Ids are whole numbers below 2^31 (PostgreSQL's integer): anything larger names no record.
  if (!value || !/^\d{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw notFound(what);
  return Number(value);
}
