import type { Storage } from '../src/storage/port.js';

/**
 * The storage port counted: every call goes to the real engine, as it is, and is counted by where it
 * was made (`commune.settings`, `tx.settings` inside a transaction, `users.get`...). Nothing is
 * mocked; a test reads how often a request asked the storage for what (as linkding counts queries).
 */
export class CallCounts {
  /** Every call since the last reset, in order, with its arguments. */
  readonly calls: { name: string; args: unknown[] }[] = [];

  add(name: string, args: unknown[]): void {
    this.calls.push({ name, args });
  }

  /** How many calls were made to one method (`commune.countEntries`), or to any of several. */
  of(...names: string[]): number {
    return this.calls.filter((c) => names.includes(c.name)).length;
  }

  /** Every method called, with its count, by name. */
  all(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { name } of [...this.calls].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) out[name] = (out[name] ?? 0) + 1;
    return out;
  }

  reset(): void {
    this.calls.length = 0;
  }
}

// Methods whose result is an object of the port (the commune's reads), or whose callback gets one (a transaction).
const SCOPES: Record<string, string> = { commune: 'commune' };

function counted<T extends object>(target: T, prefix: string, counts: CallCounts): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function') {
        const name = `${prefix}${prop}`;
        return (...args: unknown[]) => {
          counts.add(name, args);
          if (prop === 'transaction' && typeof args[0] === 'function') {
            const work = args[0] as (tx: object) => unknown;
            args[0] = (tx: object) => work(counted(tx, 'tx.', counts));
          }
          // Called on the engine's own object: engines may keep private fields.
          const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return SCOPES[prop] && result && typeof result === 'object' ? counted(result, `${SCOPES[prop]}.`, counts) : result;
        };
      }
      // The port's groups of calls: `users`, `sessions`, `blobs`, `limits`, `deploymentAudit`.
      if (value && typeof value === 'object' && !prefix && ['users', 'sessions', 'blobs', 'limits', 'deploymentAudit'].includes(prop)) return counted(value, `${prop}.`, counts);
      return value;
    },
  });
}

/** The same storage, every call of it counted into `counts`. */
export function countingStorage<S extends Storage>(storage: S, counts: CallCounts): S {
  return counted(storage, '', counts);
}
