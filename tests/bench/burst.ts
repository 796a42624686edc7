/**
 * The burst of the city benchmark on PostgreSQL (see city-pg.ts): `clients` concurrent clients for
 * `seconds`, half of them writing into ONE commune, half spread over every commune, each creating
 * entries one after another through a random app process over loopback HTTP with the commune
 * editor's API token. Writes are re-airs without a length ({itemId, channel: 'radio', at,
 * playCount: 1} of an existing item of the commune, the normal way to log a re-air) and new items,
 * each at a minute of its own so that the duplicate check lets every one through.
 *
 * A 503 is retried, the same write, after its Retry-After (at most `maxAttempts` tries, none started
 * more than `graceSeconds` after the burst's end). A call with no answer within `timeoutMs` is
 * unanswered (not retried: whether it was stored is not known; the SQL check tells). Meanwhile
 * GET /healthz and another commune's year report are probed every `probeMs`.
 *
 * Then, in SQL: every write answered 201 is stored exactly once, in its commune (0 lost, 0 doubled),
 * and no write that was never answered 201 is stored (a 503 stores nothing).
 */
import http from 'node:http';
import type pg from 'pg';
import type { CityCommune } from './city-seed.js';
import { callWithin, type ProbeStats, spread, startProbe, type Timed } from './probe.js';
import type { RunningServer } from './server.js';

export interface BurstOptions {
  seconds: number;
  clients: number;
  /** Share of the writes that are re-airs of an existing item (the rest create an item). */
  reairShare: number;
  /** No answer within this: unanswered. */
  timeoutMs: number;
  maxAttempts: number;
  /** Retries after a 503 may start up to this long after the burst's end; later, the write is given up. */
  graceSeconds: number;
  probeMs: number;
}

/** What one half of the clients (the one commune's, or the spread ones) saw. */
export interface BurstHalf {
  clients: number;
  /** Writes begun (each tried until 201, another answer, no answer, or given up). */
  writes: number;
  reairs: number;
  newItems: number;
  /** Calls made, retries included. */
  attempts: number;
  answered: number;
  /** Calls with no answer within the time limit. */
  unanswered: number;
  /** Calls whose connection failed. */
  failed: number;
  /** Every call's answer, by status (`network CODE` for a failed connection, `no answer` for none). */
  statuses: Record<string, number>;
  created: number;
  createdReairs: number;
  perS: number;
  answered503: number;
  retries: number;
  /** Retries that found the write already stored (409): a 503 that stored after all. */
  retryAnswered409: number;
  /** Writes still refused 503 after the last try (or when the grace ran out). */
  gaveUp: number;
  /** Writes answered 201: from the first try to the final 201 (Retry-After waits included). */
  total: { p50: number; p95: number; p99: number; max: number };
  /** The call answered 201 alone. */
  attempt: { p50: number; p95: number; p99: number; max: number };
  /** How long a 503 took to come. */
  busy: { p50: number; max: number };
}

export interface BurstResult {
  seconds: number;
  processes: number;
  clients: number;
  reairShare: number;
  /** The commune half the clients write into. */
  hotCommune: string;
  /** The commune whose year report is probed. */
  probedCommune: string;
  timeoutMs: number;
  maxAttempts: number;
  probeMs: number;
  /** From the first call to the last answer (the burst plus its retries). */
  elapsedS: number;
  one: BurstHalf;
  spread: BurstHalf;
  probes: { healthz: ProbeStats; report: ProbeStats };
  verified: {
    /** Writes answered 201, looked up in SQL. */
    checked: number;
    /** Answered 201, not stored. */
    lost: number;
    /** Stored more than once. */
    doubled: number;
    /** The 201's entry id is not the entry found (or is in another commune). */
    mismatched: number;
    /** Never answered 201 (503 to the end, another status) yet stored. */
    storedWithout201: number;
    /** Of the unanswered writes: stored, and not. */
    unansweredStored: number;
    unansweredNotStored: number;
  };
  /** App processes still running after the burst. */
  processesAlive: number;
}

interface Write {
  k: number;
  half: 'one' | 'spread';
  commune: CityCommune;
  reair: boolean;
  itemId: number | null;
  title: string | null;
  at: string;
  outcome: 'created' | 'unanswered' | 'failed' | 'gave up' | 'other';
  entryId: number | null;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OFFSET_MS = 7 * 3_600_000;

/**
 * Minutes of their own, one per write: back from ten minutes ago, skipping 06:xx and 17:xx (the hours
 * of the seeded radio airings, so a re-air never meets a seeded one of the same item and minute).
 * Stored times are local ISO text to the second (`2026-12-07T08:15:00+07:00`).
 */
function minuteSource(): () => string {
  let t = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  return () => {
    for (;;) {
      t -= 60_000;
      const local = new Date(t + OFFSET_MS);
      const hour = local.getUTCHours();
      if (hour === 6 || hour === 17) continue;
      return `${local.toISOString().slice(0, 19)}+07:00`;
    }
  };
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function emptyHalf(clients: number): BurstHalf {
  return {
    clients, writes: 0, reairs: 0, newItems: 0, attempts: 0, answered: 0, unanswered: 0, failed: 0, statuses: {}, created: 0, createdReairs: 0, perS: 0,
    answered503: 0, retries: 0, retryAnswered409: 0, gaveUp: 0,
    total: { p50: NaN, p95: NaN, p99: NaN, max: NaN }, attempt: { p50: NaN, p95: NaN, p99: NaN, max: NaN }, busy: { p50: NaN, max: NaN },
  };
}

/** The id of the record a JSON answer describes, or null. */
export const idOf = (body: string): number | null => {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
};

export async function runBurst(db: pg.Client, servers: RunningServer[], communes: CityCommune[], opts: BurstOptions, log: (line: string) => void): Promise<BurstResult> {
  const hot = communes[0]!;
  const probed = communes[Math.floor(communes.length / 2)]!;
  const tag = `burst-${Date.now().toString(36)}`;
  const random = rng(2026);
  const nextMinute = minuteSource();

  // Items to re-air: each commune's latest live items.
  const pools = new Map<number, number[]>();
  const found = await db.query<{ commune_id: number; id: number }>(
    `SELECT commune_id, id FROM (
       SELECT commune_id, id, row_number() OVER (PARTITION BY commune_id ORDER BY id DESC) AS n FROM items WHERE deleted_at IS NULL
     ) i WHERE n <= 200`,
  );
  for (const r of found.rows) pools.set(r.commune_id, [...(pools.get(r.commune_id) ?? []), r.id]);
  for (const c of communes) if (!pools.get(c.id)?.length) throw new Error(`commune ${c.code} has no item to re-air`);

  const writes: Write[] = [];
  const halves = { one: emptyHalf(Math.ceil(opts.clients / 2)), spread: emptyHalf(Math.floor(opts.clients / 2)) };
  const totals = { one: [] as number[], spread: [] as number[] };
  const attempts201 = { one: [] as number[], spread: [] as number[] };
  const busyTimes = { one: [] as number[], spread: [] as number[] };
  const count = (h: BurstHalf, key: string): void => void (h.statuses[key] = (h.statuses[key] ?? 0) + 1);

  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients, timeout: 4000 });
  const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 8, timeout: 4000 });
  let p = 0;
  const probeServer = (): RunningServer => servers[p++ % servers.length]!;
  const year = 'from=2026-01-01&to=2026-12-31';
  const probes = {
    healthz: startProbe('GET /healthz', opts.probeMs, () => callWithin(probeServer().port, 'GET', '/healthz', '', undefined, probeAgent, opts.timeoutMs)),
    report: startProbe(`GET /api/v1/report (${probed.code}, a year)`, opts.probeMs, () => callWithin(probeServer().port, 'GET', `/api/v1/report?${year}`, probed.token, undefined, probeAgent, opts.timeoutMs)),
  };

  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const retryDeadline = deadline + opts.graceSeconds * 1000;
  let lastAnswer = t0;

  const client = async (half: 'one' | 'spread'): Promise<void> => {
    const h = halves[half];
    while (performance.now() < deadline) {
      const commune = half === 'one' ? hot : communes[Math.floor(random() * communes.length)]!;
      const reair = random() < opts.reairShare;
      const k = writes.length;
      const pool = pools.get(commune.id)!;
      const w: Write = {
        k, half, commune, reair, at: nextMinute(), outcome: 'other', entryId: null,
        itemId: reair ? pool[Math.floor(random() * pool.length)]! : null,
        title: reair ? null : `Tin cải cách hành chính ${tag}-${k}`,
      };
      writes.push(w);
      h.writes++;
      if (reair) h.reairs++;
      else h.newItems++;
      const body = JSON.stringify(
        reair
          ? { itemId: w.itemId, channel: 'radio', at: w.at, playCount: 1 }
          : { title: w.title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: w.at, playCount: 1, durationSeconds: 150 },
      );
      const first = performance.now();
      for (let attempt = 1; ; attempt++) {
        const server = servers[Math.floor(random() * servers.length)]!;
        const r: Timed = await callWithin(server.port, 'POST', '/api/v1/entries', commune.token, body, agent, opts.timeoutMs);
        h.attempts++;
        lastAnswer = Math.max(lastAnswer, r.t1);
        if (r.kind === 'timeout') {
          h.unanswered++;
          count(h, 'no answer');
          w.outcome = 'unanswered';
          break;
        }
        if (r.kind === 'error') {
          h.failed++;
          count(h, `network ${r.code}`);
          w.outcome = 'failed';
          break;
        }
        h.answered++;
        count(h, String(r.status));
        if (r.status === 201) {
          h.created++;
          if (reair) h.createdReairs++;
          w.outcome = 'created';
          w.entryId = idOf(r.body);
          totals[half].push(r.t1 - first);
          attempts201[half].push(r.ms);
          break;
        }
        if (r.status === 503) {
          h.answered503++;
          busyTimes[half].push(r.ms);
          const wait = (r.retryAfter ?? 2) * 1000;
          if (attempt >= opts.maxAttempts || performance.now() + wait > retryDeadline) {
            h.gaveUp++;
            w.outcome = 'gave up';
            break;
          }
          await sleep(wait);
          h.retries++;
          continue;
        }
        if (r.status === 409 && attempt > 1) h.retryAnswered409++;
        break;
      }
    }
  };

  log(`  burst: ${servers.length} processes, ${opts.clients} clients (${halves.one.clients} into ${hot.code}, ${halves.spread.clients} over ${communes.length} communes), ${opts.seconds} s…`);
  await Promise.all([...Array.from({ length: halves.one.clients }, () => client('one')), ...Array.from({ length: halves.spread.clients }, () => client('spread'))]);
  const elapsedS = (lastAnswer - t0) / 1000;
  const healthz = await probes.healthz.stop();
  const report = await probes.report.stop();
  agent.destroy();
  probeAgent.destroy();
  for (const half of ['one', 'spread'] as const) {
    const h = halves[half];
    h.perS = Math.round(h.created / Math.max(opts.seconds, elapsedS));
    h.total = spread(totals[half]);
    h.attempt = spread(attempts201[half]);
    const b = spread(busyTimes[half]);
    h.busy = { p50: b.p50, max: b.max };
  }

  // In SQL: each write's entries, by what makes it itself (its item and minute; a new item's title).
  const reairs = writes.filter((w) => w.reair);
  const fresh = writes.filter((w) => !w.reair);
  const stored = new Map<number, { id: number; communeId: number }[]>();
  const add = (k: number, id: number, communeId: number): void => void stored.set(k, [...(stored.get(k) ?? []), { id, communeId }]);
  for (const r of (
    await db.query<{ k: number; id: number; commune_id: number }>(
      `SELECT w.k, e.id, e.commune_id FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) AS w(k, commune_id, item_id, at)
       JOIN entries e ON e.commune_id = w.commune_id AND e.item_id = w.item_id AND e.channel = 'radio' AND e.at = w.at AND e.deleted_at IS NULL`,
      [reairs.map((w) => w.k), reairs.map((w) => w.commune.id), reairs.map((w) => w.itemId), reairs.map((w) => w.at)],
    )
  ).rows) add(r.k, r.id, r.commune_id);
  for (const r of (
    await db.query<{ k: number; id: number; commune_id: number }>(
      `SELECT w.k, e.id, e.commune_id FROM unnest($1::int[], $2::text[]) AS w(k, title)
       JOIN items i ON i.title = w.title
       JOIN entries e ON e.commune_id = i.commune_id AND e.item_id = i.id AND e.deleted_at IS NULL`,
      [fresh.map((w) => w.k), fresh.map((w) => w.title)],
    )
  ).rows) add(r.k, r.id, r.commune_id);
  const verified = { checked: 0, lost: 0, doubled: 0, mismatched: 0, storedWithout201: 0, unansweredStored: 0, unansweredNotStored: 0 };
  for (const w of writes) {
    const rows = stored.get(w.k) ?? [];
    if (rows.length > 1) verified.doubled++;
    if (w.outcome === 'created') {
      verified.checked++;
      if (!rows.length) verified.lost++;
      else if (rows.some((r) => r.id !== w.entryId || r.communeId !== w.commune.id)) verified.mismatched++;
    } else if (w.outcome === 'unanswered' || w.outcome === 'failed') {
      if (rows.length) verified.unansweredStored++;
      else verified.unansweredNotStored++;
    } else if (rows.length) verified.storedWithout201++;
  }
  const processesAlive = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).length;
  const result: BurstResult = {
    seconds: opts.seconds, processes: servers.length, clients: opts.clients, reairShare: opts.reairShare, hotCommune: hot.code, probedCommune: probed.code,
    timeoutMs: opts.timeoutMs, maxAttempts: opts.maxAttempts, probeMs: opts.probeMs, elapsedS: Math.round(elapsedS * 10) / 10, one: halves.one, spread: halves.spread, probes: { healthz, report }, verified, processesAlive,
  };
  const line = (name: string, h: BurstHalf): string =>
    `${name}: ${h.created}/${h.writes} created (${h.perS}/s), ${h.unanswered} unanswered, ${h.answered503} × 503, ${h.retries} retries, ${h.gaveUp} given up, 201 p95 ${h.total.p95.toFixed(0)} ms`;
  log(`  burst: ${line('one commune', halves.one)}; ${line('spread', halves.spread)}`);
  log(`  burst: ${verified.checked} checked in SQL, ${verified.lost} lost, ${verified.doubled} doubled; /healthz max ${healthz.max.toFixed(0)} ms, report max ${report.max.toFixed(0)} ms`);
  return result;
}
