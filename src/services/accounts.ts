/** The deployment's accounts as the web layer asks about them (who a session or a token is, what each account holds), and whether its storage answers. */
import type { ApiToken, User } from '../domain/auth.js';
import { hashApiToken } from '../security/tokens.js';
import type { Storage } from '../storage/port.js';

/** The account of this username, or null. */
export function accountNamed(storage: Storage, username: string): Promise<User | null> {
  return storage.users.get(username);
}

/** The account of a live API token (as sent: it is hashed here), or null. */
export function accountOfToken(storage: Storage, token: string): Promise<User | null> {
  return storage.users.userOfToken(hashApiToken(token));
}

/** Whether any account exists yet (none: the first start's set-up is open). */
export async function hasAccounts(storage: Storage): Promise<boolean> {
  return (await storage.users.count()) > 0;
}

/** An account's live API tokens, newest first. */
export function tokensOf(storage: Storage, username: string): Promise<ApiToken[]> {
  return storage.users.tokensOf(username);
}

/** Those of these usernames whose account belongs to a commune. */
export async function accountsOfCommune(storage: Storage, usernames: readonly string[], commune: string): Promise<Set<string>> {
  const accounts = await Promise.all(usernames.map((u) => storage.users.get(u)));
  return new Set(usernames.filter((_, i) => accounts[i]?.commune === commune));
}

/** Resolves when the storage answers now; throws, with the reason, when it cannot (the health check). */
export function storageAnswers(storage: Storage): Promise<void> {
  return storage.ping();
}
