/**
 * Everything one commune keeps, as plain records: what a ward's embedded data directory is read into
 * (`lowdb/dump.ts`) and what is loaded into a commune of the city's database (`postgres/load.ts`) when
 * the ward moves to PostgreSQL. Deleted records are there too: a move loses nothing.
 */
import type { ApiToken, User } from '../domain/auth.js';
import type { FileRecord } from '../domain/files.js';
import type { ImportMapping } from '../domain/import-columns.js';
import type { ImportRecord } from '../domain/imports.js';
import type { MetricReading, MetricState, MetricsRun } from '../domain/metrics.js';
import type { AuditRecord, Entry, Item } from '../domain/model.js';
import type { YearPlanTask, TaskNote } from '../domain/year-plan.js';
import type { StoredPlatformKeys } from '../domain/platform-keys.js';
import type { Slot } from '../domain/schedule.js';
import type { Settings } from '../domain/settings.js';
import type { Summary } from '../domain/summary.js';
import type { LocalDate } from '../domain/time.js';
import type { InboxPost, WatchPlace } from '../domain/watch.js';
import type { BlobStore } from './port.js';

/** A commune's records, each list by id (tokens in the order they were made). Read-only. */
export interface CommuneDump {
  items: Item[];
  entries: Entry[];
  /** The whole trail: the log's, and that of accounts, settings, plan, schedule, imports and summaries. */
  audit: AuditRecord[];
  files: FileRecord[];
  users: User[];
  tokens: ApiToken[];
  settings: Settings;
  /** Each year's plan tasks, by year. */
  plans: { year: number; tasks: YearPlanTask[] }[];
  taskNotes: TaskNote[];
  imports: ImportRecord[];
  lastImportMapping: ImportMapping | null;
  /** The schedule's slots, deleted ones too. */
  slots: Slot[];
  summaries: Summary[];
  lastSummarizedWeek: LocalDate | null;
  /** The places watched for new posts (removed ones too), the posts found there, the round last claimed. */
  watch: { places: WatchPlace[]; posts: InboxPost[]; round: string | null };
  /**
   * The platforms' figures: the keys as stored (sealed, bound to the commune's code they were sealed
   * under), each post's state, every dated reading (each post's oldest first), the last round.
   */
  metrics: { keys: StoredPlatformKeys; states: MetricState[]; readings: MetricReading[]; run: MetricsRun | null };
  /** Where the files' bytes are read from. */
  blobs: BlobStore;
}

/** A move the tool will not make, with why, for the operator (in English). */
export class MoveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoveRefusedError';
  }
}
