/** A commune's settings (its `settings` document). */
import { defaultSettings, type Settings } from '../../domain/settings.js';
import { doc, putDoc } from './commune-docs.js';
import type { Queryable } from './db.js';

export async function settings(db: Queryable, commune: number): Promise<Settings> {
  // Settings written by an older version lack newer keys: they come from the defaults.
  return { ...defaultSettings(), ...((await doc<Settings>(db, commune, 'settings')) ?? {}) };
}

/** The settings' part of a transaction. */
export class TxSettings {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  settings(): Promise<Settings> {
    return settings(this.db, this.commune);
  }

  putSettings(next: Settings): Promise<void> {
    return putDoc(this.db, this.commune, 'settings', next);
  }
}
