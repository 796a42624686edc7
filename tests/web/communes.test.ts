import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, signIn } from '../helpers.js';

describe('a deployment of one commune', () => {
  it('shows nothing about communes: no choice of commune, no city page link', async () => {
    const { app, store, api } = await makeApp();
    expect((await api.get('/api/v1/communes').expect(200)).body.communes.map((c: { code: string }) => c.code)).toEqual(['main']);
    const admin = await signIn(app, store, 'quantri', 'admin');
    const home = await admin.get('/').expect(200);
    expect(home.text).not.toContain('Chọn xã, phường làm việc');
    expect(home.text).not.toContain('href="/city"');
    const users = (await admin.get('/users').expect(200)).text;
    expect(users).not.toContain('Thuộc xã, phường');
    expect(users).not.toContain('Thành phố (chỉ xem)');
    // An editor is no account of the deployment's admins: the city's view is not theirs.
    await api.get('/api/v1/city/report?from=2026-01-01&to=2026-12-31').expect(403);
  });

  it("has no city's view: /city, its form and its workbook answer 404, even to the deployment's admin", async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const page = await admin.get('/city').expect(404);
    expect(page.text).not.toContain('Tổng hợp thành phố');
    await admin.get('/export/city.xlsx?period=year&year=2026').expect(404);
    await admin.post('/city/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(404);
    expect((await store.storage.communes()).map((c) => c.code)).toEqual(['main']);
    // Once a second commune is added, the city's view is there.
    await (await apiAs(app, store, 'quantri', 'admin')).post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
    expect((await admin.get('/city').expect(200)).text).toContain('Tổng hợp thành phố');
  });

  it('becomes a deployment of two communes when the admin adds one, on either engine', async () => {
    const { app, store } = await makeApp();
    const admin = await apiAs(app, store, 'quantri', 'admin');
    await admin.post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
    expect((await admin.get('/api/v1/communes').expect(200)).body.communes.map((c: { code: string }) => c.code)).toEqual(['main', 'an-hai']);
    const web = await signIn(app, store, 'quantri2', 'admin');
    expect((await web.get('/').expect(200)).text).toContain('Chọn xã, phường làm việc');
  });
});
