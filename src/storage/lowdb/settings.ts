/** A commune's settings (`settings.json`). */
import type { Settings } from '../../domain/settings.js';
import type { TxChanges } from './changes.js';
import type { LowdbState } from './state.js';

export function settings(s: LowdbState): Settings {
  return structuredClone(s.settings.data.settings);
}

/** The settings' part of a transaction. */
export class TxSettings {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async settings(): Promise<Settings> {
    return settings(this.s);
  }

  async putSettings(next: Settings): Promise<void> {
    this.c.setField(this.s.settings, 'settings', structuredClone(next));
  }
}
