import type { Raw } from '../domain/fields.js';
import type { Result } from '../domain/model.js';
import type { Period } from '../domain/periods.js';
import { REPORT_NOTE_KEYS, REPORT_SECTIONS, type ReportNotes, validateReportNotes } from '../domain/report-notes.js';
import { audit } from './audit.js';
import type { Scope } from './scope.js';

type Range = Pick<Period, 'from' | 'to'>;

// The parts are kept in the store of the appendix notes under reserved keys (`REPORT_NOTE_KEYS`), by
// the period's dates; its year is the start's, so that one range reads the same parts whichever
// preset named it (a Decree-09 year starts on 15/12 of the year before).
const yearOf = (period: Range): number => Number(period.from.slice(0, 4));

/** What the office wrote for the report of a period ('' for a part with nothing written). */
export async function reportNotes(scope: Scope, period: Range): Promise<ReportNotes> {
  const stored = await scope.commune.taskNotes(yearOf(period), period.from, period.to);
  const text = (key: string): string => stored.find((n) => n.taskId === key)?.text ?? '';
  return { shortcomings: text(REPORT_NOTE_KEYS.shortcomings), nextSteps: text(REPORT_NOTE_KEYS.nextSteps) };
}

/**
 * Stores the parts of a period's report as typed (an empty part is removed), with one audit record of
 * what changed; nothing is stored when a part is too long.
 */
export async function saveReportNotes(scope: Scope, period: Range, raw: Raw, actor: string): Promise<Result<ReportNotes>> {
  const checked = validateReportNotes(raw);
  if (!checked.ok) return checked;
  const next = checked.value;
  // Read outside the transaction, as the appendix notes are: the port reads notes on the log only.
  const old = await reportNotes(scope, period);
  const changed = REPORT_SECTIONS.filter((s) => old[s] !== next[s]);
  if (!changed.length) return { ok: true, value: next };
  await scope.commune.transaction(async (tx) => {
    for (const s of changed) await tx.putTaskNote({ year: yearOf(period), taskId: REPORT_NOTE_KEYS[s], from: period.from, to: period.to, text: next[s] });
    const before = Object.fromEntries(changed.map((s) => [s, old[s]]));
    const after = Object.fromEntries(changed.map((s) => [s, next[s]]));
    await audit(tx, scope, actor, 'report.note', { type: 'report', id: `${period.from}/${period.to}` }, { before: { from: period.from, to: period.to, ...before }, after });
  });
  return { ok: true, value: next };
}
