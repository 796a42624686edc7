import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError } from '../../src/config.js';
import { ensureFirstAdmin } from '../../src/first-admin.js';
import { verifyPassword } from '../../src/security/passwords.js';

import { csrfFrom, draft, ensureUser, fixedClock, formEncode, makeApp, openStore, PASSWORD, SECRET, signIn, storedAccounts, tempDataDir } from '../helpers.js';

async function loginAttempt(app: Parameters<typeof request.agent>[0], username: string, password: string, ip = '203.0.113.5') {
  const agent = request.agent(app);
  const page = await agent.get('/login').set('X-Forwarded-For', ip);
  return agent.post('/login').set('X-Forwarded-For', ip).type('form').send(formEncode({ username, password, _csrf: csrfFrom(page.text) }));
}

describe('first start', () => {
  it('sends every page to the one-time set-up page while no account exists, which creates an admin and signs in', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET });
    for (const p of ['/', '/entries', '/login']) {
      const res = await request(app).get(p);
      expect(res.status, p).toBe(303);
      expect(res.headers.location).toBe('/setup');
    }
    const agent = request.agent(app);
    const page = await agent.get('/setup').expect(200);
    expect(page.text).toContain('Thiết lập lần đầu');
    const bad = await agent.post('/setup').type('form').send(formEncode({ _csrf: csrfFrom(page.text), username: 'quantri', fullName: 'Nguyễn Văn A', password: 'ngan', passwordConfirm: 'ngan' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('ít nhất 10 ký tự');
    expect(bad.text).toContain('value="Nguyễn Văn A"');
    expect((await store.users.count())).toBe(0);
    const ok = await agent.post('/setup').type('form').send(formEncode({ _csrf: csrfFrom(bad.text), communeName: 'An Hải', communeKind: 'phường', username: 'QuanTri', fullName: 'Nguyễn Văn A', password: 'mat-khau-quan-tri', passwordConfirm: 'mat-khau-quan-tri' }));
    expect(ok.status).toBe(303);
    expect((await store.users.get('quantri'))).toMatchObject({ role: 'admin', fullName: 'Nguyễn Văn A' });
    expect((await agent.get('/users').expect(200)).text).toContain('quantri');
    expect((await request(app).get('/setup')).status).toBe(404);
    const again = await agent.post('/setup').type('form').send(formEncode({ _csrf: csrfFrom((await agent.get('/account')).text), username: 'khac', fullName: 'Khác', password: 'mat-khau-khac-1', passwordConfirm: 'mat-khau-khac-1' }));
    expect(again.status).toBe(404);
    expect((await store.users.count())).toBe(1);
  });

  it('asks for the commune at set-up and stores its name and kind with the admin, so the report says "phường"', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET });
    const agent = request.agent(app);
    const page = await agent.get('/setup').expect(200);
    expect(page.text).toContain('name="communeName"');
    for (const kind of ['xã', 'phường', 'đặc khu']) expect(page.text).toContain(`name="communeKind" value="${kind}"`);
    // No kind is chosen for the user: leaving "xã" for a phường is the mistake this asks about.
    expect(page.text).not.toMatch(/name="communeKind" value="[^"]+" checked/);

    const res = await agent.post('/setup').type('form').send(formEncode({ _csrf: csrfFrom(page.text), communeName: '  An Hải ', communeKind: 'phường', username: 'quantri', fullName: 'Nguyễn Văn A', password: 'mat-khau-quan-tri', passwordConfirm: 'mat-khau-quan-tri' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?ok=setup-done');

    expect(await store.settings()).toMatchObject({ communeName: 'An Hải', communeKind: 'phường', deadlineDay: 8 });
    expect((await store.users.get('quantri'))?.role).toBe('admin');
    // Audited as a settings change by the new admin, like one made under Cài đặt.
    const changes = (await store.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 5 })).rows;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ user: 'quantri', target: { type: 'settings', id: 'settings' }, before: { communeName: '', communeKind: 'xã' }, after: { communeName: 'An Hải', communeKind: 'phường' } });

    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('<span class="commune">phường An Hải</span>');
    expect(home.text).not.toContain('Chưa có tên xã/phường');
    // One portal post of 463 views and one radio item played 3 times, in quarter I.
    await store.addEntry(draft({ title: 'Tin A', entry: { at: '2026-03-02T06:30:00+07:00', playCount: 3 } }), 'quantri');
    await store.addEntry(draft({ title: 'Bài B', entry: { channel: 'portal', playCount: 1, durationSeconds: null, views: 463, at: '2026-02-10T09:00:00+07:00' } }), 'quantri');
    const report = await agent.get('/reports?period=q1&year=2026').expect(200);
    expect(report.text).toContain(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh phường, với 3 lượt phát, tổng thời lượng 9 phút; cập nhật 1 tin bài trên Cổng thông tin điện tử phường (463 lượt xem).',
    );
  });

  const badSetups: [string, Record<string, string>, Record<string, string>][] = [
    ['no commune name and no kind', { communeName: '  ', communeKind: '' }, { communeName: 'Vui lòng nhập tên xã, phường (ví dụ: An Hải).', communeKind: 'Vui lòng chọn: xã, phường hoặc đặc khu.' }],
    ['a kind that is not xã, phường or đặc khu', { communeName: 'An Hải', communeKind: 'thị trấn' }, { communeKind: 'Vui lòng chọn: xã, phường hoặc đặc khu.' }],
    ['a name of 101 characters', { communeName: 'A'.repeat(101), communeKind: 'phường' }, { communeName: 'Tên không được dài quá 100 ký tự.' }],
    ['a good commune but a short password', { communeName: 'An Hải', communeKind: 'phường', password: 'ngan', passwordConfirm: 'ngan' }, { password: 'ít nhất 10 ký tự' }],
    // Both in one answer, not the mismatch on a second round trip.
    ['a short password typed differently twice', { communeName: 'An Hải', communeKind: 'phường', password: 'ngan', passwordConfirm: 'ngon' }, { password: 'ít nhất 10 ký tự', passwordConfirm: 'Hai lần nhập mật khẩu không khớp.' }],
  ];
  for (const [what, fields, messages] of badSetups) {
    it(`refuses a set-up with ${what}: 422 with the messages, the input kept, nothing stored (no account either)`, async () => {
      const store = await openStore();
      const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET });
      const agent = request.agent(app);
      const page = await agent.get('/setup').expect(200);
      const body = { username: 'quantri', fullName: 'Nguyễn Văn A', password: 'mat-khau-quan-tri', passwordConfirm: 'mat-khau-quan-tri', ...fields };
      const res = await agent.post('/setup').type('form').send(formEncode({ _csrf: csrfFrom(page.text), ...body }));

      expect(res.status).toBe(422);
      expect(res.text).toContain('role="alert"');
      for (const [field, message] of Object.entries(messages)) {
        expect(res.text).toMatch(new RegExp(`<p class="field-error" id="e-${field}">[^<]*${message.replace(/[.()]/g, '\\$&')}`));
      }
      expect(res.text).toContain('value="Nguyễn Văn A"');
      if (fields.communeName?.trim()) expect(res.text).toContain(`value="${fields.communeName}"`);
      if (fields.communeKind === 'phường') expect(res.text).toContain('value="phường" checked');
      expect(await store.users.count()).toBe(0);
      expect(await store.settings()).toMatchObject({ communeName: '', communeKind: 'xã' });
      expect((await store.queryAudit({}, { page: 1, pageSize: 5 })).total).toBe(0);
      expect((await request(app).get('/')).headers.location).toBe('/setup');
    });
  }

  it('tells admins on every page that the commune has no name until one is set (the admin made from the environment)', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET });
    await ensureFirstAdmin(store, { username: 'quantri', password: PASSWORD });
    const admin = await signIn(app, store, 'quantri', 'admin');
    const editor = await signIn(app, store, 'bientap', 'editor');
    const notice = /<p class="warning">Chưa có tên xã\/phường: vào <a href="\/settings#commune">Cài đặt<\/a> để nhập tên và loại đơn vị, để báo cáo ghi đúng\.<\/p>/;
    for (const p of ['/', '/reports?period=year&year=2026', '/entries', '/summaries', '/users']) {
      expect((await admin.get(p).expect(200)).text, p).toMatch(notice);
    }
    // Only admins can set it; the settings page itself holds the form.
    expect((await editor.get('/').expect(200)).text).not.toContain('Chưa có tên xã/phường');
    expect((await admin.get('/settings').expect(200)).text).not.toContain('Chưa có tên xã/phường');

    await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8' }).expect(303);
    for (const p of ['/', '/reports?period=year&year=2026']) {
      expect((await admin.get(p).expect(200)).text, p).not.toContain('Chưa có tên xã/phường');
    }
  });

  it('creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD, once, and names a bad variable', async () => {
    const store = await openStore();
    await expect(ensureFirstAdmin(store, { username: 'admin', password: 'ngan' })).rejects.toThrow(ConfigError);
    await expect(ensureFirstAdmin(store, { username: 'admin', password: 'ngan' })).rejects.toThrow(/ADMIN_PASSWORD/);
    expect(await ensureFirstAdmin(store, { username: 'admin', password: 'mat-khau-ban-dau' })).toBe(true);
    expect((await store.users.get('admin'))?.role).toBe('admin');
    expect(await verifyPassword('mat-khau-ban-dau', (await store.users.get('admin'))!.passwordHash)).toBe(true);
    expect(await ensureFirstAdmin(store, { username: 'admin2', password: 'mat-khau-khac-nua' })).toBe(false);
    expect((await store.users.count())).toBe(1);
  });
});

describe('log-in', () => {
  it('gives one message for a wrong password and for an unknown user, and records both failures', async () => {
    const { app, store } = await makeApp();
    const wrong = await loginAttempt(app, 'bientap', 'sai-mat-khau-roi');
    const unknown = await loginAttempt(app, 'khongai', 'sai-mat-khau-roi');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<div class="error-summary"[^>]*><p>([^<]+)<\/p>/.exec(html)![1];
    expect(message(wrong.text)).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(message(unknown.text)).toBe(message(wrong.text));
    // Accounts of a ward's own install belong to no commune: their log-ins, like an unknown name's, are in the deployment's trail.
    const failures = (await store.storage.deploymentAudit.queryAudit({ action: 'auth.login-failed' }, { page: 1, pageSize: 10 })).rows.map((r) => r.user);
    expect(failures.sort()).toEqual(['bientap', 'khongai']);
  });

  it('signs in, goes to the page asked for, and signs out', async () => {
    const { app, store } = await makeApp();
    await ensureUser(store, 'an', 'editor');
    const agent = request.agent(app);
    const first = await agent.get('/entries?channel=radio');
    expect(first.headers.location).toBe('/login?next=%2Fentries%3Fchannel%3Dradio');
    const page = await agent.get(first.headers.location!);
    const res = await agent.post('/login').type('form').send(formEncode({ username: 'an', password: PASSWORD, next: '/entries?channel=radio', _csrf: csrfFrom(page.text) }));
    expect(res.headers.location).toBe('/entries?channel=radio');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Cán bộ an');
    await agent.post('/logout').type('form').send(formEncode({ _csrf: csrfFrom(home.text) })).expect(303);
    expect((await agent.get('/')).status).toBe(303);
    expect((await store.storage.deploymentAudit.queryAudit({ user: 'an' }, { page: 1, pageSize: 10 })).rows.map((r) => r.action)).toEqual(['auth.logout', 'auth.login']);
  });

  it('never redirects after log-in to another site', async () => {
    const { app, store } = await makeApp();
    await ensureUser(store, 'an', 'editor');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send(formEncode({ username: 'an', password: PASSWORD, next: '//evil.example/x', _csrf: csrfFrom(page.text) }));
    expect(res.headers.location).toBe('/');
  });

  it('past 10 failed log-ins for a username, whatever the address, holds further attempts back without blocking the right password', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1, loginDelayStepMs: 20 });
    await ensureUser(store, 'bientap', 'editor');
    for (let i = 0; i < 10; i++) expect((await loginAttempt(app, 'bientap', 'sai-mat-khau-roi', `198.51.100.${i}`)).status).toBe(401);
    expect((await loginAttempt(app, 'bientap', 'sai-mat-khau-roi', '198.51.100.97')).status).toBe(401);
    expect((await loginAttempt(app, 'bientap', PASSWORD, '198.51.100.99')).status).toBe(303);
    expect((await loginAttempt(app, 'nguoikhac', 'sai-mat-khau-roi', '198.51.100.98')).status).toBe(401);
  });

  it('limits failed log-ins to 10 per address, and a successful log-in does not count', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1 });
    await ensureUser(store, 'bientap', 'editor');
    for (let i = 0; i < 5; i++) expect((await loginAttempt(app, 'bientap', PASSWORD, '192.0.2.7')).status).toBe(303);
    for (let i = 0; i < 10; i++) expect((await loginAttempt(app, `ai${i}`, 'sai-mat-khau-roi', '192.0.2.7')).status).toBe(401);
    expect((await loginAttempt(app, 'bientap', PASSWORD, '192.0.2.7')).status).toBe(429);
    expect((await loginAttempt(app, 'bientap', PASSWORD, '192.0.2.8')).status).toBe(303);
    const api = await request(app).post('/api/v1/tokens').set('X-Forwarded-For', '192.0.2.7').send({ username: 'bientap', password: PASSWORD, name: 'x' });
    expect(api.status).toBe(429);
    expect(api.body.error).toMatch(/quá 10 lần/);
  });
});

describe('accounts', () => {
  it('lets an admin add users through the page and the API, refusing short passwords and taken names', async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const short = await admin.post('/users', { username: 'moi', fullName: 'Người mới', role: 'editor', password: 'ngan', passwordConfirm: 'ngan' });
    expect(short.status).toBe(422);
    expect((await store.users.get('moi'))).toBeUndefined();
    await admin.post('/users', { username: 'moi', fullName: 'Người mới', role: 'viewer', password: 'mat-khau-moi-1', passwordConfirm: 'mat-khau-moi-1' }).expect(303);
    expect((await store.users.get('moi'))).toMatchObject({ role: 'viewer', disabled: false });
    const adminApi = await (await import('../helpers.js')).apiAs(app, store, 'quantri', 'admin');
    const created = await adminApi.post('/api/v1/users', { username: 'moi2', fullName: 'Người mới 2', role: 'editor', password: 'mat-khau-moi-2' }).expect(201);
    expect(created.body).toEqual(expect.objectContaining({ username: 'moi2', role: 'editor', disabled: false }));
    expect(JSON.stringify(created.body)).not.toContain('mat-khau');
    expect((await adminApi.post('/api/v1/users', { username: 'moi2', fullName: 'X', role: 'editor', password: 'mat-khau-moi-2' })).status).toBe(409);
    expect((await adminApi.post('/api/v1/users', { username: 'moi3', fullName: 'X', role: 'boss', password: 'mat-khau-moi-3' })).status).toBe(422);
    const patched = await adminApi.patch('/api/v1/users/moi2', { role: 'viewer' }).expect(200);
    expect(patched.body.role).toBe('viewer');
    expect((await adminApi.patch('/api/v1/users/moi2', { password: 'ngan' })).status).toBe(422);
  });

  it('ends a disabled user\'s sessions and tokens at once', async () => {
    const { app, store, web, api } = await makeApp();
    await web.get('/').expect(200);
    await api.get('/api/v1/entries').expect(200);
    const adminApi = await (await import('../helpers.js')).apiAs(app, store, 'quantri', 'admin');
    await adminApi.patch('/api/v1/users/bientap', { disabled: true }).expect(200);
    const page = await web.get('/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    expect((await api.get('/api/v1/entries')).status).toBe(401);
    expect((await loginAttempt(app, 'bientap', PASSWORD)).status).toBe(401);
    await adminApi.patch('/api/v1/users/bientap', { disabled: false }).expect(200);
    // Enabling the account again brings no token back.
    expect((await api.get('/api/v1/entries')).status).toBe(401);
  });

  it('keeps at least one active admin', async () => {
    const { app, store } = await makeApp();
    const adminApi = await (await import('../helpers.js')).apiAs(app, store, 'quantri', 'admin');
    const res = await adminApi.patch('/api/v1/users/quantri', { role: 'editor' }).expect(422);
    expect(Object.values(res.body.errors).join(' ')).toContain('ít nhất một quản trị viên');
    await adminApi.patch('/api/v1/users/quantri', { disabled: true }).expect(422);
    expect((await store.users.get('quantri'))).toMatchObject({ role: 'admin', disabled: false });
  });

  it('changes one\'s own password, checking the current one, and ends one\'s other sessions', async () => {
    const { app, store, web } = await makeApp();
    const other = await signIn(app, store, 'bientap', 'editor');
    const wrong = await web.post('/account/password', { currentPassword: 'khong-dung-dau', password: 'mat-khau-moi-nhe', passwordConfirm: 'mat-khau-moi-nhe' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    const short = await web.post('/account/password', { currentPassword: PASSWORD, password: 'ngan', passwordConfirm: 'ngon' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('<p class="field-error" id="e-password">Mật khẩu phải có ít nhất 10 ký tự.</p>');
    expect(short.text).toContain('<p class="field-error" id="e-passwordConfirm">');
    const ok = await web.post('/account/password', { currentPassword: PASSWORD, password: 'mat-khau-moi-nhe', passwordConfirm: 'mat-khau-moi-nhe' });
    expect(ok.status).toBe(303);
    expect((await web.get('/account')).status).toBe(200);
    expect((await other.get('/account')).status).toBe(303);
    expect(await verifyPassword('mat-khau-moi-nhe', (await store.users.get('bientap'))!.passwordHash)).toBe(true);
  });
});

describe('API tokens', () => {
  it('creates a token from a username and password, which then works as a Bearer token, and stores only its hash', async () => {
    const { app, store } = await makeApp();
    const res = await request(app).post('/api/v1/tokens').send({ username: 'bientap', password: PASSWORD, name: 'máy phòng truyền thanh' }).expect(201);
    expect(res.body).toMatchObject({ name: 'máy phòng truyền thanh' });
    expect(res.body.token).toMatch(/^cchc_[A-Za-z0-9_-]{40,}$/);
    await request(app).get('/api/v1/entries').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const created = await request(app).post('/api/v1/entries').set('Authorization', `Bearer ${res.body.token}`).send({ title: 'Qua mã API', format: 'news', topics: ['a'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:00' }).expect(201);
    expect((await store.entry(created.body.id))?.recordedBy).toBe('bientap');
    const stored = await storedAccounts(store);
    expect(stored).toContain(res.body.id);
    expect(stored).not.toContain(res.body.token);
    expect((await request(app).post('/api/v1/tokens').send({ username: 'bientap', password: 'sai-mat-khau', name: 'x' })).status).toBe(401);
  });

  it('lists a user\'s tokens on their account page and revokes one there, after which it stops working', async () => {
    const { app, web } = await makeApp();
    const res = await request(app).post('/api/v1/tokens').send({ username: 'bientap', password: PASSWORD, name: 'kịch bản nhập liệu' }).expect(201);
    const page = await web.get('/account').expect(200);
    expect(page.text).toContain('kịch bản nhập liệu');
    expect(page.text).not.toContain(res.body.token);
    await web.post(`/account/tokens/${res.body.id}/revoke`).expect(303);
    expect((await request(app).get('/api/v1/entries').set('Authorization', `Bearer ${res.body.token}`)).status).toBe(401);
    expect((await web.get('/account')).text).not.toContain('kịch bản nhập liệu');
  });

  it('shows a token made on the account page once', async () => {
    const { app, web } = await makeApp();
    const res = await web.post('/account/tokens', { name: 'điện thoại' });
    expect(res.status).toBe(201);
    const token = /<code class="token">([^<]+)<\/code>/.exec(res.text)![1]!;
    await request(app).get('/api/v1/vocabulary').set('Authorization', `Bearer ${token}`).expect(200);
    expect((await web.get('/account')).text).not.toContain(token);
  });
});

describe('sessions', () => {
  it('survive a server restart', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    const secret = await store.storage.sessionSecret();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: secret });
    const web = await signIn(app, store, 'bientap', 'editor');
    await store.close();

    const store2 = await openStore({ dataDir });
    const secret2 = await store2.storage.sessionSecret();
    expect(secret2).toBe(secret);
    const app2 = createApp({ storage: store2.storage, clock: fixedClock, sessionSecret: secret2 });
    const cookies = (web.agent as unknown as { jar: { getCookies: (o: object) => { toValueString(): string }[] } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => c.toValueString())
      .join('; ');
    const res = await request(app2).get('/account').set('Cookie', cookies);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Cán bộ bientap');
  });
});
