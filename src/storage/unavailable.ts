/**
 * When the storage cannot serve a request in time (its writes queued too long, no connection free, a
 * statement or a lock wait over its limit, the connection lost): the request is answered "busy, try
 * again" and nothing of it is stored. Engine-neutral; the PostgreSQL engine's own failures are
 * recognised here by their codes, so the web layer never needs to know which engine answered.
 */
export class StorageUnavailableError extends Error {
  constructor(
    message: string,
    /** Seconds after which a retry is worth trying. */
    readonly retryAfter = 2,
  ) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

/** PostgreSQL's codes for a wait cut short or a connection gone (statement/lock/idle timeouts, shutdowns, connection failures, too many clients). */
const PG_CODES = new Set(['57014', '55P03', '25P03', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
/** node-postgres's and Node's own words for the same. */
const DRIVER_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Query read timeout|not currently accepting connections|ECONNREFUSED|connect ENOENT .*\.s\.PGSQL/i;

/** Whether an error means the storage could not answer in time (and nothing of the request was kept), rather than a bug. */
export function isStorageUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (PG_CODES.has(code) || /^08/.test(code))) return true;
  return DRIVER_MESSAGES.test(err.message);
}
