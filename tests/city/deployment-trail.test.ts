/**
 * The deployment's own trail: the log-ins of its accounts (admins and city viewers, who belong to no
 * commune) and of usernames no account has are kept there, never in a commune's trail, and only the
 * deployment's admins read it; a commune's accounts' log-ins stay in their commune's trail.
 */
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Role } from '../../src/domain/auth.js';
import type { AuditRecord } from '../../src/domain/model.js';
import { apiAs, csrfFrom, fixedClock, formEncode, openStore, PASSWORD, SECRET, signIn, testPasswordHash } from '../helpers.js';
import type { TestStore } from '../test-store.js';

const ALL = { page: 1, pageSize: 1000 };

/** A log-in through the form with a fresh cookie jar, from an address of its own; the response to POST /login. */
async function tryLogIn(app: Express, username: string, password: string): Promise<request.Response> {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send(formEncode({ username, password, _csrf: csrfFrom(page.text), next: '/' }));
}

/** A deployment of two communes (`main`, `an-hai`), each with an admin, `an-hai` with an editor too, and the deployment's admin. */
async function deployment() {
  const store = await openStore();
  await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
  const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, loginDelayStepMs: 1 });
  const account = async (username: string, role: Role, commune?: string) => {
    const own = commune ? store.inCommune(commune) : store;
    await own.users.create({ username, fullName: `Cán bộ ${username}`, role, passwordHash: await testPasswordHash(), ...(commune ? { commune } : {}) }, 'test');
  };
  await account('quantri', 'admin');
  await account('thanhpho', 'city-viewer');
  await account('qt-main', 'admin', 'main');
  await account('qt-anhai', 'admin', 'an-hai');
  await account('bt-anhai', 'editor', 'an-hai');
  return { store, app };
}

/** What a trail says about log-ins: [action, user], newest first. */
const logins = (records: Pick<AuditRecord, 'action' | 'user'>[]) => records.filter((r) => r.action.startsWith('auth.')).map((r) => [r.action, r.user]);

async function communeLogins(store: TestStore, code: string): Promise<string[][]> {
  return logins((await store.inCommune(code).queryAudit({}, ALL)).rows);
}

describe("the deployment's own trail", () => {
  it("keeps the deployment admin's log-ins and an unknown username's failed one out of every commune's trail, and in its own", async () => {
    const { store, app } = await deployment();
    expect((await tryLogIn(app, 'quantri', PASSWORD)).status).toBe(303);
    expect((await tryLogIn(app, 'quantri', 'sai-mat-khau-roi')).status).toBe(401);
    expect((await tryLogIn(app, 'khongco', 'doan-mat-khau-1')).status).toBe(401);
    expect((await tryLogIn(app, 'thanhpho', PASSWORD)).status).toBe(303);
    // A token asked for with a password is a log-in too.
    await request(app).post('/api/v1/tokens').send({ username: 'khong-ai', password: 'doan-mat-khau-2', name: 'x' }).expect(401);

    for (const code of ['main', 'an-hai']) expect(await communeLogins(store, code)).toEqual([]);
    const admin = await apiAs(app, store, 'quantri', 'admin');
    for (const code of ['main', 'an-hai']) {
      const res = await admin.get(`/api/v1/audit?commune=${code}`).expect(200);
      expect(JSON.stringify(res.body)).not.toMatch(/khongco|khong-ai|"quantri"|thanhpho/);
    }
    const own = await admin.get('/api/v1/audit?trail=deployment&action=auth').expect(200);
    expect(logins(own.body.records)).toEqual([
      ['auth.login-failed', 'khong-ai'],
      ['auth.login', 'thanhpho'],
      ['auth.login-failed', 'khongco'],
      ['auth.login-failed', 'quantri'],
      ['auth.login', 'quantri'],
    ]);
    expect(own.body.records[4]).toMatchObject({ target: { type: 'user', id: 'quantri' }, after: { ip: expect.any(String) } });

    const page = await (await signIn(app, store, 'quantri', 'admin')).get('/audit?trail=deployment&user=&action=auth.login-failed').expect(200);
    expect(page.text).toContain('<h1>Nhật ký của hệ thống</h1>');
    expect(page.text).toContain('<td data-label="Người">khongco</td>');
    expect(page.text).toContain('<input type="hidden" name="trail" value="deployment">');
  });

  it("keeps a commune account's log-in in its own commune's trail only", async () => {
    const { store, app } = await deployment();
    expect((await tryLogIn(app, 'bt-anhai', PASSWORD)).status).toBe(303);
    expect((await tryLogIn(app, 'bt-anhai', 'sai-mat-khau-roi')).status).toBe(401);
    expect(await communeLogins(store, 'an-hai')).toEqual([
      ['auth.login-failed', 'bt-anhai'],
      ['auth.login', 'bt-anhai'],
    ]);
    expect(await communeLogins(store, 'main')).toEqual([]);
    expect(logins((await store.storage.deploymentAudit.queryAudit({}, ALL)).rows)).toEqual([]);
    const communeAdmin = await apiAs(app, store, 'qt-anhai', 'admin');
    expect(logins((await communeAdmin.get('/api/v1/audit').expect(200)).body.records)).toEqual([
      ['auth.login-failed', 'bt-anhai'],
      ['auth.login', 'bt-anhai'],
    ]);
  });

  it('is refused to a commune\'s admins and viewers, and to the city\'s viewers, with 404 on the page and the API', async () => {
    const { store, app } = await deployment();
    expect((await tryLogIn(app, 'khongco', 'doan-mat-khau-1')).status).toBe(401);
    for (const [username, role] of [['qt-anhai', 'admin'], ['qt-main', 'admin'], ['thanhpho', 'city-viewer']] as const) {
      const api = await apiAs(app, store, username, role);
      const res = await api.get('/api/v1/audit?trail=deployment').expect(404);
      expect(res.body.records).toBeUndefined();
      const web = await signIn(app, store, username, role);
      const page = await web.get('/audit?trail=deployment').expect(404);
      expect(page.text).not.toContain('khongco');
      const ownPage = await web.get('/audit').expect(200);
      expect(ownPage.text).not.toContain('Nhật ký của hệ thống');
    }
    const deploymentAdmin = await signIn(app, store, 'quantri', 'admin');
    expect((await deploymentAdmin.get('/audit?commune=an-hai').expect(200)).text).toContain('<a href="/audit?trail=deployment">Nhật ký của hệ thống</a>');
  });

  it("keeps the changes of the deployment's accounts (accounts made, passwords, tokens) there, and a commune's accounts' in their commune's", async () => {
    const { store, app } = await deployment();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await admin.post('/api/v1/users', { username: 'thanhpho2', fullName: 'Sở Nội vụ', role: 'city-viewer', password: 'mat-khau-thanh-pho' }).expect(201);
    await admin.post('/api/v1/users', { username: 'bt-anhai2', fullName: 'Biên tập', role: 'editor', commune: 'an-hai', password: 'mat-khau-bien-tap' }).expect(201);
    const web = await signIn(app, store, 'quantri', 'admin');
    await web.post('/account/password', { currentPassword: PASSWORD, password: 'mat-khau-moi-quantri', passwordConfirm: 'mat-khau-moi-quantri' }).expect(303);
    await request(app).post('/api/v1/tokens').send({ username: 'thanhpho', password: PASSWORD, name: 'Báo cáo tự động' }).expect(201);

    const mainTrail = JSON.stringify((await store.queryAudit({}, ALL)).rows);
    for (const name of ['quantri', 'thanhpho', 'Báo cáo tự động']) expect(mainTrail).not.toContain(name);
    const ownTrail = (await store.storage.deploymentAudit.queryAudit({ action: 'user', user: 'quantri' }, ALL)).rows.map((r) => [r.action, r.target?.id]);
    expect(ownTrail).toEqual([
      ['user.password', 'quantri'],
      ['user.create', 'thanhpho2'],
    ]);
    expect((await store.storage.deploymentAudit.queryAudit({ action: 'token.create', user: 'thanhpho' }, ALL)).total).toBe(1);
    expect((await store.inCommune('an-hai').auditOf('user', 'bt-anhai2')).map((r) => [r.action, r.user])).toEqual([['user.create', 'quantri']]);
    // An account's page shows its history from the trail its events are kept in.
    expect((await web.get('/users/thanhpho2').expect(200)).text).toContain('Lịch sử thay đổi (1)');
  });
});
