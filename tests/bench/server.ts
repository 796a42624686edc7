import { readFileSync } from 'node:fs';
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

export const BENCH_ADMIN = { username: 'bench', password: 'bench-mat-khau-dai' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  startMs: number;
  banner: string;
  token: string;
  /** Lines the server wrote to stderr about a request answered 503 (busy); 0 unless `quietBusy`. */
  busyLines(): number;
  stop(): Promise<void>;
}

/** The Node flags `npm start` gives the server (package.json's start script, before `dist/server.js`). */
export function startFlags(): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/server\.js/.exec(scripts.start ?? '');
  if (!flags) throw new Error('package.json: the start script does not run node … dist/server.js');
  return flags[1]!.trim().split(/\s+/).filter(Boolean);
}

export interface StartOptions {
  /** More environment for the server (DATABASE_URL, FILES_DIR, WEEKLY_SUMMARY_CRON…), over the bench's own. */
  env?: Record<string, string>;
  /** Whether to make an API token for the bench admin (default true); `token` is '' without. */
  token?: boolean;
  /** Counts the server's "503 …" warning lines instead of printing them (a burst makes thousands); other stderr lines pass through. */
  quietBusy?: boolean;
}

/**
 * Starts the built server (dist/server.js) on a data directory, with a bench admin and an API token.
 * `startMs` runs from the spawn to the server's "listening" line.
 */
export async function startServer(dataDir: string, options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const t0 = Date.now();
  let banner = '';
  // The server runs as `npm start` runs it: with its Node flags, without the bench's own heap setting (NODE_OPTIONS).
  const { NODE_OPTIONS: _own, ...env } = process.env;
  const child = spawn(process.execPath, [...startFlags(), 'dist/server.js'], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ADMIN_USERNAME: BENCH_ADMIN.username, ADMIN_PASSWORD: BENCH_ADMIN.password, ...options.env },
    stdio: ['ignore', 'pipe', options.quietBusy ? 'pipe' : 'inherit'],
  });
  let busy = 0;
  if (options.quietBusy) {
    let rest = '';
    child.stderr!.on('data', (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (/^503 /.test(line)) busy++;
        else process.stderr.write(`${line}\n`);
      }
    });
  }
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (!d.toString().includes('listening')) return;
      banner = d.toString().trim().split('\n').find((l) => l.includes('listening')) ?? '';
      resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const startMs = Date.now() - t0;
  let token = '';
  if (options.token ?? true) {
    const res = await call(port, 'POST', '/api/v1/tokens', '', JSON.stringify({ ...BENCH_ADMIN, name: 'bench' }));
    token = (JSON.parse(res.body) as { token: string }).token;
  }
  return {
    child,
    port,
    startMs,
    banner,
    token,
    busyLines: () => busy,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export interface CallResult {
  status: number;
  body: string;
  ms: number;
  cookies: string[];
}

/**
 * One HTTP call on loopback; resolves with status, body, milliseconds and the cookies set. `auth` is
 * a Bearer token, or `cookie:<Cookie header>` for a browser session. Bodies are JSON unless `form`.
 * `via` is the connection pool (the shared `agent`, 8 sockets a server, unless given).
 */
export function call(port: number, method: string, path: string, auth: string, body?: string, form = false, via: http.Agent = agent): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const headers: Record<string, string | number> = {};
    if (auth.startsWith('cookie:')) headers.cookie = auth.slice(7);
    else if (auth) headers.authorization = `Bearer ${auth}`;
    if (body !== undefined) {
      headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: via, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          ms: Number(process.hrtime.bigint() - t0) / 1e6,
          cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs the bench admin in through the log-in form; returns `cookie:<header>` for `call`. */
export async function signIn(port: number): Promise<string> {
  const page = await call(port, 'GET', '/login', '');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const form = new URLSearchParams({ ...BENCH_ADMIN, _csrf: csrf, next: '/' }).toString();
  const res = await call(port, 'POST', '/login', `cookie:${page.cookies.join('; ')}`, form, true);
  if (res.status !== 303) throw new Error(`log-in answered ${res.status}`);
  const jar = new Map<string, string>();
  for (const c of [...page.cookies, ...res.cookies]) jar.set(c.split('=')[0]!, c);
  return `cookie:${[...jar.values()].join('; ')}`;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times `n` sequential calls after `warmup` unmeasured ones; p50/p95/p99 in ms. */
export async function timeCalls(n: number, warmup: number, once: (i: number) => Promise<{ status: number; ms: number }>, expected = 200): Promise<{ p50: number; p95: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const r = await once(i);
    if (r.status !== expected) throw new Error(`answered ${r.status}, expected ${expected}`);
    if (i >= warmup) times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}
