import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, unlink } from 'node:fs/promises';
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
  await mkdir(path.dirname(target), { recursive: true });
  const handle = await open(tempFile, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempFile, target);
  await syncDir(path.dirname(target));
}
