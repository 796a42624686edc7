import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { normaliseUsername, validateNewUser } from '../../domain/auth.js';
import { decoyHash, hashPassword, verifyPassword } from '../../security/passwords.js';
import type { User } from '../../store/users.js';
import { notFound } from '../http-error.js';

const LOGIN_FAILED = 'Tên đăng nhập hoặc mật khẩu không đúng.';

/** A safe place to go after logging in: a path of this site only. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 2000 && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** Checks a username and password; the same answer whether the user is unknown, disabled or the password wrong. */
export async function checkCredentials(ctx: AppContext, usernameRaw: unknown, password: unknown): Promise<User | null> {
  const username = normaliseUsername(usernameRaw);
  const user = username ? ctx.store.users.get(username) : undefined;
  const pass = typeof password === 'string' ? password : '';
  const ok = await verifyPassword(pass, user ? user.passwordHash : await decoyHash());
  return user && ok && !user.disabled && pass ? user : null;
}

/** Starts a fresh session for a user (a new id, so a session fixed before log-in is worthless). */
export function startSession(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.username = user.username;
      req.session.sv = user.sessionVersion;
      req.session.save((e) => (e ? reject(e) : resolve()));
    });
  });
}

/** GET /login */
export function showLoginForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    if (ctx.store.users.count() === 0) return res.redirect(303, '/setup');
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    res.render('session/login', { title: 'Đăng nhập', values: {}, error: null, next: safeNext(req.query.next) });
  };
}

/** POST /login */
export function logIn(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = normaliseUsername(body.username);
    const user = await checkCredentials(ctx, username, body.password);
    if (!user) {
      await ctx.store.recordEvent(username || '(trống)', 'auth.login-failed', { type: 'user', id: username }, { after: { ip: req.ip } });
      res.status(401).render('session/login', { title: 'Đăng nhập', values: { username }, error: LOGIN_FAILED, next: safeNext(body.next) });
      return;
    }
    await startSession(req, user);
    await ctx.store.recordEvent(user.username, 'auth.login', { type: 'user', id: user.username }, { after: { ip: req.ip } });
    res.redirect(303, safeNext(body.next));
  };
}

/** POST /logout */
export function logOut(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const username = req.user?.username;
    if (username) await ctx.store.recordEvent(username, 'auth.logout', { type: 'user', id: username });
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('cchc.sid');
    res.redirect(303, '/login?ok=logged-out');
  };
}

/** GET /setup: only while no account exists. */
export function showSetupForm(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    if (ctx.store.users.count() > 0) throw notFound();
    res.render('session/setup', { title: 'Thiết lập', values: {}, errors: {} });
  };
}

/** POST /setup: creates the first admin and signs them in. */
export function setUp(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    if (ctx.store.users.count() > 0) throw notFound();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = validateNewUser({ ...body, role: 'admin' }, (u) => ctx.store.users.get(u) !== undefined);
    if (!result.ok) {
      res.status(422).render('session/setup', { title: 'Thiết lập', values: { username: body.username, fullName: body.fullName }, errors: result.errors });
      return;
    }
    const passwordHash = await hashPassword(result.value.password);
    // Two set-ups racing: the first one wins, the other is sent to log in.
    if (ctx.store.users.count() > 0) return res.redirect(303, '/login');
    const user = await ctx.store.users.create({ username: result.value.username, fullName: result.value.fullName, role: 'admin', passwordHash }, result.value.username);
    await startSession(req, user);
    res.redirect(303, '/?ok=setup-done');
  };
}
