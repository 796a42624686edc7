import path from 'node:path';
import { openLowdbStorage } from './lowdb/index.js';
import type { Storage } from './port.js';

export interface StorageConfig {
  dataDir: string;
}

/** The storage the configuration names (today the embedded engine on DATA_DIR), and where uploads are received. */
export async function openStorage(config: StorageConfig): Promise<{ storage: Storage; uploadDir: string }> {
  const storage = await openLowdbStorage({ dataDir: config.dataDir });
  // Beside the data, on the same disk; emptied at each start (a crash's leftovers were never acknowledged).
  return { storage, uploadDir: path.join(storage.dataDir, 'tmp') };
}
