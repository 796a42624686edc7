import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../app.js';
import { type Access, allows, normaliseUsername } from '../domain/auth.js';
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
  return path.startsWith('/api/') || path.startsWith('/export/') || path.startsWith('/files/');
}

export function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : '';
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
    const token = acceptsToken(req.path) ? bearerOf(req) : null;
    if (token !== null) {
      const record = token ? ctx.store.users.tokenByHash(hashApiToken(token)) : undefined;
      const user = record ? ctx.store.users.get(record.username) : undefined;
      if (!user || user.disabled) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'Mã API không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.' });
        return;
      }
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
      if (wantsJson(req) || acceptsToken(req.path) && bearerOf(req) !== null) {
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

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_TRIES = 10;

function tooMany(req: Request, res: Response, _next: NextFunction): void {
  const message = `Đã thử đăng nhập sai quá ${LOGIN_TRIES} lần trong 15 phút. Vui lòng đợi 15 phút rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu.`;
  if (wantsJson(req)) {
    res.status(429).json({ error: message });
    return;
  }
  res.status(429).render('session/login', { title: 'Đăng nhập', values: { username: normaliseUsername(req.body?.username) }, error: message, next: '/' });
}

/**
 * Limits failed log-ins and token requests, per IP and per username: 10 failures in 15 minutes.
 * Successful ones do not count, so an office sharing one address is not locked out by its own staff.
 */
export function loginLimiters(): RequestHandler[] {
  const common = { windowMs: WINDOW_MS, limit: LOGIN_TRIES, skipSuccessfulRequests: true, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler: tooMany };
  return [
    rateLimit({ ...common }),
    rateLimit({
      ...common,
      keyGenerator: (req) => `user:${normaliseUsername(req.body?.username)}`,
      skip: (req) => !normaliseUsername(req.body?.username),
    }),
  ];
}
