/**
 * Measures the cost of recording one entry over HTTP (POST /api/v1/entries) against the real
 * server, on three data directories: an empty log, a full ward-year (6,000 entries) in the current
 * year, and ten earlier ward-years (60,000 entries) plus the current one. Not part of the tests.
 *
 *   npm run bench:write            (builds first; prints a table, writes bench-results/write-cost.json)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { seed } from './seed.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const WARMUP = 100;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number; startMs: number; banner: string }> {
  const port = await freePort();
  const t0 = Date.now();
  let banner = '';
  const child = spawn(process.execPath, ['dist/server.js'], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (!d.toString().includes('listening')) return;
      banner = d.toString().trim();
      resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port, startMs: Date.now() - t0, banner };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/entries', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(port: number): Promise<{ p50: number; p95: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const body = JSON.stringify({ title: `Bản tin phát thanh cải cách hành chính ${i}`, format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 2, durationSeconds: 180, note: 'Phát trong chương trình buổi sáng' });
    const t0 = process.hrtime.bigint();
    const status = await post(port, body);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (status !== 201) throw new Error(`POST answered ${status}`);
    if (i >= WARMUP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cchc-bench-'));
  const cases = [
    { name: 'empty log', prepare: async (_dir: string) => undefined },
    { name: 'ward-year (6,000) in 2026', prepare: (dir: string) => seed(dir, { entries: 6000, fromYear: 2026, toYear: 2026 }) },
    {
      name: '60,000 of 2016-2025 + 6,000 in 2026',
      prepare: async (dir: string) => {
        await seed(dir, { entries: 60_000, fromYear: 2016, toYear: 2025, seed: 11 });
        await seed(dir, { entries: 6000, fromYear: 2026, toYear: 2026 });
      },
    },
  ];
  const results = [];
  try {
    for (const c of cases) {
      const dir = path.join(root, c.name.replace(/[^a-z0-9]+/gi, '-'));
      await mkdir(dir, { recursive: true });
      const t0 = Date.now();
      await c.prepare(dir);
      const seedMs = Date.now() - t0;
      const { child, port, startMs, banner } = await startServer(dir);
      try {
        const r = await measure(port);
        results.push({ case: c.name, ...r, seedMs, startMs, banner });
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  } finally {
    agent.destroy();
    await rm(root, { recursive: true, force: true });
  }
  const base = results[0]!.p50;
  console.log(`\nRecording one entry over HTTP (POST /api/v1/entries, keep-alive, ${ROUNDS} sequential requests after ${WARMUP} warm-up)`);
  console.log('| data on disk | p50 ms | p95 ms | p99 ms | p50 ÷ empty | server start ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.case} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p50 / base).toFixed(2)} | ${r.startMs} |`);
  for (const r of results) console.log(`${r.case}: ${r.banner}`);
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/write-cost.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rounds: ROUNDS, results }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
