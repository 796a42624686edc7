import { randomBytes } from 'node:crypto';
import path from 'node:path';
import session from 'express-session';
import { Doc } from './doc.js';
import { checkSecret, checkSessions } from './shapes.js';

interface SessionRecord {
  session: session.SessionData;
  /** Epoch milliseconds. */
  expires: number;
}

interface SessionsData {
  format: 'cchc-sessions/1';
  sessions: Record<string, SessionRecord>;
}

const DEFAULT_MAX_AGE_MS = 12 * 3600 * 1000;

/**
 * express-session's store kept in `sessions.json`, so sessions survive a restart. Sessions are
 * written only when they change (log in, log out); expired ones are dropped on each write.
 */
export class FileSessionStore extends session.Store {
  private constructor(
    private readonly doc: Doc<SessionsData>,
    private readonly clock: () => Date,
  ) {
    super();
  }

  static async open(dataDir: string, clock: () => Date): Promise<FileSessionStore> {
    const doc = await Doc.open<SessionsData>(path.join(dataDir, 'sessions.json'), { format: 'cchc-sessions/1', sessions: {} }, checkSessions);
    return new FileSessionStore(doc, clock);
  }

  private live(sid: string): SessionRecord | undefined {
    const record = this.doc.data.sessions[sid];
    return record && record.expires > this.clock().getTime() ? record : undefined;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const record = this.live(sid);
    callback(null, record ? (JSON.parse(JSON.stringify(record.session)) as session.SessionData) : null);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const now = this.clock().getTime();
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : now + DEFAULT_MAX_AGE_MS;
    const record: SessionRecord = { session: JSON.parse(JSON.stringify(sess)) as session.SessionData, expires };
    this.doc
      .apply((data) => {
        const before = { ...data.sessions };
        for (const [id, r] of Object.entries(data.sessions)) if (r.expires <= now) delete data.sessions[id];
        data.sessions[sid] = record;
        return () => {
          data.sessions = before;
        };
      })
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    if (!this.doc.data.sessions[sid]) {
      callback?.();
      return;
    }
    this.doc
      .apply((data) => {
        const old = data.sessions[sid]!;
        delete data.sessions[sid];
        return () => {
          data.sessions[sid] = old;
        };
      })
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override touch(_sid: string, _sess: session.SessionData, callback?: () => void): void {
    // Sessions have a fixed lifetime from log-in; nothing to write on each request.
    callback?.();
  }

  settled(): Promise<void> {
    return this.doc.settled();
  }
}

/** The session secret: from the environment, or generated once and kept in the data directory. */
export async function sessionSecret(dataDir: string, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const doc = await Doc.open<{ secret: string }>(path.join(dataDir, 'secret.json'), { secret: '' }, checkSecret);
  if (!doc.data.secret) {
    const secret = randomBytes(32).toString('base64url');
    await doc.apply((data) => {
      data.secret = secret;
      return () => {
        data.secret = '';
      };
    });
  }
  return doc.data.secret;
}
