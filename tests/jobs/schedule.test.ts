import cron, { type ScheduledTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { isValidCron, scheduleJob } from '../../src/jobs/schedule.js';
import { startPortalWatch } from '../../src/jobs/watch.js';
import { startWeeklySummaries } from '../../src/jobs/weekly.js';
import { DEFAULT_FETCH_RULES } from '../../src/services/page-fetch.js';
import type { Scope } from '../../src/services/scope.js';
import { addPlace } from '../../src/services/watch-places.js';
import { draft, ensureUser, openStore } from '../helpers.js';

const tasks: ScheduledTask[] = [];

afterEach(async () => {
  while (tasks.length) await tasks.pop()!.destroy();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Schedules a job that records the (fake) time of each of its runs. */
function recordingJob(expression: string): { task: ScheduledTask; runs: string[] } {
  const runs: string[] = [];
  const task = scheduleJob(expression, 'test', async () => {
    runs.push(new Date().toISOString());
  });
  tasks.push(task);
  return { task, runs };
}

/** Advances the fake clock to an instant. */
async function advanceTo(iso: string): Promise<void> {
  await vi.advanceTimersByTimeAsync(new Date(iso).getTime() - Date.now());
}

/** Gives real I/O in flight a few turns of the event loop. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

/** Lets real I/O (the store's file writes) finish while timers are fake. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000 && !(await condition()); i++) await new Promise((r) => setImmediate(r));
  expect(await condition()).toBe(true);
}

describe('the cron wiring', () => {
  it('fires "0 7 * * 1" at 07:00 Vietnam time (00:00 UTC), not at 07:00 UTC nor 07:00 in Los Angeles', async () => {
    vi.useFakeTimers();
    // Monday 23/11/2026 06:59 in Vietnam; Sunday 22/11 15:59 in Los Angeles.
    vi.setSystemTime(new Date('2026-11-22T23:59:00Z'));
    const { task, runs } = recordingJob('0 7 * * 1');

    await vi.advanceTimersByTimeAsync(59_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['2026-11-23T00:00:00.000Z']);

    // 07:00 UTC is 14:00 in Vietnam; 07:00 in Los Angeles (PST) is 15:00 UTC, 22:00 in Vietnam.
    await advanceTo('2026-11-23T07:00:30Z');
    expect(runs).toHaveLength(1);
    await advanceTo('2026-11-23T15:00:30Z');
    expect(runs).toHaveLength(1);
    expect(task.getNextRun()?.toISOString()).toBe('2026-11-30T00:00:00.000Z');

    // And again the next Monday at 07:00 in Vietnam.
    await advanceTo('2026-11-30T00:00:01Z');
    expect(runs).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
  });

  it('does not fire at 07:00 UTC on a Monday when started after 07:00 in Vietnam', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T06:59:00Z')); // Monday 13:59 in Vietnam, Sunday 22:59 in Los Angeles
    const { runs } = recordingJob('0 7 * * 1');
    await advanceTo('2026-11-23T15:01:00Z'); // past 07:00 UTC and 07:00 in Los Angeles
    expect(runs).toEqual([]);
  });

  it('stops firing once the task is stopped', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T23:59:00Z'));
    const { task, runs } = recordingJob('0 7 * * 1');
    await task.stop();
    await advanceTo('2026-11-23T00:01:00Z');
    expect(runs).toEqual([]);
  });

  it('logs a failed run and still runs the next week', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T23:59:00Z'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    tasks.push(
      scheduleJob('0 7 * * 1', 'failing', async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      }),
    );
    await advanceTo('2026-11-23T00:00:01Z');
    expect(calls).toBe(1);
    expect(error).toHaveBeenCalledWith('Scheduled job failing failed:', expect.objectContaining({ message: 'disk full' }));
    await advanceTo('2026-11-30T00:00:01Z');
    expect(calls).toBe(2);
  });

  it('does not start a second run while the previous one is still going', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T23:59:00Z'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let calls = 0;
    let finish!: () => void;
    tasks.push(
      scheduleJob('0 7 * * 1', 'slow', () => {
        calls++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      }),
    );
    await advanceTo('2026-11-23T00:00:01Z');
    expect(calls).toBe(1);
    await advanceTo('2026-11-30T00:00:01Z');
    expect(calls).toBe(1);
    finish();
    await advanceTo('2026-12-07T00:00:01Z');
    expect(calls).toBe(2);
    finish();
  });

  it('validates cron expressions', () => {
    expect(isValidCron('0 7 * * 1')).toBe(true);
    expect(isValidCron('every monday')).toBe(false);
    expect(isValidCron('61 7 * * 1')).toBe(false);
  });
});

describe('WEEKLY_SUMMARY_CRON', () => {
  it('rejects an expression that is not cron with a ConfigError naming the variable', () => {
    expect(() => loadConfig({ WEEKLY_SUMMARY_CRON: 'not a cron' } as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig({ WEEKLY_SUMMARY_CRON: 'not a cron' } as NodeJS.ProcessEnv)).toThrow(/WEEKLY_SUMMARY_CRON/);
    expect(() => loadConfig({ WEEKLY_SUMMARY_CRON: '61 7 * * 1' } as NodeJS.ProcessEnv)).toThrow(/WEEKLY_SUMMARY_CRON/);
  });

  it('is switched off by an empty value', () => {
    expect(loadConfig({ WEEKLY_SUMMARY_CRON: '' } as NodeJS.ProcessEnv).weeklySummaryCron).toBeNull();
    expect(loadConfig({ WEEKLY_SUMMARY_CRON: '   ' } as NodeJS.ProcessEnv).weeklySummaryCron).toBeNull();
  });

  it('defaults to Mondays at 07:00', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).weeklySummaryCron).toBe('0 7 * * 1');
    expect(loadConfig({ WEEKLY_SUMMARY_CRON: ' 30 6 * * 1 ' } as NodeJS.ProcessEnv).weeklySummaryCron).toBe('30 6 * * 1');
  });
});

describe('startWeeklySummaries', () => {
  it('schedules nothing and makes no summary when the cron is switched off', async () => {
    const store = await openStore();
    await store.addEntry(draft(), 'an');
    const before = cron.getTasks().size;
    const started = startWeeklySummaries(store, { cron: null, mail: null, clock: () => new Date('2026-11-23T00:00:00Z') });
    await started.catchUp;
    expect(started.task).toBeNull();
    expect(cron.getTasks().size).toBe(before);
    expect((await store.listSummaries())).toEqual([]);
    expect((await store.lastSummarizedWeek())).toBeNull();
  });

  it('catches up at start, then makes the next week\'s summary on Monday 07:00 in Vietnam', async () => {
    // setImmediate stays real so the store's file writes can finish under the fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-22T23:59:00Z'));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const store = await openStore({ clock: () => new Date() });
    // The log has an entry (Friday 20/11): with none, there is nothing to summarise.
    await store.addEntry(draft(), 'an');

    const started = startWeeklySummaries(store, { cron: '0 7 * * 1', mail: null });
    tasks.push(started.task!);
    await started.catchUp;
    // Monday 06:59 in Vietnam: the last completed week is 16–22/11.
    expect((await store.listSummaries()).map((s) => s.weekStart)).toEqual(['2026-11-16']);

    // 07:00 the same Monday: the cron runs, but that week is done already.
    await advanceTo('2026-11-23T00:00:01Z');
    await settle();
    expect((await store.listSummaries()).map((s) => s.weekStart)).toEqual(['2026-11-16']);

    // 07:00 in Los Angeles on Sunday 29/11 (15:00 UTC) is still Sunday in Vietnam: nothing.
    await advanceTo('2026-11-29T15:00:30Z');
    await settle();
    expect((await store.listSummaries())).toHaveLength(1);

    // Monday 30/11 07:00 in Vietnam: the week 23–29/11.
    await advanceTo('2026-11-30T00:00:01Z');
    await until(async () => (await store.listSummaries()).length === 2);
    expect((await store.listSummaries()).map((s) => s.weekStart)).toEqual(['2026-11-23', '2026-11-16']);
    expect((await store.lastSummarizedWeek())).toBe('2026-11-23');
    // The summary above is in memory at once; wait for its write before the data directory goes away.
    await started.task!.destroy();
    await store.close();
  });
});

describe('startPortalWatch', () => {
  it('is off without a cron', () => {
    expect(startPortalWatch(async () => [], { cron: null, rules: DEFAULT_FETCH_RULES })).toBeNull();
  });

  it('reads each commune\'s places in the round the cron was due, a commune that fails not stopping the others', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-22T01:14:00Z'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const store = await openStore({ clock: () => new Date() });
    await ensureUser(store, 'quantri', 'admin');
    // A place on an address no watch may read: refused before any connection, its error kept.
    expect(await addPlace(store, { url: 'http://127.0.0.2/cai-cach-hanh-chinh', kind: 'page', channel: 'portal' }, 'quantri')).toMatchObject({ ok: true });
    const broken = { ...store, commune: { ...store.commune, code: 'hong', watchPlaces: () => Promise.reject(new Error('disk gone')) } } as unknown as Scope;
    const task = startPortalWatch(async () => [broken, store], { cron: '15 */4 * * *', rules: DEFAULT_FETCH_RULES })!;
    tasks.push(task);
    // 08:15 in Vietnam.
    await advanceTo('2026-11-22T01:15:01Z');
    // The run reads and writes for real (the store's files): waited for with the real clock.
    await vi.waitFor(async () => expect((await store.commune.watchPlaces())[0]?.checkedAt).not.toBeNull(), { timeout: 5000, interval: 10 });
    expect(await store.commune.transaction((tx) => tx.watchRound())).toBe('2026-11-22T08:15:00+07:00');
    expect((await store.commune.watchPlaces())[0]).toMatchObject({ checkedAt: expect.stringMatching(/^2026-11-22T08:15:/), error: expect.stringContaining('127.0.0.2') });
    expect(error).toHaveBeenCalledWith('Portal watch of hong failed:', expect.objectContaining({ message: 'disk gone' }));
    await task.destroy();
    await store.close();
  });
});
