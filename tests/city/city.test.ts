/**
 * Many communes in one deployment (on either engine): communes made through the API, accounts of a commune
 * and of the deployment, nothing of one commune visible in another, and the city's view.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startWeeklySummaries } from '../../src/jobs/weekly.js';
import { scopeOf } from '../../src/services/scope.js';
import { apiAs, fixedClock, makeApp, PASSWORD, signIn } from '../helpers.js';

type Json = Record<string, unknown>;

async function city() {
  const t = await makeApp();
  const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
  for (const c of [
    { code: 'an-hai', name: 'An Hải', kind: 'phường' },
    { code: 'lac-phuong', name: 'Lạc Phượng', kind: 'xã' },
  ])
    await admin.post('/api/v1/communes', c).expect(201);
  /** A token of a new account, made by the deployment's admin. */
  const account = async (username: string, role: string, commune?: string) => {
    await admin.post('/api/v1/users', { username, fullName: `Cán bộ ${username}`, role, password: PASSWORD, ...(commune ? { commune } : {}) }).expect(201);
    const res = await request(t.app).post('/api/v1/tokens').send({ username, password: PASSWORD, name: 'thử' }).expect(201);
    const token = res.body.token as string;
    const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`);
    return { get: (p: string) => auth(request(t.app).get(p)), post: (p: string, body: object) => auth(request(t.app).post(p)).send(body), delete: (p: string) => auth(request(t.app).delete(p)) };
  };
  return { ...t, admin, account };
}

const entry = (title: string, at = '2026-11-20T06:30', channel = 'radio') => ({ title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel, at, playCount: 2, durationSeconds: 120 });

describe('communes of a city deployment', () => {
  it('creates communes (deployment admin only), refusing bad and taken codes', async () => {
    const t = await city();
    const list = (await t.admin.get('/api/v1/communes').expect(200)).body.communes as Json[];
    expect(list.map((c) => c.code)).toEqual(['main', 'an-hai', 'lac-phuong']);
    expect(list[1]).toEqual({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
    expect((await t.admin.post('/api/v1/communes', { code: 'an-hai', name: 'Khác', kind: 'xã' }).expect(409)).body.errors.code).toContain('an-hai');
    const bad = await t.admin.post('/api/v1/communes', { code: 'An Hải!', name: '', kind: 'quận' }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['code', 'kind', 'name']);
    await t.api.post('/api/v1/communes', { code: 'x', name: 'X', kind: 'xã' }).expect(403);
    const anHai = await t.account('qt-anhai', 'admin', 'an-hai');
    await anHai.post('/api/v1/communes', { code: 'y', name: 'Y', kind: 'xã' }).expect(403);
    expect((await t.admin.get('/api/v1/communes').expect(200)).body.communes).toHaveLength(3);
    // A new commune's trail starts with its creation, by whom; its settings carry its name and kind.
    const trail = (await t.admin.get('/api/v1/audit?commune=an-hai').expect(200)).body.records as { user: string; action: string; after: Record<string, unknown> }[];
    // Newest first: its admin's token (asked for with a password), its admin's account (made by the
    // deployment's admin: an account's changes are in its commune's trail), then the commune's creation.
    expect(trail.map((r) => [r.user, r.action])).toEqual([
      ['qt-anhai', 'token.create'],
      ['quantri', 'user.create'],
      ['quantri', 'commune.create'],
    ]);
    expect(trail[2]!.after).toMatchObject({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
    expect(await t.store.storage.commune('an-hai').settings()).toMatchObject({ communeName: 'An Hải', communeKind: 'phường' });
  });

  it('keeps each commune to itself: its entries, items, reports and accounts', async () => {
    const t = await city();
    const anHai = await t.account('bt-anhai', 'editor', 'an-hai');
    const lac = await t.account('bt-lac', 'editor', 'lac-phuong');
    const a = await anHai.post('/api/v1/entries', entry('Tin An Hải')).expect(201);
    await lac.post('/api/v1/entries', entry('Tin Lạc Phượng')).expect(201);
    await lac.post('/api/v1/entries', entry('Tin Lạc Phượng 2', '2026-11-21T17:00')).expect(201);
    const mine = (await anHai.get('/api/v1/entries').expect(200)).body;
    expect(mine.entries.map((e: Json) => (e.item as Json).title)).toEqual(['Tin An Hải']);
    expect((await lac.get('/api/v1/entries').expect(200)).body.total).toBe(2);
    // Another commune's records are not found, whatever the address says.
    await lac.get(`/api/v1/entries/${a.body.id}`).expect(404);
    await anHai.get('/api/v1/entries?commune=lac-phuong').expect(404);
    await anHai.get('/api/v1/entries?commune=nowhere').expect(404);
    expect((await anHai.get('/api/v1/entries?commune=an-hai').expect(200)).body.total).toBe(1);
    // The first commune (the deployment's own) has none of these.
    expect((await t.api.get('/api/v1/entries').expect(200)).body.total).toBe(0);
    // The deployment's admin names the commune.
    expect((await t.admin.get('/api/v1/entries?commune=lac-phuong').expect(200)).body.total).toBe(2);
    await t.admin.get('/api/v1/entries?commune=nowhere').expect(404);
    const report = (await t.admin.get('/api/v1/report?from=2026-11-01&to=2026-11-30&commune=lac-phuong').expect(200)).body;
    expect(report.totals).toMatchObject({ entries: 2, plays: 4, items: 2 });
    // Accounts: a commune's admin sees and makes its own only.
    const qt = await t.account('qt-lac', 'admin', 'lac-phuong');
    const users = (await qt.get('/api/v1/users').expect(200)).body.users as Json[];
    expect(users.map((u) => u.username).sort()).toEqual(['bt-lac', 'qt-lac']);
    const made = await qt.post('/api/v1/users', { username: 'xem-lac', fullName: 'Lãnh đạo', role: 'viewer', password: PASSWORD }).expect(201);
    expect(made.body.commune).toBe('lac-phuong');
    expect((await qt.post('/api/v1/users', { username: 'x2', fullName: 'X', role: 'viewer', password: PASSWORD, commune: 'an-hai' }).expect(422)).body.errors.commune).toBeTruthy();
    await qt.get('/api/v1/users/bt-anhai').expect(404);
    expect((await t.admin.post('/api/v1/users', { username: 'x3', fullName: 'X', role: 'editor', password: PASSWORD, commune: 'nowhere' }).expect(422)).body.errors.commune).toContain('nowhere');
  });

  it("gives the city's view: each commune's figures as its own report counts them, the totals, the idle communes", async () => {
    const t = await city();
    const anHai = await t.account('bt-anhai', 'editor', 'an-hai');
    const lac = await t.account('bt-lac', 'editor', 'lac-phuong');
    const first = await anHai.post('/api/v1/entries', entry('Tin A')).expect(201);
    await anHai.post('/api/v1/entries', { itemId: first.body.itemId, channel: 'radio', at: '2026-11-21T06:30', playCount: 3, durationSeconds: 100 }).expect(201);
    await anHai.post('/api/v1/entries', { ...entry('Bài cổng', '2026-11-19T09:00', 'portal'), playCount: 1, durationSeconds: null, views: 250 }).expect(201);
    const gone = await lac.post('/api/v1/entries', entry('Tin xóa')).expect(201);
    await lac.post('/api/v1/entries', entry('Tin tháng 10', '2026-10-31T23:59')).expect(201);
    await lac.delete(`/api/v1/entries/${gone.body.id}`).expect(204);
    const viewer = await t.account('thanhpho', 'city-viewer');
    const res = (await viewer.get('/api/v1/city/report?from=2026-11-01&to=2026-11-30').expect(200)).body;
    expect(res).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    const byCode = Object.fromEntries((res.communes as Json[]).map((c) => [c.code, c]));
    // Hand-computed: An Hải has 3 entries (2 radio of one item: 2 + 3 plays, 2×120 + 3×100 s; 1 portal post, 250 views).
    expect((byCode['an-hai'] as Json).totals).toEqual({ entries: 3, plays: 6, items: 2, airtimeSeconds: 540, views: 250, interactions: 0 });
    expect(((byCode['an-hai'] as Json).byChannel as Json).radio).toMatchObject({ entries: 2, plays: 5, items: 1 });
    // Lạc Phượng: its November entry was deleted, its other one is in October.
    expect((byCode['lac-phuong'] as Json).totals).toMatchObject({ entries: 0, plays: 0 });
    expect(res.totals).toEqual({ entries: 3, plays: 6, items: 2, airtimeSeconds: 540, views: 250, interactions: 0 });
    for (const code of ['an-hai', 'lac-phuong', 'main']) {
      const own = (await t.admin.get(`/api/v1/report?from=2026-11-01&to=2026-11-30&commune=${code}`).expect(200)).body;
      expect((byCode[code] as Json).totals).toEqual(own.totals);
    }
    // The page: sorted, the idle communes named (the first commune logged nothing), an Excel export.
    const web = await signIn(t.app, t.store, 'quantri', 'admin');
    const page = await web.get('/city?period=custom&from=01/11/2026&to=30/11/2026&sort=entries').expect(200);
    expect(page.text.indexOf('An Hải')).toBeLessThan(page.text.indexOf('Lạc Phượng'));
    expect(page.text).toMatch(/Chưa ghi nhật ký trong 7 ngày qua<\/h3>\s*<p>main/);
    const xlsx = await web.get('/export/city.xlsx?from=2026-11-01&to=2026-11-30').buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // Editors of a commune do not see the city; city viewers change nothing.
    await anHai.get('/api/v1/city/report?from=2026-11-01&to=2026-11-30').expect(403);
    await viewer.post('/api/v1/entries', entry('Không được')).expect(403);
    expect((await viewer.get('/api/v1/entries?commune=an-hai').expect(200)).body.total).toBe(3);
  });

  it('shows an account of the deployment which commune it works in, and lets it change it', async () => {
    const t = await city();
    const web = await signIn(t.app, t.store, 'quantri', 'admin');
    const home = await web.get('/').expect(200);
    expect(home.text).toContain('Chọn xã, phường làm việc');
    expect(home.text).toContain('href="/city"');
    await web.get('/?commune=an-hai').expect(200);
    expect((await web.get('/settings').expect(200)).text).toContain('An Hải');
    await web.get('/?commune=nowhere').expect(404);
    // A form of a page drawn for the first commune, sent after another tab chose An Hải: it goes to the
    // first commune, and so does the page it is sent back to.
    const saved = await web.post('/settings/commune?commune=main', { communeName: 'Lạc Viên', communeKind: 'phường', deadlineDay: '20' }).expect(303);
    expect(saved.headers.location).toMatch(/^\/settings\?ok=settings-saved&year=2026&commune=main#commune$/);
    expect((await t.store.storage.commune('main').settings()).communeName).toBe('Lạc Viên');
    expect((await t.store.storage.commune('an-hai').settings()).communeName).toBe('An Hải');
    await t.account('bt-anhai', 'editor', 'an-hai');
    const own = await signIn(t.app, t.store, 'bt-anhai', 'editor');
    expect((await own.get('/').expect(200)).text).not.toContain('Chọn xã, phường làm việc');
  });

  it("lets the deployment's admin add a commune and its accounts from the pages; a city viewer only looks", async () => {
    const t = await city();
    const web = await signIn(t.app, t.store, 'quantri', 'admin');
    expect((await web.get('/city').expect(200)).text).toContain('Thêm xã, phường');
    const bad = await web.post('/city/communes', { code: 'Cát Bi', name: 'Cát Bi', kind: 'phường' }).expect(422);
    expect(bad.text).toContain('Mã xã, phường chỉ gồm chữ thường không dấu');
    expect(bad.text).toContain('value="Cát Bi"');
    expect((await t.admin.get('/api/v1/communes').expect(200)).body.communes).toHaveLength(3);
    expect((await web.post('/city/communes', { code: 'an-hai', name: 'An Hải 2', kind: 'phường' }).expect(422)).text).toContain('Mã &#34;an-hai&#34; đã có xã, phường dùng.');
    const made = await web.post('/city/communes', { code: 'cat-bi', name: 'Cát Bi', kind: 'đặc khu' }).expect(303);
    expect(made.headers.location).toBe('/city?ok=commune-created#add-commune');
    expect((await t.admin.get('/api/v1/communes').expect(200)).body.communes.map((c: Json) => [c.code, c.name, c.kind])).toContainEqual(['cat-bi', 'Cát Bi', 'đặc khu']);
    expect((await t.admin.get('/api/v1/audit?commune=cat-bi').expect(200)).body.records.map((r: Json) => r.action)).toEqual(['commune.create']);

    // The accounts page offers the commune of a new account, and shows each account's.
    const users = await web.get('/users?commune=an-hai').expect(200);
    expect(users.text).toContain('Thuộc xã, phường');
    expect(users.text).toMatch(/<option value="an-hai" selected>phường An Hải<\/option>/);
    await web.post('/users', { username: 'bt-catbi', fullName: 'Cán bộ Cát Bi', role: 'editor', commune: 'cat-bi', password: PASSWORD, passwordConfirm: PASSWORD }).expect(303);
    await web.post('/users', { username: 'tp-xem', fullName: 'Thành phố', role: 'city-viewer', commune: '', password: PASSWORD, passwordConfirm: PASSWORD }).expect(303);
    expect((await t.store.users.get('bt-catbi'))?.commune).toBe('cat-bi');
    expect((await t.store.users.get('tp-xem'))?.commune).toBeUndefined();
    const listed = (await web.get('/users').expect(200)).text;
    expect(listed).toContain('Thành phố (chỉ xem)');
    expect(listed).toMatch(/bt-catbi<\/td>[\s\S]*?<td data-label="Xã, phường">Cát Bi<\/td>/);

    const viewer = await signIn(t.app, t.store, 'tp-xem', 'city-viewer');
    const page = await viewer.get('/city').expect(200);
    expect(page.text).not.toContain('Thêm xã, phường');
    await viewer.post('/city/communes', { code: 'x', name: 'X', kind: 'xã' }).expect(403);
  });

  it("keeps accounts to their commune: its log-ins in its own trail, others' tokens and last admin out of reach", async () => {
    const t = await city();
    const qtAnHai = await t.account('qt-anhai', 'admin', 'an-hai');
    await t.account('qt-lac', 'admin', 'lac-phuong');
    const lacToken = await request(t.app).post('/api/v1/tokens').send({ username: 'qt-lac', password: PASSWORD, name: 'máy xã' }).expect(201);
    // Another commune's token is not found by a commune's admin; the deployment's admin finds it.
    await qtAnHai.delete(`/api/v1/tokens/${lacToken.body.id}`).expect(404);
    // Log-ins and tokens asked for with a password are recorded in the account's commune, not the first one.
    const trail = async (code: string) => ((await t.admin.get(`/api/v1/audit?commune=${code}&pageSize=500`).expect(200)).body.records as { user: string; action: string }[]).filter((r) => r.user === 'qt-lac');
    expect((await trail('lac-phuong')).map((r) => r.action)).toContain('token.create');
    expect(await trail('main')).toEqual([]);
    // The only admin of a commune cannot step down, whatever admins other communes have.
    await t.account('bt-lac2', 'editor', 'lac-phuong');
    const selfDemote = await request(t.app).patch('/api/v1/users/qt-lac').set('Authorization', `Bearer ${lacToken.body.token}`).send({ role: 'editor' });
    expect(selfDemote.status).toBe(422);
    // Ids beyond what PostgreSQL keeps name no record.
    await t.admin.get('/api/v1/entries/99999999999').expect(404);
  });

  it('makes each commune its own weekly summaries from its own log, on the one schedule', async () => {
    const t = await city();
    const anHai = await t.account('bt-anhai', 'editor', 'an-hai');
    await anHai.post('/api/v1/entries', entry('Tin tuần trước của An Hải', '2026-11-10T06:30')).expect(201);
    const scopes = async () => (await t.store.storage.communes()).map((c) => scopeOf(t.store.storage, fixedClock, c.code));
    const { task, catchUp } = startWeeklySummaries(scopes, { cron: '0 7 * * 1', mail: null, clock: fixedClock });
    await catchUp;
    task?.stop();
    const weeks = async (code: string) => (await t.store.storage.commune(code).listSummaries()).map((s) => [s.weekStart, s.figures.totals.entries]);
    expect(await weeks('an-hai')).toContainEqual(['2026-11-09', 1]);
    expect((await weeks('lac-phuong')).every(([, entries]) => entries === 0)).toBe(true);
    expect((await weeks('main')).every(([, entries]) => entries === 0)).toBe(true);
  });

  it("changes a commune's accounts one at a time in that commune, whoever asks and from where: two admins disabled at once leave one", async () => {
    const t = await city();
    await t.account('qt-lac', 'admin', 'lac-phuong');
    await t.account('qt-lac2', 'admin', 'lac-phuong');
    // The deployment's admin, working in the first commune, disables both at the same moment.
    const answers = await Promise.all(['qt-lac', 'qt-lac2'].map((u) => t.admin.patch(`/api/v1/users/${u}`, { disabled: true })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = answers.find((r) => r.status === 422)!;
    expect(refused.body.errors.disabled).toBeTruthy();
    const active = (await t.admin.get('/api/v1/users').expect(200)).body.users.filter((u: Json) => u.commune === 'lac-phuong' && u.role === 'admin' && !u.disabled);
    expect(active).toHaveLength(1);
    // The change is in the account's commune's trail, not the first commune's.
    const trail = async (code: string) => ((await t.admin.get(`/api/v1/audit?commune=${code}&action=user&pageSize=500`).expect(200)).body.records as Json[]).map((r) => r.action);
    expect(await trail('lac-phuong')).toContain('user.update');
    expect(await trail('main')).not.toContain('user.update');
  });
});

