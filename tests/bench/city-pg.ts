/**
 * The city size on PostgreSQL (BENCH_SIZES=city-pg npm run bench): a throwaway PostgreSQL, a city of
 * 114 communes with three years of log (≈ 2.1 M entries, seeded in SQL: see city-seed.ts), several
 * app processes on the one database, and over loopback HTTP with API tokens:
 *
 *   - entry creation by a commune's editor, one call after another, spread over communes and processes;
 *   - a commune's year report (GET /api/v1/report), the log list with a text search (GET /api/v1/entries?q=);
 *   - the city's view of a year (GET /api/v1/city/report) as the deployment's admin ("not available" if 404);
 *   - a load: 32 clients for 30 s, each creating entries in a random commune through a random process;
 *     creations/s, the answers that were not 201, and then, in SQL, that every 201's entry is stored
 *     (in the commune whose editor made it);
 *   - a burst: 64 clients for 30 s, half writing into one commune, half spread over the city, re-airs
 *     without a length and new items, 503s retried after their Retry-After; answered and unanswered,
 *     statuses, creations/s and latencies of each half, /healthz and another commune's report probed
 *     every 250 ms, and in SQL every 201 stored exactly once (see burst.ts);
 *   - undoing an import of 100,000 rows (DELETE /api/v1/imports/:id as the admin) while /healthz,
 *     another commune's report and another commune's entry creation are asked every 100 ms;
 *   - start-up time and resident memory of each process;
 *   - the floors in raw SQL: a durable one-row INSERT, a commune's and the city's year grouped by channel.
 *
 *   BENCH_CITY_ENTRIES   the deployment's entries (default 2,100,000)
 *   BENCH_CITY_SECONDS   the load's length (default 30)
 *   BENCH_CITY_PROCESSES app processes (default 4)
 *   BENCH_CITY_CLIENTS   concurrent clients of the load, over all processes (default 32)
 *   BENCH_BURST_SECONDS  the burst's length (default 30)
 *   BENCH_BURST_CLIENTS  concurrent clients of the burst, over all processes, half of them on one commune (default 64)
 *   BENCH_BURST_REAIRS   share of the burst's writes that re-air an existing item (default 0.5)
 *   BENCH_BURST_TIMEOUT_MS  a call with no answer within this is unanswered (default 30000)
 *   BENCH_BURST_ATTEMPTS the most tries of one write answered 503 (default 10)
 *   BENCH_BURST_GRACE_SECONDS  retries may start this long after the burst's end (default 60)
 *   BENCH_BURST_PROBE_MS how often /healthz and the report are probed during the burst (default 250)
 *   BENCH_CITY_IMPORT_ROWS  the rows of the import that is undone (default 100,000)
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { contributionOf, monthOf } from '../../src/domain/counting.js';
import { startCluster } from '../pg/cluster.js';
import { type BurstHalf, type BurstResult, idOf, runBurst } from './burst.js';
import { type CityCommune, SEARCH_WORDS, seedCity } from './city-seed.js';
import { importFile, postImport, timeUndo, type UndoRun } from './import-bench.js';
import { callWithin, type ProbeStats } from './probe.js';
import { call, percentile, type RunningServer, startServer, timeCalls } from './server.js';

export interface CityPgResult {
  at: string;
  /** The machine's load average (1 min) before the run began: other work on the machine shows here. */
  loadAvgBefore: number;
  /** The whole run: cluster, seed, measurements, not the clean-up. */
  totalMs: number;
  entries: number;
  items: number;
  communes: number;
  perCommuneYear: number;
  dbSizeMb: number;
  seedMs: number;
  seedPhasesMs: Record<string, number>;
  processes: number;
  startMs: number[];
  /** Of the start-up, the server's own part (its "ready in" figure: storage opened to listening); the rest is Node loading the app. */
  readyMs: (number | null)[];
  rssAfterStartMb: number[];
  rssAfterLoadMb: number[];
  createP50: number;
  createP95: number;
  reportP50: number;
  reportP95: number;
  /** The entries of the last year report answered (a sanity check: about a commune-year). */
  reportEntries: number | null;
  /** The city's view: its times, or why there are none. */
  city: { p50: number; p95: number; communes: number | null } | { unavailable: string };
  listP50: number;
  listP95: number;
  /** The matches of the last text search answered. */
  listTotal: number | null;
  load: {
    seconds: number;
    processes: number;
    clients: number;
    created: number;
    perS: number;
    /** Answers other than 201 (by status; `network <code>` for a failed connection). */
    errors: number;
    statuses: Record<string, number>;
    p50: number;
    p95: number;
  };
  /** Of every entry answered 201 (the load's and the one-by-one creations'): missing from the database, and stored in another commune than the editor's. */
  verified: { checked: number; lost: number; otherCommune: number };
  /** The burst (see burst.ts), and the processes' memory after it. */
  burst: BurstResult;
  rssAfterBurstMb: number[];
  /** The "503 …" lines the processes logged (every 503 they answered, the burst's and the undo's). */
  busyLines: number;
  /** Undoing an import of BENCH_CITY_IMPORT_ROWS rows in one commune, other communes asked meanwhile. */
  undo: UndoRun;
  sql: { insertP50: number; insertP95: number; communeYearP50: number; cityYearP50: number; cityYearRows: number };
}

const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A new item and its airing, titled apart (run tag and number) so that the duplicate guard lets it through. */
function entryBody(tag: string, n: number, radio: boolean): string {
  if (radio) {
    return JSON.stringify({ title: `Bản tin phát thanh cải cách hành chính ${tag}-${n}`, format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 2, durationSeconds: 180, note: 'Phát trong chương trình buổi sáng' });
  }
  return JSON.stringify({ title: `Hướng dẫn dịch vụ công trực tuyến ${tag}-${n}`, format: 'article', topics: ['m'], unit: 'tt-phcc', channel: 'portal', at: '2026-11-21T09:15', url: `https://bench.haiphong.gov.vn/tin-${tag}-${n}`, views: 120 });
}

/** A number at a path of a JSON answer, when there is one. */
function numberAt(body: string, ...keys: string[]): number | null {
  try {
    let v: unknown = JSON.parse(body);
    for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

async function timeSql(db: pg.Client, n: number, warmup: number, once: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const t0 = process.hrtime.bigint();
    await once(i);
    if (i >= warmup) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Stops a server that is still running; a kill after 10 s if it does not exit. */
async function stopServer(s: RunningServer): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await s.stop();
  clearTimeout(timer);
}

export async function benchCityPg(root: string, log: (line: string) => void = console.log): Promise<CityPgResult> {
  const began = Date.now();
  const loadBefore = Math.round(os.loadavg()[0]! * 100) / 100;
  const total = env('BENCH_CITY_ENTRIES', 2_100_000);
  const seconds = env('BENCH_CITY_SECONDS', 30);
  const processCount = env('BENCH_CITY_PROCESSES', 4);
  const clients = env('BENCH_CITY_CLIENTS', 32);
  const dir = path.join(root, 'city-pg');
  const dataDir = path.join(dir, 'data');
  const filesDir = path.join(dir, 'files');
  await mkdir(dataDir, { recursive: true });
  await mkdir(filesDir, { recursive: true });

  const cluster = startCluster();
  const servers: RunningServer[] = [];
  let db: pg.Client | null = null;
  const stopCluster = (): void => {
    try {
      cluster.stop();
    } catch (err) {
      console.error(`Stopping PostgreSQL: ${(err as Error).message}`);
    }
  };
  // Ctrl-C: the cluster (a daemon of its own) and the app processes go too, and the bench's folder.
  // The signal may come more than once (npm, tsx and the terminal each pass it on): the first one
  // stops. The stop waits a moment: tsx's runner kills the script unless told within 30 ms that the
  // signal arrived, which a synchronous stop right away would hold up.
  let interrupting = false;
  const interrupted = (): void => {
    if (interrupting) return;
    interrupting = true;
    for (const s of servers) s.child.kill('SIGKILL');
    setTimeout(() => {
      stopCluster();
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    }, 100);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE city');
    await admin.end();
    const url = cluster.url('city');

    log(`  seeding ${total.toLocaleString('en')} entries…`);
    const city = await seedCity(url, filesDir, { entries: total, log });
    log(`  seeded in ${(city.seedMs / 1000).toFixed(0)} s: ${city.entries.toLocaleString('en')} entries, ${city.items.toLocaleString('en')} items, ${city.communes.length} communes, ${city.dbSizeMb} MB (${Object.entries(city.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);
    db = new pg.Client({ connectionString: url });
    await db.connect();

    // The app processes, one after another (each start-up timed alone).
    for (let i = 0; i < processCount; i++) {
      servers.push(await startServer(dataDir, { env: { DATABASE_URL: url, FILES_DIR: filesDir, WEEKLY_SUMMARY_CRON: '' }, token: false, quietBusy: true }));
    }
    const startMs = servers.map((s) => s.startMs);
    const readyMs = servers.map((s) => Number(/ready in (\d+) ms/.exec(s.banner)?.[1] ?? NaN)).map((v) => (Number.isNaN(v) ? null : v));
    const rssAfterStartMb = servers.map((s) => rssMb(s.child.pid!));
    log(`  ${processCount} processes started (${startMs.join(', ')} ms)`);

    const communes = city.communes;
    const tag = Date.now().toString(36);
    let n = 0;
    const made: { id: number; code: string }[] = [];
    // The bench's own connections, closed after 4 s idle: before the server's keep-alive (5 s) ends
    // them, so that no request goes out on a socket the server is closing (ECONNRESET).
    const oneByOne = new http.Agent({ keepAlive: true, maxSockets: 8, timeout: 4000 });
    const pickServer = (i: number): RunningServer => servers[i % servers.length]!;
    // A commune for call i: spread over the city (7 is prime to 114), not the same commune twice running.
    const communeFor = (i: number): CityCommune => communes[(i * 7) % communes.length]!;
    const create = async (server: RunningServer, c: CityCommune, radio: boolean, via?: http.Agent) => {
      const r = await call(server.port, 'POST', '/api/v1/entries', c.token, entryBody(tag, ++n, radio), false, via);
      const id = r.status === 201 ? idOf(r.body) : null;
      if (id !== null) made.push({ id, code: c.code });
      return r;
    };

    const created = await timeCalls(300, 20, (i) => create(pickServer(i), communeFor(i), i % 10 < 7, oneByOne), 201);
    log(`  creation p50 ${created.p50.toFixed(2)} ms`);

    const year = 'from=2026-01-01&to=2026-12-31';
    let reportEntries: number | null = null;
    const report = await timeCalls(60, 4, async (i) => {
      const r = await call(pickServer(i).port, 'GET', `/api/v1/report?${year}`, communeFor(i).token, undefined, false, oneByOne);
      reportEntries = numberAt(r.body, 'totals', 'entries') ?? reportEntries;
      return r;
    });
    log(`  commune year report p50 ${report.p50.toFixed(1)} ms`);

    let listTotal: number | null = null;
    const list = await timeCalls(60, 4, async (i) => {
      const r = await call(pickServer(i).port, 'GET', `/api/v1/entries?q=${encodeURIComponent(SEARCH_WORDS)}&${year}`, communeFor(i).token, undefined, false, oneByOne);
      listTotal = numberAt(r.body, 'total') ?? listTotal;
      return r;
    });
    log(`  list with text search p50 ${list.p50.toFixed(1)} ms`);

    let cityView: CityPgResult['city'];
    const probe = await call(servers[0]!.port, 'GET', `/api/v1/city/report?${year}`, city.admin.token, undefined, false, oneByOne);
    if (probe.status !== 200) {
      cityView = { unavailable: probe.status === 404 ? 'not available (404)' : `answered ${probe.status}` };
    } else {
      let cityCommunes: number | null = null;
      const times = await timeCalls(5, 1, async (i) => {
        const r = await call(pickServer(i).port, 'GET', `/api/v1/city/report?${year}`, city.admin.token, undefined, false, oneByOne);
        try {
          const body = JSON.parse(r.body) as { communes?: unknown };
          if (Array.isArray(body.communes)) cityCommunes = body.communes.length;
        } catch {
          // Not JSON: the status check fails the run anyway.
        }
        return r;
      });
      cityView = { p50: times.p50, p95: times.p95, communes: cityCommunes };
    }
    log(`  city view: ${'p50' in cityView ? `p50 ${cityView.p50.toFixed(0)} ms` : cityView.unavailable}`);

    // The load: `clients` loops, each creating in a random commune through a random process.
    log(`  load: ${processCount} processes, ${clients} clients, ${seconds} s…`);
    oneByOne.destroy();
    const loadAgent = new http.Agent({ keepAlive: true, maxSockets: clients, timeout: 4000 });
    const random = rng(42);
    const statuses: Record<string, number> = {};
    const times: number[] = [];
    let loadCreated = 0;
    const t0 = Date.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < deadline) {
          const c = communes[Math.floor(random() * communes.length)]!;
          const server = servers[Math.floor(random() * servers.length)]!;
          try {
            const r = await create(server, c, random() < 0.7, loadAgent);
            times.push(r.ms);
            if (r.status === 201) loadCreated++;
            else statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          } catch (err) {
            const key = `network ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
            statuses[key] = (statuses[key] ?? 0) + 1;
          }
        }
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    loadAgent.destroy();
    times.sort((a, b) => a - b);
    const errors = Object.values(statuses).reduce((a, b) => a + b, 0);
    const rssAfterLoadMb = servers.map((s) => rssMb(s.child.pid!));
    log(`  load: ${loadCreated} created (${Math.round(loadCreated / elapsed)}/s), ${errors} errors`);

    // Every 201 is in the database, in the editor's commune (ids come from one sequence: unique).
    const found = await db.query<{ id: number; code: string }>('SELECT e.id, c.code FROM entries e JOIN communes c ON c.id = e.commune_id WHERE e.id = ANY ($1::int[])', [made.map((m) => m.id)]);
    const where = new Map<number, string[]>();
    for (const r of found.rows) where.set(r.id, [...(where.get(r.id) ?? []), r.code]);
    const lost = made.filter((m) => !where.has(m.id)).length;
    const otherCommune = made.filter((m) => where.has(m.id) && !where.get(m.id)!.includes(m.code)).length;

    // The burst: half the clients into one commune, half over the city; 503s retried (burst.ts).
    const burst = await runBurst(db, servers, communes, {
      seconds: env('BENCH_BURST_SECONDS', 30),
      clients: env('BENCH_BURST_CLIENTS', 64),
      reairShare: Math.min(1, env('BENCH_BURST_REAIRS', 0.5)),
      timeoutMs: env('BENCH_BURST_TIMEOUT_MS', 30_000),
      maxAttempts: env('BENCH_BURST_ATTEMPTS', 10),
      graceSeconds: env('BENCH_BURST_GRACE_SECONDS', 60),
      probeMs: env('BENCH_BURST_PROBE_MS', 250),
    }, log);
    const rssAfterBurstMb = servers.map((s) => (s.child.exitCode === null ? rssMb(s.child.pid!) : 0));

    // Undoing a big import: made over HTTP in one commune (a year before the seeded ones), undone
    // as the deployment's admin on one process while that process is asked for other communes.
    const importRows = env('BENCH_CITY_IMPORT_ROWS', 100_000);
    const target = communes[communes.length - 1]!;
    const other = communes[Math.floor(communes.length / 3)]!;
    const writer = communes[Math.floor((2 * communes.length) / 3)]!;
    log(`  import of ${importRows.toLocaleString('en')} rows into ${target.code}…`);
    const file = await importFile(dir, 'csv', importRows, 2023);
    const undoServer = servers[0]!;
    const made100k = await postImport(undoServer.port, city.admin.token, file, false, `commune=${target.code}`);
    if (made100k.status !== 201 || typeof made100k.body.importId !== 'number') throw new Error(`import: ${made100k.status} ${JSON.stringify(made100k.body).slice(0, 300)}`);
    rmSync(file, { force: true });
    log(`  imported in ${(made100k.ms / 1000).toFixed(1)} s; undoing it…`);
    let w = 0;
    const undone = await timeUndo(undoServer.port, city.admin.token, made100k.body.importId, `?commune=${target.code}`, [
      { name: 'GET /healthz', once: (via) => callWithin(undoServer.port, 'GET', '/healthz', '', undefined, via, 30_000) },
      { name: `GET /api/v1/report (${other.code}, a year)`, once: (via) => callWithin(undoServer.port, 'GET', `/api/v1/report?${year}`, other.token, undefined, via, 30_000) },
      { name: `POST /api/v1/entries (${writer.code}, new item)`, expected: 201, once: (via) => callWithin(undoServer.port, 'POST', '/api/v1/entries', writer.token, entryBody(`${tag}-undo`, ++w, false), via, 30_000) },
    ], { probeMs: 100, timeoutMs: 600_000 });
    const liveAfter = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM entries WHERE commune_id = $1 AND at >= '2023-01-01' AND at < '2024-01-01' AND deleted_at IS NULL`, [target.id])).rows[0]!.n;
    const undo: UndoRun = { engine: 'postgres', rows: importRows, importMs: Math.round(made100k.ms), liveAfter, ...undone };
    log(`  undo: ${undo.undoStatus} in ${(undo.undoMs / 1000).toFixed(1)} s, ${liveAfter} entries of the import left live`);

    // The floors, in SQL on one connection: what the database alone takes.
    const c0 = communes[Math.floor(communes.length / 2)]!;
    const item = (await db.query<{ id: number }>('SELECT id FROM items WHERE commune_id = $1 ORDER BY id DESC LIMIT 1', [c0.id])).rows[0]!.id;
    // A radio play of two minutes, with what it counts for as the app computes it (`entryValues`).
    const counted = contributionOf({ playCount: 1, durationSeconds: 120, views: null, interactions: null });
    const insert = await timeSql(db, 300, 20, (i) => {
      const at = `2026-11-21T06:${String(i % 60).padStart(2, '0')}:00+07:00`;
      return db!.query(
        `INSERT INTO entries (commune_id, item_id, channel, at, play_count, duration_seconds, note, recorded_by, recorded_at, updated_at, updated_by, search,
           month, airtime, counted_views, counted_interactions)
         VALUES ($1, $2, 'radio', $3, 1, 120, '', 'bench-sql', $3, $3, 'bench-sql', '', $4, $5, $6, $7)`,
        [c0.id, item, at, monthOf(at), counted.airtimeSeconds, counted.views, counted.interactions],
      );
    });
    await db.query(`DELETE FROM entries WHERE commune_id = $1 AND recorded_by = 'bench-sql'`, [c0.id]);
    const bounds = ['2026-01-01T00:00:00+07:00', '2027-01-01T00:00:00+07:00'];
    const communeYear = await timeSql(db, 30, 3, (i) =>
      db!.query(
        `SELECT channel, count(*), count(DISTINCT item_id), sum(play_count) FROM entries
         WHERE commune_id = $1 AND at >= $2 AND at < $3 AND deleted_at IS NULL GROUP BY channel`,
        [communeFor(i).id, ...bounds],
      ),
    );
    let cityYearRows = 0;
    const cityYear = await timeSql(db, 5, 1, async () => {
      const r = await db!.query(
        `SELECT commune_id, channel, count(*), count(DISTINCT item_id), sum(play_count) FROM entries
         WHERE at >= $1 AND at < $2 AND deleted_at IS NULL GROUP BY commune_id, channel`,
        bounds,
      );
      cityYearRows = r.rowCount ?? 0;
    });

    return {
      at: new Date().toISOString(),
      loadAvgBefore: loadBefore,
      totalMs: Date.now() - began,
      entries: city.entries,
      items: city.items,
      communes: communes.length,
      perCommuneYear: city.perCommuneYear,
      dbSizeMb: city.dbSizeMb,
      seedMs: city.seedMs,
      seedPhasesMs: city.phases,
      processes: processCount,
      startMs,
      readyMs,
      rssAfterStartMb,
      rssAfterLoadMb,
      createP50: created.p50,
      createP95: created.p95,
      reportP50: report.p50,
      reportP95: report.p95,
      reportEntries,
      city: cityView,
      listP50: list.p50,
      listP95: list.p95,
      listTotal,
      load: { seconds, processes: processCount, clients, created: loadCreated, perS: Math.round(loadCreated / elapsed), errors, statuses, p50: percentile(times, 50), p95: percentile(times, 95) },
      verified: { checked: made.length, lost, otherCommune },
      burst,
      rssAfterBurstMb,
      busyLines: servers.reduce((n, s) => n + s.busyLines(), 0),
      undo,
      sql: { insertP50: insert.p50, insertP95: insert.p95, communeYearP50: communeYear.p50, cityYearP50: cityYear.p50, cityYearRows },
    };
  } finally {
    await Promise.all(servers.map(stopServer));
    await db?.end().catch(() => undefined);
    stopCluster();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await rm(dir, { recursive: true, force: true });
  }
}

const f = (n: number | null | undefined, digits = 1): string => (typeof n === 'number' ? n.toFixed(digits) : '–');
const mark = (ok: boolean | null): string => (ok === null ? '–' : ok ? 'yes' : '**no**');

/** The city-pg table: each figure beside its goal. */
export function printCityPg(r: CityPgResult): void {
  const cityOk = 'p50' in r.city ? r.city.p50 <= 500 : null;
  const maxRss = Math.max(...r.rssAfterStartMb, ...r.rssAfterLoadMb);
  const load = r.load;
  console.log(`\nCity on PostgreSQL ${r.at.slice(0, 10)} · Node ${process.version} · ${os.cpus().length} cores · ${r.communes} communes, ${r.entries.toLocaleString('en')} entries (${r.perCommuneYear.toLocaleString('en')} a commune-year, 2024–2026), ${r.items.toLocaleString('en')} items, database ${r.dbSizeMb.toLocaleString('en')} MB · load average before ${r.loadAvgBefore} · ${(r.totalMs / 60_000).toFixed(1)} min · loopback HTTP, API tokens, times in ms`);
  console.log('| measure | figure | goal | met |');
  console.log('|---|---|---|---|');
  const row = (what: string, figure: string, goal: string, ok: boolean | null): void => console.log(`| ${what} | ${figure} | ${goal} | ${mark(ok)} |`);
  row('seeding (SQL)', `${(r.seedMs / 1000).toFixed(0)} s (${Object.entries(r.seedPhasesMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`).join(', ')})`, '–', null);
  row(`start-up, ${r.processes} processes (of which the server's own "ready in")`, r.startMs.map((ms, i) => `${ms} (${r.readyMs[i] ?? '?'})`).join(' / '), '≤ 1000 each', Math.max(...r.startMs) <= 1000);
  row('RSS MB after start → after the load', r.rssAfterStartMb.map((m, i) => `${m} → ${r.rssAfterLoadMb[i]}`).join(', '), '≤ 200 each', maxRss <= 200);
  row('entry creation (one by one) p50 / p95', `${f(r.createP50, 2)} / ${f(r.createP95, 2)}`, '≤ 3 / ≤ 8', r.createP50 <= 3 && r.createP95 <= 8);
  row(`commune year report (API) p50 / p95`, `${f(r.reportP50)} / ${f(r.reportP95)} (${r.reportEntries?.toLocaleString('en') ?? '?'} entries)`, '≤ 50 p50', r.reportP50 <= 50);
  row('city view of a year p50 / p95', 'p50' in r.city ? `${f(r.city.p50)} / ${f(r.city.p95)}${r.city.communes !== null ? ` (${r.city.communes} communes)` : ''}` : r.city.unavailable, '≤ 500 p50', cityOk);
  row(`log list, text search "${SEARCH_WORDS}", a year p50 / p95`, `${f(r.listP50)} / ${f(r.listP95)} (${r.listTotal?.toLocaleString('en') ?? '?'} matches)`, '≤ 100 p50', r.listP50 <= 100);
  row(
    `load: ${load.processes} processes, ${load.clients} clients, ${load.seconds} s`,
    `${load.perS} creations/s (${load.created.toLocaleString('en')}), ${load.errors} errors${load.errors ? ` ${JSON.stringify(load.statuses)}` : ''}, p50 / p95 ${f(load.p50)} / ${f(load.p95)}`,
    '≥ 500/s, 0 errors',
    load.perS >= 500 && load.errors === 0,
  );
  row(`every 201 stored (${r.verified.checked.toLocaleString('en')} checked in SQL)`, `${r.verified.lost} lost, ${r.verified.otherCommune} in another commune`, '0 lost', r.verified.lost === 0 && r.verified.otherCommune === 0);
  const b = r.burst;
  const half = (name: string, h: BurstHalf): void => {
    const calls = `${h.attempts.toLocaleString('en')} calls: ${h.answered.toLocaleString('en')} answered, ${h.unanswered} unanswered, ${h.failed} failed; ${JSON.stringify(h.statuses)}`;
    const retried = `${h.answered503} × 503 (came in p50 ${f(h.busy.p50, 0)} / max ${f(h.busy.max, 0)}), ${h.retries} retries, ${h.retryAnswered409} retries answered 409, ${h.gaveUp} given up`;
    row(
      `burst, ${name}: ${h.clients} clients, ${b.seconds} s, ${b.processes} processes`,
      `${h.created.toLocaleString('en')} of ${h.writes.toLocaleString('en')} writes created (${h.createdReairs.toLocaleString('en')} re-airs), ${h.perS}/s; ${calls}; ${retried}; 201 first try → final p50 / p95 / p99 ${f(h.total.p50, 0)} / ${f(h.total.p95, 0)} / ${f(h.total.p99, 0)}, per call ${f(h.attempt.p50, 0)} / ${f(h.attempt.p95, 0)} / ${f(h.attempt.p99, 0)}`,
      '0 unanswered',
      h.unanswered === 0 && h.failed === 0,
    );
  };
  half(`one commune (${b.hotCommune})`, b.one);
  half(`spread over ${r.communes} communes`, b.spread);
  const probe = (p: ProbeStats, during: string): void =>
    row(`${p.name} every ${b.probeMs} ms ${during}`, `${p.sent} sent, ${p.answered} answered; p95 ${f(p.p95, 0)}, max ${f(p.max, 0)}${Object.keys(p.unexpected).length ? `; not 200: ${JSON.stringify(p.unexpected)}` : ''}`, '≤ 1000 max, all 200', p.max <= 1000 && Object.keys(p.unexpected).length === 0);
  probe(b.probes.healthz, 'during the burst');
  probe(b.probes.report, 'during the burst');
  const v = b.verified;
  row(
    `burst: every 201 stored once (${v.checked.toLocaleString('en')} checked in SQL)`,
    `${v.lost} lost, ${v.doubled} doubled, ${v.mismatched} not the 201's entry; ${v.storedWithout201} stored without a 201; unanswered: ${v.unansweredStored} stored, ${v.unansweredNotStored} not`,
    '0 lost, 0 doubled',
    v.lost === 0 && v.doubled === 0 && v.mismatched === 0 && v.storedWithout201 === 0,
  );
  row('burst: processes still running; RSS MB after it; "503" lines they logged', `${b.processesAlive} of ${b.processes}; ${r.rssAfterBurstMb.join(', ')}; ${r.busyLines.toLocaleString('en')}`, 'all', b.processesAlive === b.processes);
  const u = r.undo;
  row(
    `undo of an import of ${u.rows.toLocaleString('en')} rows (DELETE /api/v1/imports/:id, admin)`,
    `${u.undoStatus} in ${f(u.undoMs, 0)} ms (the import took ${f(u.importMs / 1000)} s); ${u.liveAfter ?? '?'} of its entries left live`,
    'seconds, 0 left',
    u.undoStatus === '200' && u.liveAfter === 0,
  );
  for (const p of u.probes) {
    row(
      `  meanwhile on the same process: ${p.name} every 100 ms`,
      `${p.answeredDuring} answered during the undo (${p.waitingAtEnd} still waiting at its end), longest overlapping ${f(p.maxDuring, 0)}; over the run ${p.sent} sent, p95 ${f(p.p95, 0)}, max ${f(p.max, 0)}${Object.keys(p.unexpected).length ? `, unexpected ${JSON.stringify(p.unexpected)}` : ''}`,
      'answered, ≤ 1000',
      p.maxDuring <= 1000 && Object.keys(p.unexpected).length === 0,
    );
  }
  row('SQL floor: durable one-row INSERT p50 / p95', `${f(r.sql.insertP50, 2)} / ${f(r.sql.insertP95, 2)}`, '–', null);
  row('SQL floor: a commune-year GROUP BY channel, count(DISTINCT item) p50', f(r.sql.communeYearP50), '–', null);
  row(`SQL floor: the city-year GROUP BY commune, channel, count(DISTINCT item) p50 (${r.sql.cityYearRows} rows)`, f(r.sql.cityYearP50, 0), '–', null);
}
