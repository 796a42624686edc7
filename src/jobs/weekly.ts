import type { ScheduledTask } from 'node-cron';
import type { Scope } from '../services/scope.js';
import { runWeeklySummary } from '../services/summaries.js';
import { deliverSummary, type MailConfig } from './mailer.js';
import { scheduleJob } from './schedule.js';

/** How long to wait between e-mail attempts: 1 minute, then 10. */
export const RETRY_DELAYS_MS = [60_000, 600_000];

/**
 * The weekly summaries as the server runs them: a catch-up now (weeks missed while the server was
 * down), then on the cron schedule. Each new summary is stored first, then e-mailed when configured.
 */
export function startWeeklySummaries(
  scopes: Scope | (() => Promise<Scope[]>),
  options: { cron: string | null; mail: Omit<MailConfig, 'retryDelaysMs'> | null; clock?: () => Date },
): { task: ScheduledTask | null; catchUp: Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  const mail = options.mail ? { ...options.mail, retryDelaysMs: RETRY_DELAYS_MS } : null;
  // Every commune's weeks; when several processes run the schedule, each week is made once (the
  // commune's transaction sees the summary another process made first, and makes none).
  const run = async (): Promise<void> => {
    for (const scope of typeof scopes === 'function' ? await scopes() : [scopes]) {
      const made = await runWeeklySummary(scope, clock(), { deliver: !!mail });
      if (made.length) console.log(`Weekly summary of ${scope.commune.code}: made ${made.length} (${made.map((s) => s.weekStart).join(', ')}).`);
      if (mail) for (const summary of made) await deliverSummary(scope, summary, mail);
    }
  };
  if (!options.cron) return { task: null, catchUp: Promise.resolve() };
  const catchUp = run().catch((err: unknown) => console.error('Weekly summary catch-up failed:', err));
  return { task: scheduleJob(options.cron, 'weekly-summary', run), catchUp };
}
