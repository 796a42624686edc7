import { ConfigError } from './config.js';
import { passwordProblem, validateNewUser } from './domain/auth.js';
import type { Scope } from './services/scope.js';
import { createFirstAdmin } from './services/users.js';

/**
 * Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no account exists yet.
 * Returns whether it did; a bad value stops the server with the variable named.
 */
export async function ensureFirstAdmin(scope: Scope, admin: { username: string; password: string } | null): Promise<boolean> {
  if (!admin || (await scope.storage.users.count()) > 0) return false;
  const result = validateNewUser({ username: admin.username, fullName: 'Quản trị viên', role: 'admin', password: admin.password }, () => false);
  if (!result.ok) {
    const variable = result.errors.username ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError(variable, result.errors.username ? 'is not a valid username (2-32 of a-z 0-9 . _ -)' : (passwordProblem(admin.password, admin.username) ?? 'is not acceptable'));
  }
  return (await createFirstAdmin(scope, result.value, 'system')) !== null;
}
