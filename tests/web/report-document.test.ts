import { describe, expect, it } from 'vitest';
import { makeApp, signIn, type TestApp } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

const Q1 = 'period=q1&year=2026';

/** Two radio items of quarter I (3 airings, 7 plays, no length) and one portal post of 463 views. */
async function logged(): Promise<TestApp> {
  const app = await makeApp();
  const base = { format: 'news', topics: ['m'], unit: 'tt-dvsnc' };
  const a = await app.api.post('/api/v1/entries', { ...base, title: 'Tin A', channel: 'radio', at: '2026-01-05T06:30', playCount: 2 }).expect(201);
  await app.api.post('/api/v1/entries', { itemId: a.body.itemId, channel: 'radio', at: '2026-02-05T06:30', playCount: 3 }).expect(201);
  await app.api.post('/api/v1/entries', { ...base, title: 'Tin B', channel: 'radio', at: '2026-03-05T17:00', playCount: 2 }).expect(201);
  await app.api.post('/api/v1/entries', { ...base, title: 'Bài cổng', channel: 'portal', at: '2026-02-10T09:00', views: 463 }).expect(201);
  return app;
}

async function reportText(app: TestApp, query = Q1): Promise<string> {
  const res = await app.web.get(`/export/report.docx?${query}`).buffer(true).parse(binary).expect(200);
  return docxText((await unzip(res.body as Buffer)).get('word/document.xml')!.toString('utf8'));
}

describe('the report document: targets', () => {
  it('leaves the target part out of the document when no target is set; the page still says so to an admin', async () => {
    const app = await logged();
    const text = await reportText(app);
    expect(text).not.toContain('chỉ tiêu');
    expect(text).toContain('1. Theo kênh tuyên truyền');
    expect(text).toContain('3. Theo đơn vị thực hiện');
    expect(text).not.toContain('4. ');
    const admin = await signIn(app.app, app.store, 'quantri', 'admin');
    expect((await admin.get(`/reports?${Q1}`).expect(200)).text).toContain('Chưa đặt chỉ tiêu năm 2026.');
  });

  it('prints the progress table when targets are set: radio items and portal posts against the year, to the end of the period', async () => {
    const app = await logged();
    const settings = await app.store.settings();
    await app.store.updateSettings({ ...settings, targets: { 2026: { radio: 40, portal: 4 } } }, 'admin');
    const text = await reportText(app);
    // Radio 2 of 40 items (5%), portal 1 of 4 posts (25%); together 3 of 44 (7%).
    expect(text).toContain('4. Tiến độ thực hiện chỉ tiêu năm 2026 (tính đến 31/03/2026)');
    expect(text).toContain('Kênh\nChỉ tiêu năm\nĐã đạt\nTỷ lệ\nTruyền thanh\n40 tin bài\n2\n5%\nCổng TTĐT\n4 tin bài đăng\n1\n25%\nChung\n44\n3\n7%');
  });

  it('prints the radio table without air time or views, and the sentence without air time, when no airing has a length', async () => {
    const text = await reportText(await logged(), `${Q1}&mode=over`);
    expect(text).toContain('Kênh\nTin bài\nLượt phát sóng\nLượt phát\nTruyền thanh\n2\n3\n7\n');
    expect(text).not.toContain('Thời lượng');
    expect(text).not.toContain('0:00:00');
    expect(text).toContain('đã xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh xã, với 7 lượt phát; cập nhật 1 tin bài trên Cổng thông tin điện tử xã (trên 450 lượt xem).');
  });
});
