import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../port.js';
import { syncDir, tempNameFor } from './json-file.js';

/** Where the bytes of a file live: `files/ab/abcdef…`, named by their SHA-256 (so stored once). */
function blobPath(root: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
  return path.join(root, sha256.slice(0, 2), sha256);
}

/**
 * Evidence files in a folder, content-addressed: `put` streams the bytes into a private temporary
 * file beside the blobs (hashing them on the way), flushes it and renames it into place; the same
 * bytes put twice are kept once.
 */
export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Readable): Promise<{ sha256: string; size: number }> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const tmp = tempNameFor(path.join(this.root, 'upload'));
    const hash = createHash('sha256');
    let size = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      // `flush`: the bytes are on the disk before the file is closed, so before the rename below.
      await pipeline(bytes, counting, createWriteStream(tmp, { mode: 0o600, flush: true }));
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const sha256 = hash.digest('hex');
    const target = blobPath(this.root, sha256);
    const exists = await stat(target).then(() => true, () => false);
    if (exists) {
      await unlink(tmp);
      return { sha256, size };
    }
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await rename(tmp, target);
    await syncDir(path.dirname(target));
    await syncDir(this.root);
    return { sha256, size };
  }

  async open(sha256: string): Promise<Readable | null> {
    const file = blobPath(this.root, sha256);
    const found = await stat(file).then((s) => s.isFile(), () => false);
    return found ? createReadStream(file) : null;
  }
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
