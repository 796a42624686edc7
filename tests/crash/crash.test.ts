/**
 * Process-level durability test: a real server (a direct child of this process, so the kernel and this
 * process reap it) is killed with SIGKILL while 500 creations are in flight; on restart, every creation
 * that was answered 201 must still be there, once, with the same id and title, and every data file must
 * still parse. Rounds: CRASH_ROUNDS (default 12; 6 on PostgreSQL; a run picks new kill times, set more to search longer); the kill comes after a random 0-CRASH_MAX_DELAY_MS
 * (default 400; 2500 on PostgreSQL) milliseconds.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, tempDataDir } from '../helpers.js';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';
import { call, kill, killAllServers, type ServerProcess, sleep, startServer, tokenFor } from '../process.js';

// On PostgreSQL each round waits longer for its kill (see below): fewer rounds keep the run's time.
const ROUNDS = positiveInt(process.env.CRASH_ROUNDS, TEST_ENGINE === 'postgres' ? 6 : 12);
// PostgreSQL commits the 500 one by one (the embedded store writes them in groups): its kill comes later.
const MAX_DELAY_MS = positiveInt(process.env.CRASH_MAX_DELAY_MS, TEST_ENGINE === 'postgres' ? 2500 : 400);
const CREATIONS = 500;
const ADMIN = { username: 'quantri', password: 'mat-khau-crash-test' };

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : fallback;
}

afterAll(killAllServers);

interface ListedEntry {
  id: number;
  item: { title: string } | null;
}

/** Every live entry, through GET /api/v1/entries (pages of 500). */
async function listAll(agent: http.Agent, port: number, token: string): Promise<{ total: number; entries: ListedEntry[] }> {
  const entries: ListedEntry[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await call(port, 'GET', `/api/v1/entries?pageSize=500&page=${page}`, token, undefined, agent);
    if (res.status !== 200) throw new Error(`GET /api/v1/entries page ${page} answered ${res.status}: ${res.body}`);
    const body = JSON.parse(res.body) as { total: number; entries: ListedEntry[] };
    total = body.total;
    entries.push(...body.entries);
    if (page * 500 >= total || body.entries.length === 0) break;
  }
  return { total, entries };
}

/** Every `*.json` file under a directory, recursively (relative paths). */
async function jsonFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.filter((n) => n.endsWith('.json')).sort();
}

// ----- the test -----

interface RoundSummary {
  round: number;
  delayMs: number;
  acknowledged: number;
  stored: number;
  failed: number;
  files: number;
}

async function crashRound(round: number): Promise<RoundSummary> {
  const label = `round ${round}`;
  const dataDir = await tempDataDir();
  // On PostgreSQL the server process is killed, the database server is not: its commits are what must hold.
  const db = TEST_ENGINE === 'postgres' ? await newTestDatabase() : null;
  const env = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...(db ? { DATABASE_URL: db.url } : {}) };
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let server: ServerProcess | null = null;
  try {
    // 1. A fresh server, a token, then 500 concurrent creations and a kill -9 somewhere among them.
    server = await startServer(dataDir, env);
    const token = await tokenFor(server.port, ADMIN.username, ADMIN.password, agent);
    const delayMs = Math.floor(Math.random() * (MAX_DELAY_MS + 1));
    const acknowledged = new Map<number, string>();
    const unexpected: string[] = [];
    let failed = 0;
    const port = server.port;
    const requests = Array.from({ length: CREATIONS }, async (_, i) => {
      const title = `crash r${round} #${i}`;
      try {
        const res = await call(port, 'POST', '/api/v1/entries', token, { title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:30', playCount: 1 }, agent);
        if (res.status === 201) {
          const body = JSON.parse(res.body) as { id: number; item: { title: string } | null };
          if (body.item?.title !== title) unexpected.push(`#${i}: 201 with item title ${JSON.stringify(body.item?.title)}`);
          if (acknowledged.has(body.id)) unexpected.push(`#${i}: id ${body.id} answered twice`);
          acknowledged.set(body.id, title);
        } else {
          unexpected.push(`#${i}: answered ${res.status} ${res.body.slice(0, 200)}`);
        }
      } catch {
        failed++; // cut by the kill: never acknowledged, may or may not be stored
      }
    });
    await sleep(delayMs);
    const code = await kill(server, 'SIGKILL');
    expect(code, `${label}: the server was still alive at the kill`).toBeNull();
    expect(server.child.signalCode, `${label}: killed by SIGKILL`).toBe('SIGKILL');
    await Promise.all(requests);
    agent.destroy();
    expect(unexpected, `${label}: creations answered something other than 201 or a cut connection`).toEqual([]);

    // 2. Every data file the crash left parses (the embedded store's).
    const files = db ? [] : await jsonFiles(dataDir);
    if (!db) expect(files, `${label}: data files after the crash`).toContain('users.json');
    for (const file of files) {
      const text = await readFile(path.join(dataDir, file), 'utf8');
      expect(() => JSON.parse(text), `${label}: ${file} does not parse after the kill`).not.toThrow();
    }

    // 3. Restart on the same directory (the one-writer lock must have died with the process).
    server = await startServer(dataDir, env);
    const agent2 = new http.Agent({ keepAlive: true });
    try {
      const { total, entries } = await listAll(agent2, server.port, token);
      expect(entries.length, `${label}: entries listed vs total`).toBe(total);
      expect(total, `${label}: more entries stored than were sent`).toBeLessThanOrEqual(CREATIONS);
      const stored = new Map<number, string>();
      const titles = new Map<string, number[]>();
      for (const e of entries) {
        const title = e.item?.title ?? '(no item)';
        expect(stored.has(e.id), `${label}: entry id ${e.id} listed twice`).toBe(false);
        stored.set(e.id, title);
        titles.set(title, [...(titles.get(title) ?? []), e.id]);
      }
      const duplicated = [...titles].filter(([, ids]) => ids.length > 1).map(([t, ids]) => `${t} (ids ${ids.join(', ')})`);
      expect(duplicated, `${label}: titles stored more than once`).toEqual([]);
      const sent = new RegExp(`^crash r${round} #\\d+$`);
      const foreign = [...titles.keys()].filter((t) => !sent.test(t));
      expect(foreign, `${label}: entries nobody sent`).toEqual([]);
      const missing: string[] = [];
      for (const [id, title] of acknowledged) {
        const got = stored.get(id);
        if (got !== title) missing.push(`id ${id} "${title}" → ${got === undefined ? 'missing' : `"${got}"`}`);
      }
      expect(missing, `${label}: acknowledged (201) creations lost or changed after kill -9 at ${delayMs} ms (${acknowledged.size} acknowledged, ${total} stored)`).toEqual([]);

      // The restarted server takes writes again, with ids that do not collide with stored ones.
      const after = await call(server.port, 'POST', '/api/v1/entries', token, { title: `crash r${round} after restart`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:30', playCount: 1 }, agent2);
      expect(after.status, `${label}: a creation after the restart: ${after.body.slice(0, 200)}`).toBe(201);
      const newId = (JSON.parse(after.body) as { id: number }).id;
      expect(stored.has(newId), `${label}: id ${newId} given again after the restart`).toBe(false);

      // 4. A clean stop.
      const stopCode = await kill(server, 'SIGTERM');
      expect(stopCode, `${label}: exit code of a SIGTERM stop\n${server.output()}`).toBe(0);
      return { round, delayMs, acknowledged: acknowledged.size, stored: total, failed, files: files.length };
    } finally {
      agent2.destroy();
    }
  } finally {
    agent.destroy();
    if (server) await kill(server, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    if (db) await dropTestDatabase(db.name);
  }
}

describe('crash safety', () => {
  it(
    `kill -9 in the middle of ${CREATIONS} concurrent creations loses nothing acknowledged (${ROUNDS} rounds)`,
    async () => {
      const summaries: RoundSummary[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const s = await crashRound(round);
        summaries.push(s);
        console.log(
          `crash round ${String(s.round).padStart(2)}: kill after ${String(s.delayMs).padStart(3)} ms, ` +
            `${String(s.acknowledged).padStart(3)} acknowledged, ${String(s.stored).padStart(3)} stored, ` +
            `${String(s.failed).padStart(3)} cut, ${TEST_ENGINE === 'postgres' ? 'on PostgreSQL' : `${s.files} JSON files parse`}`,
        );
      }
      expect(summaries).toHaveLength(ROUNDS);
    },
    10 * 60_000,
  );
});
