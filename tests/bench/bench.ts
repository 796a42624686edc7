/**
 * The benchmark (npm run bench; not part of the tests). Generates realistic synthetic logs in a
 * temporary directory at three sizes (one ward-year, ten ward-years, one city-year), starts the
 * real server on each, and measures over HTTP on loopback: recording an entry, the log list with
 * filters, the report page and API for a year, the CSV export (rows/s and the server's peak memory),
 * start-up time and resident memory. Prints a table and writes bench-results/bench.json.
 *
 *   npm run bench                         all sizes
 *   BENCH_SIZES=empty,ward npm run bench  some of them (empty, ward, ten, city, city-pg)
 *
 * On the ward size it also times entry creation while 8 loops keep the server checking passwords.
 *
 * `city-pg` is asked for by name only (it is not in the default list): a city of 114 communes with
 * three years of log (≈ 2.1 M entries) on a throwaway PostgreSQL, several app processes and a load of
 * concurrent creations; about 3 minutes on 2 cores (half of it seeding). It needs PostgreSQL's
 * binaries (see city-pg.ts).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seed } from './seed.js';
import { type ImportRun, importFile, timeImport, undoOnEmbedded, type UndoRun } from './import-bench.js';
import { type PasswordLoad, underPasswordLoad } from './password-load.js';
import { benchCityPg, type CityPgResult, printCityPg } from './city-pg.js';
import { agent, call, signIn, startServer, timeCalls } from './server.js';

interface Size {
  key: string;
  name: string;
  entries: number;
  prepare: (dir: string) => Promise<void>;
}

const SIZES: Size[] = [
  { key: 'empty', name: 'empty log', entries: 0, prepare: async () => undefined },
  { key: 'ward', name: 'one ward-year', entries: 6000, prepare: (dir) => seed(dir, { entries: 6000, fromYear: 2026, toYear: 2026 }) },
  { key: 'ten', name: 'ten ward-years', entries: 60_000, prepare: (dir) => seed(dir, { entries: 60_000, fromYear: 2017, toYear: 2026, seed: 11 }) },
  { key: 'city', name: 'one city-year (100+ wards)', entries: 700_000, prepare: (dir) => seed(dir, { entries: 700_000, fromYear: 2026, toYear: 2026, seed: 23 }) },
];

/** Resident memory of a process, in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function entryBody(i: number): string {
  return JSON.stringify({ title: `Bản tin phát thanh cải cách hành chính ${i}`, format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 2, durationSeconds: 180, note: 'Phát trong chương trình buổi sáng' });
}

/** A morning session of ten new items, titled apart so that the duplicate guard lets every one through. */
function broadcastBody(i: number): string {
  const entries = Array.from({ length: 10 }, (_, k) => ({ title: `Buổi phát ${i}, tin cải cách hành chính số ${k + 1}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', playCount: 1, durationSeconds: 150 }));
  return JSON.stringify({ channel: 'radio', at: '2026-11-21T06:00', note: 'Buổi sáng', entries });
}

async function measure(size: Size, root: string): Promise<Record<string, number | string>> {
  const dir = path.join(root, size.key);
  await mkdir(dir, { recursive: true });
  const t0 = Date.now();
  await size.prepare(dir);
  const seedMs = Date.now() - t0;
  const server = await startServer(dir);
  const out: Record<string, number | string> = { size: size.name, entries: size.entries, seedMs, startMs: server.startMs, rssAfterStartMb: Math.round(rssMb(server.child.pid!)) };
  try {
    const big = size.entries > 100_000;
    const record = await timeCalls(big ? 200 : 500, 50, (i) => call(server.port, 'POST', '/api/v1/entries', server.token, entryBody(i)), 201);
    Object.assign(out, { recordP50: record.p50, recordP95: record.p95, recordP99: record.p99 });
    // A whole broadcast session (ten entries) in one request: one transaction, one durable write.
    const session = await timeCalls(big ? 50 : 200, 20, (i) => call(server.port, 'POST', '/api/v1/sessions', server.token, broadcastBody(i)), 201);
    Object.assign(out, { sessionP50: session.p50, sessionP95: session.p95 });
    const cookie = await signIn(server.port);
    const rounds = big ? 10 : 30;
    const list = await timeCalls(rounds, 3, () => call(server.port, 'GET', '/entries?from=01%2F01%2F2026&to=31%2F12%2F2026&channel=radio&q=dich+vu+cong', cookie));
    const reportPage = await timeCalls(rounds, 3, () => call(server.port, 'GET', '/reports?period=year&year=2026', cookie));
    const reportApi = await timeCalls(rounds, 3, () => call(server.port, 'GET', '/api/v1/report?from=2026-01-01&to=2026-12-31', server.token));
    Object.assign(out, { listP50: list.p50, listP95: list.p95, reportPageP50: reportPage.p50, reportPageP95: reportPage.p95, reportApiP50: reportApi.p50, reportApiP95: reportApi.p95 });
    // The report over ten years (2017–2026): all of the "ten ward-years" log.
    const tenPage = await timeCalls(big ? 3 : 10, 1, () => call(server.port, 'GET', '/reports?period=custom&from=01%2F01%2F2017&to=31%2F12%2F2026', cookie));
    const tenApi = await timeCalls(big ? 3 : 10, 1, () => call(server.port, 'GET', '/api/v1/report?from=2017-01-01&to=2026-12-31', server.token));
    Object.assign(out, { tenYearPageP50: tenPage.p50, tenYearApiP50: tenApi.p50 });
    // The whole log as CSV, sampling the server's memory while it streams.
    const before = rssMb(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid!))), 20);
    const csv = await call(server.port, 'GET', '/export/entries.csv', server.token);
    clearInterval(sampler);
    if (csv.status !== 200) throw new Error(`export answered ${csv.status}`);
    const rows = csv.body.split('\r\n').length - 2;
    Object.assign(out, { exportRows: rows, exportMs: Math.round(csv.ms), exportRowsPerS: Math.round(rows / (csv.ms / 1000)), exportRssBeforeMb: Math.round(before), exportRssPeakMb: Math.round(peak) });
    if (size.key === 'ward') {
      passwordLoads.push(await underPasswordLoad(server, 'wrong-current-password'));
      passwordLoads.push(await underPasswordLoad(server, 'correct-token-requests'));
      // 100,000 rows of old log into the ward-year: a CSV (the year 2024), then an .xlsx (2025).
      const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
      const runs: ImportRun[] = [];
      for (const [kind, year] of [['csv', 2024], ['xlsx', 2025]] as const) runs.push(await timeImport(server, await importFile(dir, kind, rows, year), kind, rows));
      imports.push(...runs);
      // Undoing the CSV's import (the year 2024) as the admin, the server asked meanwhile.
      console.log(`  undoing the import of ${rows.toLocaleString('en')} rows…`);
      undos.push(await undoOnEmbedded(server, runs[0]!, 2024));
    }
  } finally {
    await server.stop();
  }
  return out;
}

const passwordLoads: PasswordLoad[] = [];
const imports: ImportRun[] = [];
const undos: UndoRun[] = [];
let cityPg: CityPgResult | undefined;

const f = (n: unknown, digits = 1): string => (typeof n === 'number' ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_SIZES ?? 'empty,ward,ten,city').split(',');
  const root = await mkdtemp(path.join(os.tmpdir(), 'cchc-bench-'));
  const results: Record<string, number | string>[] = [];
  try {
    for (const size of SIZES.filter((s) => wanted.includes(s.key))) {
      console.log(`… ${size.name}`);
      results.push(await measure(size, root));
    }
    if (wanted.includes('city-pg')) {
      console.log('… a city on PostgreSQL');
      cityPg = await benchCityPg(root);
    }
  } finally {
    agent.destroy();
    await rm(root, { recursive: true, force: true });
  }
  const base = results.find((r) => r.size === 'empty log')?.recordP50 as number | undefined;
  if (results.length) printSizes(results, base);
  if (cityPg) printCityPg(cityPg);
  const allUndos = [...undos, ...(cityPg ? [cityPg.undo] : [])];
  if (allUndos.length) printUndos(allUndos);
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/bench.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, passwordLoads, imports, undos, cityPg }, null, 2));
}

/** The tables of the embedded store's sizes. */
function printSizes(results: Record<string, number | string>[], base: number | undefined): void {
  console.log(`\nBenchmark ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${os.cpus().length} cores · loopback HTTP, times in ms`);
  console.log('| data | entries | start ms | RSS MB | record p50 / p95 / p99 | ÷ empty | list p50 / p95 | year report page p50 / p95 | year report API p50 / p95 | 10-year report page / API p50 | CSV rows/s | CSV RSS before → peak MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = base ? (r.recordP50 as number) / base : NaN;
    console.log(
      `| ${r.size} | ${Number(r.entries).toLocaleString('en')} | ${r.startMs} | ${r.rssAfterStartMb} | ${f(r.recordP50, 2)} / ${f(r.recordP95, 2)} / ${f(r.recordP99, 2)} | ${f(ratio, 2)} | ${f(r.listP50)} / ${f(r.listP95)} | ${f(r.reportPageP50)} / ${f(r.reportPageP95)} | ${f(r.reportApiP50)} / ${f(r.reportApiP95)} | ${f(r.tenYearPageP50)} / ${f(r.tenYearApiP50)} | ${Number(r.exportRowsPerS).toLocaleString('en')} | ${r.exportRssBeforeMb} → ${r.exportRssPeakMb} |`,
    );
  }
  console.log('\nA ten-entry broadcast session (POST /api/v1/sessions) against one entry (POST /api/v1/entries), same data:');
  console.log('| data | session p50 / p95 | entry p50 / p95 | session ÷ entry (p50) |');
  console.log('|---|---|---|---|');
  for (const r of results) console.log(`| ${r.size} | ${f(r.sessionP50, 2)} / ${f(r.sessionP95, 2)} | ${f(r.recordP50, 2)} / ${f(r.recordP95, 2)} | ${f((r.sessionP50 as number) / (r.recordP50 as number), 2)} |`);
  if (passwordLoads.length) {
    console.log('\nEntry creation on one ward-year while 8 loops make the server check passwords:');
    console.log('| load | password requests | of which 429 | record p50 / p95 |');
    console.log('|---|---|---|---|');
    for (const p of passwordLoads) console.log(`| ${p.kind} | ${p.attempts} | ${p.refused429} | ${f(p.recordP50, 2)} / ${f(p.recordP95, 2)} |`);
  }
  if (imports.length) {
    console.log('\nImport into one ward-year over HTTP: a dry run (upload, read, check), then the import of the same file (upload;');
    console.log('the dry run\'s reading is reused, checked again against the log, and stored). Meanwhile entries are created one after');
    console.log('another, and a health check is made every 50 ms:');
    console.log('| file | rows | size MB | dry run rows/s | import rows/s | both, end to end rows/s | server RSS before → peak MB | entry creation during p50 / p95 / max ms | health check during p95 / max ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of imports) {
      const both = Math.round(r.rows / ((r.dryRunMs + r.commitMs) / 1000));
      console.log(`| ${r.kind} | ${r.rows.toLocaleString('en')} | ${f(r.bytes / 1048576)} | ${r.dryRowsPerS.toLocaleString('en')} | ${r.commitRowsPerS.toLocaleString('en')} | ${both.toLocaleString('en')} | ${r.rssBeforeMb} → ${r.rssPeakMb} | ${f(r.recordDuringP50)} / ${f(r.recordDuringP95)} / ${f(r.recordDuringMax)} | ${f(r.healthDuringP95)} / ${f(r.healthDuringMax)} |`);
    }
  }
}

/** Undoing an import, on each engine measured: the DELETE's time and what else was answered meanwhile. */
function printUndos(list: UndoRun[]): void {
  console.log('\nUndoing an import (DELETE /api/v1/imports/:id as the admin) while other requests are asked; times in ms:');
  console.log('| engine | rows | import took | undo | status | entries of the import left live | meanwhile: probe, answered during the undo (still waiting at its end), longest overlapping, max over the run, unexpected |');
  console.log('|---|---|---|---|---|---|---|');
  for (const u of list) {
    const probes = u.probes.map((p) => `${p.name}: ${p.answeredDuring} (${p.waitingAtEnd}), ${f(p.maxDuring, 0)}, ${f(p.max, 0)}${Object.keys(p.unexpected).length ? `, ${JSON.stringify(p.unexpected)}` : ''}`).join('; ');
    console.log(`| ${u.engine} | ${u.rows.toLocaleString('en')} | ${u.importMs.toLocaleString('en')} | ${u.undoMs.toLocaleString('en')} | ${u.undoStatus} | ${u.liveAfter ?? '?'} | ${probes} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
