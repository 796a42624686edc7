import type { Request, RequestHandler } from 'express';
import { MSG } from '../domain/messages.js';
import { HttpError } from '../services/errors.js';
import type { WebContext } from './context.js';
import { wantsJson } from './request.js';

/**
 * Decides the commune a request works in. An account of a commune works in its own: naming another
 * (`?commune=`) is answered 404, as for a code no commune has. An account of the deployment names
 * one with `?commune=CODE` (a page remembers the choice in the session), or works in the first.
 */
export function resolveCommune(ctx: WebContext): RequestHandler {
  return async (req, _res, next) => {
    const user = req.user;
    if (!user) return next();
    const asked = typeof req.query.commune === 'string' ? req.query.commune : undefined;
    if (user.commune) {
      if (asked !== undefined && asked !== user.commune) return next(new HttpError(404, MSG.communeNotFound));
      req.communeCode = user.commune;
      return next();
    }
    const chosen = asked ?? req.session?.commune;
    if (chosen === undefined) return next();
    if (!(await ctx.communes.find(chosen))) {
      if (asked === undefined) {
        delete req.session.commune;
        return next();
      }
      return next(new HttpError(404, MSG.communeNotFound));
    }
    if (asked !== undefined && !req.viaToken && !wantsJson(req) && req.session) req.session.commune = asked;
    req.communeCode = chosen;
    next();
  };
}

/** The commune code of a request (undefined: the first commune). */
export const communeOf = (req?: Request): string | undefined => req?.communeCode;
