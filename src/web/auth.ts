import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../app.js';
import { type Access, allows } from '../domain/auth.js';
import { hashApiToken } from '../security/tokens.js';
import type { User } from '../store/users.js';
import { HttpError } from './http-error.js';

declare module 'express-session' {
  interface SessionData {
    username?: string;
    /** The user's sessionVersion at log-in; a newer one (password reset, disabled) ends this session. */
    sv?: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      /** True when the request was authenticated by an API token rather than a session. */
      viaToken?: boolean;
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

function refuseToken(res: Response, message: string): void {
  res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: message });
}

/** Wants a JSON answer rather than a page. */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz';
}

/**
 * Finds who is asking: an API token on the API and export URLs, else the session. A session whose
 * user is gone, disabled or has a newer session version is ended here, at once.
 */
export function identify(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const auth = authorizationOf(req);
    if (auth && !acceptsToken(req.path)) {
      // Pages take no token: a script that sends one here is told so, never served as someone else.
      if (auth.bearer !== null) return refuseToken(res, 'Mã API chỉ dùng được cho các địa chỉ /api/, /export/ và /files/.');
    } else if (auth) {
      const record = auth.bearer ? ctx.store.users.tokenByHash(hashApiToken(auth.bearer)) : undefined;
      const user = record ? ctx.store.users.get(record.username) : undefined;
      if (!user || user.disabled) return refuseToken(res, 'Mã API không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.');
      req.user = user;
      req.viaToken = true;
      next();
      return;
    }
    const username = req.session?.username;
    if (!username) {
      next();
      return;
    }
    const user = ctx.store.users.get(username);
    if (user && !user.disabled && user.sessionVersion === req.session.sv) {
      req.user = user;
      next();
      return;
    }
    req.session.destroy(() => next());
  };
}

/** Guards a route: `public`, any signed-in user, or a role. */
export function requireAccess(ctx: AppContext, access: Access): RequestHandler {
  return (req, res, next) => {
    if (access === 'public') return next();
    const user = req.user;
    if (!user) {
      if (wantsJson(req)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'Cần đăng nhập hoặc mã API (Authorization: Bearer ...).' });
        return;
      }
      if (ctx.store.users.count() === 0) return res.redirect(303, '/setup');
      const nextPath = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, `/login?next=${encodeURIComponent(nextPath)}`);
    }
    if (!allows(user.role, access)) {
      next(new HttpError(403, access === 'admin' ? 'Chỉ quản trị viên được làm việc này.' : access === 'audit' ? 'Chỉ quản trị viên và lãnh đạo được xem nhật ký thay đổi.' : 'Tài khoản chỉ xem không được thay đổi dữ liệu.'));
      return;
    }
    next();
  };
}

/** The user a change is recorded against. */
export function actorOf(req: Request): string {
  if (!req.user) throw new HttpError(401, 'Cần đăng nhập.');
  return req.user.username;
}
