import type { ApiToken, User } from '../../domain/auth.js';
import type { UserReads } from '../port.js';
import { copyToken, copyUser } from './copies.js';
import type { LowdbState } from './state.js';

/** Accounts and API tokens, from `users.json`. */
export function userReads(s: LowdbState): UserReads {
  return {
    async get(username: string): Promise<User | null> {
      const u = s.usersByName.get(username);
      return u ? copyUser(u) : null;
    },
    async list(): Promise<User[]> {
      return [...s.usersByName.values()].sort((a, b) => a.username.localeCompare(b.username)).map(copyUser);
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
