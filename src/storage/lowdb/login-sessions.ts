import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LoginSessionStorage } from '../port.js';
import { Committer } from './committer.js';
import { JsonFile } from './json-file.js';
import { checkSecret, checkLoginSessions } from './shapes.js';

interface SessionRecord {
  session: Record<string, unknown>;
  /** Epoch milliseconds. */
  expires: number;
}

interface SessionsData {
  format: 'cchc-sessions/1';
  sessions: Record<string, SessionRecord>;
}

/**
 * Signed-in sessions in `sessions.json`, so a restart signs nobody out. Written only when they change
 * (log in, log out), with their own group commit; expired ones are dropped on each write.
 */
export class FileLoginSessions implements LoginSessionStorage {
  private constructor(
    private readonly doc: JsonFile<SessionsData>,
    private readonly committer: Committer,
    private readonly clock: () => Date,
  ) {}

  static async open(dataDir: string, clock: () => Date): Promise<FileLoginSessions> {
    const doc = await JsonFile.open<SessionsData>(path.join(dataDir, 'sessions.json'), { format: 'cchc-sessions/1', sessions: {} }, checkLoginSessions);
    return new FileLoginSessions(doc, new Committer(dataDir), clock);
  }

  async get(sid: string): Promise<Record<string, unknown> | null> {
    const record = Object.hasOwn(this.doc.data.sessions, sid) ? this.doc.data.sessions[sid] : undefined;
    return record && record.expires > this.clock().getTime() ? structuredClone(record.session) : null;
  }

  set(sid: string, session: Record<string, unknown>, expires: number): Promise<void> {
    const now = this.clock().getTime();
    const data = this.doc.data;
    const before = data.sessions;
    const next: Record<string, SessionRecord> = {};
    for (const [id, r] of Object.entries(before)) if (r.expires > now) next[id] = r;
    next[sid] = { session: structuredClone(session), expires };
    data.sessions = next;
    return this.committer.commit(new Set([this.doc as JsonFile<unknown>]), () => {
      data.sessions = before;
    });
  }

  destroy(sid: string): Promise<void> {
    const data = this.doc.data;
    if (!Object.hasOwn(data.sessions, sid)) return Promise.resolve();
    const before = data.sessions;
    const next = { ...before };
    delete next[sid];
    data.sessions = next;
    return this.committer.commit(new Set([this.doc as JsonFile<unknown>]), () => {
      data.sessions = before;
    });
  }

  settled(): Promise<void> {
    return this.committer.settled();
  }
}

/** The session secret of a data directory: generated once and kept in `secret.json` (mode 600). */
export async function dataDirSecret(dataDir: string): Promise<string> {
  const doc = await JsonFile.open<{ secret: string }>(path.join(dataDir, 'secret.json'), { secret: '' }, checkSecret);
  if (!doc.data.secret) {
    doc.data.secret = randomBytes(32).toString('base64url');
    await doc.write();
  }
  return doc.data.secret;
}
