import type { EntryFilter } from '../domain/filters.js';
import type { EntryView } from '../domain/model.js';
import type { LocalDate } from '../domain/time.js';
import { recordEvent } from './audit.js';
import type { Scope } from './scope.js';

/** Records an export in the audit trail (what, in which format, with its filter or period). */
export async function recordExport(scope: Scope, actor: string, file: string, details: Record<string, unknown>): Promise<void> {
  await recordEvent(scope, actor, 'export', { type: 'export', id: file }, { after: details });
}

/** Whether a report (or evidence bundle) covering part of a period was exported since the period began. */
export async function reportedFor(scope: Scope, from: LocalDate, to: LocalDate): Promise<boolean> {
  for (let page = 1; ; page++) {
    const { rows } = await scope.commune.queryAudit({ action: 'export', from }, { page, pageSize: 500 });
    for (const r of rows) {
      const what = r.after?.what;
      const f = r.after?.from as string | undefined;
      const t = r.after?.to as string | undefined;
      if ((what === 'report' || what === 'bundle') && !!f && !!t && f <= to && t >= from) return true;
    }
    if (rows.length < 500) return false;
  }
}

/** The live entries of a filter, newest first, streamed in batches (for the log exports). */
export function logEntries(scope: Scope, filter: EntryFilter): AsyncIterable<EntryView[]> {
  return scope.commune.streamEntries(filter);
}
