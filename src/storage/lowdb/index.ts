import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from '../port.js';
import { FolderBlobStore } from './blobs.js';
import { communeStorage } from './commune.js';
import { lockDataDir } from './lock.js';
import { dataDirSecret, FileSessions } from './sessions.js';
import { LowdbState } from './state.js';
import { userReads } from './users.js';
import { lastRecorded } from './entries.js';

export { CorruptDataFileError } from './json-file.js';
export { DataDirLockedError } from './lock.js';

/** The code of the commune an embedded data directory holds. */
export const DATA_DIR_COMMUNE = 'main';

export interface LowdbOptions {
  dataDir: string;
  /** The time source of session expiry; tests pass a fixed clock. */
  clock?: () => Date;
  /**
   * New records go to the newest segment file until it passes this size; then a new one is started.
   * A write rewrites the files it changes, so this bounds the cost of a write whatever the history.
   */
  segmentMaxBytes?: number;
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
  const lock = await lockDataDir(dataDir);
  let state: LowdbState;
  let sessions: FileSessions;
  try {
    state = await LowdbState.load(dataDir, options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES);
    sessions = await FileSessions.open(dataDir, options.clock ?? (() => new Date()));
  } catch (err) {
    await lock.release();
    throw err;
  }
  const commune = communeStorage(state, DATA_DIR_COMMUNE);
  let closed = false;
  return {
    engine: 'lowdb',
    dataDir,
    communes: async () => {
      const { communeName, communeKind } = state.settings.data.settings;
      return [{ code: DATA_DIR_COMMUNE, name: communeName, kind: communeName ? communeKind : '' }];
    },
    createCommune: async () => 'unsupported',
    cityCounts: async (from, to) => [{ code: DATA_DIR_COMMUNE, counts: await commune.countEntries(from, to) }],
    idleCommunes: async (since) => (lastRecorded(state) >= since ? [] : [DATA_DIR_COMMUNE]),
    commune: (code?: string) => {
      if (code !== undefined && code !== DATA_DIR_COMMUNE) throw new Error(`no commune ${code}`);
      return commune;
    },
    users: userReads(state),
    sessions,
    blobs: new FolderBlobStore(path.join(dataDir, 'files')),
    sessionSecret: () => dataDirSecret(dataDir),
    describe: async () => `data: ${dataDir}; ${state.entries.size} entries, ${state.items.size} items in ${state.segments.length} files`,
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
