import type { AppContext } from '../app.js';
import type { Period } from '../domain/periods.js';
import { channelClause, type CountMode, reportSentence } from '../domain/sentence.js';
import { reportFor } from '../services/reporting.js';

export interface AppendixRow {
  label: string;
  lead: string;
  partners: string[];
  result: string;
}

/** The rows of the printable appendix: one per channel with entries, its lead unit (most entries) and the others. */
export function appendixData(ctx: AppContext, period: Period, mode: CountMode): { rows: AppendixRow[]; sentence: string } {
  const report = reportFor(ctx.store, period.from, period.to);
  const settings = ctx.store.settings();
  const vocab = ctx.store.vocabulary();
  const entries = ctx.store.entriesBetween(period.from, period.to);
  const rows = report.byChannel
    .filter((r) => r.entries > 0)
    .map((r) => {
      const counts = new Map<string, number>();
      for (const e of entries) {
        if (e.channel !== r.code) continue;
        const unit = ctx.store.item(e.itemId)?.unit ?? '';
        counts.set(unit, (counts.get(unit) ?? 0) + 1);
      }
      const units = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code]) => vocab.units.find((u) => u.code === code)?.label ?? code);
      return { label: r.label, lead: units[0] ?? '', partners: units.slice(1), result: channelClause(r, settings.communeKind, mode) };
    });
  return { rows, sentence: reportSentence(report, settings.communeKind, mode) };
}
