/**
 * The holes an attack found in access: CSRF skipped for any Authorization header, tokens outliving
 * password changes and disabling, files of deleted records served, unbounded usernames, unbounded
 * password checks, lock-outs by username, format characters, foreign Referers and notice codes.
 */
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { sweepUploads } from '../../src/web/upload.js';
import { hashPasswordWithCost, hashStats, HASH_CONCURRENCY } from '../../src/security/passwords.js';
import { apiAs, csrfFrom, draft, ensureUser, fixedClock, formEncode, makeApp, openStore, PASSWORD, SECRET, signIn, tempDataDir } from '../helpers.js';
import type { TestStore } from '../test-store.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function loginAttempt(app: Parameters<typeof request.agent>[0], username: string, password: string, ip = '203.0.113.5') {
  const agent = request.agent(app);
  const page = await agent.get('/login').set('X-Forwarded-For', ip);
  return agent.post('/login').set('X-Forwarded-For', ip).type('form').send(formEncode({ username, password, _csrf: csrfFrom(page.text) }));
}

/** Bytes of every file under a directory. */
/** What the store keeps, in bytes: the data directory's files, or PostgreSQL's audit records as text. */
async function storedBytes(store: TestStore): Promise<number> {
  const pool = (store.storage as { pool?: { query(sql: string): Promise<{ rows: { n: string }[] }> } }).pool;
  if (pool) return Number((await pool.query('SELECT (SELECT coalesce(sum(length(record::text)), 0) FROM audit) + (SELECT coalesce(sum(length(record::text)), 0) FROM deployment_audit) AS n')).rows[0]!.n);
  return dirBytes(store.dataDir);
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    const s = await stat(path.join(dir, name));
    if (s.isFile()) total += s.size;
  }
  return total;
}

describe('CSRF is skipped only for requests authenticated by an API token', () => {
  it('refuses a session-authenticated form post without a token even when an Authorization header comes with it', async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const before = (await store.users.count());
    const page = await admin.agent
      .post('/users')
      .set('Authorization', 'Basic cXVhbnRyaTp4')
      .type('form')
      .send(formEncode({ username: 'keotrom', fullName: 'Kẻ trộm', role: 'admin', password: 'mat-khau-ke-trom', passwordConfirm: 'mat-khau-ke-trom' }));
    expect(page.status).toBe(403);
    const api = await admin.agent.post('/api/v1/users').set('Authorization', 'Basic cXVhbnRyaTp4').send({ username: 'keotrom2', fullName: 'Kẻ trộm', role: 'admin', password: 'mat-khau-ke-trom' });
    expect(api.status).toBe(401);
    const apiNoHeader = await admin.agent.post('/api/v1/users').send({ username: 'keotrom3', fullName: 'Kẻ trộm', role: 'admin', password: 'mat-khau-ke-trom' });
    expect(apiNoHeader.status).toBe(403);
    expect((await store.users.count())).toBe(before);
  });

  it('answers 401 to a Bearer token on a page, which takes none', async () => {
    const { app, store, api } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const res = await admin.agent.post('/users').set('Authorization', `Bearer ${api.token}`).type('form').send(formEncode({ _csrf: admin.csrf, username: 'moi', fullName: 'Người mới', role: 'editor', password: 'mat-khau-moi-dai', passwordConfirm: 'mat-khau-moi-dai' }));
    expect(res.status).toBe(401);
    expect((await request(app).get('/entries').set('Authorization', `Bearer ${api.token}`)).status).toBe(401);
    expect((await store.users.get('moi'))).toBeUndefined();
  });

  it('still lets a token write through the API without a CSRF token', async () => {
    const { api } = await makeApp();
    const res = await api.post('/api/v1/entries', { title: 'Tin qua mã API', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:30' });
    expect(res.status).toBe(201);
  });
});

describe('API tokens end with what should end them', () => {
  it('are revoked when an admin sets a new password, and stay revoked', async () => {
    const { app, store, api } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await api.get('/api/v1/entries').expect(200);
    await admin.patch('/api/v1/users/bientap', { password: 'mat-khau-moi-hoan-toan' }).expect(200);
    expect((await api.get('/api/v1/entries')).status).toBe(401);
    expect((await api.post('/api/v1/entries', { title: 'x' })).status).toBe(401);
    expect((await store.users.tokensOf('bientap'))).toEqual([]);
    // bientap belongs to no commune: its changes are in the deployment's own trail.
    const revoked = (await store.storage.deploymentAudit.queryAudit({ action: 'token.revoke' }, { page: 1, pageSize: 10 })).rows;
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ user: 'quantri', before: { username: 'bientap' }, after: { reason: 'mật khẩu mới' } });
  });

  it('are revoked when the user changes their own password', async () => {
    const { web, api } = await makeApp();
    const res = await web.post('/account/password', { currentPassword: PASSWORD, password: 'mat-khau-cua-toi-moi', passwordConfirm: 'mat-khau-cua-toi-moi' });
    expect(res.status).toBe(303);
    expect((await api.get('/api/v1/entries')).status).toBe(401);
  });

  it('are revoked when the account is disabled, and enabling it again brings none back', async () => {
    const { app, store, api } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await admin.patch('/api/v1/users/bientap', { disabled: true }).expect(200);
    await admin.patch('/api/v1/users/bientap', { disabled: false }).expect(200);
    expect((await api.get('/api/v1/entries')).status).toBe(401);
  });

  it('are listed on the user\'s page for an admin, who can revoke one there', async () => {
    const { app, store, api } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const page = await admin.get('/users/bientap').expect(200);
    const [token] = (await store.users.tokensOf('bientap'));
    expect(page.text).toContain(`/users/bientap/tokens/${token!.id}/revoke`);
    const res = await admin.post(`/users/bientap/tokens/${token!.id}/revoke`);
    expect(res.status).toBe(303);
    expect((await api.get('/api/v1/entries')).status).toBe(401);
    expect((await store.storage.deploymentAudit.queryAudit({ action: 'token.revoke' }, { page: 1, pageSize: 10 })).rows[0]).toMatchObject({ user: 'quantri', target: { type: 'token', id: token!.id } });
    expect((await admin.post('/users/bientap/tokens/khong-co/revoke')).status).toBe(404);
    const editor = await signIn(app, store, 'bientap2', 'editor');
    expect((await editor.post(`/users/bientap/tokens/${token!.id}/revoke`)).status).toBe(403);
  });
});

describe('files of deleted records', () => {
  it('are served to admins only, like the records themselves', async () => {
    const { app, store, api } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    const onEntry = await store.addEntry(draft({ title: 'Tin có ảnh' }), 'bientap');
    const onItem = await store.addEntry(draft({ title: 'Tin bài có tệp' }), 'bientap');
    const upload = (p: string) => request(app).post(p).set('Authorization', `Bearer ${api.token}`).attach('file', PNG, 'anh.png');
    const f1 = (await upload(`/api/v1/entries/${onEntry.entry.id}/files`).expect(201)).body.id as number;
    const f2 = (await upload(`/api/v1/items/${onItem.item.id}/files`).expect(201)).body.id as number;
    await store.deleteEntry(onEntry.entry.id, 'bientap');
    await store.deleteItem(onItem.item.id, 'bientap');
    for (const id of [f1, f2]) {
      expect((await api.get(`/files/${id}`)).status, `editor, file ${id}`).toBe(404);
      expect((await viewer.get(`/files/${id}`)).status, `viewer, file ${id}`).toBe(404);
      expect((await admin.get(`/files/${id}`)).status, `admin, file ${id}`).toBe(200);
    }
    await store.restoreEntry(onEntry.entry.id, 'quantri');
    expect((await viewer.get(`/files/${f1}`)).status).toBe(200);
  });
});

describe('user-supplied strings are capped', () => {
  it('stores and shows back at most 64 characters of a typed username, whatever its length', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1 });
    await ensureUser(store, 'quantri', 'admin');
    const before = await storedBytes(store);
    const huge = 'a'.repeat(900_000);
    const res = await loginAttempt(app, huge, 'sai-mat-khau-roi');
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('a'.repeat(65));
    expect(res.text).toContain('a'.repeat(64));
    const grown = (await storedBytes(store)) - before;
    await store.close();
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(600);
    const again = await openStore({ dataDir: store.dataDir });
    // A name no account has: its failed log-in is in the deployment's own trail.
    const [failure] = (await again.storage.deploymentAudit.queryAudit({ action: 'auth.login-failed' }, { page: 1, pageSize: 1 })).rows;
    expect(failure!.user).toBe('a'.repeat(64));
  });
});

describe('password checks are bounded', () => {
  it('limits wrong current passwords to 10 in 15 minutes per user, then answers 429', async () => {
    const { web } = await makeApp();
    for (let i = 0; i < 10; i++) {
      const res = await web.post('/account/password', { currentPassword: 'sai-mat-khau-roi', password: 'mat-khau-moi-dai-hon', passwordConfirm: 'mat-khau-moi-dai-hon' });
      expect(res.status).toBe(422);
    }
    const blocked = await web.post('/account/password', { currentPassword: PASSWORD, password: 'mat-khau-moi-dai-hon', passwordConfirm: 'mat-khau-moi-dai-hon' });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('quá 10 lần');
  });

  it('never runs more scrypt derivations at once than the bound, however many are asked for', async () => {
    hashStats.peak = 0;
    await Promise.all(Array.from({ length: 8 }, () => hashPasswordWithCost('mot-mat-khau-bat-ky', 1024)));
    expect(hashStats.peak).toBe(HASH_CONCURRENCY);
  });
});

describe('failed log-ins for one username', () => {
  it('slow further attempts down and tell admins, but never shut out the right password', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1, loginDelayStepMs: 30 });
    await ensureUser(store, 'bientap', 'editor');
    for (let i = 0; i < 12; i++) expect((await loginAttempt(app, 'bientap', 'sai-mat-khau-roi', `198.51.100.${i}`)).status).toBe(401);
    const started = Date.now();
    const ok = await loginAttempt(app, 'bientap', PASSWORD, '198.51.100.99');
    expect(ok.status).toBe(303);
    // The 13th attempt waited three steps: a delay, not a block.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 30);
    const admin = await signIn(app, store, 'quantri', 'admin');
    const home = await admin.get('/').expect(200);
    expect(home.text).toContain('Tài khoản bientap bị đăng nhập sai 12 lần');
    const editor = await signIn(app, store, 'bientap2', 'editor');
    expect((await editor.get('/')).text).not.toContain('bị đăng nhập sai');
  });
});

describe('text from users', () => {
  it('loses bidirectional and other invisible format characters in titles and file names', async () => {
    const { app, api, store } = await makeApp();
    const res = await api.post('/api/v1/entries', { title: 'Tin\u202e fdp.exe\u2066 mới\u200b', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:30' });
    expect(res.status).toBe(201);
    expect((await store.item(res.body.itemId))!.title).toBe('Tin fdp.exe mới');
    const up = await request(app).post(`/api/v1/entries/${res.body.id}/files`).set('Authorization', `Bearer ${api.token}`).attach('file', PNG, 'anh\u202egnp.exe.png');
    expect(up.status).toBe(201);
    expect(up.body.name).toBe('anhgnp.exe.png');
  });
});

describe('small pages', () => {
  it('link the expired-form page back only to a page of this site', async () => {
    const { web } = await makeApp();
    const foreign = await web.agent.post('/entries').set('Referer', 'https://evil.example/trap').type('form').send('title=x&_csrf=sai');
    expect(foreign.status).toBe(403);
    expect(foreign.text).not.toContain('evil.example');
    expect(foreign.text).toContain('href="/"');
    const own = await web.agent.post('/entries').set('Referer', 'http://127.0.0.1/entries/new?x=1').set('Host', '127.0.0.1').type('form').send('title=x&_csrf=sai');
    expect(own.text).toContain('href="/entries/new?x=1"');
  });

  it('show no notice for a code that is not one, even a name every object has', async () => {
    const { web } = await makeApp();
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const page = await web.get(`/entries?ok=${code}`).expect(200);
      expect(page.text, code).not.toContain('class="notice"');
      expect(page.text, code).not.toContain('native code');
    }
    expect((await web.get('/entries?ok=entry-created')).text).toContain('Đã ghi nhật ký.');
  });
});

describe('evidence files on disk', () => {
  it('are private (0600 in 0700 folders)', async () => {
    const { app, api, store } = await makeApp();
    const { entry } = await store.addEntry(draft(), 'bientap');
    const up = await request(app).post(`/api/v1/entries/${entry.id}/files`).set('Authorization', `Bearer ${api.token}`).attach('file', PNG, 'anh.png');
    expect(up.status).toBe(201);
    const sha: string = up.body.sha256;
    const blob = path.join(store.dataDir, 'files', sha.slice(0, 2), sha);
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    expect(await mode(blob)).toBe(0o600);
    expect(await mode(path.dirname(blob))).toBe(0o700);
    expect(await mode(path.join(store.dataDir, 'files'))).toBe(0o700);
  });

  it('leave no upload behind a crash where processes share the folder: old leftovers are swept, uploads in progress and held imports stay', async () => {
    const dir = path.join(await tempDataDir(), 'tmp');
    const now = Date.now();
    const aged = async (name: string, hours: number) => {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'part'), 'x');
      const when = new Date(now - hours * 3600 * 1000);
      await utimes(path.join(dir, name), when, when);
    };
    await aged('c0ffee0000000001', 2);
    await aged('c0ffee0000000002', 0.1);
    await aged(`import-${'a'.repeat(32)}`, 5);
    await aged(`import-${'b'.repeat(32)}`, 25);
    expect(await sweepUploads(dir, now)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['c0ffee0000000002', `import-${'a'.repeat(32)}`]);
  });
});
