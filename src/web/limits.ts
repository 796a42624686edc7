import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import { normaliseUsername } from '../domain/auth.js';
import { wantsJson } from './request.js';
import { MSG } from '../domain/messages.js';
import { HttpError } from './errors.js';
import type { LimitCounters } from '../storage/port.js';
import { storeFor } from './limit-store.js';

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_TRIES = 10;
/** The longest a log-in for one username is held back, however many failures it has had. */
const MAX_DELAY_MS = 20_000;

/** Usernames whose log-ins failed more often than allowed lately: shown to admins on the dashboard. */
export class LoginAlerts {
  private readonly byUser = new Map<string, { failures: number; last: number }>();

  constructor(private readonly clock: () => Date) {}

  note(username: string, failures: number): void {
    this.byUser.set(username, { failures, last: this.clock().getTime() });
  }

  /** The alerts of the last 15 minutes, most failures first. */
  recent(): { username: string; failures: number }[] {
    const since = this.clock().getTime() - WINDOW_MS;
    const out: { username: string; failures: number }[] = [];
    for (const [username, a] of this.byUser) {
      if (a.last < since) this.byUser.delete(username);
      else out.push({ username, failures: a.failures });
    }
    return out.sort((a, b) => b.failures - a.failures);
  }
}

function tooMany(req: Request, res: Response, _next: NextFunction): void {
  const message = MSG.loginTooMany(LOGIN_TRIES);
  if (wantsJson(req)) {
    res.status(429).json({ error: message });
    return;
  }
  res.status(429).render('login/form', { title: 'Đăng nhập', values: { username: normaliseUsername(req.body?.username) }, error: message, next: '/' });
}

export interface LoginLimitOptions {
  /** Whether an account of that name exists (only those raise an alert). */
  userExists: (username: string) => Promise<boolean>;
  alerts: LoginAlerts;
  /** The first delay once a username is over the limit; each further failure adds as much. */
  delayStepMs: number;
  /** Counters shared by the deployment's processes, when the storage keeps them. */
  counters?: LimitCounters;
}

/**
 * Guards log-ins and token requests against password guessing. Per address: 10 failures in 15 minutes,
 * then 429 (an attacker's address is shut out). Per username, whatever the address: past 10 failures
 * each attempt is held back a little longer (one step more per failure, at most 20 s) and admins are
 * told; the right password still gets in, so nobody can lock a colleague out by typing wrong passwords
 * in their name. Successful log-ins do not count, so an office sharing one address does not lock itself out.
 */
export function loginLimiters(options: LoginLimitOptions): RequestHandler[] {
  const common = { windowMs: WINDOW_MS, skipSuccessfulRequests: true, standardHeaders: 'draft-8' as const, legacyHeaders: false };
  const usernameOf = (req: Request): string => normaliseUsername((req.body as Record<string, unknown> | undefined)?.username);
  return [
    rateLimit({ ...common, ...storeFor(options.counters, 'login-address'), limit: LOGIN_TRIES, handler: tooMany }),
    slowDown({
      ...common,
      ...storeFor(options.counters, 'login-user'),
      delayAfter: LOGIN_TRIES,
      delayMs: (used) => (used - LOGIN_TRIES) * options.delayStepMs,
      maxDelayMs: MAX_DELAY_MS,
      keyGenerator: (req) => `user:${usernameOf(req)}`,
      skip: (req) => !usernameOf(req),
    }),
    async (req, _res, next) => {
      const info = (req as Request & { slowDown?: { used: number; delay: number } }).slowDown;
      const username = usernameOf(req);
      if (info && info.used > LOGIN_TRIES && (await options.userExists(username))) options.alerts.note(username, info.used - 1);
      next();
    },
  ];
}

/**
 * Limits a signed-in user's wrong answers to "current password" (changing one's password): 10 in 15
 * minutes, then 429. Each check runs scrypt, so an unlimited loop would be an easy way to load the server.
 */
export function passwordChangeLimiter(counters?: LimitCounters): RequestHandler {
  return rateLimit({
    ...storeFor(counters, 'password-change'),
    windowMs: WINDOW_MS,
    limit: LOGIN_TRIES,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `password:${req.user?.username ?? ''}`,
    skip: (req) => !req.user,
    handler: (_req, _res, next) => next(new HttpError(429, MSG.passwordTooMany(LOGIN_TRIES))),
  });
}
