import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Role } from '../domain/auth.js';
import type { AuditAction, AuditRecord } from '../domain/model.js';
import type { LocalIso } from '../domain/time.js';
import { Doc, type Undo } from './doc.js';
import { checkUsers } from './shapes.js';

export interface User {
  username: string;
  fullName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  /** Bumped when the password changes or the account is disabled: older sessions stop working. */
  sessionVersion: number;
  createdAt: LocalIso;
  createdBy: string;
  updatedAt: LocalIso;
  updatedBy: string;
}

export interface ApiToken {
  id: string;
  name: string;
  username: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  hash: string;
  createdAt: LocalIso;
  revokedAt: LocalIso | null;
}

interface UsersData {
  format: 'cchc-users/1';
  users: User[];
  tokens: ApiToken[];
  audit: AuditRecord[];
}

/** How the users file adds its records to the one audit trail. */
export interface AuditSink {
  make(user: string, action: AuditAction, target: AuditRecord['target'], diff?: { before?: Record<string, unknown>; after?: Record<string, unknown> }): AuditRecord;
  index(record: AuditRecord): Undo;
}

export type UserChange = Partial<Pick<User, 'fullName' | 'role' | 'disabled' | 'passwordHash'>>;

/** Accounts and API tokens, in `users.json`, each change with its audit record in the same write. */
export class UserRepo {
  private readonly byName = new Map<string, User>();
  private readonly tokensByHash = new Map<string, ApiToken>();

  private constructor(
    private readonly doc: Doc<UsersData>,
    private readonly audit: AuditSink,
    private readonly now: () => LocalIso,
  ) {
    for (const u of doc.data.users) this.byName.set(u.username, u);
    for (const t of doc.data.tokens) this.tokensByHash.set(t.hash, t);
  }

  static async open(dataDir: string, audit: AuditSink, now: () => LocalIso): Promise<UserRepo> {
    const doc = await Doc.open<UsersData>(path.join(dataDir, 'users.json'), { format: 'cchc-users/1', users: [], tokens: [], audit: [] }, checkUsers);
    return new UserRepo(doc, audit, now);
  }

  /** The audit records kept in this file (for loading the trail). */
  auditRecords(): readonly AuditRecord[] {
    return this.doc.data.audit;
  }

  count(): number {
    return this.byName.size;
  }

  get(username: string): User | undefined {
    return this.byName.get(username);
  }

  /** Every account, by username. */
  list(): User[] {
    return [...this.byName.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  private commit(build: (data: UsersData, undos: Undo[]) => void, auditRecords: AuditRecord | AuditRecord[] | null): Promise<void> {
    const records = auditRecords === null ? [] : Array.isArray(auditRecords) ? auditRecords : [auditRecords];
    return this.doc.apply((data) => {
      const undos: Undo[] = [];
      build(data, undos);
      for (const record of records) {
        data.audit.push(record);
        undos.push(() => {
          const i = data.audit.lastIndexOf(record);
          if (i >= 0) data.audit.splice(i, 1);
        });
        undos.push(this.audit.index(record));
      }
      return () => undos.reverse().forEach((u) => u());
    });
  }

  /** Replaces live tokens by revoked versions in one change (the caller commits). */
  private revokeAll(data: UsersData, undos: Undo[], tokens: ApiToken[], at: LocalIso): void {
    for (const old of tokens) {
      const next: ApiToken = { ...old, revokedAt: at };
      data.tokens[data.tokens.indexOf(old)] = next;
      this.tokensByHash.set(old.hash, next);
      undos.push(() => {
        data.tokens[data.tokens.indexOf(next)] = old;
        this.tokensByHash.set(old.hash, old);
      });
    }
  }

  /** Creates an account (the caller has validated it and hashed the password). */
  async create(fields: { username: string; fullName: string; role: Role; passwordHash: string }, actor: string): Promise<User> {
    if (this.byName.has(fields.username)) throw new Error(`user ${fields.username} exists`);
    const now = this.now();
    const user: User = { ...fields, disabled: false, sessionVersion: 1, createdAt: now, createdBy: actor, updatedAt: now, updatedBy: actor };
    const record = this.audit.make(actor, 'user.create', { type: 'user', id: user.username }, { after: { username: user.username, fullName: user.fullName, role: user.role } });
    await this.commit((data, undos) => {
      data.users.push(user);
      this.byName.set(user.username, user);
      undos.push(() => {
        data.users.splice(data.users.indexOf(user), 1);
        this.byName.delete(user.username);
      });
    }, record);
    return user;
  }

  /**
   * Changes an account. A new password or disabling ends the account's other sessions and revokes all
   * its API tokens, in the same write (enabling it again brings none back).
   */
  async update(username: string, change: UserChange, actor: string): Promise<User> {
    const old = this.byName.get(username);
    if (!old) throw new Error(`no user ${username}`);
    const endsSessions = change.passwordHash !== undefined || (change.disabled === true && !old.disabled);
    const now = this.now();
    const next: User = { ...old, ...change, sessionVersion: old.sessionVersion + (endsSessions ? 1 : 0), updatedAt: now, updatedBy: actor };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of ['fullName', 'role', 'disabled'] as const) {
      if (old[k] !== next[k]) {
        before[k] = old[k];
        after[k] = next[k];
      }
    }
    const passwordOnly = change.passwordHash !== undefined && Object.keys(after).length === 0;
    if (change.passwordHash !== undefined) after.password = 'đã đặt mật khẩu mới';
    const records = [this.audit.make(actor, passwordOnly ? 'user.password' : 'user.update', { type: 'user', id: username }, { before, after })];
    const revoked = endsSessions ? this.tokensOf(username) : [];
    const reason = change.passwordHash !== undefined ? 'mật khẩu mới' : 'khóa tài khoản';
    for (const t of revoked) records.push(this.audit.make(actor, 'token.revoke', { type: 'token', id: t.id }, { before: { name: t.name, username }, after: { reason } }));
    await this.commit((data, undos) => {
      const i = data.users.indexOf(old);
      data.users[i] = next;
      this.byName.set(username, next);
      undos.push(() => {
        data.users[data.users.indexOf(next)] = old;
        this.byName.set(username, old);
      });
      this.revokeAll(data, undos, revoked, now);
    }, records);
    return next;
  }

  /** Stores a new token's hash for a user. */
  async addToken(username: string, name: string, hash: string, actor: string): Promise<ApiToken> {
    const token: ApiToken = { id: randomBytes(6).toString('hex'), name, username, hash, createdAt: this.now(), revokedAt: null };
    const record = this.audit.make(actor, 'token.create', { type: 'token', id: token.id }, { after: { name, username } });
    await this.commit((data, undos) => {
      data.tokens.push(token);
      this.tokensByHash.set(hash, token);
      undos.push(() => {
        data.tokens.splice(data.tokens.indexOf(token), 1);
        this.tokensByHash.delete(hash);
      });
    }, record);
    return token;
  }

  /** The live token with this hash. */
  tokenByHash(hash: string): ApiToken | undefined {
    const token = this.tokensByHash.get(hash);
    return token && !token.revokedAt ? token : undefined;
  }

  /** A user's live tokens, newest first. */
  tokensOf(username: string): ApiToken[] {
    return this.doc.data.tokens.filter((t) => t.username === username && !t.revokedAt).reverse();
  }

  /** Revokes a token; it stops working at once. */
  async revokeToken(id: string, actor: string): Promise<void> {
    const old = this.doc.data.tokens.find((t) => t.id === id && !t.revokedAt);
    if (!old) throw new Error(`no token ${id}`);
    const record = this.audit.make(actor, 'token.revoke', { type: 'token', id }, { before: { name: old.name } });
    await this.commit((data, undos) => this.revokeAll(data, undos, [old], this.now()), record);
  }

  settled(): Promise<void> {
    return this.doc.settled();
  }
}
