import { ConfigError } from './config.js';
import { passwordProblem, validateNewUser } from './domain/auth.js';
import { hashPassword } from './security/passwords.js';
import type { Store } from './store/store.js';

/**
 * Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no account exists yet.
 * Returns whether it did; a bad value stops the server with the variable named.
 */
export async function ensureFirstAdmin(store: Store, admin: { username: string; password: string } | null): Promise<boolean> {
  if (!admin || store.users.count() > 0) return false;
  const result = validateNewUser({ username: admin.username, fullName: 'Quản trị viên', role: 'admin', password: admin.password }, () => false);
  if (!result.ok) {
    const variable = result.errors.username ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError(variable, result.errors.username ? 'is not a valid username (2-32 of a-z 0-9 . _ -)' : (passwordProblem(admin.password, admin.username) ?? 'is not acceptable'));
  }
  await store.users.create({ username: result.value.username, fullName: result.value.fullName, role: 'admin', passwordHash: await hashPassword(admin.password) }, 'system');
  return true;
}
