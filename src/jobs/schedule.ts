import cron, { type ScheduledTask } from 'node-cron';
import { TIME_ZONE } from '../domain/time.js';

/** Whether a cron expression is one node-cron accepts. */
export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * Runs `job` on a cron schedule read in Vietnam time, whatever the host's zone; a run still going
 * when the next is due is not doubled. The job is told the time it was due (the same in every process
 * on the schedule, whenever each fired). node-cron remembers nothing across restarts: catch-up is the
 * job's own business (see runWeeklySummary).
 */
export function scheduleJob(expression: string, name: string, job: (due: Date) => Promise<unknown>): ScheduledTask {
  return cron.schedule(
    expression,
    async (context) => {
      try {
        await job(context.date);
      } catch (err) {
        console.error(`Scheduled job ${name} failed:`, err);
      }
    },
    { name, timezone: TIME_ZONE, noOverlap: true },
  );
}
