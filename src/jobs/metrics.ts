import type { ScheduledTask } from 'node-cron';
import { roundOf } from '../domain/metrics.js';
import { METRICS_SCHEDULE_USER, refreshMetrics } from '../services/metrics.js';
import type { PlatformAccess } from '../services/platforms/access.js';
import type { Scope } from '../services/scope.js';
import { scheduleJob } from './schedule.js';

/**
 * One scheduled round: every commune's posts refreshed, one commune after another. Every process that
 * runs the schedule calls this at the same minute; each commune's round is made by the first to claim
 * it (see `refreshMetrics`), the others skip it. Returns what each commune's round did, by code.
 */
export async function runMetricsRound(scopes: Scope[], access: PlatformAccess, now: Date): Promise<Record<string, string>> {
  const round = roundOf(now);
  const done: Record<string, string> = {};
  for (const scope of scopes) {
    try {
      const outcome = await refreshMetrics(scope, access, { actor: METRICS_SCHEDULE_USER, overwrite: false, round });
      done[scope.commune.code] = outcome.status === 'done' ? `updated ${outcome.updated} of ${outcome.posts}, ${outcome.errors.length} errors` : outcome.status;
    } catch (err) {
      // One commune's failure must not keep the others' figures from being read.
      console.error(`Metrics refresh of ${scope.commune.code} failed:`, err);
      done[scope.commune.code] = 'failed';
    }
  }
  return done;
}

/** The daily refresh of views and interactions, on its cron schedule (none when switched off). */
export function startMetricsRefresh(scopes: () => Promise<Scope[]>, access: PlatformAccess, options: { cron: string | null; clock?: () => Date }): ScheduledTask | null {
  if (!options.cron) return null;
  const clock = options.clock ?? (() => new Date());
  return scheduleJob(options.cron, 'metrics-refresh', async () => {
    const done = await runMetricsRound(await scopes(), access, clock());
    const worked = Object.entries(done).filter(([, what]) => what.startsWith('updated'));
    if (worked.length) console.log(`Metrics refresh: ${worked.map(([code, what]) => `${code} ${what}`).join('; ')}.`);
  });
}
