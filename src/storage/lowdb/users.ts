/** The deployment's accounts and API tokens (`users.json`, shared by every commune's folder). */
import type { ApiToken, User } from '../../domain/auth.js';
import type { UserReads } from '../port.js';
import { type AnyFile, removeFrom, replaceIn, type TxChanges } from './changes.js';
import { copyToken, copyUser } from './copies.js';
import type { LowdbState } from './state.js';

const byUsername = (s: LowdbState): User[] => [...s.usersByName.values()].sort((a, b) => a.username.localeCompare(b.username)).map(copyUser);

/** Accounts and API tokens, from `users.json`. */
export function userReads(s: LowdbState): UserReads {
  return {
    async get(username: string): Promise<User | null> {
      const u = s.usersByName.get(username);
      return u ? copyUser(u) : null;
    },
    async list(): Promise<User[]> {
      return byUsername(s);
    },
    async count(): Promise<number> {
      return s.usersByName.size;
    },
    async tokenByHash(hash: string): Promise<ApiToken | null> {
      const t = s.tokensByHash.get(hash);
      return t && !t.revokedAt ? copyToken(t) : null;
    },
    async userOfToken(hash: string): Promise<User | null> {
      const t = s.tokensByHash.get(hash);
      const u = t && !t.revokedAt ? s.usersByName.get(t.username) : undefined;
      return u ? copyUser(u) : null;
    },
    async tokensOf(username: string): Promise<ApiToken[]> {
      return s.users.data.tokens.filter((t) => t.username === username && !t.revokedAt).reverse().map(copyToken);
    },
  };
}

/** The accounts' part of a transaction (the accounts file is written with the commune's files, in one commit). */
export class TxUsers {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async user(username: string): Promise<User | null> {
    const user = this.s.usersByName.get(username);
    return user ? copyUser(user) : null;
  }

  async users(): Promise<User[]> {
    return byUsername(this.s);
  }

  async userCount(): Promise<number> {
    return this.s.usersByName.size;
  }

  async createUser(user: User): Promise<void> {
    const { s, c } = this;
    if (s.usersByName.has(user.username)) throw new Error(`user ${user.username} exists`);
    const stored = copyUser(user);
    const list = s.users.data.users;
    list.push(stored);
    s.usersByName.set(stored.username, stored);
    c.touch(s.users as AnyFile);
    c.undo(() => {
      removeFrom(list, stored);
      s.usersByName.delete(stored.username);
    });
  }

  async replaceUser(next: User): Promise<void> {
    const { s, c } = this;
    const old = s.usersByName.get(next.username);
    if (!old) throw new Error(`no user ${next.username}`);
    const stored = copyUser(next);
    c.touch(s.users as AnyFile);
    const back = replaceIn(s.users.data.users, old, stored);
    s.usersByName.set(stored.username, stored);
    c.undo(() => {
      back();
      s.usersByName.set(old.username, old);
    });
  }

  /** The live tokens of a user, oldest first. */
  async tokensOf(username: string): Promise<ApiToken[]> {
    return this.s.users.data.tokens.filter((t) => t.username === username && !t.revokedAt).map(copyToken);
  }

  async createToken(token: ApiToken): Promise<void> {
    const { s, c } = this;
    const stored = copyToken(token);
    const list = s.users.data.tokens;
    list.push(stored);
    s.tokensByHash.set(stored.hash, stored);
    c.touch(s.users as AnyFile);
    c.undo(() => {
      removeFrom(list, stored);
      s.tokensByHash.delete(stored.hash);
    });
  }

  async replaceToken(next: ApiToken): Promise<void> {
    const { s, c } = this;
    const list = s.users.data.tokens;
    const old = list.find((t) => t.id === next.id);
    if (!old) throw new Error(`no token ${next.id}`);
    const stored = copyToken(next);
    c.touch(s.users as AnyFile);
    const back = replaceIn(list, old, stored);
    s.tokensByHash.set(stored.hash, stored);
    c.undo(() => {
      back();
      s.tokensByHash.set(old.hash, old);
    });
  }
}
