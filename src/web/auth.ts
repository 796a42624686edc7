import type { Request, RequestHandler, Response } from 'express';
import { type Access, allowsUser, type User } from '../domain/auth.js';
import { MSG } from '../domain/messages.js';
import { accountNamed, accountOfToken, hasAccounts } from '../services/accounts.js';
import { HttpError } from './errors.js';
import type { WebContext } from './context.js';
import { wantsJson } from './request.js';

declare module 'express-session' {
  interface SessionData {
    username?: string;
    /** The user's sessionVersion at log-in; a newer one (password reset, disabled) ends this session. */
    sv?: number;
    /** The commune an account of the deployment last chose to work in (its code). */
    commune?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      /** True when the request was authenticated by an API token rather than a session. */
      viaToken?: boolean;
      /** The commune the request works in (its code); absent for the deployment's first commune. */
      communeCode?: string;
    }
  }
}

/** Paths where `Authorization: Bearer` tokens are accepted. */
export function acceptsToken(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/export/') || path.startsWith('/files/') || path === '/healthz';
}

/**
 * The credentials in the Authorization header: null without one, `{ bearer }` for a Bearer token, and
 * `{ bearer: null }` for any other scheme (Basic...), which this app never accepts as a credential.
 */
export function authorizationOf(req: Request): { bearer: string | null } | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return { bearer: m ? m[1]! : null };
}

/** Whether a request is answered on its Authorization header alone (see `identify`), never from a session. */
export function answeredByToken(req: Request): boolean {
  return authorizationOf(req) !== null && acceptsToken(req.path);
}

function refuseToken(res: Response, message: string): void {
  res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: message });
}

/**
 * Finds who is asking: an API token on the API and export URLs, else the session. A session whose
 * user is gone, disabled or has a newer session version is ended here, at once.
 */
export function identify(ctx: WebContext): RequestHandler {
  return async (req, res, next) => {
    const auth = authorizationOf(req);
    if (auth && !acceptsToken(req.path)) {
      // Pages take no token: a script that sends one here is told so, never served as someone else.
      if (auth.bearer !== null) return refuseToken(res, MSG.tokenNotHere);
    } else if (auth) {
      const user = auth.bearer ? await accountOfToken(ctx.storage, auth.bearer) : null;
      if (!user || user.disabled) return refuseToken(res, MSG.tokenInvalid);
      req.user = user;
      req.viaToken = true;
      return next();
    }
    const username = req.session?.username;
    if (!username) return next();
    const user = await accountNamed(ctx.storage, username);
    if (user && !user.disabled && user.sessionVersion === req.session.sv) {
      req.user = user;
      return next();
    }
    req.session.destroy(() => next());
  };
}

/** Guards a route: `public`, any signed-in user, or a role. */
export function requireAccess(ctx: WebContext, access: Access): RequestHandler {
  return async (req, res, next) => {
    if (access === 'public') return next();
    const user = req.user;
    if (!user) {
      if (wantsJson(req)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: MSG.apiSignInNeeded });
        return;
      }
      if (!(await hasAccounts(ctx.storage))) return res.redirect(303, '/setup');
      const nextPath = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, `/login?next=${encodeURIComponent(nextPath)}`);
    }
    if (!allowsUser(user, access)) {
      next(new HttpError(403, access === 'admin' || access === 'deployment' ? MSG.adminsOnly : access === 'audit' || access === 'city' ? MSG.auditOnly : MSG.readOnly));
      return;
    }
    next();
  };
}

/** The user a change is recorded against. */
export function actorOf(req: Request): string {
  if (!req.user) throw new HttpError(401, MSG.signInNeeded);
  return req.user.username;
}
