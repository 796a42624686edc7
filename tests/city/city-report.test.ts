/** The city's report as a Word document: who may have it, what it holds, its pages. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, PASSWORD, signIn } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

const Q1 = 'period=q1&year=2026';

/** A city of three communes (the first one, An Hải, Lạc Phượng) and An Hải's first quarter: 3 airings of 2 items (7 plays), 2 portal posts (250 + 130 views). */
async function city() {
  const t = await makeApp();
  const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
  for (const c of [
    { code: 'an-hai', name: 'An Hải', kind: 'phường' },
    { code: 'lac-phuong', name: 'Lạc Phượng', kind: 'xã' },
  ])
    await admin.post('/api/v1/communes', c).expect(201);
  await admin.post('/api/v1/users', { username: 'bt-anhai', fullName: 'Biên tập An Hải', role: 'editor', password: PASSWORD, commune: 'an-hai' }).expect(201);
  const token = (await request(t.app).post('/api/v1/tokens').send({ username: 'bt-anhai', password: PASSWORD, name: 'thử' }).expect(201)).body.token as string;
  const anHai = { get: (p: string) => request(t.app).get(p).set('Authorization', `Bearer ${token}`), post: (p: string, body: object) => request(t.app).post(p).set('Authorization', `Bearer ${token}`).send(body) };
  const base = { format: 'news', topics: ['m'], unit: 'tt-dvsnc' };
  const a = await anHai.post('/api/v1/entries', { ...base, title: 'Tin A', channel: 'radio', at: '2026-01-05T06:30', playCount: 2 }).expect(201);
  await anHai.post('/api/v1/entries', { itemId: a.body.itemId, channel: 'radio', at: '2026-02-05T06:30', playCount: 3 }).expect(201);
  await anHai.post('/api/v1/entries', { ...base, title: 'Tin B', channel: 'radio', at: '2026-03-05T17:00', playCount: 2 }).expect(201);
  await anHai.post('/api/v1/entries', { ...base, title: 'Bài 1', channel: 'portal', at: '2026-01-10T09:00', views: 250 }).expect(201);
  await anHai.post('/api/v1/entries', { ...base, title: 'Bài 2', channel: 'portal', at: '2026-03-10T09:00', views: 130 }).expect(201);
  return { ...t, admin, anHai };
}

describe("the city's report", () => {
  it('gives the city its report: heading, sentence, every commune in a landscape table, the communes without entries named', async () => {
    const t = await city();
    const viewer = await signIn(t.app, t.store, 'tp-xem', 'city-viewer');
    const page = await viewer.get(`/city?${Q1}`).expect(200);
    expect(page.text).toContain('href="/export/city-report.docx?period=q1&amp;year=2026"');
    const res = await viewer.get(`/export/city-report.docx?${Q1}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain('bao-cao-tuyen-truyen-cchc-thanh-pho_2026-01-01_2026-03-31.docx');
    const xml = (await unzip(res.body as Buffer)).get('word/document.xml')!.toString('utf8');
    // The report on a portrait page, the table of communes on landscape ones.
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    const text = docxText(xml);
    expect(text).toContain('UBND THÀNH PHỐ HẢI PHÒNG');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Quý I năm 2026');
    // Counts up to 100 stay exact in the officials' style.
    expect(text).toContain(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026, 1/3 xã, phường, đặc khu đã ghi nhận kết quả tuyên truyền cải cách hành chính: xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh cơ sở, với 7 lượt phát; đăng 2 tin bài trên cổng thông tin điện tử và mạng xã hội (trên 350 lượt xem).',
    );
    expect(text).toMatch(/Có 2\/3 đơn vị chưa ghi nhận lượt phát sóng, đăng tải nào trong kỳ: .*xã Lạc Phượng\./);
    // One row per commune: STT, kind, name, items, airings, posts, views, progress, PAR; then the city.
    expect(text).toContain('An Hải\n4\n3\n2\n380\n');
    expect(text).toContain('Lạc Phượng\n0\n0\n0\n–\n');
    expect(text).toContain('Toàn thành phố\n4\n3\n2\n380');
    expect(await viewer.get(`/export/city-report.docx?${Q1}&mode=exact`).buffer(true).parse(binary).expect(200).then(async (r) => docxText((await unzip(r.body as Buffer)).get('word/document.xml')!.toString('utf8')))).toContain('(380 lượt xem)');
  });

  it('is for the deployment and the city only: a commune account gets 403, a bad period 422, a ward on its own 404', async () => {
    const t = await city();
    await t.anHai.get(`/export/city-report.docx?${Q1}`).expect(403);
    await t.admin.get(`/export/city-report.docx?${Q1}`).expect(200);
    await t.admin.get('/export/city-report.docx?period=q9&year=2026').expect(422);
    const ward = await makeApp();
    const wardAdmin = await signIn(ward.app, ward.store, 'quantri', 'admin');
    await wardAdmin.get(`/export/city-report.docx?${Q1}`).expect(404);
  });
});
