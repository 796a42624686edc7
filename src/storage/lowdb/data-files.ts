/**
 * The shapes of the JSON files of a data directory (and of each commune's folder in it), and what a
 * file holds before anything is written to it. The noun modules read and change them; `state.ts`
 * loads them.
 */
import type { ApiToken, User } from '../../domain/auth.js';
import type { FileRecord } from '../../domain/files.js';
import type { ImportMapping } from '../../domain/import-columns.js';
import type { ImportRecord } from '../../domain/imports.js';
import type { MetricReading, MetricState, MetricsRun } from '../../domain/metrics.js';
import type { AuditRecord, Entry, Item } from '../../domain/model.js';
import type { YearPlanTask, TaskNote } from '../../domain/year-plan.js';
import { emptyPlatformKeys, type StoredPlatformKeys } from '../../domain/platform-keys.js';
import type { Settings } from '../../domain/settings.js';
import type { Slot } from '../../domain/schedule.js';
import type { Summary } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import type { InboxPost, WatchPlace } from '../../domain/watch.js';

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

/** `imports.json`: the imports of spreadsheets, the mapping used last, and the records of their changes. */
export interface ImportsData {
  format: 'cchc-imports/1';
  imports: ImportRecord[];
  lastMapping: ImportMapping | null;
  audit: AuditRecord[];
}

export const emptyImports = (): ImportsData => ({ format: 'cchc-imports/1', imports: [], lastMapping: null, audit: [] });

/** `plan.json`: each year's plan tasks, the office's notes on them per report period, and the records of their changes. */
export interface YearPlanData {
  format: 'cchc-plan/1';
  /** Year → its tasks, in the plan's order. */
  years: Record<string, YearPlanTask[]>;
  notes: TaskNote[];
  audit: AuditRecord[];
}

export const emptyYearPlan = (): YearPlanData => ({ format: 'cchc-plan/1', years: {}, notes: [], audit: [] });

/**
 * `metrics.json`: the commune's keys to the platforms (sealed), where each post stands with its
 * platform, the posts' dated figures, the last round of refreshes, and the records of their changes.
 */
export interface MetricsData {
  format: 'cchc-metrics/1';
  keys: StoredPlatformKeys;
  run: MetricsRun | null;
  states: MetricState[];
  readings: MetricReading[];
  audit: AuditRecord[];
}

export const emptyMetrics = (): MetricsData => ({ format: 'cchc-metrics/1', keys: emptyPlatformKeys(), run: null, states: [], readings: [], audit: [] });

/** `watch.json`: the places a commune's posts are watched at, the posts found, the round last claimed, and the records of the places' changes. */
export interface WatchData {
  format: 'cchc-watch/1';
  places: WatchPlace[];
  posts: InboxPost[];
  round: string | null;
  audit: AuditRecord[];
}

export const emptyWatch = (): WatchData => ({ format: 'cchc-watch/1', places: [], posts: [], round: null, audit: [] });
