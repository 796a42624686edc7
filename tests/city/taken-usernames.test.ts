/**
 * A commune's admin adding an account under a name that is taken gets one answer, whether the name belongs
 * to an account of its commune or of another: nothing tells it which names exist elsewhere.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/auth.js';
import { hashApiToken, newApiToken } from '../../src/security/tokens.js';
import { makeApp, signIn, testPasswordHash } from '../helpers.js';

describe('a taken username, asked by a commune admin', () => {
  it('is refused with the same 422 and message whether the account is of its commune or another', async () => {
    const { app, store } = await makeApp();
    for (const code of ['an-hai', 'lac-phuong']) await store.storage.createCommune({ code, name: code, kind: 'xã' });
    const account = async (username: string, role: Role, commune?: string) =>
      store.users.create({ username, fullName: `Cán bộ ${username}`, role, passwordHash: await testPasswordHash(), ...(commune ? { commune } : {}) }, 'test');
    await account('qt-anhai', 'admin', 'an-hai');
    await account('bt-anhai', 'editor', 'an-hai');
    await account('bt-lac', 'editor', 'lac-phuong');
    const token = newApiToken();
    await store.users.addToken('qt-anhai', 'thử', hashApiToken(token), 'qt-anhai');
    const create = (username: string) =>
      request(app).post('/api/v1/users').set('Authorization', `Bearer ${token}`).send({ username, fullName: 'Người mới', role: 'editor', password: 'mat-khau-moi-dai' });
    const here = await create('bt-anhai');
    const elsewhere = await create('bt-lac');
    const deployment = await create('quantri-khac');
    expect(deployment.status).toBe(201);
    expect([here.status, elsewhere.status]).toEqual([422, 422]);
    expect(elsewhere.body).toEqual(here.body);
    expect(elsewhere.body.errors.username).not.toContain('đã có');

    const web = await signIn(app, store, 'qt-anhai', 'admin');
    const form = { username: 'bt-lac', fullName: 'Người mới', role: 'editor', password: 'mat-khau-moi-dai', passwordConfirm: 'mat-khau-moi-dai' };
    const page = await web.post('/users', form).expect(422);
    const own = await web.post('/users', { ...form, username: 'bt-anhai' }).expect(422);
    expect(page.text).toContain(elsewhere.body.errors.username);
    expect(own.text).toContain(elsewhere.body.errors.username);
  });
});
