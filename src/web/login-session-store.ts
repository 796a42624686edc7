import session from 'express-session';
import type { LoginSessionStorage } from '../storage/port.js';

const DEFAULT_MAX_AGE_MS = 12 * 3600 * 1000;

/**
 * express-session's store over the storage's sessions. Sessions have a fixed lifetime from log-in,
 * so nothing is written on each request (`touch` does nothing).
 */
export class LoginSessionStore extends session.Store {
  constructor(
    private readonly sessions: LoginSessionStorage,
    private readonly clock: () => Date,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sessions.get(sid).then(
      (data) => callback(null, data as session.SessionData | null),
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.clock().getTime() + DEFAULT_MAX_AGE_MS;
    this.sessions.set(sid, JSON.parse(JSON.stringify(sess)) as Record<string, unknown>, expires).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sessions.destroy(sid).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override touch(_sid: string, _sess: session.SessionData, callback?: () => void): void {
    callback?.();
  }
}
