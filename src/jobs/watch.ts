import type { ScheduledTask } from 'node-cron';
import type { FetchRules } from '../services/page-fetch.js';
import type { Scope } from '../services/scope.js';
import { runWatchRound } from '../services/watch.js';
import { scheduleJob } from './schedule.js';

/**
 * The portal watch as the server runs it: on the cron schedule (PORTAL_WATCH_CRON), every commune's
 * places read once per round whatever the number of processes on the schedule (see runWatchRound).
 * No catch-up at start: the posts missed stay on the portal for the next round.
 */
export function startPortalWatch(scopes: () => Promise<Scope[]>, options: { cron: string | null; rules: FetchRules }): ScheduledTask | null {
  if (!options.cron) return null;
  return scheduleJob(options.cron, 'portal-watch', async (due) => {
    for (const scope of await scopes()) {
      // One commune's failure (its storage busy, say) must not cost the others their round.
      try {
        const done = await runWatchRound(scope, options.rules, due);
        if (done && (done.proposed || done.logged || done.errors.length)) console.log(`Portal watch of ${scope.commune.code}: ${done.proposed} proposed, ${done.logged} logged, ${done.errors.length} place(s) unread.`);
      } catch (err) {
        console.error(`Portal watch of ${scope.commune.code} failed:`, err);
      }
    }
  });
}
