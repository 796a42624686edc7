import type { LimitCounters } from '../port.js';
import { one, type Queryable } from './db.js';

/** Counts made between two sweeps of ended windows. */
const SWEEP_EVERY = 500;

/** The log-in limits' counters in a table, so that every app process counts the same attempts. */
export function pgLimits(db: Queryable): LimitCounters {
  let calls = 0;
  return {
    async increment(key, windowMs, now) {
      if (++calls % SWEEP_EVERY === 0) await db.query('DELETE FROM rate_limits WHERE reset_at <= $1', [now]);
      const r = await one<{ hits: number; reset_at: number }>(
        db,
        `INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, $2::bigint + $3::bigint)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.reset_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
           reset_at = CASE WHEN rate_limits.reset_at <= $2 THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
         RETURNING hits, reset_at`,
        [key, now, windowMs],
      );
      return { hits: r!.hits, resetAt: r!.reset_at };
    },
    async decrement(key) {
      await db.query('UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1', [key]);
    },
    async reset(key) {
      await db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
    },
  };
}
