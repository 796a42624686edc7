/** Accounts, API tokens, sessions and the deployment's own documents. */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { ApiToken, User } from '../../domain/auth.js';
import type { LoginSessionStorage, UserReads } from '../port.js';
import { json } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';

export async function user(db: Queryable, username: string): Promise<User | null> {
  return (await one<{ record: User }>(db, 'SELECT record FROM users WHERE username = $1', [username]))?.record ?? null;
}

export async function count(db: Queryable): Promise<number> {
  return (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users'))!.n;
}

/** Every account, by username. */
export async function list(db: Queryable): Promise<User[]> {
  return (await rows<{ record: User }>(db, 'SELECT record FROM users')).map((r) => r.record).sort((a, b) => a.username.localeCompare(b.username));
}

/** A user's live tokens, newest first. */
export async function tokensOf(db: Queryable, username: string): Promise<ApiToken[]> {
  const found = await rows<{ record: ApiToken }>(db, `SELECT record FROM tokens WHERE username = $1 AND record->>'revokedAt' IS NULL ORDER BY seq DESC`, [username]);
  return found.map((r) => r.record);
}

export function userReads(db: Queryable): UserReads {
  return {
    get: (username) => user(db, username),
    list: () => list(db),
    count: () => count(db),
    tokenByHash: async (hash) => (await one<{ record: ApiToken }>(db, `SELECT record FROM tokens WHERE hash = $1 AND record->>'revokedAt' IS NULL`, [hash]))?.record ?? null,
    userOfToken: async (hash) =>
      (await one<{ record: User }>(db, `SELECT u.record FROM tokens t JOIN users u ON u.username = t.username WHERE t.hash = $1 AND t.record->>'revokedAt' IS NULL`, [hash]))?.record ?? null,
    tokensOf: (username) => tokensOf(db, username),
  };
}

/** Signed-in sessions in a table, shared by every app process; expired ones are dropped as new ones come. */
export function pgLoginSessions(db: pg.Pool, clock: () => Date): LoginSessionStorage {
  return {
    async get(sid) {
      const r = await one<{ sess: Record<string, unknown> }>(db, 'SELECT sess FROM sessions WHERE sid = $1 AND expires > $2', [sid, clock().getTime()]);
      return r?.sess ?? null;
    },
    async set(sid, session, expires) {
      await db.query('INSERT INTO sessions (sid, sess, expires) VALUES ($1, $2::jsonb, $3) ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess, expires = EXCLUDED.expires', [sid, JSON.stringify(session), expires]);
      await db.query('DELETE FROM sessions WHERE expires <= $1', [clock().getTime()]);
    },
    async destroy(sid) {
      await db.query('DELETE FROM sessions WHERE sid = $1', [sid]);
    },
  };
}

/** The session secret of the deployment: generated once by whichever process asks first, then kept. */
export async function deploymentSecret(db: Queryable): Promise<string> {
  await db.query(`INSERT INTO deployment_docs (name, doc) VALUES ('sessionSecret', $1::jsonb) ON CONFLICT DO NOTHING`, [JSON.stringify(randomBytes(32).toString('base64url'))]);
  return (await one<{ doc: string }>(db, `SELECT doc FROM deployment_docs WHERE name = 'sessionSecret'`))!.doc;
}

/** The accounts' part of a commune's transaction (accounts are the deployment's). */
export class TxUsers {
  constructor(private readonly db: Queryable) {}

  user(username: string): Promise<User | null> {
    return user(this.db, username);
  }

  users(): Promise<User[]> {
    return list(this.db);
  }

  userCount(): Promise<number> {
    return count(this.db);
  }

  async createUser(next: User): Promise<void> {
    const res = await this.db.query('INSERT INTO users (username, record) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING', [next.username, json(next)]);
    if (!res.rowCount) throw new Error(`user ${next.username} exists`);
  }

  async replaceUser(next: User): Promise<void> {
    const res = await this.db.query('UPDATE users SET record = $2::jsonb WHERE username = $1', [next.username, json(next)]);
    if (!res.rowCount) throw new Error(`no user ${next.username}`);
  }

  /** The live tokens of a user, oldest first. */
  async tokensOf(username: string): Promise<ApiToken[]> {
    return (await tokensOf(this.db, username)).reverse();
  }

  async createToken(token: ApiToken): Promise<void> {
    await this.db.query('INSERT INTO tokens (id, username, hash, record) VALUES ($1, $2, $3, $4::jsonb)', [token.id, token.username, token.hash, json(token)]);
  }

  async replaceToken(token: ApiToken): Promise<void> {
    const res = await this.db.query('UPDATE tokens SET hash = $2, record = $3::jsonb WHERE id = $1', [token.id, token.hash, json(token)]);
    if (!res.rowCount) throw new Error(`no token ${token.id}`);
  }
}
