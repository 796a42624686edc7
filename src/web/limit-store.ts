import type { Options, Store } from 'express-rate-limit';
import type { LimitCounters } from '../storage/port.js';

/**
 * An express-rate-limit (and express-slow-down) store over the storage's shared counters, so that
 * every app process of a deployment counts the same log-in attempts. Each limiter has its own
 * store, its keys prefixed with the limiter's name.
 */
export class SharedLimitStore implements Store {
  private windowMs = 60_000;
  /** Counters live in the storage: none of them is this process's own. */
  readonly localKeys = false;

  constructor(
    private readonly counters: LimitCounters,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<{ totalHits: number; resetTime: Date }> {
    const { hits, resetAt } = await this.counters.increment(this.prefix + key, this.windowMs, Date.now());
    return { totalHits: hits, resetTime: new Date(resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.decrement(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.reset(this.prefix + key);
  }
}

/** A store for one limiter: the shared counters when the storage has them, else the limiter's own memory. */
export const storeFor = (counters: LimitCounters | undefined, name: string): { store?: Store } => (counters ? { store: new SharedLimitStore(counters, `${name}:`) } : {});
