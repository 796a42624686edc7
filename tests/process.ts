import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_DIR } from './server-build.js';

/** Helpers for tests that run the real server as a process (crash, load, browser, one-writer). */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// src/server.ts compiled by tests/server-build.ts (the run's global set-up), as `npm start` runs dist/server.js.
const SERVER = path.join(SERVER_DIR, 'server.js');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  exited: Promise<number | null>;
  /** Everything the process printed so far. */
  output(): string;
}

const children = new Set<ChildProcess>();

/** Last resort for an afterAll: no server outlives its test file, whatever failed. */
export function killAllServers(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server (`node .test-dist/server.js`, src/ compiled) as a direct child (so it is reaped);
 * without waiting. `wrapper` runs it under another command (`unshare --net`, say).
 */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}, wrapper: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const command = [...wrapper, process.execPath, SERVER];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ADMIN_USERNAME: '', ADMIN_PASSWORD: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return { child, port, base: `http://127.0.0.1:${port}`, exited, output: () => text };
}

/** Starts the server and resolves once it says it is listening. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(dataDir, env);
  const deadline = Date.now() + 30_000;
  while (!server.output().includes('listening')) {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening:\n${server.output()}`);
    if (Date.now() > deadline) {
      await kill(server, 'SIGKILL');
      throw new Error(`the server did not listen within 30 s:\n${server.output()}`);
    }
    await sleep(20);
  }
  return server;
}

/** Sends a signal unless the process is already gone, and waits for its exit code. */
export async function kill(server: ServerProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

const defaultAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One JSON call with an optional Bearer token. Rejects on network errors and cut-short answers. */
export function call(port: number, method: string, urlPath: string, token: string, body?: unknown, agent: http.Agent = defaultAgent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        if (!res.complete) reject(new Error('response cut short'));
        else resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - t0) / 1e6 });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** An API token for a user, through POST /api/v1/tokens. */
export async function tokenFor(port: number, username: string, password: string, agent?: http.Agent): Promise<string> {
  const res = await call(port, 'POST', '/api/v1/tokens', '', { username, password, name: 'test' }, agent);
  if (res.status !== 201) throw new Error(`POST /api/v1/tokens answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { token: string }).token;
}

/** Signs in through the log-in form of a running server; returns the Cookie header of the session. */
export async function sessionCookie(base: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const jar = new Map<string, string>();
  const keep = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ username, password, _csrf: csrf, next: '/' }),
  });
  if (res.status !== 303) throw new Error(`log-in of ${username} answered ${res.status}`);
  keep(res);
  return cookie();
}
