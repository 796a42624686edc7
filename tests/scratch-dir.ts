/**
 * Where the test run keeps its temporary folders (stores, uploads, the PostgreSQL cluster, Chromium's and
 * LibreOffice's profiles): a folder of its own in memory (/dev/shm) when the machine has room there, so
 * that the thousands of small durable writes the tests make (each with its fsync) do not wait on the disk.
 * The app's writes are the same; only the disk under them differs. A TMPDIR set by whoever runs the tests
 * is kept as it is.
 */
import { chmodSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';

const MEMORY = '/dev/shm';
/** Room the tests' folders may take at the largest moment (the load and export tests), with a margin. */
const NEEDED_BYTES = 4 * 1024 ** 3;

function roomIn(dir: string): number {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return 0;
  }
}

/**
 * Points TMPDIR (inherited by the workers and the servers they start) at a new folder in memory, removed
 * when the run ends; returns it, or undefined when TMPDIR was given or memory is short.
 */
export function useMemoryScratch(): string | undefined {
  if (process.env.TMPDIR || roomIn(MEMORY) < NEEDED_BYTES) return undefined;
  const dir = mkdtempSync(path.join(MEMORY, 'cchc-tests-'));
  // The PostgreSQL cluster's folder inside it belongs to the postgres user, who must reach it.
  chmodSync(dir, 0o755);
  process.env.TMPDIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
