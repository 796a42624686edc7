import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
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
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), path.basename(file));
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/imports${dry ? '?dryRun=1' : ''}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: form });
  const body = (await res.json()) as Record<string, unknown>;
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
    };
  } finally {
    running = false;
    clearInterval(sampler);
    await writer.catch(() => undefined);
    await reader.catch(() => undefined);
  }
}
