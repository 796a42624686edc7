import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import session from 'express-session';
import request from 'supertest';
import { expect } from 'vitest';
import { type AppOptions, createApp } from '../src/app.js';
import type { Role } from '../src/domain/auth.js';
import type { NewEntryDraft } from '../src/domain/validation.js';
import { hashPasswordWithCost } from '../src/security/passwords.js';
import { hashApiToken, newApiToken } from '../src/security/tokens.js';
import { recordAccountEvent } from '../src/services/audit.js';
import { type LowdbOptions, openLowdbStorage } from '../src/storage/lowdb/index.js';
import { openPostgresStorage, type PgWaits } from '../src/storage/postgres/index.js';
import { afterEveryFile, afterEveryTest } from './lifecycle.js';
import { closeTestDatabases, releaseTestDatabases, STORE_POOL_SIZE, takeTestDatabase, type TestDatabase } from './pg/databases.js';
import { LoginSessionStore } from '../src/web/login-session-store.js';
import { TestStore } from './test-store.js';

export { TestStore };

/** 2026-11-22 10:00 in Vietnam (03:00 UTC): a Sunday. */
export const NOW = new Date('2026-11-22T03:00:00Z');
export const fixedClock = (): Date => NOW;
export const SECRET = 'test-session-secret-0123456789';
export const PASSWORD = 'mat-khau-thu-nghiem';

const cleanups: (() => Promise<void>)[] = [];

afterEveryTest(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterEveryFile(closeTestDatabases);

/** A fresh temporary data directory, removed after the test. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The engine the tests run on: the embedded one, or PostgreSQL (`CCHC_TEST_ENGINE=postgres`, set by the test project). */
export const TEST_ENGINE: 'lowdb' | 'postgres' = process.env.CCHC_TEST_ENGINE === 'postgres' ? 'postgres' : 'lowdb';

// On PostgreSQL, a store's folder (its uploads and files) names its database, so that it can be opened again
// (two processes on one database); each other folder of a test gets the next of the file's databases.
const databases = new Map<string, Promise<TestDatabase>>();

/** A test store's options: the embedded engine's, the engine, and PostgreSQL's pool size and bounds on waits. */
export type StoreOptions = Partial<LowdbOptions> & { engine?: 'lowdb' | 'postgres'; pg?: { poolSize?: number; waits?: Partial<PgWaits> } };

/**
 * Opens the storage of the tests' engine on a directory (a fresh one by default), closed after the
 * test. On PostgreSQL the directory holds the files, and a database of the test file (as the template
 * left it: emptied after each test) the rest.
 */
export async function openStore(options: StoreOptions = {}): Promise<TestStore> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const clock = options.clock ?? fixedClock;
  if ((options.engine ?? TEST_ENGINE) === 'postgres') {
    let taken = databases.get(dataDir);
    if (!taken) {
      // The test's first database: they are emptied once its stores are closed (cleanups run last-in first-out).
      if (databases.size === 0)
        cleanups.unshift(async () => {
          databases.clear();
          await releaseTestDatabases();
        });
      databases.set(dataDir, (taken = takeTestDatabase()));
    }
    const db = await taken;
    // A store with the default pool and waits works through the database's kept connections (tests/pg/databases.ts).
    const pool = options.pg ? undefined : db.storePool();
    const storage = await openPostgresStorage({ url: db.url, filesDir: path.join(dataDir, 'files'), clock, poolSize: options.pg?.poolSize ?? STORE_POOL_SIZE, waits: options.pg?.waits, pool });
    cleanups.push(() => storage.close());
    return new TestStore(Object.assign(storage, { dataDir }), clock);
  }
  // Without the flock helper process (the lock's socket still refuses a second opening): a test that
  // needs it passes `fileLock: true`; the servers the tests start always take it.
  const storage = await openLowdbStorage({ fileLock: false, ...options, clock, dataDir });
  // Cleanups run last-in first-out: the storage closes before its folder is removed.
  cleanups.push(() => storage.close());
  return new TestStore(storage, clock);
}

/** Everything a store keeps about accounts, as stored (the data file, or the tables' rows as text). */
export async function storedAccounts(store: TestStore): Promise<string> {
  const storage = store.storage as TestStore['storage'] & { pool?: { query(sql: string): Promise<{ rows: { text: string }[] }> } };
  if (storage.pool) return (await storage.pool.query(`SELECT concat_ws(' ', (SELECT string_agg(t::text, ' ') FROM users t), (SELECT string_agg(t::text, ' ') FROM tokens t)) AS text`)).rows[0]!.text;
  return readFile(path.join(store.dataDir, 'users.json'), 'utf8');
}

// One cheap hash for every test account: the cost travels in the hash, so log-ins stay fast.
let testHash: Promise<string> | null = null;
export function testPasswordHash(): Promise<string> {
  testHash ??= hashPasswordWithCost(PASSWORD, 1024);
  return testHash;
}

/** Creates an account with the test password, unless it exists. */
export async function ensureUser(store: TestStore, username: string, role: Role): Promise<void> {
  if (await store.users.get(username)) return;
  await store.users.create({ username, fullName: `Cán bộ ${username}`, role, passwordHash: await testPasswordHash() }, 'test');
}

// One listening server per app for the helpers' clients, closed after the test: supertest given the app
// itself starts and closes a server for each request.
const servers = new WeakMap<Express, Promise<http.Server>>();

/** The app listening on a loopback port until the end of the test. */
function serverOf(app: Express): Promise<http.Server> {
  let listening = servers.get(app);
  if (!listening) {
    const server = http.createServer(app);
    servers.set(app, (listening = new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server)))));
    cleanups.push(async () => {
      servers.delete(app);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
  }
  return listening;
}

/** Reads the CSRF token out of a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

/** A browser: a cookie jar signed in as one user, posting forms with the CSRF token. */
export interface WebClient {
  agent: ReturnType<typeof request.agent>;
  username: string;
  csrf: string;
  get(path: string): request.Test;
  /** Posts a form, the CSRF token added. */
  post(path: string, body?: Record<string, string | string[]>): request.Test;
}

/** Signs a user in through the login form (creating the account with the test password if needed). */
export async function signIn(app: Express, store: TestStore, username: string, role: Role): Promise<WebClient> {
  await ensureUser(store, username, role);
  const agent = request.agent(await serverOf(app));
  const loginPage = await agent.get('/login');
  const res = await agent.post('/login').type('form').send(formEncode({ username, password: PASSWORD, _csrf: csrfFrom(loginPage.text), next: '/' }));
  expect(res.status, `log-in of ${username}`).toBe(303);
  return webClient(agent, username);
}

// What express-session makes of the app's cookie options at a log-in over plain HTTP (src/app.ts).
const SESSION_COOKIE = { httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: 12 * 3600 * 1000 } as const;
// Its Cookie takes the options (as express-session's own `generate` passes them); the typings say nothing of it.
const Cookie = session.Cookie as unknown as new (options: typeof SESSION_COOKIE) => session.Cookie;

/**
 * Signs a user in (creating the account if needed) without the form, for tests whose subject is not the
 * log-in: stores the session through the app's session store as a log-in does (the user's session
 * version in it), records the log-in in the audit trail, and hands the browser the signed cookie. What
 * the app keeps is what a log-in through the form from 127.0.0.1 keeps; `signIn` goes through the form.
 */
export async function signInAs(app: Express, store: TestStore, username: string, role: Role, secret = SECRET): Promise<WebClient> {
  await ensureUser(store, username, role);
  const user = (await store.users.get(username))!;
  const sid = randomBytes(24).toString('base64url');
  const data = { cookie: new Cookie(SESSION_COOKIE), username: user.username, sv: user.sessionVersion } as session.SessionData;
  await new Promise<void>((resolve, reject) => new LoginSessionStore(store.storage.loginSessions, store.clock).set(sid, data, (err) => (err ? reject(err) : resolve())));
  await recordAccountEvent(store, user.username, user.username, 'auth.login', { type: 'user', id: user.username }, { after: { ip: '127.0.0.1' } });
  // express-session's signed value (cookie-signature): `s:` + id + `.` + its HMAC-SHA256, base64 without padding.
  const signed = `s:${sid}.${createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '')}`;
  const agent = request.agent(await serverOf(app));
  agent.jar.setCookie(`cchc.sid=${encodeURIComponent(signed)}; Path=/; HttpOnly`, '127.0.0.1', '/');
  return webClient(agent, username);
}

/** A browser's cookie jar, signed in: its CSRF token read from a page of the session. */
async function webClient(agent: ReturnType<typeof request.agent>, username: string): Promise<WebClient> {
  const home = await agent.get('/account').expect(200);
  const client: WebClient = {
    agent,
    username,
    csrf: csrfFrom(home.text),
    get: (p) => agent.get(p),
    post: (p, body = {}) => agent.post(p).type('form').send(formEncode({ ...body, _csrf: client.csrf })),
  };
  return client;
}

/** A script: JSON calls with a Bearer token of one user. */
export interface ApiClient {
  token: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

/** An API client for a user (created if needed), with a token stored the way the app stores them. */
export async function apiAs(app: Express, store: TestStore, username: string, role: Role): Promise<ApiClient> {
  await ensureUser(store, username, role);
  const token = newApiToken();
  await store.users.addToken(username, 'test', hashApiToken(token), username);
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  const server = await serverOf(app);
  return {
    token,
    get: (p) => auth(request(server).get(p)),
    post: (p, body = {}) => auth(request(server).post(p)).send(body),
    patch: (p, body = {}) => auth(request(server).patch(p)).send(body),
    delete: (p) => auth(request(server).delete(p)),
  };
}

export interface TestApp {
  app: Express;
  store: TestStore;
  /** An editor signed in (`signInAs`: the session stored as a log-in stores it, without the form). */
  web: WebClient;
  /** An editor's API token. */
  api: ApiClient;
}

/** An app over a fresh store with the fixed clock, an editor signed in, and an editor's token. */
export async function makeApp(options: StoreOptions & { stallMs?: number; linkPreview?: AppOptions['linkPreview']; platforms?: AppOptions['platforms'] } = {}): Promise<TestApp> {
  const { stallMs, linkPreview, platforms, ...storeOptions } = options;
  const store = await openStore(storeOptions);
  const app = createApp({ storage: store.storage, clock: options.clock ?? fixedClock, sessionSecret: SECRET, uploadDir: path.join(store.dataDir, 'tmp'), stallMs, linkPreview, platforms });
  const web = await signInAs(app, store, 'bientap', 'editor');
  const api = await apiAs(app, store, 'bientap', 'editor');
  return { app, store, web, api };
}

/** A valid draft of a new radio entry with a new item; override any part. */
export function draft(overrides: { entry?: Partial<NewEntryDraft['entry']>; title?: string } = {}): NewEntryDraft {
  return {
    item: {
      fields: {
        title: overrides.title ?? 'Hướng dẫn nộp hồ sơ trực tuyến',
        summary: '',
        format: 'news',
        topics: ['m'],
        unit: 'tt-dvsnc',
        author: '',
        sourceUrl: null,
      },
    },
    entry: {
      channel: 'radio',
      at: '2026-11-20T06:30:00+07:00',
      playCount: 2,
      durationSeconds: 180,
      url: null,
      views: null,
      interactions: null,
      note: '',
      ...overrides.entry,
    },
  };
}

/** A valid JSON body for POST /api/v1/entries; override any field. */
export function entryBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Hướng dẫn nộp hồ sơ trực tuyến',
    format: 'news',
    topics: ['m'],
    unit: 'tt-dvsnc',
    channel: 'radio',
    at: '2026-11-20T06:30',
    playCount: 2,
    durationSeconds: 180,
    ...overrides,
  };
}

/** A valid record-form body (strings, as a browser sends them); override any field. */
export function formBody(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    itemMode: 'new',
    title: 'Hướng dẫn nộp hồ sơ trực tuyến',
    summary: '',
    format: 'news',
    topics: ['m'],
    unit: 'tt-dvsnc',
    author: '',
    sourceUrl: '',
    channel: 'radio',
    date: '20/11/2026',
    time: '06:30',
    playCount: '2',
    durationSeconds: '3:00',
    url: '',
    note: '',
    ...overrides,
  };
}

/** Encodes a form body the way a browser does: repeated keys for multi-valued fields. */
export function formEncode(body: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}
