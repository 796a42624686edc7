import { createHash } from 'node:crypto';
import type { EntryFilter } from '../domain/filters.js';
import { MSG } from '../domain/messages.js';
import type { EntryWithItem } from '../domain/model.js';
import type { LocalDate } from '../domain/time.js';
import { recordEvent } from './audit.js';
import { countersOf } from './counters.js';
import { Busy } from './errors.js';
import type { Scope } from './scope.js';

/** How long a user's same download (file and details) is one export in the trail. */
const EXPORT_WINDOW_MS = 60_000;
/** The most different exports one user may make in EXPORT_WINDOW_MS; past it they are refused, not left unrecorded. */
export const MAX_EXPORTS_PER_MINUTE = 60;

/**
 * Records an export in the audit trail (what, in which format, with its filter or period). The same user's
 * same export within a minute of the one recorded is that one again: served, not recorded twice. Past
 * MAX_EXPORTS_PER_MINUTE different exports in a minute, a user's next one is refused (429) before it is served.
 */
export async function recordExport(scope: Scope, actor: string, file: string, details: Record<string, unknown>): Promise<void> {
  const counters = countersOf(scope.storage);
  const now = scope.clock().getTime();
  const digest = createHash('sha256').update(JSON.stringify(details)).digest('base64url').slice(0, 22);
  const same = `export:${scope.commune.code}:${actor}:${file}:${digest}`;
  if ((await counters.increment(same, EXPORT_WINDOW_MS, now)).hits > 1) return;
  try {
    if ((await counters.increment(`exports:${actor}`, EXPORT_WINDOW_MS, now)).hits > MAX_EXPORTS_PER_MINUTE) throw new Busy(MSG.exportsTooMany(MAX_EXPORTS_PER_MINUTE));
    await recordEvent(scope, actor, 'export', { type: 'export', id: file }, { after: details });
  } catch (err) {
    // Not recorded: the same export asked again must be recorded then, not taken for a repeat.
    await counters.reset(same);
    throw err;
  }
}

/**
 * Whether the commune reported for part of a period: one of its own accounts exported a report (or evidence
 * bundle) covering part of it since the period began. A city viewer or the deployment's admin looking at a
 * commune's report does not report for it; where the deployment serves one commune, its accounts are that
 * commune's (but a city viewer's).
 */
export async function reportedFor(scope: Scope, from: LocalDate, to: LocalDate): Promise<boolean> {
  const code = scope.commune.code;
  const single = (await scope.storage.communes()).length <= 1;
  const known = new Map<string, boolean>();
  const ownAccount = async (username: string): Promise<boolean> => {
    let own = known.get(username);
    if (own === undefined) {
      const user = await scope.storage.users.get(username);
      own = !!user && (user.commune === code || (single && !user.commune && user.role !== 'city-viewer'));
      known.set(username, own);
    }
    return own;
  };
  for (let page = 1; ; page++) {
    const { rows } = await scope.commune.queryAudit({ action: 'export', from }, { page, pageSize: 500 });
    for (const r of rows) {
      const what = r.after?.what;
      const f = r.after?.from as string | undefined;
      const t = r.after?.to as string | undefined;
      if ((what === 'report' || what === 'bundle') && !!f && !!t && f <= to && t >= from && (await ownAccount(r.user))) return true;
    }
    if (rows.length < 500) return false;
  }
}

/** The live entries of a filter, newest first, streamed in batches (for the log exports). */
export function logEntries(scope: Scope, filter: EntryFilter): AsyncIterable<EntryWithItem[]> {
  return scope.commune.streamEntries(filter);
}

/** The display names of the accounts (username → name), to name who recorded each entry (`recorderOf`). */
export async function accountNames(scope: Scope): Promise<Map<string, string>> {
  return new Map((await scope.storage.users.list()).map((u) => [u.username, u.fullName]));
}
