/**
 * Failed log-in alerts on the dashboard: a commune's admin is told of its own accounts only; the
 * deployment's admins of every account.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Role } from '../../src/domain/auth.js';
import { csrfFrom, fixedClock, formEncode, openStore, SECRET, signIn, testPasswordHash } from '../helpers.js';

async function failLogIns(app: Parameters<typeof request.agent>[0], username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const ip = `198.51.100.${i}`;
    const agent = request.agent(app);
    const page = await agent.get('/login').set('X-Forwarded-For', ip);
    await agent.post('/login').set('X-Forwarded-For', ip).type('form').send(formEncode({ username, password: 'sai-mat-khau-roi', _csrf: csrfFrom(page.text) })).expect(401);
  }
}

describe('failed log-in alerts in a deployment of several communes', () => {
  it("shows a commune's admin its own accounts' alerts only, and the deployment's admin every one", async () => {
    const store = await openStore();
    for (const code of ['an-hai', 'lac-phuong']) await store.storage.createCommune({ code, name: code, kind: 'xã' });
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1, loginDelayStepMs: 1 });
    const account = async (username: string, role: Role, commune?: string) =>
      store.users.create({ username, fullName: `Cán bộ ${username}`, role, passwordHash: await testPasswordHash(), ...(commune ? { commune } : {}) }, 'test');
    await account('bt-anhai', 'editor', 'an-hai');
    await account('bt-lac', 'editor', 'lac-phuong');
    await account('qt-anhai', 'admin', 'an-hai');
    await account('quantri', 'admin');
    await failLogIns(app, 'bt-anhai', 12);
    await failLogIns(app, 'bt-lac', 12);

    const own = await (await signIn(app, store, 'qt-anhai', 'admin')).get('/').expect(200);
    expect(own.text).toContain('Tài khoản bt-anhai bị đăng nhập sai');
    expect(own.text).not.toContain('bt-lac');
    const deployment = await (await signIn(app, store, 'quantri', 'admin')).get('/').expect(200);
    expect(deployment.text).toContain('Tài khoản bt-anhai bị đăng nhập sai');
    expect(deployment.text).toContain('Tài khoản bt-lac bị đăng nhập sai');
  });
});
