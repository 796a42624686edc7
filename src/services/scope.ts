import type { Settings } from '../domain/settings.js';
import type { CommuneStorage, Storage } from '../storage/port.js';

/** What every service call works in: the storage, the commune asked about, and the time. */
export interface Scope {
  readonly storage: Storage;
  readonly commune: CommuneStorage;
  readonly clock: () => Date;
  /** The commune's settings read once for a request or a use case (`readingOnce`), shared by the services it calls. */
  readonly once?: SettingsOnce;
}

/** A scope on a commune of the storage (its first one when no code is given). */
export function scopeOf(storage: Storage, clock: () => Date, code?: string): Scope {
  return { storage, commune: storage.commune(code), clock };
}

/** A commune's settings read at most once: the first read is kept, and every later one shares it. */
export class SettingsOnce {
  private read: Promise<Settings> | null = null;

  constructor(private readonly commune: CommuneStorage) {}

  get(): Promise<Settings> {
    this.read ??= this.commune.settings();
    return this.read;
  }

  /** The settings if they were read already, else null: a call that reads them along with something else (an entry's ground) reads them there. */
  known(): Promise<Settings> | null {
    return this.read;
  }
}

/**
 * The same scope with its settings read at most once from now on: for a request (the page's layout
 * reads them first) or one use case (a bundle's dozen documents). Not for a scope that outlives a
 * request, such as a job's: settings changed meanwhile would go unseen.
 */
export function readingOnce(scope: Scope): Scope {
  return scope.once ? scope : { storage: scope.storage, commune: scope.commune, clock: scope.clock, once: new SettingsOnce(scope.commune) };
}
