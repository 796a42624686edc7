/**
 * Calls with a deadline, and probes that keep asking while something else runs (a burst, an undo):
 * a request with no answer within its time counts as unanswered, never as slow.
 */
import http from 'node:http';
import { percentile } from './server.js';

/** One call's outcome: an answer (any status), no answer in time, or a failed connection. */
export type Timed =
  | { kind: 'answer'; status: number; body: string; ms: number; retryAfter: number | null; t0: number; t1: number }
  | { kind: 'timeout'; ms: number; t0: number; t1: number }
  | { kind: 'error'; code: string; ms: number; t0: number; t1: number };

/**
 * One HTTP call on loopback (127.0.0.1) that gives up after `timeoutMs` (the socket is destroyed then).
 * `auth` is a Bearer token; bodies are JSON. `t0`/`t1` are `performance.now()` at the start and the end.
 */
export function callWithin(port: number, method: string, path: string, auth: string, body: string | undefined, via: http.Agent, timeoutMs: number): Promise<Timed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const ms = (): number => performance.now() - t0;
    let settled = false;
    const done = (r: Timed): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const headers: Record<string, string | number> = {};
    if (auth) headers.authorization = `Bearer ${auth}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: via, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'error', code: err.code ?? err.message, ms: ms(), t0, t1: performance.now() }));
      res.on('end', () => {
        const header = res.headers['retry-after'];
        const retryAfter = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : null;
        done({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: ms(), retryAfter, t0, t1: performance.now() });
      });
    });
    const timer = setTimeout(() => {
      done({ kind: 'timeout', ms: ms(), t0, t1: performance.now() });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'error', code: err.code ?? err.message, ms: ms(), t0, t1: performance.now() }));
    req.end(body);
  });
}

/** What a probe saw: how many asked and answered, the statuses other than the expected one, latencies of the answers. */
export interface ProbeStats {
  name: string;
  sent: number;
  answered: number;
  /** No answer within the probe's time limit. */
  unanswered: number;
  /** Failed connections. */
  failed: number;
  /** Answers other than the expected status, and failures, by status (`network CODE`, `no answer`). */
  unexpected: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
}

export interface Probe {
  /** Stops sending, waits for the calls still out (each within its time limit), and sums up. */
  stop(): Promise<ProbeStats>;
  /** Every call so far (for a window: what was answered while something else ran). */
  samples(): Timed[];
}

/**
 * Sends `once()` every `intervalMs` without waiting for the one before (a stalled server shows as
 * calls piling up and then unanswered, not as fewer calls).
 */
export function startProbe(name: string, intervalMs: number, once: () => Promise<Timed>, expected = 200): Probe {
  const out: Promise<void>[] = [];
  const seen: Timed[] = [];
  const fire = (): void => {
    out.push(once().then((r) => void seen.push(r)));
  };
  fire();
  const timer = setInterval(fire, intervalMs);
  return {
    samples: () => [...seen],
    async stop() {
      clearInterval(timer);
      await Promise.all(out);
      return summarize(name, seen, expected);
    },
  };
}

/** Sums up calls: answered or not, unexpected statuses, latency of the answers. */
export function summarize(name: string, seen: Timed[], expected = 200): ProbeStats {
  const unexpected: Record<string, number> = {};
  const times: number[] = [];
  let answered = 0;
  let unanswered = 0;
  let failed = 0;
  for (const r of seen) {
    if (r.kind === 'answer') {
      answered++;
      times.push(r.ms);
      if (r.status !== expected) unexpected[r.status] = (unexpected[r.status] ?? 0) + 1;
    } else if (r.kind === 'timeout') {
      unanswered++;
      unexpected['no answer'] = (unexpected['no answer'] ?? 0) + 1;
    } else {
      failed++;
      unexpected[`network ${r.code}`] = (unexpected[`network ${r.code}`] ?? 0) + 1;
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number): number => (times.length ? percentile(times, p) : NaN);
  return { name, sent: seen.length, answered, unanswered, failed, unexpected, p50: at(50), p95: at(95), max: times.at(-1) ?? NaN };
}

/** Percentiles of a list of times (NaN when empty). */
export function spread(list: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...list].sort((a, b) => a - b);
  if (!sorted.length) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}
