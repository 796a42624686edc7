import type { Request, Response } from 'express';
import { normaliseUsername, type User } from '../../domain/auth.js';
import { MSG } from '../../domain/messages.js';
import { COMMUNE_KINDS } from '../../domain/settings.js';
import { hasAccounts } from '../../services/accounts.js';
import { recordAccountEvent } from '../../services/audit.js';
import { notFound } from '../../services/errors.js';
import { checkCredentials, setUpFirstStart } from '../../services/users.js';
import { scope, type WebContext } from '../context.js';

/** A safe place to go after logging in: a path of this site only. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 2000 && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** Starts a fresh session for a user (a new id, so a session fixed before log-in is worthless). */
export function startLoginSession(req: Request, user: User): Promise<void> {
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
export function showLoginForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    if (!(await hasAccounts(ctx.storage))) return res.redirect(303, '/setup');
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    res.render('login/form', { title: 'Đăng nhập', values: {}, error: null, next: safeNext(req.query.next) });
  };
}

/** POST /login */
export function logIn(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = normaliseUsername(body.username);
    const s = scope(ctx, req);
    const user = await checkCredentials(s, username, body.password);
    if (!user) {
      await recordAccountEvent(s, username, username || '(trống)', 'auth.login-failed', { type: 'user', id: username }, { after: { ip: req.ip } });
      res.status(401).render('login/form', { title: 'Đăng nhập', values: { username }, error: MSG.loginFailed, next: safeNext(body.next) });
      return;
    }
    await startLoginSession(req, user);
    await recordAccountEvent(s, user.username, user.username, 'auth.login', { type: 'user', id: user.username }, { after: { ip: req.ip } });
    res.redirect(303, safeNext(body.next));
  };
}

/** POST /logout */
export function logOut(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const username = req.user?.username;
    if (username) await recordAccountEvent(scope(ctx, req), username, username, 'auth.logout', { type: 'user', id: username });
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('cchc.sid');
    res.redirect(303, '/login?ok=logged-out');
  };
}

/** GET /setup: only while no account exists. */
export function showSetupForm(ctx: WebContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    if (await hasAccounts(ctx.storage)) throw notFound();
    res.render('login/setup', { title: 'Thiết lập', kinds: COMMUNE_KINDS, values: {}, errors: {} });
  };
}

/** POST /setup: stores the commune's name and kind, creates the first admin and signs them in. */
export function setUp(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    if (await hasAccounts(ctx.storage)) throw notFound();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await setUpFirstStart(scope(ctx, req), body);
    // Two set-ups racing: the first one wins, the other is sent to log in.
    if (!result) return res.redirect(303, '/login');
    if (!result.ok) {
      const values = { communeName: body.communeName, communeKind: body.communeKind, username: body.username, fullName: body.fullName };
      res.status(422).render('login/setup', { title: 'Thiết lập', kinds: COMMUNE_KINDS, values, errors: result.errors });
      return;
    }
    await startLoginSession(req, result.value);
    res.redirect(303, '/?ok=setup-done');
  };
}
