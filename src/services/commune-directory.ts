import type { Commune, Storage } from '../storage/port.js';

/** How long this process trusts its list of communes (another process may add one meanwhile). */
const FRESH_MS = 10_000;

/** The deployment's communes as this process knows them, looked up again when a code is unknown. */
export class CommuneDirectory {
  private list: Commune[] = [];
  private at = -Infinity;

  constructor(private readonly storage: Storage) {}

  async all(): Promise<Commune[]> {
    if (Date.now() - this.at > FRESH_MS) await this.refresh();
    return this.list;
  }

  async find(code: string): Promise<Commune | null> {
    const known = (await this.all()).find((c) => c.code === code);
    if (known) return known;
    await this.refresh();
    return this.list.find((c) => c.code === code) ?? null;
  }

  async refresh(): Promise<void> {
    this.list = await this.storage.communes();
    this.at = Date.now();
  }
}
