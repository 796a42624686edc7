import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import http from 'node:http';
import ExcelJS from 'exceljs';
import { callWithin, type ProbeStats, startProbe, type Timed } from './probe.js';
import { call, percentile, type RunningServer } from './server.js';

/** What one import of the benchmark measured. */
export interface ImportRun {
  kind: 'csv' | 'xlsx';
  rows: number;
  bytes: number;
  dryRunMs: number;
  commitMs: number;
  dryRowsPerS: number;
  commitRowsPerS: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Entry creation, one after another, while the import runs. */
  recordDuringP50: number;
  recordDuringP95: number;
  recordDuringMax: number;
  /** A health check every 50 ms while the import runs: how long the server kept it waiting. */
  healthDuringP95: number;
  healthDuringMax: number;
  /** The import's id (to undo it). */
  importId: number | null;
}

const HEADERS = ['Mã tin bài', 'Thời gian', 'Kênh', 'Tiêu đề', 'Hình thức thể hiện', 'Nội dung tuyên truyền', 'Đơn vị thực hiện', 'Số lượt phát', 'Thời lượng 1 lần (giây)', 'Lượt xem'];
const TOPICS = ['m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng', 'a) Chủ trương, chính sách, pháp luật về CCHC', 'k) Chính quyền điện tử, chính quyền số, chuyển đổi số'];

/** The rows of a year of an office's old log: items aired about five times each, a quarter of them online. */
function* rowsOf(count: number, year: number): Generator<(string | number | Date)[]> {
  for (let i = 0; i < count; i++) {
    const item = Math.floor(i / 5);
    const day = (i * 7919) % 365;
    const minute = (i * 104_729) % 1440;
    const date = new Date(Date.UTC(year, 0, 1 + day, Math.floor(minute / 60), minute % 60));
    const online = item % 4 === 0;
    yield [item + 1, date, online ? 'Cổng TTĐT' : 'Truyền thanh', `Tin bài số ${item + 1} về cải cách hành chính năm ${year}`, 'Tin', TOPICS[item % 3]!, 'Trung tâm Dịch vụ sự nghiệp công', online ? 1 : 1 + (i % 3), online ? '' : 120 + (item % 200), online ? (i * 37) % 5000 : ''];
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const csvCell = (v: string | number | Date): string => {
  if (v instanceof Date) return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes the benchmark's file: a UTF-8 CSV with a BOM, or an .xlsx written as a stream. */
export async function importFile(dir: string, kind: 'csv' | 'xlsx', rows: number, year: number): Promise<string> {
  const file = path.join(dir, `import-${year}.${kind}`);
  if (kind === 'csv') {
    const lines = [`\uFEFF${HEADERS.join(',')}`];
    for (const r of rowsOf(rows, year)) lines.push(r.map(csvCell).join(','));
    await writeFile(file, `${lines.join('\r\n')}\r\n`);
    return file;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('Nhật ký');
  ws.addRow(HEADERS).commit();
  for (const r of rowsOf(rows, year)) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return file;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function post(server: RunningServer, file: string, dry: boolean): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  return postImport(server.port, server.token, file, dry);
}

/** Uploads a file to POST /api/v1/imports (`query` adds to the address, e.g. `commune=xa-001`). */
export async function postImport(port: number, token: string, file: string, dry: boolean, query = ''): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), path.basename(file));
  const params = [dry ? 'dryRun=1' : '', query].filter(Boolean).join('&');
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/imports${params ? `?${params}` : ''}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text: text.slice(0, 300) };
  }
  return { status: res.status, body, ms: performance.now() - t0 };
}

/** Imports a file over HTTP (dry run, then for real) while entries are created one after another. */
export async function timeImport(server: RunningServer, file: string, kind: 'csv' | 'xlsx', rows: number): Promise<ImportRun> {
  const pid = server.child.pid!;
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  let running = true;
  const during: number[] = [];
  const writer = (async () => {
    for (let i = 0; running; i++) {
      const body = JSON.stringify({ title: `Tin ghi trong lúc nhập ${kind} ${i}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 1 });
      const r = await call(server.port, 'POST', '/api/v1/entries', server.token, body);
      if (r.status !== 201) throw new Error(`entry creation during the import answered ${r.status}`);
      during.push(r.ms);
    }
  })();
  const health: number[] = [];
  const reader = (async () => {
    while (running) {
      const r = await call(server.port, 'GET', '/healthz', server.token);
      if (r.status !== 200) throw new Error(`health check during the import answered ${r.status}`);
      health.push(r.ms);
      await new Promise((done) => setTimeout(done, 50));
    }
  })();
  try {
    const dry = await post(server, file, true);
    if (dry.status !== 200 || dry.body.entries !== rows) {
      throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body).slice(0, 300)}`);
    }
    const done = await post(server, file, false);
    if (done.status !== 201 || done.body.entries !== rows) throw new Error(`import: ${done.status} ${JSON.stringify(done.body).slice(0, 300)}`);
    running = false;
    await writer;
    await reader;
    clearInterval(sampler);
    during.sort((a, b) => a - b);
    health.sort((a, b) => a - b);
    return {
      kind,
      rows,
      bytes: readFileSync(file).length,
      dryRunMs: Math.round(dry.ms),
      commitMs: Math.round(done.ms),
      dryRowsPerS: Math.round(rows / (dry.ms / 1000)),
      commitRowsPerS: Math.round(rows / (done.ms / 1000)),
      rssBeforeMb: Math.round(before),
      rssPeakMb: Math.round(peak),
      recordDuringP50: percentile(during, 50),
      recordDuringP95: percentile(during, 95),
      recordDuringMax: during.at(-1) ?? 0,
      healthDuringP95: percentile(health, 95),
      healthDuringMax: health.at(-1) ?? 0,
      importId: typeof done.body.importId === 'number' ? done.body.importId : null,
    };
  } finally {
    running = false;
    clearInterval(sampler);
    await writer.catch(() => undefined);
    await reader.catch(() => undefined);
  }
}

/** A probe of the undo: what it asked, how it went, and what it got while the undo ran. */
export interface UndoProbe extends ProbeStats {
  /** Calls begun and answered (any status) while the undo ran. */
  answeredDuring: number;
  /** Calls begun while the undo ran that got no answer before it ended. */
  waitingAtEnd: number;
  /** The longest of the calls that overlapped the undo (answered; NaN for none). */
  maxDuring: number;
}

/** What undoing one import measured. */
export interface UndoRun {
  engine: 'lowdb' | 'postgres';
  rows: number;
  /** The import itself (POST /api/v1/imports, no dry run), for scale. */
  importMs: number;
  /** DELETE /api/v1/imports/:id, as the admin. */
  undoMs: number;
  /** Its status, or `no answer` / `network CODE`. */
  undoStatus: string;
  /** After the undo: what of the import is still live (entries), from the storage; 0 expected. */
  liveAfter: number | null;
  probes: UndoProbe[];
}

/** A call a probe makes during the undo. */
export interface UndoProbeCall {
  name: string;
  once: (via: http.Agent) => Promise<Timed>;
  /** The status that counts as served (200 unless told). */
  expected?: number;
}

/**
 * Undoes an import (DELETE /api/v1/imports/:id`query`, with an admin's token) while `probes` ask every
 * `probeMs`; the undo's own call waits up to `timeoutMs`.
 */
export async function timeUndo(port: number, adminToken: string, importId: number, query: string, probes: UndoProbeCall[], opts: { probeMs: number; timeoutMs: number }): Promise<Omit<UndoRun, 'engine' | 'rows' | 'importMs' | 'liveAfter'>> {
  const via = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 4000 });
  const undoAgent = new http.Agent({ keepAlive: false });
  const running = probes.map((p) => ({ p, probe: startProbe(p.name, opts.probeMs, () => p.once(via), p.expected ?? 200) }));
  try {
    // A few calls before, as a baseline of the same probes.
    await new Promise((done) => setTimeout(done, 4 * opts.probeMs));
    const undo = await callWithin(port, 'DELETE', `/api/v1/imports/${importId}${query}`, adminToken, undefined, undoAgent, opts.timeoutMs);
    await new Promise((done) => setTimeout(done, 2 * opts.probeMs));
    const out: UndoProbe[] = [];
    for (const { probe } of running) {
      const stats = await probe.stop();
      const all = probe.samples();
      const begunDuring = all.filter((r) => r.t0 >= undo.t0 && r.t0 <= undo.t1);
      const answeredDuring = begunDuring.filter((r) => r.kind === 'answer' && r.t1 <= undo.t1).length;
      const waitingAtEnd = begunDuring.filter((r) => r.t1 > undo.t1).length;
      const during = all.filter((r) => r.kind === 'answer' && r.t0 < undo.t1 && r.t1 > undo.t0).map((r) => r.ms);
      out.push({ ...stats, answeredDuring, waitingAtEnd, maxDuring: during.length ? Math.max(...during) : NaN });
    }
    const undoStatus = undo.kind === 'answer' ? String(undo.status) : undo.kind === 'timeout' ? 'no answer' : `network ${undo.code}`;
    if (undo.kind === 'answer' && undo.status !== 200) console.error(`  undo answered ${undo.status}: ${undo.body.slice(0, 300)}`);
    return { undoMs: Math.round(undo.ms), undoStatus, probes: out };
  } finally {
    await Promise.all(running.map(({ probe }) => probe.stop()));
    via.destroy();
    undoAgent.destroy();
  }
}

/**
 * Undoes an import of the embedded store (its id from `timeImport`) while /healthz, the commune's
 * year report and, when the server lets the bench admin add one, another commune's report are asked
 * every 50 ms. `year` is the import's year: its report must count nothing after the undo.
 */
export async function undoOnEmbedded(server: RunningServer, run: ImportRun, year: number): Promise<UndoRun> {
  if (run.importId === null) throw new Error('the import answered no importId');
  const made = await call(server.port, 'POST', '/api/v1/communes', server.token, JSON.stringify({ code: 'xa-ben-canh', name: 'Xã Bên Cạnh', kind: 'xã' }));
  const other = made.status === 201 || made.status === 409 ? 'xa-ben-canh' : null;
  if (!other) console.error(`  (no second commune for the undo's probes: POST /api/v1/communes answered ${made.status})`);
  const this2026 = 'from=2026-01-01&to=2026-12-31';
  const probes: UndoProbeCall[] = [
    { name: 'GET /healthz', once: (via) => callWithin(server.port, 'GET', '/healthz', '', undefined, via, 30_000) },
    { name: 'GET /api/v1/report (the same commune, 2026)', once: (via) => callWithin(server.port, 'GET', `/api/v1/report?${this2026}`, server.token, undefined, via, 30_000) },
    ...(other ? [{ name: `GET /api/v1/report (${other}, 2026)`, once: (via: http.Agent) => callWithin(server.port, 'GET', `/api/v1/report?commune=${other}&${this2026}`, server.token, undefined, via, 30_000) }] : []),
  ];
  const undone = await timeUndo(server.port, server.token, run.importId, '', probes, { probeMs: 50, timeoutMs: 600_000 });
  const after = await call(server.port, 'GET', `/api/v1/report?from=${year}-01-01&to=${year}-12-31`, server.token);
  let liveAfter: number | null = null;
  try {
    const v = (JSON.parse(after.body) as { totals?: { entries?: unknown } }).totals?.entries;
    liveAfter = typeof v === 'number' ? v : null;
  } catch {
    liveAfter = null;
  }
  return { engine: 'lowdb', rows: run.rows, importMs: run.commitMs, liveAfter, ...undone };
}
