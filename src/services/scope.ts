import type { CommuneStorage, Storage } from '../storage/port.js';

/** What every service call works in: the storage, the commune asked about, and the time. */
export interface Scope {
  readonly storage: Storage;
  readonly commune: CommuneStorage;
  readonly clock: () => Date;
}

/** A scope on a commune of the storage (its first one when no code is given). */
export function scopeOf(storage: Storage, clock: () => Date, code?: string): Scope {
  return { storage, commune: storage.commune(code), clock };
}
