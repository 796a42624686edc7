/** The weekly summaries and the last week summarised (`summaries.json`). */
import type { Summary, SummaryDelivery } from '../../domain/summary.js';
import type { LocalDate } from '../../domain/time.js';
import { type AnyFile, removeFrom, replaceIn, type TxChanges } from './changes.js';
import { copySummary } from './copies.js';
import type { LowdbState } from './state.js';

/** Newest week first, newest version first. */
export function listSummaries(s: LowdbState): Summary[] {
  return [...s.summaries.data.summaries].sort((a, b) => (a.weekStart === b.weekStart ? b.version - a.version : a.weekStart < b.weekStart ? 1 : -1)).map(copySummary);
}

export function summary(s: LowdbState, id: number): Summary | null {
  const found = s.summaries.data.summaries.find((x) => x.id === id);
  return found ? copySummary(found) : null;
}

export function lastSummarizedWeek(s: LowdbState): LocalDate | null {
  return s.summaries.data.lastWeek;
}

/** The summaries' part of a transaction. */
export class TxSummaries {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async summariesOfWeek(weekStart: LocalDate): Promise<Summary[]> {
    return this.s.summaries.data.summaries.filter((x) => x.weekStart === weekStart).map(copySummary);
  }

  async lastSummarizedWeek(): Promise<LocalDate | null> {
    return lastSummarizedWeek(this.s);
  }

  async createSummary(fields: Omit<Summary, 'id'>): Promise<Summary> {
    const summary: Summary = copySummary({ id: this.s.next.summary++, ...fields });
    const list = this.s.summaries.data.summaries;
    list.push(summary);
    this.c.touch(this.s.summaries as AnyFile);
    this.c.undo(() => removeFrom(list, summary));
    return copySummary(summary);
  }

  async setLastSummarizedWeek(week: LocalDate): Promise<void> {
    this.c.setField(this.s.summaries, 'lastWeek', week);
  }

  async setSummaryDelivery(id: number, delivery: SummaryDelivery): Promise<void> {
    const list = this.s.summaries.data.summaries;
    const old = list.find((x) => x.id === id);
    if (!old) throw new Error(`no summary ${id}`);
    this.c.touch(this.s.summaries as AnyFile);
    this.c.undo(replaceIn(list, old, { ...old, delivery: { ...delivery } }));
  }
}
