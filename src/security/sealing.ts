import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Seals small secrets (the platforms' keys and tokens) for storage, and opens them again. */
export interface Sealer {
  /** The secret encrypted and authenticated, bound to `context` (which commune, which key): text to store. */
  seal(plain: string, context: string): string;
  /** The secret back; null when the text was not sealed with this key and context (another secret, tampered). */
  open(sealed: string, context: string): string | null;
}

const VERSION = 'v1';
// HKDF's salt and info name this use of the session secret, so the derived key serves nothing else.
const SALT = 'cchc-log platform credentials';
const INFO = 'aes-256-gcm v1';

const b64 = (buf: Buffer): string => buf.toString('base64url');

/**
 * A sealer keyed from the session secret: AES-256-GCM under a key derived with HKDF-SHA-256, a fresh
 * random 96-bit nonce per seal, and `context` as additional data, so a sealed value moved to another
 * commune or another field does not open. A changed session secret leaves what was sealed unreadable.
 */
export function sealerFrom(secret: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body, ...rest] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined || rest.length) return null;
      try {
        // A short tag would weaken the check: only the full 16 bytes are accepted.
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
