import path from 'node:path';
import { openLowdbStorage } from './lowdb/index.js';
import type { Storage } from './port.js';
import { openPostgresStorage } from './postgres/index.js';

export interface StorageConfig {
  dataDir: string;
  /** PostgreSQL's address; null for the embedded store. */
  databaseUrl?: string | null;
  /** With PostgreSQL: where evidence files' bytes live. */
  filesDir?: string;
}

/**
 * The storage the configuration names (the embedded engine on DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), and where uploads are received.
 */
export async function openStorage(config: StorageConfig): Promise<{ storage: Storage; uploadDir: string }> {
  if (config.databaseUrl) {
    const storage = await openPostgresStorage({ url: config.databaseUrl, filesDir: config.filesDir ?? path.join(config.dataDir, 'files') });
    // Uploads wait on this machine's disk; old ones are swept, never the whole folder (other processes share it).
    return { storage, uploadDir: path.join(config.dataDir, 'tmp') };
  }
  const storage = await openLowdbStorage({ dataDir: config.dataDir });
  // Beside the data, on the same disk; emptied at each start (a crash's leftovers were never acknowledged).
  return { storage, uploadDir: path.join(storage.dataDir, 'tmp') };
}
