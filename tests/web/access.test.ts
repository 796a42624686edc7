import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ROUTES } from '../../src/web/routes.js';
import { apiAs, csrfFrom, ensureUser, fixedClock, formBody, makeApp, openStore, SECRET, signIn } from '../helpers.js';

/** A concrete path for a route pattern. */
const concrete = (path: string): string => path.replace(':id', '1').replace(':username', 'bientap');
const isApi = (path: string): boolean => path.startsWith('/api/');

describe('access: the route table walk', () => {
  it('lists every protected route with an access level, and only log-in, set-up, health and the token route are public', () => {
    const publicRoutes = ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(publicRoutes.sort()).toEqual(['GET /healthz', 'GET /login', 'GET /setup', 'POST /api/v1/tokens', 'POST /login', 'POST /setup'].sort());
  });

  it('refuses an anonymous request on every protected route (pages go to the log-in, the API answers 401)', async () => {
    const { app, store } = await makeApp();
    await store.addEntry((await import('../helpers.js')).draft(), 'bientap');
    const anon = request.agent(app);
    const csrf = csrfFrom((await anon.get('/login')).text);
    const before = (await store.stats());
    for (const route of ROUTES.filter((r) => r.access !== 'public')) {
      const path = concrete(route.path);
      let res;
      if (route.method === 'get') res = await anon.get(path);
      else if (isApi(path)) res = await anon[route.method](path).send({});
      else res = await anon.post(path).type('form').send(`_csrf=${encodeURIComponent(csrf)}&title=x`);
      const label = `${route.method.toUpperCase()} ${path}`;
      if (isApi(path)) {
        expect(res.status, label).toBe(401);
      } else {
        expect(res.status, label).toBe(303);
        expect(res.headers.location, label).toMatch(/^\/login\?next=/);
      }
    }
    expect((await store.stats())).toEqual(before);
  });

  it('refuses a viewer every write, in the UI and the API, with 403 and nothing changed', async () => {
    const { app, store } = await makeApp();
    await store.addEntry((await import('../helpers.js')).draft(), 'bientap');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');
    const before = (await store.stats());
    const writes = ROUTES.filter((r) => r.access === 'editor' || r.access === 'admin');
    expect(writes.length).toBeGreaterThan(20);
    for (const route of writes) {
      const path = concrete(route.path);
      const label = `${route.method.toUpperCase()} ${path}`;
      let res;
      if (isApi(path)) res = route.method === 'get' ? await viewerApi.get(path) : await viewerApi[route.method](path, {});
      else res = route.method === 'get' ? await viewer.get(path) : await viewer.post(path, { title: 'x' });
      expect(res.status, label).toBe(403);
    }
    const usersBefore = (await store.users.list()).length;
    expect((await store.stats()).entries).toBe(before.entries);
    expect((await store.stats()).items).toBe(before.items);
    expect((await store.users.list()).length).toBe(usersBefore);
  });

  it('refuses an editor the admin pages and the audit trail', async () => {
    const { web, api } = await makeApp();
    for (const path of ['/users', '/deleted', '/audit']) expect((await web.get(path)).status, path).toBe(403);
    for (const path of ['/api/v1/users', '/api/v1/audit']) expect((await api.get(path)).status, path).toBe(403);
    expect((await api.post('/api/v1/users', { username: 'moi', fullName: 'Mới', role: 'admin', password: 'mot-mat-khau-dai' })).status).toBe(403);
  });

  it('hides from a viewer the buttons they cannot use', async () => {
    const { app, store } = await makeApp();
    await store.addEntry((await import('../helpers.js')).draft(), 'bientap');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    for (const path of ['/', '/entries', '/items/1', '/entries/1']) {
      const html = (await viewer.get(path).expect(200)).text;
      expect(html, path).not.toContain('href="/entries/new');
      expect(html, path).not.toContain('/edit"');
      expect(html, path).not.toContain('/delete"');
      expect(html, path).toContain('Nhật ký tuyên truyền CCHC');
    }
    const editorHtml = (await signIn(app, store, 'bientap2', 'editor')).get('/items/1');
    expect((await editorHtml).text).toContain('/items/1/edit"');
  });
});

describe('CSRF, headers and body limits', () => {
  it('refuses a form posted without its CSRF token with 403, stores nothing, and shows back what was typed (not passwords)', async () => {
    const { web, store } = await makeApp();
    const before = (await store.stats());
    const res = await web.agent.post('/entries').type('form').send(new URLSearchParams({ ...formBody(), title: 'Tin đã gõ dở', topics: 'm' }).toString());
    expect(res.status).toBe(403);
    expect(res.text).toContain('Biểu mẫu đã hết hạn');
    expect(res.text).toContain('Tin đã gõ dở');
    expect((await store.stats())).toEqual(before);
    const pw = await web.agent.post('/account/password').type('form').send('currentPassword=bi-mat-123456&password=moi-bi-mat-123');
    expect(pw.status).toBe(403);
    expect(pw.text).not.toContain('bi-mat-123456');
  });

  it('refuses a forged or stale CSRF token', async () => {
    const { web, store } = await makeApp();
    const res = await web.agent.post('/entries').type('form').send(`_csrf=forged&title=x`);
    expect(res.status).toBe(403);
    expect((await store.stats()).entries).toBe(0);
  });

  it('sends a Content-Security-Policy that allows no inline script, and hardened cookies', async () => {
    const { app, store } = await makeApp();
    const res = await request(app).get('/login').expect(200);
    const csp = res.headers['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    await ensureUser(store, 'bientap3', 'editor');
    const login = await request(app).get('/login');
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const done = await request(app).post('/login').set('Cookie', cookie).type('form').send({ username: 'bientap3', password: 'mat-khau-thu-nghiem', _csrf: csrfFrom(login.text) });
    expect(done.status).toBe(303);
    const session = (done.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cchc.sid='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
  });

  it('marks the session cookie Secure behind an HTTPS proxy when TRUST_PROXY is set', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, trustProxy: 1 });
    await ensureUser(store, 'bientap', 'editor');
    const login = await request(app).get('/login').set('X-Forwarded-Proto', 'https');
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const done = await request(app).post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', cookie).type('form').send({ username: 'bientap', password: 'mat-khau-thu-nghiem', _csrf: csrfFrom(login.text) });
    expect(done.status).toBe(303);
    const session = (done.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cchc.sid='))!;
    expect(session).toMatch(/; Secure/i);
  });

  it('refuses bodies over 1 MB with 413 on forms and JSON, storing nothing', async () => {
    const { web, api, store } = await makeApp();
    const big = 'x'.repeat(1_100_000);
    expect((await web.post('/entries', { ...formBody(), note: big })).status).toBe(413);
    expect((await api.post('/api/v1/entries', { title: 'a', note: big })).status).toBe(413);
    expect((await store.stats()).entries).toBe(0);
  });

  it('answers an unknown API token with 401 JSON', async () => {
    const { app } = await makeApp();
    const res = await request(app).get('/api/v1/entries').set('Authorization', 'Bearer cchc_khong-co-ma-nay').expect(401);
    expect(res.body.error).toMatch(/Mã API/);
  });
});
