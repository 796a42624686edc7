import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'cchc_';

/** A new API token: 32 random bytes. Only its hash is ever stored. */
export function newApiToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form of a token. Tokens are long random strings, so a fast hash is enough. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
