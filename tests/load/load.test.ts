/**
 * Process-level load test: a real server (a direct child of this process) serves 50 concurrent staff
 * for LOAD_SECONDS (default 20) seconds, listing, reporting, recording and editing, with 5 editor
 * accounts and their API tokens. It asserts correctness only (no errors, no lost writes); the
 * latencies are printed, not asserted (timing goals belong to the benchmark).
 */
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers.js';
import { type Answer, call, kill, killAllServers, startServer, tokenFor } from '../process.js';

const LOAD_SECONDS = positiveNumber(process.env.LOAD_SECONDS, 20);
const WORKERS = 50;
const EDITORS = 5;
const SEED = 200;
const ADMIN = { username: 'quantri', password: 'mat-khau-load-test' };
const EDITOR_PASSWORD = 'mat-khau-bien-tap-vien';

function positiveNumber(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text && Number.isFinite(n) && n > 0 ? n : fallback;
}

afterAll(killAllServers);

const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS + 10 });

/** A call that must answer `expected`; throws with the answer otherwise. */
async function must(port: number, method: string, urlPath: string, token: string, expected: number, body?: unknown): Promise<Answer> {
  const res = await call(port, method, urlPath, token, body, agent);
  if (res.status !== expected) throw new Error(`${method} ${urlPath} answered ${res.status} (expected ${expected}): ${res.body.slice(0, 300)}`);
  return res;
}

async function totalEntries(port: number, token: string): Promise<number> {
  const res = await must(port, 'GET', '/api/v1/entries?pageSize=1', token, 200);
  return (JSON.parse(res.body) as { total: number }).total;
}

// ----- what the staff do -----

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const randInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
const pad = (n: number): string => String(n).padStart(2, '0');

const TITLE_WORDS = ['Hướng dẫn nộp hồ sơ trực tuyến', 'Dịch vụ công', 'Cải cách hành chính', 'Chính quyền số', 'Thủ tục đất đai', 'Chỉ số PAR Index'];
const TOPICS = ['a', 'b', 'c', 'd', 'e', 'g', 'h', 'i', 'm'];
const FORMATS = ['news', 'article', 'report', 'audio'];
const QUERIES = ['dich vu cong', 'hồ sơ', 'chinh quyen', 'PAR', 'đất đai', 'tải'];
const LIST_CHANNELS = ['radio', 'portal', 'fanpage'];

/** A moment of 2026 in the past (January to 20 November, Vietnam time). */
function pastAt(): string {
  const month = randInt(1, 11);
  const day = month === 11 ? randInt(1, 20) : randInt(1, 28);
  return `2026-${pad(month)}-${pad(day)}T${pad(randInt(5, 20))}:${pad(randInt(0, 59))}`;
}

interface Created {
  id: number;
  channel: string;
}

function newEntryBody(tag: string): Record<string, unknown> {
  const channel = Math.random() < 0.7 ? 'radio' : 'portal';
  return {
    title: `${pick(TITLE_WORDS)} ${tag}`,
    format: pick(FORMATS),
    topics: [pick(TOPICS)],
    unit: 'tt-dvsnc',
    channel,
    at: pastAt(),
    playCount: channel === 'radio' ? randInt(1, 3) : 1,
    ...(channel === 'radio' ? { durationSeconds: randInt(60, 600) } : { url: `https://xa.example.gov.vn/tin/${tag.replace(/\W+/g, '-')}` }),
  };
}

function listPath(): string {
  const params = new URLSearchParams({ pageSize: String(pick([20, 50, 100])) });
  const kind = randInt(0, 3);
  if (kind === 0 || kind === 3) params.set('channel', pick(LIST_CHANNELS));
  if (kind === 1 || kind === 3) params.set('q', pick(QUERIES));
  if (kind === 2 || kind === 3) {
    const from = randInt(1, 10);
    params.set('from', `01/${pad(from)}/2026`);
    params.set('to', `28/${pad(randInt(from, 11))}/2026`);
  }
  if (Math.random() < 0.2) params.set('page', '2');
  return `/api/v1/entries?${params.toString()}`;
}

function reportPath(): string {
  if (Math.random() < 0.5) return `/api/v1/report?period=${pick(['q1', 'q2', 'q3', 'q4'])}&year=2026`;
  const from = randInt(1, 11);
  return `/api/v1/report?from=01/${pad(from)}/2026&to=28/${pad(randInt(from, 11))}/2026`;
}

type Kind = 'list' | 'report' | 'record' | 'edit';
const KINDS: Kind[] = ['list', 'report', 'record', 'edit'];

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('load', () => {
  it(
    `${WORKERS} concurrent staff for ${LOAD_SECONDS} seconds: no errors, no lost writes`,
    async () => {
      const dataDir = await tempDataDir();
      const server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      try {
        const port = server.port;
        const adminToken = await tokenFor(port, ADMIN.username, ADMIN.password, agent);

        // Five editors, each with a token of their own.
        const tokens: string[] = [];
        for (let e = 1; e <= EDITORS; e++) {
          const username = `bientap${e}`;
          await must(port, 'POST', '/api/v1/users', adminToken, 201, { username, fullName: `Biên tập viên ${e}`, role: 'editor', password: EDITOR_PASSWORD });
          tokens.push(await tokenFor(port, username, EDITOR_PASSWORD, agent));
        }

        // About 200 entries already in the log, recorded 20 at a time.
        for (let start = 0; start < SEED; start += 20) {
          await Promise.all(Array.from({ length: 20 }, (_, i) => must(port, 'POST', '/api/v1/entries', tokens[(start + i) % EDITORS]!, 201, newEntryBody(`seed ${start + i}`))));
        }

        const before = await totalEntries(port, adminToken);
        expect(before, 'seeded entries').toBe(SEED);

        const times: Record<Kind, number[]> = { list: [], report: [], record: [], edit: [] };
        const errors: string[] = [];
        let errorCount = 0;
        let created = 0;
        const deadline = Date.now() + LOAD_SECONDS * 1000;

        const worker = async (w: number): Promise<void> => {
          const token = tokens[w % EDITORS]!;
          const mine: Created[] = [];
          let n = 0;
          while (Date.now() < deadline) {
            n++;
            const roll = Math.random();
            let kind: Kind = roll < 0.4 ? 'list' : roll < 0.55 ? 'report' : roll < 0.8 ? 'record' : 'edit';
            if (kind === 'edit' && !mine.length) kind = 'record';
            let method = 'GET';
            let urlPath: string;
            let body: Record<string, unknown> | undefined;
            let expected = 200;
            let target: Created | undefined;
            switch (kind) {
              case 'list':
                urlPath = listPath();
                break;
              case 'report':
                urlPath = reportPath();
                break;
              case 'record':
                method = 'POST';
                urlPath = '/api/v1/entries';
                body = newEntryBody(`w${w} n${n}`);
                expected = 201;
                break;
              case 'edit':
                target = pick(mine);
                method = 'PATCH';
                urlPath = `/api/v1/entries/${target.id}`;
                body = { note: `Sửa lần ${n} bởi nhân viên ${w}`, ...(target.channel === 'radio' ? { playCount: randInt(1, 5) } : {}) };
                break;
            }
            try {
              const res = await call(port, method, urlPath, token, body);
              if (res.status !== expected) {
                errorCount++;
                if (errors.length < 10) errors.push(`${method} ${urlPath} → ${res.status} ${res.body.slice(0, 200)}`);
                continue;
              }
              times[kind].push(res.ms);
              if (kind === 'record') {
                created++;
                const entry = JSON.parse(res.body) as { id: number; channel: string };
                mine.push({ id: entry.id, channel: entry.channel });
              }
            } catch (err) {
              errorCount++;
              if (errors.length < 10) errors.push(`${method} ${urlPath} → ${String(err)}`);
            }
          }
        };
        const t0 = Date.now();
        await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
        const elapsed = (Date.now() - t0) / 1000;

        const after = await totalEntries(port, adminToken);

        const all = KINDS.flatMap((k) => times[k]);
        const table = [`${'kind'.padEnd(8)}${'count'.padStart(8)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`];
        for (const kind of KINDS) {
          const sorted = [...times[kind]].sort((a, b) => a - b);
          table.push(`${kind.padEnd(8)}${String(sorted.length).padStart(8)}${percentile(sorted, 50).toFixed(1).padStart(10)}${percentile(sorted, 95).toFixed(1).padStart(10)}`);
        }
        console.log(
          `load: ${WORKERS} workers, ${EDITORS} editors, ${elapsed.toFixed(1)} s, ${all.length} requests (${(all.length / elapsed).toFixed(0)}/s), ` +
            `${errorCount} errors, ${created} created, total ${before} → ${after}\n${table.join('\n')}`,
        );

        expect(errors, `${errorCount} errors`).toEqual([]);
        expect(errorCount).toBe(0);
        expect(created, 'some creations happened').toBeGreaterThan(0);
        expect(after, `entries after = before (${before}) + successful creations (${created})`).toBe(before + created);

        const code = await kill(server, 'SIGTERM');
        expect(code, `exit code of a SIGTERM stop\n${server.output()}`).toBe(0);
      } finally {
        agent.destroy();
        await kill(server, 'SIGKILL');
      }
    },
    LOAD_SECONDS * 1000 + 120_000,
  );
});
