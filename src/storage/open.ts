import path from 'node:path';
import type { Storage } from './port.js';
import type { PgWaits } from './postgres/index.js';

export interface StorageConfig {
  dataDir: string;
  /** PostgreSQL's address; null for the embedded store. */
  databaseUrl?: string | null;
  /** With PostgreSQL: where evidence files' bytes live. */
  filesDir?: string;
  /** With PostgreSQL: connections per process and the bounds on waits (defaults otherwise). */
  pg?: { poolSize?: number; waits?: Partial<PgWaits> };
}

/**
 * The storage the configuration names (the embedded engine on DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), and where uploads are received. Only the engine in use is loaded: the
 * PostgreSQL driver and its migrations cost the embedded engine's start-up time, and the other way round.
 */
export async function openStorage(config: StorageConfig): Promise<{ storage: Storage; uploadDir: string; heldDir: string }> {
  if (config.databaseUrl) {
    const { openPostgresStorage } = await import('./postgres/index.js');
    const storage = await openPostgresStorage({ url: config.databaseUrl, filesDir: config.filesDir ?? path.join(config.dataDir, 'files'), poolSize: config.pg?.poolSize, waits: config.pg?.waits });
    // Uploads arrive on this machine's disk; old ones are swept, never the whole folder (other processes share it).
    // A spreadsheet held between its preview and its import waits where every process finds it.
    return { storage, uploadDir: path.join(config.dataDir, 'tmp'), heldDir: path.join(config.filesDir ?? path.join(config.dataDir, 'files'), 'held') };
  }
  const { openLowdbStorage } = await import('./lowdb/index.js');
  const storage = await openLowdbStorage({ dataDir: config.dataDir });
  // Beside the data, on the same disk; emptied at each start (a crash's leftovers were never acknowledged).
  const uploadDir = path.join(storage.dataDir, 'tmp');
  return { storage, uploadDir, heldDir: uploadDir };
}
