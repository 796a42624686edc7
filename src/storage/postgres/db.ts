import pg from 'pg';
import { analyzeAfterCommit, forgetBulkInserts } from './statistics.js';

// Counts and sums come back as numbers (they stay far below 2^53), not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

/** A pool or one client inside a transaction: whatever runs a query. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type Row = Record<string, unknown>;

/** The rows of a query. */
export async function rows<T = Row>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query(text, values)).rows as T[];
}

/** The first row of a query, or null. */
export async function one<T = Row>(db: Queryable, text: string, values: unknown[] = []): Promise<T | null> {
  return ((await db.query(text, values)).rows[0] as T | undefined) ?? null;
}

/**
 * Runs `work` on a client of the pool between `begin` and COMMIT; rolled back when it throws. While
 * the client is checked out it listens for its connection's errors (a server restart, a terminated
 * backend, a timeout that ends the session): such an error fails this block only, and the client is
 * thrown away rather than returned to the pool. Tables it filled in bulk are analysed after the
 * commit (`statistics.ts`).
 */
async function inBlock<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error): void => {
    lost ??= err;
  };
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    await analyzeAfterCommit(client);
    return result;
  } catch (err) {
    forgetBulkInserts(client);
    if (!lost) await client.query('ROLLBACK').catch((e: Error) => onError(e));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/**
 * Runs `work` in one transaction on a client of the pool: committed when it resolves, rolled back
 * when it throws. `lock` (two whole numbers) is an advisory lock the transaction takes first, in the
 * same round trip as its BEGIN, and holds until it ends; `lockWaitMs` bounds the wait for it.
 */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, lock?: [number, number], lockWaitMs?: number): Promise<T> {
  if (lock && !lock.every(Number.isSafeInteger)) throw new Error(`advisory lock keys must be whole numbers: ${lock.join(', ')}`);
  if (lockWaitMs !== undefined && !Number.isSafeInteger(lockWaitMs)) throw new Error(`a lock wait is whole milliseconds: ${lockWaitMs}`);
  // The lock's own bound (for this transaction only), in the same round trip.
  const bound = lockWaitMs === undefined ? '' : ` SET LOCAL lock_timeout = ${Math.max(1, lockWaitMs)};`;
  return inBlock(pool, lock ? `BEGIN;${bound} SELECT pg_advisory_xact_lock(${lock[0]}, ${lock[1]})` : 'BEGIN', work);
}

/** Runs reads on one snapshot of the database (several queries that must agree, such as a report's). */
export function inSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inBlock(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', read);
}
