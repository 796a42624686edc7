import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommuneDump } from '../dump.js';
import { MoveRefusedError } from '../dump.js';
import { FolderBlobStore } from './blobs.js';
import { DATA_DIR_COMMUNE, LowdbCommunes } from './communes.js';
import { loadDeploymentTrail } from './deployment-audit.js';
import { lockDataDir } from './lock.js';
import { LowdbState } from './state.js';

/** A data directory read whole, held (locked) until `close`. */
export interface DataDirDump extends CommuneDump {
  readonly dataDir: string;
  /** The commune's code within the data directory (its keys were sealed under it). */
  readonly commune: string;
  /** Lets go of the data directory. */
  close(): Promise<void>;
}

const byId = <T extends { id: number }>(a: T, b: T): number => a.id - b.id;

/**
 * Reads every record of a ward's data directory, deleted ones included, holding its one-writer lock
 * (as a server does) so that the ward's server cannot write while the data moves: a directory in use
 * is refused with `DataDirLockedError`. A folder that is not a data directory is refused before
 * anything is touched (loading recovers interrupted writes, which writes to the folder).
 *
 * A data directory that serves several communes gives the one named by `commune` (default: its own),
 * with that commune's accounts; the data directory's own gives the deployment's accounts too, and
 * the deployment's own trail (their log-ins and changes) within its trail.
 */
export async function dumpDataDir(dir: string, commune: string = DATA_DIR_COMMUNE): Promise<DataDirDump> {
  const dataDir = path.resolve(dir);
  const isDir = await stat(dataDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new MoveRefusedError(`The data directory ${dataDir} does not exist.`);
  const hasUsers = await access(path.join(dataDir, 'users.json')).then(() => true, () => false);
  if (!hasUsers) throw new MoveRefusedError(`${dataDir} is not a CCHC log data directory (it has no users.json).`);
  const lock = await lockDataDir(dataDir);
  let root: LowdbState;
  let state: LowdbState;
  let trail: LowdbState | null;
  try {
    root = await LowdbState.load(dataDir, Number.MAX_SAFE_INTEGER);
    const all = (await LowdbCommunes.load(root)).states();
    const found = all.find((c) => c.code === commune);
    if (!found) throw new MoveRefusedError(`The data directory ${dataDir} holds no commune "${commune}" (it holds: ${all.map((c) => c.code).join(', ')}).`);
    state = found.state;
    trail = commune === DATA_DIR_COMMUNE ? await loadDeploymentTrail(root) : null;
  } catch (err) {
    await lock.release();
    throw err;
  }
  const ownAccount = (c: string | undefined) => (c ?? DATA_DIR_COMMUNE) === commune;
  const users = root.users.data.users.filter((u) => ownAccount(u.commune));
  const names = new Set(users.map((u) => u.username));
  const plan = state.plan.data;
  const figures = state.metrics.data;
  let closed = false;
  return {
    dataDir,
    commune,
    items: [...state.items.values()].map((l) => l.rec).sort(byId),
    entries: [...state.entries.values()].map((l) => l.rec).sort(byId),
    audit: trail ? [...state.audit, ...trail.audit].sort(byId) : [...state.audit],
    files: [...state.files.values()].map((l) => l.rec).sort(byId),
    users,
    tokens: root.users.data.tokens.filter((t) => names.has(t.username)),
    settings: state.settings.data.settings,
    plans: Object.entries(plan.years)
      .map(([year, tasks]) => ({ year: Number(year), tasks }))
      .sort((a, b) => a.year - b.year),
    taskNotes: [...plan.notes],
    imports: [...state.imports.data.imports].sort(byId),
    lastImportMapping: state.imports.data.lastMapping,
    slots: [...state.schedule.data.slots].sort(byId),
    summaries: [...state.summaries.data.summaries].sort(byId),
    lastSummarizedWeek: state.summaries.data.lastWeek,
    watch: { places: [...state.watch.data.places].sort(byId), posts: [...state.watch.data.posts].sort(byId), round: state.watch.data.round },
    metrics: { keys: { ...figures.keys }, states: [...figures.states].sort((a, b) => a.entryId - b.entryId), readings: [...figures.readings], run: figures.run },
    blobs: new FolderBlobStore(path.join(dataDir, 'files')),
    close: async () => {
      if (closed) return;
      closed = true;
      await root.settled();
      await lock.release();
    },
  };
}
