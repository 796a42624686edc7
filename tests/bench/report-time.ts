/**
 * Measures the report over HTTP at one ward-year (6,000 entries) and ten ward-years (60,000):
 * GET /api/v1/report and the /reports page, for the year 2026 and for ten years. Not part of the tests.
 *
 *   npm run bench:report
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seed } from './seed.js';
import { agent, BENCH_ADMIN, call, signIn, startServer, timeCalls } from './server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cchc-bench-'));
  const results: Record<string, unknown>[] = [];
  try {
    const ward = path.join(root, 'ward-year');
    const tenYears = path.join(root, 'ten-years');
    await seed(ward, { entries: 6000, fromYear: 2026, toYear: 2026 });
    await seed(tenYears, { entries: 60_000, fromYear: 2016, toYear: 2025, seed: 11 });
    for (const [name, dir, query] of [
      ['one ward-year (6,000), year 2026', ward, 'period=custom&from=2026-01-01&to=2026-12-31'],
      ['ten ward-years (60,000), 2016-2025', tenYears, 'period=custom&from=2016-01-01&to=2025-12-31'],
    ] as const) {
      const server = await startServer(dir);
      try {
        const api = await timeCalls(ROUNDS, 5, () => call(server.port, 'GET', `/api/v1/report?${query}`, server.token));
        results.push({ case: name, what: 'GET /api/v1/report', ...api });
        const cookie = await signIn(server.port);
        const page = await timeCalls(ROUNDS, 5, () => call(server.port, 'GET', `/reports?${query}`, cookie));
        results.push({ case: name, what: 'GET /reports (page)', ...page });
      } finally {
        await server.stop();
      }
    }
  } finally {
    agent.destroy();
    await rm(root, { recursive: true, force: true });
  }
  console.log(`\nReport over HTTP (${ROUNDS} sequential requests after 5 warm-up; user ${BENCH_ADMIN.username})`);
  console.log('| data | request | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  for (const r of results as { case: string; what: string; p50: number; p95: number }[]) console.log(`| ${r.case} | ${r.what} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`);
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/report-time.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
