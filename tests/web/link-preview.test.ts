import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, makeApp, signIn } from '../helpers.js';
import { ARTICLE_AT, ARTICLE_PATH, ARTICLE_TITLE, type PageServer, startPageServer } from '../page-server.js';

// The allowed test host is 127.0.0.1 (FETCH_ALLOW_HOSTS); 127.0.0.2 stands for a private address that is not allowed.
const linkPreview = { allowHosts: ['127.0.0.1'], timeoutMs: 300 };

let site: PageServer;
let inside: PageServer;
beforeAll(async () => {
  site = await startPageServer('127.0.0.1');
  inside = await startPageServer('127.0.0.2');
});
afterAll(async () => {
  await site?.close();
  await inside?.close();
});

/** An app whose admin set the portal's address to the test site's host. */
async function portalApp() {
  const t = await makeApp({ linkPreview });
  const admin = await signIn(t.app, t.store, 'quantri', 'admin');
  await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8', portalHost: `http://127.0.0.1:${site.port}/` }).expect(303);
  return { ...t, admin };
}

describe('GET /api/v1/link-preview', () => {
  it('answers what the page says: title, publication time in Vietnam time, and the portal as channel', async () => {
    const { api } = await portalApp();
    const url = `${site.base}${ARTICLE_PATH}`;
    const res = await api.get(`/api/v1/link-preview?url=${encodeURIComponent(url)}`).expect(200);
    expect(res.body).toEqual({ url, title: ARTICLE_TITLE, publishedAt: ARTICLE_AT, channel: 'portal' });
  });

  it('answers null for what a page does not say', async () => {
    const { api } = await makeApp({ linkPreview });
    const res = await api.get(`/api/v1/link-preview?url=${encodeURIComponent(`${site.base}/chi-co-tieu-de`)}`).expect(200);
    expect(res.body).toMatchObject({ publishedAt: null, channel: null });
    expect(res.body.title).toContain('Lịch tiếp công dân');
  });

  it.each([
    ['a slow page', '/cham', /^Trang không trả lời trong 0,3 giây/],
    ['a huge page', '/rat-lon', /^Trang quá lớn \(hơn 2 MB\)/],
    ['a redirect to 127.0.0.2', 'to-inside', /^Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ \(127\.0\.0\.2\)/],
    ['a missing page', '/khong-co', /^Trang trả lời lỗi 404/],
  ])('refuses %s with 422 and a Vietnamese message', async (_name, path, message) => {
    const { api } = await makeApp({ linkPreview });
    const url = path === 'to-inside' ? `${site.base}/chuyen?to=${encodeURIComponent(`${inside.base}${ARTICLE_PATH}`)}` : `${site.base}${path}`;
    const res = await api.get(`/api/v1/link-preview?url=${encodeURIComponent(url)}`).expect(422);
    expect(res.body.error).toMatch(message);
    expect(inside.hits).toEqual([]);
  });

  it('refuses a link that is not http(s), and no link', async () => {
    const { api } = await makeApp({ linkPreview });
    expect((await api.get('/api/v1/link-preview?url=file%3A%2F%2F%2Fetc%2Fpasswd').expect(422)).body.error).toContain('http://');
    expect((await api.get('/api/v1/link-preview').expect(422)).body.error).toContain('Vui lòng dán link');
  });

  it('is for those who write the log: a viewer gets 403, nobody signed in 401', async () => {
    const { app, store } = await makeApp({ linkPreview });
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    const url = encodeURIComponent(`${site.base}${ARTICLE_PATH}`);
    await viewer.get(`/api/v1/link-preview?url=${url}`).expect(403);
    await request(app).get(`/api/v1/link-preview?url=${url}`).expect(401);
  });
});

describe('POST /entries/link-preview (the record form\'s script)', () => {
  it('answers the same JSON on the session, with the form\'s CSRF token', async () => {
    const { web } = await portalApp();
    const url = `${site.base}${ARTICLE_PATH}`;
    const res = await web.post('/entries/link-preview', { url }).set('Accept', 'application/json').expect(200);
    expect(res.body).toEqual({ url, title: ARTICLE_TITLE, publishedAt: ARTICLE_AT, channel: 'portal' });
    const refused = await web.post('/entries/link-preview', { url: `${inside.base}/` }).expect(422);
    expect(refused.body.error).toContain('127.0.0.2');
  });

  it('refuses a request without the CSRF token (a page of another site cannot make the server fetch)', async () => {
    const { web } = await makeApp({ linkPreview });
    const before = site.hits.length;
    await web.agent.post('/entries/link-preview').type('form').send(`url=${encodeURIComponent(`${site.base}${ARTICLE_PATH}`)}`).expect(403);
    expect(site.hits.length).toBe(before);
  });
});

describe('the portal\'s address in the settings', () => {
  it('keeps the host of what the admin types, and refuses what is not one', async () => {
    const { store, admin } = await portalApp();
    expect((await store.settings()).portalHost).toBe('127.0.0.1');
    await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8', portalHost: 'AnHai.HaiPhong.gov.vn' }).expect(303);
    expect((await store.settings()).portalHost).toBe('anhai.haiphong.gov.vn');
    const res = await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8', portalHost: 'cổng thông tin' }).expect(422);
    expect(res.text).toContain('Địa chỉ Cổng TTĐT không hợp lệ');
    expect((await store.settings()).portalHost).toBe('anhai.haiphong.gov.vn');
    // A form that does not send the field (an older page) keeps it.
    await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8' }).expect(303);
    expect((await store.settings()).portalHost).toBe('anhai.haiphong.gov.vn');
  });
});
