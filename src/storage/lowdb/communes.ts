import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { COMMUNE_CODE_RE } from '../../domain/communes.js';
import type { Commune, CommuneStorage } from '../port.js';
import { communeStorage, TxQueue } from './commune.js';
import { CorruptDataFileError, JsonFile } from './json-file.js';
import { checkCommunes } from './shapes.js';
import { LowdbState } from './state.js';

/** The code of the commune the data directory itself holds (a ward's install: its only one). */
export const DATA_DIR_COMMUNE = 'main';

/** Where the other communes' folders are, inside the data directory. */
export const COMMUNES_DIR = 'communes';

/** `communes.json`: the communes added besides the data directory's own, in the order they were made. */
export interface CommunesData {
  format: 'cchc-communes/1';
  communes: (Commune & { createdAt: string })[];
}

interface Member {
  state: LowdbState;
  storage: CommuneStorage;
}

/**
 * The communes of an embedded data directory: its own (`main`, whose name and kind are its settings')
 * and one folder per commune added (`communes/<code>/`, the same files as a ward's data directory but
 * the accounts, which are the deployment's). One queue of changes and one group commit serve them all.
 */
export class LowdbCommunes {
  private readonly members = new Map<string, Member>();
  readonly queue = new TxQueue();

  private constructor(
    readonly root: LowdbState,
    private readonly listing: JsonFile<CommunesData>,
  ) {
    this.members.set(DATA_DIR_COMMUNE, { state: root, storage: communeStorage(root, DATA_DIR_COMMUNE, this.queue) });
  }

  /** Loads the listed communes' folders (the deployment's own data is loaded already). */
  static async load(root: LowdbState): Promise<LowdbCommunes> {
    const listing = await JsonFile.open<CommunesData>(path.join(root.dataDir, 'communes.json'), { format: 'cchc-communes/1', communes: [] }, checkCommunes);
    const unlisted = await foldersWithData(root.dataDir, new Set(listing.data.communes.map((c) => c.code)));
    if (unlisted.length) {
      const folders = unlisted.map((code) => `${COMMUNES_DIR}/${code}`).join(', ');
      throw new CorruptDataFileError(listing.file, `${listing.exists ? 'does not list' : 'is missing while the data directory holds'} the communes of ${folders}`);
    }
    const all = new LowdbCommunes(root, listing);
    for (const c of listing.data.communes) await all.add(c.code);
    return all;
  }

  private async add(code: string): Promise<void> {
    const state = await LowdbState.loadCommune(this.root, path.join(this.root.dataDir, COMMUNES_DIR, code));
    this.members.set(code, { state, storage: communeStorage(state, code, this.queue) });
  }

  list(): Commune[] {
    const { communeName, communeKind } = this.root.settings.data.settings;
    const own: Commune = { code: DATA_DIR_COMMUNE, name: communeName, kind: communeName ? communeKind : '' };
    return [own, ...this.listing.data.communes.map(({ code, name, kind }) => ({ code, name, kind }))];
  }

  /** Adds a commune: its folder, then its line in `communes.json` (durable when this resolves). */
  create(commune: Commune, now: string): Promise<'created' | 'exists'> {
    if (!COMMUNE_CODE_RE.test(commune.code)) throw new Error(`not a commune code: ${commune.code}`);
    return this.queue.run(async () => {
      if (this.members.has(commune.code)) return 'exists';
      await this.add(commune.code);
      const list = this.listing.data.communes;
      list.push({ code: commune.code, name: commune.name, kind: commune.kind, createdAt: now });
      try {
        await this.root.committer.commit(new Set([this.listing as JsonFile<unknown>]), () => list.pop());
      } catch (err) {
        this.members.delete(commune.code);
        throw err;
      }
      return 'created';
    });
  }

  get(code: string): CommuneStorage | undefined {
    return this.members.get(code)?.storage;
  }

  states(): { code: string; state: LowdbState }[] {
    return [...this.members].map(([code, m]) => ({ code, state: m.state }));
  }
}

/**
 * The communes' folders that hold a file but are not listed: their communes would vanish. A folder
 * without any file is what a crash leaves between making it and listing it, and is loaded again when made.
 */
async function foldersWithData(dataDir: string, listed: Set<string>): Promise<string[]> {
  const dir = path.join(dataDir, COMMUNES_DIR);
  const folders = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const found: string[] = [];
  for (const f of folders) {
    if (!f.isDirectory() || listed.has(f.name)) continue;
    const inside = await readdir(path.join(dir, f.name), { recursive: true, withFileTypes: true });
    if (inside.some((e) => e.isFile())) found.push(f.name);
  }
  return found.sort();
}
