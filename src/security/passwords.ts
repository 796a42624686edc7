import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt from node:crypto: slow, salted, memory-hard, no native build. N=2^15, r=8 needs 32 MiB.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * How many scrypt derivations run at once. scrypt runs in libuv's thread pool (4 threads), which file
 * writes share: unbounded, a burst of password checks would fill it and every durable write would wait
 * behind them. One at a time keeps the other threads for the log's writes; an office's morning log-ins
 * take a few tenths of a second longer, in turn.
 */
export const HASH_CONCURRENCY = 1;

let running = 0;
const waiting: (() => void)[] = [];
/** The most derivations seen running at once (for tests). */
export const hashStats = { peak: 0 };

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing derivation hands its slot straight to the next waiter, so none can slip in between.
  if (running >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  hashStats.peak = Math.max(hashStats.peak, running);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return withHashSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url). */
export function hashPassword(password: string): Promise<string> {
  return hashPasswordWithCost(password, N);
}

/**
 * Hashes with a chosen scrypt cost N. The cost is stored in the hash, so verification follows it;
 * the app always uses `hashPassword`. Tests use a low cost to keep hundreds of log-ins fast.
 */
export async function hashPasswordWithCost(password: string, n: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A hash of a password nobody has, checked when the username is unknown, so that a wrong username
// takes as long to refuse as a wrong password.
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoy;
}
