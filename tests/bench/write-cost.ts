/**
 * Measures the cost of recording one entry over HTTP (POST /api/v1/entries) against the real
 * server, on three data directories: an empty log, a full ward-year (6,000 entries) in the current
 * year, and ten earlier ward-years (60,000 entries) plus the current one. Not part of the tests.
 *
 *   npm run bench:write            (builds first; prints a table, writes bench-results/write-cost.json)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seed } from './seed.js';
import { agent, call, startServer, timeCalls } from './server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const WARMUP = 100;

function entryBody(i: number): string {
  return JSON.stringify({ title: `Bản tin phát thanh cải cách hành chính ${i}`, format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 2, durationSeconds: 180, note: 'Phát trong chương trình buổi sáng' });
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
      await c.prepare(dir);
      const server = await startServer(dir);
      try {
        const r = await timeCalls(ROUNDS, WARMUP, (i) => call(server.port, 'POST', '/api/v1/entries', server.token, entryBody(i)), 201);
        results.push({ case: c.name, ...r, startMs: server.startMs, banner: server.banner });
      } finally {
        await server.stop();
      }
    }
  } finally {
    agent.destroy();
    await rm(root, { recursive: true, force: true });
  }
  const base = results[0]!.p50;
  console.log(`\nRecording one entry over HTTP (POST /api/v1/entries with a Bearer token, keep-alive, ${ROUNDS} sequential requests after ${WARMUP} warm-up)`);
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
