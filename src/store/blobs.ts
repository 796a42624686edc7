import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { syncDir } from './durable-file.js';

/** Where the bytes of a file live: `files/ab/abcdef…`, named by their SHA-256 (so stored once). */
export function blobPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** The SHA-256 of a file's bytes, read as a stream. */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Moves an uploaded temporary file (in the data directory, so on the same disk) to its place by
 * content hash, durably: flushed, renamed, directory flushed. The same bytes uploaded twice are kept
 * once: the second temporary file is just removed.
 */
export async function keepBlob(dataDir: string, tempFile: string, sha256: string): Promise<void> {
  const target = blobPath(dataDir, sha256);
  const exists = await access(target).then(() => true, () => false);
  if (exists) {
    await unlink(tempFile);
    return;
  }
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const handle = await open(tempFile, 'r+');
  try {
    // Evidence files are as private as the rest of the data directory.
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempFile, target);
  await syncDir(path.dirname(target));
}

/**
 * Makes the evidence files private (folders 0700, files 0600) when they were kept by a version that
 * left them readable by every user of the machine; the `files/` folder's own mode tells whether that
 * was done already, so this walks the folder once.
 */
export async function makeBlobsPrivate(dataDir: string): Promise<void> {
  const root = path.join(dataDir, 'files');
  const info = await stat(root).catch(() => null);
  if (!info || (info.mode & 0o777) === 0o700) return;
  for (const name of await readdir(root, { recursive: true })) {
    const full = path.join(root, name);
    const s = await stat(full);
    await chmod(full, s.isDirectory() ? 0o700 : 0o600);
  }
  await chmod(root, 0o700);
}
