/** The shapes of the JSON files of a data directory (and of each commune's folder in it). */
import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { AuditRecord, Entry, Item } from '../../domain/model.js';
import type { Settings } from '../../domain/settings.js';
import type { Slot } from '../../domain/schedule.js';
import type { Summary } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';

/** One file of the log: the items, entries, files and audit records written while it was the newest. */
export interface SegmentData {
  format: 'cchc-log-segment/1';
  items: Item[];
  entries: Entry[];
  audit: AuditRecord[];
  /** Attached evidence files (absent in segments written before attachments existed). */
  files?: FileRecord[];
}

/** `log/manifest.json`: how many segment files the log has. */
export interface ManifestData {
  format: 'cchc-log-manifest/1';
  segments: number;
}

/** `users.json`: accounts, API tokens and the audit records of their changes. */
export interface UsersData {
  format: 'cchc-users/1';
  users: User[];
  tokens: ApiToken[];
  audit: AuditRecord[];
}

/** `settings.json`: the commune's settings and the records of their changes. */
export interface SettingsData {
  format: 'cchc-settings/1';
  settings: Settings;
  audit: AuditRecord[];
}

/** `summaries.json`: the weekly summaries and the last week the schedule summarised. */
export interface SummariesData {
  format: 'cchc-summaries/1';
  summaries: Summary[];
  lastWeek: LocalDate | null;
  audit: AuditRecord[];
}

/** `schedule.json`: the programme schedule's slots and the records of their changes. */
export interface ScheduleData {
  format: 'cchc-schedule/1';
  slots: Slot[];
  audit: AuditRecord[];
}

export function emptySegment(): SegmentData {
  return { format: 'cchc-log-segment/1', items: [], entries: [], audit: [] };
}
