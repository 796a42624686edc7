import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import net from 'node:net';

/** Thrown when another server already holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `Another CCHC log server is already using the data directory ${dataDir}. ` +
        'Only one server may write to a data directory at a time; stop the other one first.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the one-writer lock of a data directory: a listening Unix socket in Linux's abstract namespace,
 * named after the directory's real path. The kernel frees it the moment its holder dies (even a zombie
 * left by `kill -9` holds nothing), so there is no stale lock file to clean up and no PID to trust.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const real = realpathSync(dataDir);
  const name = `\0cchc-log-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new DataDirLockedError(real) : err);
    });
    server.listen(name, () => resolve());
  });
  // The lock must not keep the process alive on its own.
  server.unref();
  return {
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
