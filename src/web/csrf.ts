import type { RequestHandler, Request } from 'express';
import { MSG } from '../domain/messages.js';
import { HttpError } from './errors.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The CSRF check of a multipart form, left for when its fields are read: its token is a field of
       * the form (never in its address, where it would stay in the browser's history).
       */
      csrfPending?: () => boolean;
    }
  }
}

/** The refusal of a forged or expired form: the error handler shows it as such (403). */
export function csrfRefused(): Error {
  return Object.assign(new HttpError(403, MSG.csrf), { code: 'EBADCSRFTOKEN' });
}

/** Runs a check left for later, once; throws when the token is missing or wrong. */
export function checkPendingCsrf(req: Request): void {
  const check = req.csrfPending;
  if (!check) return;
  req.csrfPending = undefined;
  if (!check()) throw csrfRefused();
}

/** For a route that reads no multipart body: a multipart request's token is checked before anything else (from a header). */
export const checkCsrfNow: RequestHandler = (req, _res, next) => {
  try {
    checkPendingCsrf(req);
    next();
  } catch (err) {
    next(err);
  }
};
