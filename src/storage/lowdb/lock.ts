import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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
 * Takes the one-writer lock of a data directory, twice over:
 * - a listening Unix socket in Linux's abstract namespace (a named pipe on Windows), named after the directory's real path: the
 *   kernel frees it the moment its holder dies (even a zombie left by `kill -9` holds nothing), so
 *   there is no stale lock to clean up and no PID to trust; but it lives in a network namespace, so a
 *   server in another container sharing the same volume would not see it;
 * - so also an `flock` on `DATA_DIR/.lock`, which every process on the same file system sees. Node has
 *   no flock of its own: util-linux's `flock` command holds it for us, running `cat` on a pipe from this
 *   process; when this process dies, however it dies, the pipe closes, `cat` ends and the lock goes.
 */
export async function lockDataDir(dataDir: string, { fileLock = true }: { fileLock?: boolean } = {}): Promise<DataDirLock> {
  const real = realpathSync(dataDir);
  const socket = await holdAbstractSocket(real);
  let file: DataDirLock | null;
  try {
    // Left out only where asked (the tests' throwaway stores: LowdbOptions.fileLock).
    file = fileLock ? await holdFileLock(real) : null;
  } catch (err) {
    await socket.release();
    throw err;
  }
  return {
    release: async () => {
      await file?.release();
      await socket.release();
    },
  };
}

async function holdAbstractSocket(real: string): Promise<DataDirLock> {
  const id = `cchc-log-${createHash('sha256').update(process.platform === 'win32' ? real.toLowerCase() : real).digest('hex').slice(0, 32)}`;
  // Windows has no abstract sockets; a named pipe is freed the same way when its holder dies.
  const name = process.platform === 'win32' ? `\\\\.\\pipe\\${id}` : `\0${id}`;
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

const LOCKED_EXIT = 75;

/** Holds an exclusive flock on `DATA_DIR/.lock` through util-linux's flock; null where that command is missing. */
function holdFileLock(real: string): Promise<DataDirLock | null> {
  const child = spawn('flock', ['--nonblock', '--conflict-exit-code', String(LOCKED_EXIT), path.join(real, '.lock'), '--command', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let held = false;
    let errors = '';
    child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        console.warn('The "flock" command (util-linux) is missing: the data directory is locked against servers on this machine only.');
        resolve(null);
      } else reject(err);
    });
    child.stdout!.once('data', () => {
      held = true;
      // Neither the helper nor its pipes keep this process alive.
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as net.Socket).unref();
      resolve({
        release: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // Waiting for the helper to go must keep this process alive until it has.
            child.ref();
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
    child.once('exit', (code) => {
      if (held) {
        if (code !== 0) console.error(`The lock on the data directory ${real} was lost (the flock helper ended with ${code}).`);
        return;
      }
      reject(code === LOCKED_EXIT ? new DataDirLockedError(real) : new Error(`flock on ${path.join(real, '.lock')} failed (${code}): ${errors.trim()}`));
    });
  });
}
