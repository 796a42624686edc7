import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StorageUnavailableError } from '../unavailable.js';
import type { Storage } from '../port.js';
import { FolderBlobStore } from './blobs.js';
import { DATA_DIR_COMMUNE, LowdbCommunes } from './communes.js';
import { lockDataDir } from './lock.js';
import { dataDirSecret, FileLoginSessions } from './login-sessions.js';
import { LowdbState } from './state.js';
import { userReads } from './users.js';
import { deploymentAudit, loadDeploymentTrail } from './deployment-audit.js';
import { lastRecorded } from './entries.js';
import { toLocalIso } from '../../domain/time.js';

export { CorruptDataFileError } from './json-file.js';
export { DataDirLockedError } from './lock.js';

export { DATA_DIR_COMMUNE } from './communes.js';

export interface LowdbOptions {
  dataDir: string;
  /** The time source of session expiry and of communes' creation; tests pass a fixed clock. */
  clock?: () => Date;
  /**
   * New records go to the newest segment file until it passes this size; then a new one is started.
   * A write rewrites the files it changes, so this bounds the cost of a write whatever the history.
   */
  segmentMaxBytes?: number;
  /**
   * Whether the one-writer lock also takes an flock on `DATA_DIR/.lock` (through a helper process), besides
   * its socket (src/storage/lowdb/lock.ts). On by default, and always for the server; the tests' throwaway
   * stores, opened thousands of times in one process, leave it out (a fork of the test process each).
   */
  fileLock?: boolean;
}

export interface LowdbStorage extends Storage {
  readonly dataDir: string;
  /** Resolves once every write so far is on disk. */
  settled(): Promise<void>;
}

const DEFAULT_SEGMENT_MAX_BYTES = 32 * 1024;

/**
 * Opens the embedded engine on a data directory (created when missing): takes its one-writer lock,
 * recovers an interrupted write, checks and loads every file, and refuses a damaged directory.
 */
export async function openLowdbStorage(options: LowdbOptions): Promise<LowdbStorage> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir, { fileLock: options.fileLock ?? true });
  const clock = options.clock ?? (() => new Date());
  let state: LowdbState;
  let sessions: FileLoginSessions;
  let communes: LowdbCommunes;
  let trail: LowdbState;
  try {
    state = await LowdbState.load(dataDir, options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES);
    communes = await LowdbCommunes.load(state);
    trail = await loadDeploymentTrail(state);
    sessions = await FileLoginSessions.open(dataDir, clock);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const commune = (code: string = DATA_DIR_COMMUNE) => {
    const found = communes.get(code);
    if (!found) throw new Error(`no commune ${code}`);
    return found;
  };
  let closed = false;
  return {
    engine: 'lowdb',
    dataDir,
    communes: async () => communes.list(),
    createCommune: (c) => communes.create(c, toLocalIso(clock())),
    cityCounts: async (from, to) => {
      const out = [];
      for (const { code } of communes.states()) out.push({ code, counts: await commune(code).countEntries(from, to) });
      return out;
    },
    idleCommunes: async (since) => communes.states().flatMap(({ code, state: s }) => (lastRecorded(s) >= since ? [] : [code])),
    commune,
    users: userReads(state),
    deploymentAudit: deploymentAudit(trail, communes.queue),
    loginSessions: sessions,
    blobs: new FolderBlobStore(path.join(dataDir, 'files')),
    sessionSecret: () => dataDirSecret(dataDir),
    // The data is in memory; what can fail is the disk its changes go to.
    ping: async () => {
      if (closed) throw new StorageUnavailableError('the embedded store is closed');
      await access(dataDir, constants.W_OK).catch((err: Error) => {
        throw new StorageUnavailableError(`the data directory cannot be written: ${err.message}`);
      });
    },
    describe: async () => {
      const all = communes.states().map((c) => c.state);
      const sum = (f: (s: LowdbState) => number) => all.reduce((n, s) => n + f(s), 0);
      const more = all.length > 1 ? ` (${all.length} communes)` : '';
      return `data: ${dataDir}; ${sum((s) => s.entries.size)} entries, ${sum((s) => s.items.size)} items in ${sum((s) => s.segments.length)} files${more}`;
    },
    settled: () => state.settled(),
    close: async () => {
      if (closed) return;
      closed = true;
      await state.settled();
      await sessions.settled();
      await lock.release();
    },
  };
}
