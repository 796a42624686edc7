/**
 * The PostgreSQL engine's waits are bounded and its failures are answers: a commune whose lock is
 * held elsewhere gets 503s in time while every other commune goes on, a terminated backend fails its
 * own request only, settings changes at once on a small pool all finish, and undoing an import is a
 * few statements whatever its size. Each of these froze or killed a process before.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { entryStamps, type ItemFields, itemStamps } from '../../src/domain/model.js';
import { toLocalIso } from '../../src/domain/time.js';
import { undoImport } from '../../src/services/imports.js';
import { updateSettingsSection } from '../../src/services/settings.js';
import type { PostgresStorage } from '../../src/storage/postgres/index.js';
import { apiAs, draft, formBody, makeApp, NOW, openStore } from '../helpers.js';
import { serve } from '../serve.js';

const poolOf = (storage: unknown): pg.Pool => (storage as PostgresStorage).pool;

/** A second connection to the same database, as another process or an administrator would have. */
async function outsider(storage: unknown): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: (poolOf(storage).options as { connectionString: string }).connectionString });
  await client.connect();
  return client;
}

/** Settles within `ms`, or fails the test naming what hung (the old engine hung for good). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))).finally(() => clearTimeout(timer))]);
}

const reAir = (at: string) => ({ title: `Tin ${at}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at, playCount: 1, durationSeconds: 60 });

describe('the PostgreSQL engine under waits', () => {
  it('finishes four settings changes at once on a pool of four', async () => {
    const store = await openStore({ pg: { poolSize: 4 } });
    const names = ['An Hải', 'Lạc Phượng', 'Nghi Dương', 'Đông Hải'];
    const results = await within(10_000, 'four settings changes', Promise.all(names.map((communeName) => updateSettingsSection(store, 'commune', { communeName, communeKind: 'phường', deadlineDay: '8' }, 2026, 'quantri'))));
    expect(results).toEqual(names.map(() => ({ ok: true })));
    expect(names).toContain((await store.commune.settings()).communeName);
    // Each change is audited, one after another.
    expect((await store.commune.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 10 })).total).toBe(4);
  });

  it('answers a commune locked elsewhere with 503 in time, storing nothing, while other communes, reads and health go on', async () => {
    const { app, store, api } = await makeApp({ pg: { poolSize: 4, waits: { lockMs: 300, queueMs: 1_500 } } });
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await admin.post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
    const base = await serve(app);
    const other = await outsider(store.storage);
    const { id } = (await other.query<{ id: number }>(`SELECT id FROM communes WHERE code = 'main'`)).rows[0]!;
    // Another process's long write of the commune (an import being undone, say) holds its lock.
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(1, $1)', [id]);
    const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
    const post = (token: string, path: string, body: object) => fetch(`${base}${path}`, { method: 'POST', headers: auth(token), body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    let waiting = 0;
    let sampling = true;
    const sampler = (async () => {
      const watch = await outsider(store.storage);
      while (sampling) {
        const r = await watch.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`);
        waiting = Math.max(waiting, r.rows[0]!.n);
        await new Promise((res) => setTimeout(res, 25));
      }
      await watch.end();
    })();
    const writes = Array.from({ length: 9 }, (_, i) => post(api.token, '/api/v1/entries', reAir(`2026-11-21T07:0${i}`)));
    const elsewhere = post(admin.token, '/api/v1/entries?commune=an-hai', reAir('2026-11-21T08:00'));
    const [health, report] = await Promise.all([fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) }), fetch(`${base}/api/v1/report?from=2026-11-01&to=2026-11-30`, { headers: auth(api.token), signal: AbortSignal.timeout(10_000) })]);
    expect([health.status, report.status]).toEqual([200, 200]);
    expect((await elsewhere).status).toBe(201);
    const answered = await Promise.all(writes);
    sampling = false;
    await sampler;
    expect(answered.map((r) => r.status)).toEqual(Array(9).fill(503));
    for (const r of answered) {
      expect(r.headers.get('retry-after')).toBe('2');
      expect((await r.json()).error).toMatch(/đang bận.*không có gì bị lưu/);
    }
    // The writes waited in the process, one of them at the lock: the other clients of the pool stayed free.
    expect(waiting).toBe(1);
    expect((await store.commune.counts()).entries).toBe(0);
    await other.query('ROLLBACK');
    await other.end();
    expect((await post(api.token, '/api/v1/entries', reAir('2026-11-21T07:30'))).status).toBe(201);
    expect((await store.commune.counts()).entries).toBe(1);
  }, 60_000);

  it('bounds a write\'s whole wait for its turn, the lock held by another process included, by the queue\'s time', async () => {
    const { store, api } = await makeApp({ pg: { waits: { queueMs: 1_000, lockMs: 60_000 } } });
    const other = await outsider(store.storage);
    const { id } = (await other.query<{ id: number }>(`SELECT id FROM communes WHERE code = 'main'`)).rows[0]!;
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(1, $1)', [id]);
    // With the lock's own bound (60 s) alone, this would wait a minute; the test's 15 s would fail first.
    const res = await within(15_000, 'a write into a locked commune', api.post('/api/v1/entries', reAir('2026-11-21T07:00')).then((r) => r));
    expect(res.status).toBe(503);
    await other.query('ROLLBACK');
    await other.end();
  }, 30_000);

  it('answers a form sent while busy with a page that keeps what was typed and sends it again', async () => {
    const { store, web } = await makeApp({ pg: { waits: { lockMs: 200 } } });
    const other = await outsider(store.storage);
    const { id } = (await other.query<{ id: number }>(`SELECT id FROM communes WHERE code = 'main'`)).rows[0]!;
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(1, $1)', [id]);
    const busy = await web.post('/entries', formBody({ title: 'Tin gửi lúc bận' })).expect(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.text).toContain('Hệ thống đang bận');
    expect(busy.text).toContain('value="Tin gửi lúc bận"');
    await other.query('ROLLBACK');
    await other.end();
    expect((await store.commune.counts()).entries).toBe(0);
    // "Gửi lại": the same fields with the page's new token.
    const form = /<form method="post" action="\/entries[^"]*" class="block-form">([\s\S]*?)<\/form>/.exec(busy.text)![1]!;
    expect(form).toContain('Gửi lại');
    const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#34;/g, '"').replace(/&amp;/g, '&')] as const);
    const body = new URLSearchParams(fields.map(([k, v]) => [k, v])).toString();
    await web.agent.post('/entries').type('form').send(body).expect(303);
    const stored = await store.commune.listEntries({}, { page: 1, pageSize: 5 });
    expect(stored.rows.map((e) => e.item.title)).toEqual(['Tin gửi lúc bận']);
  }, 30_000);

  it('fails only the request whose connection is terminated, and serves the next one', async () => {
    const { app, store, api } = await makeApp({ pg: { poolSize: 4, waits: { lockMs: 20_000 } } });
    const base = await serve(app);
    const other = await outsider(store.storage);
    const { id } = (await other.query<{ id: number }>(`SELECT id FROM communes WHERE code = 'main'`)).rows[0]!;
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(1, $1)', [id]);
    const write = fetch(`${base}/api/v1/entries`, { method: 'POST', headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(reAir('2026-11-21T07:00')), signal: AbortSignal.timeout(15_000) });
    // An administrator ends the waiting backend (as a restart or a failover would).
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i++) {
      pid = (await other.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`)).rows[0]?.pid;
      if (pid === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    expect(pid).toBeDefined();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    const res = await write;
    expect(res.status).toBe(503);
    await other.query('ROLLBACK');
    await other.end();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const next = await fetch(`${base}/api/v1/entries`, { method: 'POST', headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(reAir('2026-11-21T07:01')) });
    expect(next.status).toBe(201);
    expect((await store.commune.counts()).entries).toBe(1);
  }, 60_000);

  it('undoes an import in the same few statements whatever its size', async () => {
    const store = await openStore();
    const pool = poolOf(store.storage);
    let statements = 0;
    let counting = false;
    // Transactions run on a checked-out client (`pool.connect()` without a callback): count what they send.
    const connect = pool.connect.bind(pool) as (...a: unknown[]) => unknown;
    const patched = pool as unknown as { connect: (...a: unknown[]) => unknown };
    patched.connect = (...a: unknown[]) => {
      if (a.length) return connect(...a);
      return (connect() as Promise<pg.PoolClient>).then((client) => {
        const c = client as unknown as { counted?: boolean; query: (...q: unknown[]) => unknown };
        if (!c.counted) {
          c.counted = true;
          const query = c.query.bind(client);
          c.query = (...q: unknown[]) => {
            if (counting) statements++;
            return query(...q);
          };
        }
        return client;
      });
    };
    const stamps = entryStamps('bientap', toLocalIso(NOW));
    const importOf = async (rows: number): Promise<number> => {
      const made = await store.commune.transaction(async (tx) => {
        const [item] = await tx.createItems([{ ...(draft().item as { fields: ItemFields }).fields, ...itemStamps('bientap', toLocalIso(NOW)) }]);
        const entries = await tx.createEntries(Array.from({ length: rows }, (_, i) => ({ ...draft().entry, itemId: item!.id, note: `Dòng ${i}`, ...stamps })));
        return tx.createImport({ fileName: `so-${rows}.csv`, sha256: 'x'.repeat(64), counts: { rows, entries: rows, items: 1 } as never, mapping: {} as never, entryIds: entries.map((e) => e.id), itemIds: [item!.id], createdAt: toLocalIso(NOW), createdBy: 'bientap', undoneAt: null, undoneBy: null });
      });
      return made.id;
    };
    const undoCost = async (rows: number): Promise<number> => {
      const id = await importOf(rows);
      statements = 0;
      counting = true;
      await undoImport(store, id, 'quantri');
      counting = false;
      return statements;
    };
    const small = await undoCost(10);
    const large = await undoCost(5_000);
    expect(large).toBe(small);
    expect(small).toBeLessThan(12);
    const live = await store.commune.listEntries({}, { page: 1, pageSize: 1 });
    expect(live.total).toBe(0);
    const audit = await store.commune.queryAudit({ action: 'import.undo' }, { page: 1, pageSize: 5 });
    expect(audit.rows.map((r) => r.after)).toEqual([
      { fileName: 'so-5000.csv', entries: 5_000, items: 1 },
      { fileName: 'so-10.csv', entries: 10, items: 1 },
    ]);
  }, 60_000);
});
