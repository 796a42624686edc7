import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/domain/model.js';
import type { TestStore as Store } from '../test-store.js';
import { ROUTES } from '../../src/web/routes.js';
import { apiAs, csrfFrom, draft, entryBody, formBody, formEncode, makeApp, openStore, PASSWORD, signIn, tempDataDir } from '../helpers.js';

/** Every record is written at the fixed test clock: 2026-11-22 10:00 in Vietnam. */
const AT = '2026-11-22T10:00:00+07:00';

/** A trail: a commune's (a store) or the deployment's own (`store.storage.deploymentAudit`). */
type Trail = Pick<Store, 'queryAudit'>;

/** The id of the newest audit record (0 when the trail is empty). */
async function auditMark(trail: Trail): Promise<number> {
  return (await trail.queryAudit({}, { page: 1, pageSize: 1 })).rows[0]?.id ?? 0;
}

/** The records written after a mark, oldest first, without their ids. */
async function auditSince(trail: Trail, mark: number): Promise<Omit<AuditRecord, 'id'>[]> {
  return (await trail.queryAudit({}, { page: 1, pageSize: 1000 })).rows
    .filter((r) => r.id > mark)
    .reverse()
    .map(({ id: _id, ...rest }) => rest);
}

/** A log-in through the form with a fresh cookie jar; returns the response to POST /login. */
async function tryLogIn(app: Express, username: string, password: string): Promise<request.Response> {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send(formEncode({ username, password, _csrf: csrfFrom(page.text), next: '/' }));
}

/** The edit form of the entry made by formBody(), with some fields changed. */
function entryEditForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { channel: 'radio', date: '20/11/2026', time: '06:30', playCount: '2', durationSeconds: '3:00', url: '', views: '', interactions: '', note: '', ...overrides };
}

/** The edit form of the item made by formBody(), with some fields changed. */
function itemEditForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { title: 'Hướng dẫn nộp hồ sơ trực tuyến', summary: '', format: 'news', topics: ['m'], unit: 'tt-dvsnc', author: '', sourceUrl: '', ...overrides };
}

const NEW_ITEM_AFTER = { title: 'Hướng dẫn nộp hồ sơ trực tuyến', summary: '', format: 'news', topics: ['m'], unit: 'tt-dvsnc', author: '', sourceUrl: null };
const NEW_ENTRY_AFTER = { itemId: 1, channel: 'radio', at: '2026-11-20T06:30:00+07:00', playCount: 2, durationSeconds: 180, url: null, views: null, interactions: null, note: '' };

describe('audit records of entries and items written through the web forms', () => {
  it('records a new entry with a new item as item.create then entry.create, by the signed-in editor, with every field', async () => {
    const { web, store } = await makeApp();
    const mark = await auditMark(store);
    await web.post('/entries', formBody()).expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'item.create', target: { type: 'item', id: 1 }, after: NEW_ITEM_AFTER },
      { at: AT, user: 'bientap', action: 'entry.create', target: { type: 'entry', id: 1 }, after: NEW_ENTRY_AFTER },
    ]);
  });

  it('records only entry.create when a new airing reuses an existing item', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await web.post('/entries', formBody({ itemMode: 'existing', itemId: '1', playCount: '1', allowDuplicate: 'on' })).expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'entry.create', target: { type: 'entry', id: 2 }, after: { ...NEW_ENTRY_AFTER, playCount: 1 } },
    ]);
  });

  it('records an entry edit with exactly the changed fields before and after', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await web.post('/entries/1/edit', entryEditForm({ playCount: '5', note: 'x' })).expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'entry.update', target: { type: 'entry', id: 1 }, before: { playCount: 2, note: '' }, after: { playCount: 5, note: 'x' } },
    ]);
  });

  it('writes no record for an edit that changes nothing, nor for a refused one', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await web.post('/entries/1/edit', entryEditForm()).expect(303);
    await web.post('/entries/1/edit', entryEditForm({ playCount: '0' })).expect(422);
    await web.post('/items/1/edit', itemEditForm()).expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([]);
  });

  it('records an entry deletion with who deleted it and no field values', async () => {
    const { web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await web.post('/entries/1/delete').expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([{ at: AT, user: 'bientap', action: 'entry.delete', target: { type: 'entry', id: 1 } }]);
  });

  it('records an admin restoring an entry through the form as entry.restore by the admin', async () => {
    const { app, web, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/delete').expect(303);
    const mark = await auditMark(store);
    const res = await admin.post('/entries/1/restore').expect(303);
    expect(res.headers.location).toBe('/deleted?ok=restored');
    expect(await auditSince(store, mark)).toStrictEqual([{ at: AT, user: 'quantri', action: 'entry.restore', target: { type: 'entry', id: 1 } }]);
  });

  it('records an item edit, deletion and restore through the forms, the edit with only the changed fields', async () => {
    const { app, web, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await web.post('/items/1/edit', itemEditForm({ title: 'Tiêu đề mới', author: 'Phòng VH-XH' })).expect(303);
    await web.post('/items/1/delete').expect(303);
    await admin.post('/items/1/restore').expect(303);
    expect(await auditSince(store, mark)).toStrictEqual([
      {
        at: AT,
        user: 'bientap',
        action: 'item.update',
        target: { type: 'item', id: 1 },
        before: { title: 'Hướng dẫn nộp hồ sơ trực tuyến', author: '' },
        after: { title: 'Tiêu đề mới', author: 'Phòng VH-XH' },
      },
      { at: AT, user: 'bientap', action: 'item.delete', target: { type: 'item', id: 1 } },
      { at: AT, user: 'quantri', action: 'item.restore', target: { type: 'item', id: 1 } },
    ]);
  });
});

describe('audit records of entries and items written through the API', () => {
  it('records a create, an edit with only the changed fields, a delete and an admin restore, each by the token user', async () => {
    const { app, api, store } = await makeApp();
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    const mark = await auditMark(store);
    const created = await api.post('/api/v1/entries', entryBody()).expect(201);
    expect(created.body.id).toBe(1);
    await api.patch('/api/v1/entries/1', { playCount: 5, note: 'x' }).expect(200);
    await api.delete('/api/v1/entries/1').expect(204);
    const restored = await adminApi.post('/api/v1/entries/1/restore').expect(200);
    expect(restored.body).toEqual({ id: 1, itemId: 1, restored: true });
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'item.create', target: { type: 'item', id: 1 }, after: NEW_ITEM_AFTER },
      { at: AT, user: 'bientap', action: 'entry.create', target: { type: 'entry', id: 1 }, after: NEW_ENTRY_AFTER },
      { at: AT, user: 'bientap', action: 'entry.update', target: { type: 'entry', id: 1 }, before: { playCount: 2, note: '' }, after: { playCount: 5, note: 'x' } },
      { at: AT, user: 'bientap', action: 'entry.delete', target: { type: 'entry', id: 1 } },
      { at: AT, user: 'quantri', action: 'entry.restore', target: { type: 'entry', id: 1 } },
    ]);
  });

  it('records moving an entry to another item as an itemId change', async () => {
    const { api, store } = await makeApp();
    await api.post('/api/v1/entries', entryBody()).expect(201);
    await api.post('/api/v1/entries', entryBody({ title: 'Tin thứ hai' })).expect(201);
    const mark = await auditMark(store);
    await api.patch('/api/v1/entries/1', { itemId: 2 }).expect(200);
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'entry.update', target: { type: 'entry', id: 1 }, before: { itemId: 1 }, after: { itemId: 2 } },
    ]);
  });

  it('records an item patch with only the changed field, and an admin item restore', async () => {
    const { app, api, web, store } = await makeApp();
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    await api.post('/api/v1/entries', entryBody()).expect(201);
    const mark = await auditMark(store);
    await api.patch('/api/v1/items/1', { summary: 'Tóm tắt mới' }).expect(200);
    await web.post('/items/1/delete').expect(303);
    await adminApi.post('/api/v1/items/1/restore').expect(200);
    expect(await auditSince(store, mark)).toStrictEqual([
      { at: AT, user: 'bientap', action: 'item.update', target: { type: 'item', id: 1 }, before: { summary: '' }, after: { summary: 'Tóm tắt mới' } },
      { at: AT, user: 'bientap', action: 'item.delete', target: { type: 'item', id: 1 } },
      { at: AT, user: 'quantri', action: 'item.restore', target: { type: 'item', id: 1 } },
    ]);
  });

  it('writes no record for a refused API change', async () => {
    const { api, store } = await makeApp();
    await api.post('/api/v1/entries', entryBody()).expect(201);
    const mark = await auditMark(store);
    await api.post('/api/v1/entries', entryBody({ playCount: 0 })).expect(422);
    await api.patch('/api/v1/entries/1', { channel: 'nope' }).expect(422);
    await api.patch('/api/v1/items/1', { title: '' }).expect(422);
    expect(await auditSince(store, mark)).toStrictEqual([]);
  });
});

// makeApp's accounts, like every account of a ward's own install, belong to no commune: their events are
// in the deployment's own trail, which its admins read with `trail=deployment`.
describe('audit records of log-ins, users and tokens', () => {
  it('records a successful log-in as auth.login by that user', async () => {
    const { app, store } = await makeApp();
    const mark = await auditMark(store.storage.deploymentAudit);
    const res = await tryLogIn(app, 'bientap', PASSWORD);
    expect(res.status).toBe(303);
    const records = await auditSince(store.storage.deploymentAudit, mark);
    expect(records).toStrictEqual([{ at: AT, user: 'bientap', action: 'auth.login', target: { type: 'user', id: 'bientap' }, after: { ip: expect.any(String) } }]);
  });

  it('records a failed log-in as auth.login-failed against the typed username, never with the typed password', async () => {
    const { app, store } = await makeApp();
    const mark = await auditMark(store.storage.deploymentAudit);
    const res = await tryLogIn(app, 'BienTap', 'doan-sai-mat-khau');
    expect(res.status).toBe(401);
    const unknown = await tryLogIn(app, 'khongco', 'doan-sai-mat-khau-2');
    expect(unknown.status).toBe(401);
    const records = await auditSince(store.storage.deploymentAudit, mark);
    expect(records).toStrictEqual([
      { at: AT, user: 'bientap', action: 'auth.login-failed', target: { type: 'user', id: 'bientap' }, after: { ip: expect.any(String) } },
      { at: AT, user: 'khongco', action: 'auth.login-failed', target: { type: 'user', id: 'khongco' }, after: { ip: expect.any(String) } },
    ]);
    expect(JSON.stringify(records)).not.toContain('doan-sai-mat-khau');
  });

  it('records a log-out as auth.logout', async () => {
    const { web, store } = await makeApp();
    const mark = await auditMark(store.storage.deploymentAudit);
    await web.post('/logout').expect(303);
    expect(await auditSince(store.storage.deploymentAudit, mark)).toStrictEqual([{ at: AT, user: 'bientap', action: 'auth.logout', target: { type: 'user', id: 'bientap' } }]);
  });

  it('records user creation by form and by API as user.create by the admin, without the password', async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    const mark = await auditMark(store.storage.deploymentAudit);
    await admin.post('/users', { username: 'phongvien', fullName: 'Nguyễn Văn Phóng', role: 'editor', password: 'mat-khau-phong-vien', passwordConfirm: 'mat-khau-phong-vien' }).expect(303);
    await adminApi.post('/api/v1/users', { username: 'lanhdao2', fullName: 'Trần Thị Lãnh', role: 'viewer', password: 'mat-khau-lanh-dao' }).expect(201);
    const records = await auditSince(store.storage.deploymentAudit, mark);
    expect(records).toStrictEqual([
      { at: AT, user: 'quantri', action: 'user.create', target: { type: 'user', id: 'phongvien' }, after: { username: 'phongvien', fullName: 'Nguyễn Văn Phóng', role: 'editor' } },
      { at: AT, user: 'quantri', action: 'user.create', target: { type: 'user', id: 'lanhdao2' }, after: { username: 'lanhdao2', fullName: 'Trần Thị Lãnh', role: 'viewer' } },
    ]);
    const text = JSON.stringify(records);
    expect(text).not.toContain('mat-khau-phong-vien');
    expect(text).not.toContain('mat-khau-lanh-dao');
    expect(text).not.toContain((await store.users.get('phongvien'))!.passwordHash);
    expect(text).not.toContain((await store.users.get('lanhdao2'))!.passwordHash);
  });

  it('records a role change and disabling as user.update with only that field before and after', async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    const mark = await auditMark(store.storage.deploymentAudit);
    await adminApi.patch('/api/v1/users/bientap', { role: 'viewer' }).expect(200);
    await admin.post('/users/bientap', { disabled: 'true' }).expect(303);
    expect(await auditSince(store.storage.deploymentAudit, mark)).toStrictEqual([
      { at: AT, user: 'quantri', action: 'user.update', target: { type: 'user', id: 'bientap' }, before: { role: 'editor' }, after: { role: 'viewer' } },
      { at: AT, user: 'quantri', action: 'user.update', target: { type: 'user', id: 'bientap' }, before: { disabled: false }, after: { disabled: true } },
      // Disabling revokes the account's API tokens, each recorded.
      { at: AT, user: 'quantri', action: 'token.revoke', target: { type: 'token', id: expect.any(String) }, before: { name: 'test', username: 'bientap' }, after: { reason: 'khóa tài khoản' } },
    ]);
  });

  it('records a password reset and a password change as user.password, with neither the password nor its hash anywhere', async () => {
    const { app, store } = await makeApp();
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    const hashes = [(await store.users.get('bientap'))!.passwordHash];
    const mark = await auditMark(store.storage.deploymentAudit);
    await adminApi.patch('/api/v1/users/bientap', { password: 'mat-khau-dat-lai-01' }).expect(200);
    hashes.push((await store.users.get('bientap'))!.passwordHash);
    const self = await signIn(app, store, 'lanhdao', 'viewer');
    const selfMark = await auditMark(store.storage.deploymentAudit);
    await self.post('/account/password', { currentPassword: PASSWORD, password: 'mat-khau-tu-doi-02', passwordConfirm: 'mat-khau-tu-doi-02' }).expect(303);
    hashes.push((await store.users.get('lanhdao'))!.passwordHash);
    const reset = (await auditSince(store.storage.deploymentAudit, mark))[0];
    const changed = await auditSince(store.storage.deploymentAudit, selfMark);
    expect(reset).toStrictEqual({ at: AT, user: 'quantri', action: 'user.password', target: { type: 'user', id: 'bientap' }, before: {}, after: { password: 'đã đặt mật khẩu mới' } });
    expect(changed).toStrictEqual([{ at: AT, user: 'lanhdao', action: 'user.password', target: { type: 'user', id: 'lanhdao' }, before: {}, after: { password: 'đã đặt mật khẩu mới' } }]);
    const viaApi = await adminApi.get('/api/v1/audit?trail=deployment&action=user').expect(200);
    for (const text of [JSON.stringify(reset), JSON.stringify(changed), viaApi.text]) {
      expect(text).not.toContain('mat-khau-dat-lai-01');
      expect(text).not.toContain('mat-khau-tu-doi-02');
      expect(text).not.toContain(PASSWORD);
      for (const hash of hashes) expect(text).not.toContain(hash);
    }
    // A password alone is not a profile edit.
    expect(viaApi.body.records.filter((r: { action: string }) => r.action === 'user.update')).toEqual([]);
  });

  it('records a token made and revoked on the account page, without the token itself', async () => {
    const { web, store } = await makeApp();
    const mark = await auditMark(store.storage.deploymentAudit);
    const page = await web.post('/account/tokens', { name: 'Máy phòng truyền thanh' }).expect(201);
    const token = (await store.users.tokensOf('bientap')).find((t) => t.name === 'Máy phòng truyền thanh');
    expect(token).toBeDefined();
    await web.post(`/account/tokens/${token!.id}/revoke`).expect(303);
    const records = await auditSince(store.storage.deploymentAudit, mark);
    expect(records).toStrictEqual([
      { at: AT, user: 'bientap', action: 'token.create', target: { type: 'token', id: token!.id }, after: { name: 'Máy phòng truyền thanh', username: 'bientap' } },
      { at: AT, user: 'bientap', action: 'token.revoke', target: { type: 'token', id: token!.id }, before: { name: 'Máy phòng truyền thanh' } },
    ]);
    const shown = /<code class="token">(cchc_[A-Za-z0-9_-]+)<\/code>/.exec(page.text);
    expect(shown).not.toBeNull();
    expect(JSON.stringify(records)).not.toContain(shown![1]!);
  });

  it('records a token made and revoked through the API, and a token request with a wrong password as auth.login-failed', async () => {
    const { app, store } = await makeApp();
    const mark = await auditMark(store.storage.deploymentAudit);
    const made = await request(app).post('/api/v1/tokens').send({ username: 'bientap', password: PASSWORD, name: 'Kịch bản nhập liệu' }).expect(201);
    const id: string = made.body.id;
    await request(app).delete(`/api/v1/tokens/${id}`).set('Authorization', `Bearer ${made.body.token}`).expect(204);
    await request(app).post('/api/v1/tokens').send({ username: 'bientap', password: 'sai-mat-khau-token', name: 'x' }).expect(401);
    const records = await auditSince(store.storage.deploymentAudit, mark);
    expect(records).toStrictEqual([
      { at: AT, user: 'bientap', action: 'token.create', target: { type: 'token', id }, after: { name: 'Kịch bản nhập liệu', username: 'bientap' } },
      { at: AT, user: 'bientap', action: 'token.revoke', target: { type: 'token', id }, before: { name: 'Kịch bản nhập liệu' } },
      { at: AT, user: 'bientap', action: 'auth.login-failed', target: { type: 'token', id: '' }, after: { ip: expect.any(String) } },
    ]);
    const text = JSON.stringify(records);
    expect(text).not.toContain(made.body.token);
    expect(text).not.toContain('sai-mat-khau-token');
  });

  it('records a failed token request against the normalised username, so the user filter finds it like a failed log-in', async () => {
    const { app, store } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await request(app).post('/api/v1/tokens').send({ username: ' BienTap ', password: 'sai-mat-khau-token', name: 'x' }).expect(401);
    expect((await tryLogIn(app, ' BienTap ', 'sai-mat-khau-form')).status).toBe(401);
    const res = await admin.get('/api/v1/audit?trail=deployment&user=bientap&action=auth.login-failed').expect(200);
    expect(res.body.records.map((r: { user: string }) => r.user)).toEqual(['bientap', 'bientap']);
  });
});

describe('GET /api/v1/audit', () => {
  /**
   * 8 records, ids 1..8: makeApp writes user.create of bientap (by 'test'), auth.login and token.create
   * (bientap); apiAs for the admin writes user.create of quantri (by 'test') and its token.create: ids
   * 1..5, in the deployment's own trail (the accounts belong to no commune). The editor's API create
   * writes item.create and entry.create, the patch entry.update: ids 6..8, in the commune's trail.
   */
  async function eightRecords() {
    const t = await makeApp();
    const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
    await t.api.post('/api/v1/entries', entryBody()).expect(201);
    await t.api.patch('/api/v1/entries/1', { playCount: 5, note: 'x' }).expect(200);
    return { ...t, admin };
  }

  const idsOf = (body: { records: { id: number }[] }) => body.records.map((r) => r.id);
  const actionsOf = (body: { records: { action: string }[] }) => body.records.map((r) => r.action);

  it('lists every record, newest first, with at, user, action, target and the changes', async () => {
    const { admin } = await eightRecords();
    const res = await admin.get('/api/v1/audit').expect(200);
    expect(res.body.total).toBe(3);
    expect(actionsOf(res.body)).toEqual(['entry.update', 'entry.create', 'item.create']);
    expect(idsOf(res.body)).toEqual([8, 7, 6]);
    expect(res.body.records[0]).toEqual({ id: 8, at: AT, user: 'bientap', action: 'entry.update', target: { type: 'entry', id: 1 }, before: { playCount: 2, note: '' }, after: { playCount: 5, note: 'x' } });
    const own = await admin.get('/api/v1/audit?trail=deployment').expect(200);
    expect(own.body.total).toBe(5);
    expect(actionsOf(own.body)).toEqual(['token.create', 'user.create', 'token.create', 'auth.login', 'user.create']);
    expect(idsOf(own.body)).toEqual([5, 4, 3, 2, 1]);
    expect(own.body.records[4]).toEqual({ id: 1, at: AT, user: 'test', action: 'user.create', target: { type: 'user', id: 'bientap' }, after: { username: 'bientap', fullName: 'Cán bộ bientap', role: 'editor' } });
    // A record without changes carries no before/after keys at all.
    expect(Object.keys(own.body.records[1]).sort()).toEqual(['action', 'after', 'at', 'id', 'target', 'user']);
    expect(Object.keys(res.body.records[1]).sort()).toEqual(['action', 'after', 'at', 'id', 'target', 'user']);
  });

  it('filters by user, case-insensitively', async () => {
    const { admin } = await eightRecords();
    const editor = await admin.get('/api/v1/audit?user=bientap').expect(200);
    expect(editor.body.total).toBe(3);
    expect(idsOf(editor.body)).toEqual([8, 7, 6]);
    const upper = await admin.get('/api/v1/audit?user=BIENTAP').expect(200);
    expect(idsOf(upper.body)).toEqual([8, 7, 6]);
    const own = await admin.get('/api/v1/audit?trail=deployment&user=BienTap').expect(200);
    expect(idsOf(own.body)).toEqual([3, 2]);
    const test = await admin.get('/api/v1/audit?trail=deployment&user=test').expect(200);
    expect(idsOf(test.body)).toEqual([4, 1]);
    expect((await admin.get('/api/v1/audit?user=test').expect(200)).body).toEqual({ total: 0, records: [] });
    const nobody = await admin.get('/api/v1/audit?trail=deployment&user=khongai').expect(200);
    expect(nobody.body).toEqual({ total: 0, records: [] });
  });

  it('filters by an exact action or by a prefix of whole segments', async () => {
    const { app, admin } = await eightRecords();
    expect((await tryLogIn(app, 'bientap', 'sai-mat-khau-roi')).status).toBe(401); // id 9
    const prefix = await admin.get('/api/v1/audit?action=entry').expect(200);
    expect(prefix.body.total).toBe(2);
    expect(actionsOf(prefix.body)).toEqual(['entry.update', 'entry.create']);
    const exact = await admin.get('/api/v1/audit?action=entry.create').expect(200);
    expect(idsOf(exact.body)).toEqual([7]);
    const login = await admin.get('/api/v1/audit?trail=deployment&action=auth.login').expect(200);
    expect(idsOf(login.body)).toEqual([2]);
    const failed = await admin.get('/api/v1/audit?trail=deployment&action=auth.login-failed').expect(200);
    expect(idsOf(failed.body)).toEqual([9]);
    const auth = await admin.get('/api/v1/audit?trail=deployment&action=auth').expect(200);
    expect(idsOf(auth.body)).toEqual([9, 2]);
    expect((await admin.get('/api/v1/audit?action=auth').expect(200)).body.total).toBe(0);
  });

  it('filters by entry and by item', async () => {
    const { admin } = await eightRecords();
    const entry = await admin.get('/api/v1/audit?entryId=1').expect(200);
    expect(entry.body.total).toBe(2);
    expect(actionsOf(entry.body)).toEqual(['entry.update', 'entry.create']);
    const item = await admin.get('/api/v1/audit?itemId=1').expect(200);
    expect(actionsOf(item.body)).toEqual(['item.create']);
    const none = await admin.get('/api/v1/audit?entryId=2').expect(200);
    expect(none.body.total).toBe(0);
  });

  it('filters by local dates in either form, inclusive, the clock being 22/11/2026', async () => {
    const { admin } = await eightRecords();
    const total = async (query: string) => (await admin.get(`/api/v1/audit?${query}`).expect(200)).body.total as number;
    expect(await total('from=22/11/2026')).toBe(3);
    expect(await total('from=2026-11-22&to=2026-11-22')).toBe(3);
    expect(await total('to=22/11/2026')).toBe(3);
    expect(await total('trail=deployment&from=22/11/2026&to=2026-11-22')).toBe(5);
    expect(await total('trail=deployment&from=2026-11-23')).toBe(0);
    expect(await total('from=2026-11-23')).toBe(0);
    expect(await total('from=23/11/2026')).toBe(0);
    expect(await total('to=2026-11-21')).toBe(0);
    expect(await total('from=01/11/2026&to=30/11/2026&user=bientap&action=entry')).toBe(2);
  });

  it('refuses a bad date, an unknown action or a non-numeric id with 422 and errors keyed by field', async () => {
    const { admin } = await eightRecords();
    const badDate = await admin.get('/api/v1/audit?from=31/02/2026').expect(422);
    expect(Object.keys(badDate.body.errors)).toEqual(['from']);
    expect(typeof badDate.body.errors.from).toBe('string');
    const garbled = await admin.get('/api/v1/audit?to=hom-qua').expect(422);
    expect(Object.keys(garbled.body.errors)).toEqual(['to']);
    const unknown = await admin.get('/api/v1/audit?action=entry.frobnicate').expect(422);
    expect(Object.keys(unknown.body.errors)).toEqual(['action']);
    // A prefix must end at a dot: "ent" names no action.
    await admin.get('/api/v1/audit?action=ent').expect(422);
    const backwards = await admin.get('/api/v1/audit?from=2026-11-22&to=2026-11-21').expect(422);
    expect(Object.keys(backwards.body.errors)).toEqual(['to']);
    const both = await admin.get('/api/v1/audit?from=2026-13-01&action=nope').expect(422);
    expect(Object.keys(both.body.errors).sort()).toEqual(['action', 'from']);
    const badId = await admin.get('/api/v1/audit?entryId=mot').expect(422);
    expect(Object.keys(badId.body.errors)).toEqual(['entryId']);
  });
});

describe('who may read the audit trail', () => {
  it('lets admins and viewers read the page and the API', async () => {
    const { app, store, api: editor } = await makeApp();
    await editor.post('/api/v1/entries', entryBody()).expect(201);
    for (const [username, role] of [['quantri', 'admin'], ['lanhdao', 'viewer']] as const) {
      const web = await signIn(app, store, username, role);
      const page = await web.get('/audit').expect(200);
      expect(page.text).toContain('<h1>Nhật ký thay đổi</h1>');
      const api = await apiAs(app, store, username, role);
      const res = await api.get('/api/v1/audit').expect(200);
      expect(res.body.total).toBeGreaterThan(0);
    }
  });

  it("keeps the deployment's own trail to its admins: a viewer gets 404 on the page and the API, and is not offered it", async () => {
    const { app, store } = await makeApp();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    expect((await viewer.get('/audit?trail=deployment').expect(404)).text).not.toContain('<table class="log">');
    expect((await viewer.get('/audit').expect(200)).text).not.toContain('trail=deployment');
    const api = await apiAs(app, store, 'lanhdao', 'viewer');
    expect((await api.get('/api/v1/audit?trail=deployment').expect(404)).body.records).toBeUndefined();
  });

  it('refuses an editor with 403 on the page and the API', async () => {
    const { web, api } = await makeApp();
    const page = await web.get('/audit').expect(403);
    expect(page.text).not.toContain('<h1>Nhật ký thay đổi</h1>');
    const res = await api.get('/api/v1/audit').expect(403);
    expect(res.body.records).toBeUndefined();
  });

  it('answers an anonymous API call with 401 and sends an anonymous browser to log in', async () => {
    const { app } = await makeApp();
    const res = await request(app).get('/api/v1/audit').expect(401);
    expect(res.body.records).toBeUndefined();
    const page = await request(app).get('/audit').expect(303);
    expect(page.headers.location).toBe('/login?next=%2Faudit');
  });
});

describe('the audit trail is append-only', () => {
  it('has no route but GET under /audit or /api/v1/audit, and those only for admins and viewers', () => {
    const underAudit = ROUTES.filter((r) => r.path.startsWith('/audit') || r.path.startsWith('/api/v1/audit'));
    expect(underAudit.filter((r) => r.method !== 'get')).toEqual([]);
    expect(underAudit.map((r) => `${r.method} ${r.path} ${r.access}`).sort()).toEqual(['get /api/v1/audit audit', 'get /audit audit']);
  });

  it('answers PATCH, DELETE and POST on the trail with 404 or 405 and changes nothing', async () => {
    const { app, store } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    const adminWeb = await signIn(app, store, 'quantri', 'admin');
    const before = (await admin.get('/api/v1/audit').expect(200)).body;
    const attempts = [
      admin.patch('/api/v1/audit', { user: 'ke-gian' }),
      admin.patch('/api/v1/audit/1', { user: 'ke-gian' }),
      admin.delete('/api/v1/audit'),
      admin.delete('/api/v1/audit/1'),
      admin.post('/api/v1/audit', { user: 'ke-gian', action: 'entry.create' }),
      adminWeb.post('/audit', { user: 'ke-gian' }),
      adminWeb.post('/audit/1', { user: 'ke-gian' }),
    ];
    for (const attempt of attempts) expect([404, 405]).toContain((await attempt).status);
    const after = (await admin.get('/api/v1/audit').expect(200)).body;
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('ke-gian');
  });
});

describe('the audit page', () => {
  it('shows each record with its Vietnamese action label, user, target link and escaped changes', async () => {
    const { app, web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEditForm({ note: '<script>alert(1)</script>' })).expect(303);
    const admin = await signIn(app, store, 'quantri', 'admin');
    const page = await admin.get('/audit').expect(200);
    expect(page.text).toContain('<td data-label="Thao tác">Ghi nhật ký</td>');
    expect(page.text).toContain('<td data-label="Thao tác">Tạo tin bài</td>');
    expect(page.text).toContain('<td data-label="Thao tác">Sửa lượt phát/đăng</td>');
    expect(page.text).toContain('<td data-label="Người">Cán bộ bientap (bientap)</td>');
    expect(page.text).toContain('<a href="/entries/1">Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30</a>');
    expect(page.text).toContain('<a href="/items/1">Hướng dẫn nộp hồ sơ trực tuyến</a>');
    expect(page.text).toContain('<td data-label="Thời gian">22/11/2026 10:00</td>');
    expect(page.text).toContain('<span class="change">Ghi chú: <del>trống</del> → <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins></span>');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    // Item/entry create 2 + update 1; makeApp's 3 and the admin's user.create and auth.login are the deployment's.
    expect(page.text).toContain('<p class="count" role="status">3 dòng</p>');
    expect(page.text).not.toContain('<td data-label="Thao tác">Đăng nhập</td>');
    const own = await admin.get('/audit?trail=deployment').expect(200);
    expect(own.text).toContain('<h1>Nhật ký của hệ thống</h1>');
    expect(own.text).toContain('<td data-label="Thao tác">Đăng nhập</td>');
    expect(own.text).toContain('<p class="count" role="status">5 dòng</p>');
    expect(own.text).not.toContain('<td data-label="Thao tác">Ghi nhật ký</td>');
  });

  it('filters the page and keeps the filter values in the form', async () => {
    const { app, web, store } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEditForm({ playCount: '5' })).expect(303);
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    const page = await viewer.get('/audit?from=22/11/2026&to=2026-11-22&user=bientap&action=entry.update').expect(200);
    expect(page.text).toContain('id="f-from" name="from" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" value="22/11/2026"');
    expect(page.text).toContain('id="f-to" name="to" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" value="2026-11-22"');
    expect(page.text).toContain('<option value="bientap" selected>');
    expect(page.text).toContain('<option value="entry.update" selected>');
    expect(page.text).toContain('<p class="count" role="status">1 dòng</p>');
    expect(page.text).toContain('<td data-label="Thao tác">Sửa lượt phát/đăng</td>');
    expect(page.text).not.toContain('<td data-label="Thao tác">Ghi nhật ký</td>');
  });

  it('re-renders with 422, the typed date kept and the error shown, for a bad date', async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const page = await admin.get('/audit?from=31/02/2026&user=bientap').expect(422);
    expect(page.text).toContain('value="31/02/2026"');
    expect(page.text).toContain('<option value="bientap" selected>');
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain('<p class="field-error" id="e-from">Ngày phải có dạng dd/mm/yyyy và có thật.</p>');
    expect(page.text).not.toContain('<table class="log">');
  });
});

describe('history on the entry and item pages', () => {
  it('shows an entry its own history, not its item’s', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEditForm({ playCount: '5' })).expect(303);
    const page = await web.get('/entries/1').expect(200);
    expect(page.text).toContain('Lịch sử thay đổi (2)');
    expect(page.text).toContain('22/11/2026 10:00 · Cán bộ bientap (bientap) · Ghi nhật ký');
    expect(page.text).toContain('<span class="change">Số lượt phát: <del>2</del> → <ins>5</ins></span>');
    expect(page.text).not.toContain('Tạo tin bài');
  });

  it('shows an item its own history, escaping what was typed', async () => {
    const { web } = await makeApp();
    await web.post('/entries', formBody()).expect(303);
    await web.post('/items/1/edit', itemEditForm({ summary: '<b>đậm</b>' })).expect(303);
    const page = await web.get('/items/1').expect(200);
    expect(page.text).toContain('Lịch sử thay đổi (2)');
    expect(page.text).toContain('22/11/2026 10:00 · Cán bộ bientap (bientap) · Tạo tin bài');
    expect(page.text).toContain('<span class="change">Tóm tắt: <del>trống</del> → <ins>&lt;b&gt;đậm&lt;/b&gt;</ins></span>');
    expect(page.text).not.toContain(' · Ghi nhật ký');
  });

  it('keeps the deletion and restore in an entry’s history once it is back', async () => {
    const { app, web, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/delete').expect(303);
    await admin.post('/entries/1/restore').expect(303);
    const page = await web.get('/entries/1').expect(200);
    expect(page.text).toContain('Lịch sử thay đổi (3)');
    expect(page.text).toContain('22/11/2026 10:00 · Cán bộ bientap (bientap) · Xóa lượt phát/đăng</li>');
    expect(page.text).toContain('22/11/2026 10:00 · Cán bộ quantri (quantri) · Khôi phục lượt phát/đăng</li>');
  });
});

describe('restoring deleted records', () => {
  it('lists deleted entries and items for an admin, who restores them back into the log and its count', async () => {
    const { app, web, store, api } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await store.addEntry(draft({ title: 'Tin bị xóa lượt' }), 'bientap');
    await store.addEntry(draft({ title: 'Tin bị xóa cả bài', entry: { at: '2026-11-21T07:00:00+07:00' } }), 'bientap');
    expect((await api.get('/api/v1/entries').expect(200)).body.total).toBe(2);
    await web.post('/entries/1/delete').expect(303);
    await web.post('/items/2/delete').expect(303);
    expect((await api.get('/api/v1/entries').expect(200)).body.total).toBe(0);

    const listed = await admin.get('/deleted').expect(200);
    expect(listed.text).toContain('action="/entries/1/restore"');
    expect(listed.text).toContain('action="/items/2/restore"');
    expect(listed.text).toContain('Tin bị xóa lượt');
    expect(listed.text).toContain('Tin bị xóa cả bài');
    expect(listed.text).not.toContain('action="/entries/2/restore"');

    const res = await admin.post('/entries/1/restore').expect(303);
    expect(res.headers.location).toBe('/deleted?ok=restored');
    const one = (await api.get('/api/v1/entries').expect(200)).body;
    expect(one.total).toBe(1);
    expect(one.entries.map((e: { id: number }) => e.id)).toEqual([1]);

    await admin.post('/items/2/restore').expect(303);
    const both = (await api.get('/api/v1/entries').expect(200)).body;
    expect(both.total).toBe(2);
    // Newest airing first: entry 2 (21/11) before entry 1 (20/11).
    expect(both.entries.map((e: { id: number }) => e.id)).toEqual([2, 1]);
    await web.get('/items/2').expect(200);

    const empty = await admin.get('/deleted').expect(200);
    expect(empty.text).not.toContain('/restore"');
    expect((await store.queryAudit({ action: 'entry.restore' }, { page: 1, pageSize: 10 })).rows.map((r) => [r.user, r.target])).toEqual([['quantri', { type: 'entry', id: 1 }]]);
    expect((await store.queryAudit({ action: 'item.restore' }, { page: 1, pageSize: 10 })).rows.map((r) => [r.user, r.target])).toEqual([['quantri', { type: 'item', id: 2 }]]);
  });

  it('restores an entry through the API, back in the list and its total', async () => {
    const { app, api, store } = await makeApp();
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    await api.post('/api/v1/entries', entryBody()).expect(201);
    await api.delete('/api/v1/entries/1').expect(204);
    await api.get('/api/v1/entries/1').expect(404);
    expect((await api.get('/api/v1/entries').expect(200)).body.total).toBe(0);
    await adminApi.post('/api/v1/entries/1/restore').expect(200);
    const list = (await api.get('/api/v1/entries').expect(200)).body;
    expect(list.total).toBe(1);
    expect(list.entries[0]).toMatchObject({ id: 1, playCount: 2 });
    expect(list.entries[0].deletedAt).toBeUndefined();
  });

  it('refuses an editor the deleted list and every restore with 403, restoring nothing', async () => {
    const { app, web, api, store } = await makeApp();
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/delete').expect(303);
    await web.get('/deleted').expect(403);
    await web.post('/entries/1/restore').expect(403);
    await web.post('/items/1/restore').expect(403);
    await api.post('/api/v1/entries/1/restore').expect(403);
    await api.post('/api/v1/items/1/restore').expect(403);
    await viewerApi.post('/api/v1/entries/1/restore').expect(403);
    expect((await store.entry(1))?.deletedAt).toBe(AT);
    expect((await api.get('/api/v1/entries').expect(200)).body.total).toBe(0);
    expect((await store.queryAudit({ action: 'entry.restore' }, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('answers 404 to restoring a record that is not deleted or does not exist, writing nothing', async () => {
    const { app, web, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const adminApi = await apiAs(app, store, 'quantri', 'admin');
    await web.post('/entries', formBody()).expect(303);
    const mark = await auditMark(store);
    await admin.post('/entries/1/restore').expect(404);
    await admin.post('/items/1/restore').expect(404);
    await admin.post('/entries/99/restore').expect(404);
    await adminApi.post('/api/v1/entries/1/restore').expect(404);
    await adminApi.post('/api/v1/items/1/restore').expect(404);
    await adminApi.post('/api/v1/entries/99/restore').expect(404);
    await adminApi.post('/api/v1/items/99/restore').expect(404);
    expect(await auditSince(store, mark)).toStrictEqual([]);
    expect((await store.entry(1))?.deletedAt).toBeNull();
  });
});

describe('the audit trail on disk', () => {
  it('survives a restart with the same records and ids, and numbering carries on after them', async () => {
    const dataDir = await tempDataDir();
    const { app, web, api, store } = await makeApp({ dataDir });
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEditForm({ playCount: '5', note: 'x' })).expect(303);
    await api.delete('/api/v1/entries/1').expect(204);
    expect((await tryLogIn(app, 'bientap', 'sai-mat-khau-roi')).status).toBe(401);
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await admin.patch('/api/v1/users/bientap', { role: 'viewer' }).expect(200);
    // The commune's: item/entry create 2, update 1, delete 1. The deployment's: makeApp 3, failed log-in 1, quantri user/token 2, user.update 1.
    const before = (await store.queryAudit({}, { page: 1, pageSize: 1000 }));
    expect(before.rows.map((r) => r.id)).toEqual([7, 6, 5, 4]);
    const ownBefore = await store.storage.deploymentAudit.queryAudit({}, { page: 1, pageSize: 1000 });
    expect(ownBefore.rows.map((r) => r.id)).toEqual([11, 10, 9, 8, 3, 2, 1]);
    await store.close();

    const reopened = await openStore({ dataDir });
    expect(await reopened.queryAudit({}, { page: 1, pageSize: 1000 })).toEqual(before);
    expect(await reopened.storage.deploymentAudit.queryAudit({}, { page: 1, pageSize: 1000 })).toEqual(ownBefore);
    expect((await reopened.auditOf('entry', 1)).map((r) => r.action)).toEqual(['entry.create', 'entry.update', 'entry.delete']);
    expect((await reopened.auditOf('entry', 1))[1]).toEqual({ id: 6, at: AT, user: 'bientap', action: 'entry.update', target: { type: 'entry', id: 1 }, before: { playCount: 2, note: '' }, after: { playCount: 5, note: 'x' } });
    const next = await reopened.recordEvent('quantri', 'export', null);
    expect(next.id).toBe(12);
  });
});
