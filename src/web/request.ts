import type { CountMode } from '../domain/sentence.js';
import type { Request, RequestHandler } from 'express';
import { MSG } from '../domain/messages.js';
import { hasControlChars } from '../domain/text.js';
import type { Raw } from '../domain/validation.js';
import { NotFound } from '../services/errors.js';
import { HttpError } from './errors.js';

/** Wants a JSON answer rather than a page. */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz';
}

/** The request's JSON object body, or 415 when it has none. */
export function jsonBody(req: Request): Raw {
  const body: unknown = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(415, MSG.jsonObjectNeeded);
  return body as Raw;
}

/** Reads a positive whole-number id from a route parameter, or not found. */
export function idParam(value: string | undefined, what: string): number {
  // Ids are whole numbers below 2^31 (PostgreSQL's integer): anything larger names no record.
  if (!value || !/^\d{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw new NotFound(what);
  return Number(value);
}

/** The page number of a query (1 when absent or not a page number). */
export function pageOf(value: unknown): number {
  const text = typeof value === 'string' ? value : '1';
  return /^\d{1,7}$/.test(text) && Number(text) >= 1 ? Number(text) : 1;
}

/** A path of the log to go back to after a form (`?back=`): only local `/entries` paths, else null. */
export function backPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 1000) return null;
  return /^\/entries(\?[^\\\s]*)?$/.test(value) && !value.startsWith('//') ? value : null;
}

/** A local path with one more query parameter. */
export function withParam(pathWithQuery: string, key: string, value: string): string {
  const [p, q] = pathWithQuery.split('?', 2);
  const params = new URLSearchParams(q ?? '');
  params.set(key, value);
  return `${p}?${params}`;
}

/** How a report writes its counts, from the query: "trên N" when `mode=over`, exact otherwise. */
export function countModeOf(query: Record<string, unknown>): CountMode {
  return query.mode === 'over' ? 'over' : 'exact';
}

/** The query string of a period (to link the same period elsewhere: the appendix, the exports, a form). */
export function periodQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const k of ['period', 'year', 'month', 'from', 'to', 'mode']) if (typeof query[k] === 'string' && query[k]) params.set(k, query[k] as string);
  return params.toString();
}

/**
 * Refuses (422) a query string with a control character in a name or a value: every filter, search and
 * export reads its query, and PostgreSQL cannot even hold a NUL in text, so none reaches a handler.
 */
export const refuseQueryControls: RequestHandler = (req, _res, next) => {
  const texts = Object.entries(req.query as Record<string, unknown>).flatMap(([k, v]) => [k, ...(Array.isArray(v) ? v : [v])]);
  if (texts.some((t) => typeof t === 'string' && hasControlChars(t))) return next(new HttpError(422, MSG.queryControls));
  next();
};
