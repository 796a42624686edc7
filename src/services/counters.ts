import type { LimitCounters, Storage } from '../storage/port.js';

/** Counted windows kept before the ended ones are swept. */
const SWEEP_PAST = 10_000;

/** Counters in this process's memory, for a storage that serves one process and keeps none. */
class MemoryCounters implements LimitCounters {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  async increment(key: string, windowMs: number, now: number): Promise<{ hits: number; resetAt: number }> {
    if (this.windows.size > SWEEP_PAST) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    const w = this.windows.get(key);
    const next = w && w.resetAt > now ? { hits: w.hits + 1, resetAt: w.resetAt } : { hits: 1, resetAt: now + windowMs };
    this.windows.set(key, next);
    return { ...next };
  }

  async decrement(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w) w.hits = Math.max(0, w.hits - 1);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }
}

const own = new WeakMap<Storage, LimitCounters>();

/** The storage's counters shared by every process, or (for a one-process storage) counters of its own in memory. */
export function countersOf(storage: Storage): LimitCounters {
  if (storage.limits) return storage.limits;
  let counters = own.get(storage);
  if (!counters) own.set(storage, (counters = new MemoryCounters()));
  return counters;
}
