import { describe, expect, it } from 'vitest';
import { makeApp, signIn } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

const Q1 = 'period=q1&year=2026';
const KEY = '2026-01-01/2026-03-31';
const SHORT = 'Một số tin bài phát chậm so với lịch do hệ thống loa hỏng ở tổ dân phố 5.';
const NEXT = 'Sửa cụm loa tổ dân phố 5.\nPhát đủ các khung giờ sáng, chiều.';

/** The text of the report's Word document for a query. */
async function reportText(app: Awaited<ReturnType<typeof makeApp>>, query: string): Promise<string> {
  const res = await app.web.get(`/export/report.docx?${query}`).buffer(true).parse(binary).expect(200);
  return docxText((await unzip(res.body as Buffer)).get('word/document.xml')!.toString('utf8'));
}

describe('the report page: parts II and III the office writes', () => {
  it('saves both parts for the period, audited, and prints them in the report instead of the defaults', async () => {
    const app = await makeApp();
    const before = await reportText(app, Q1);
    expect(before).toContain('II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN');
    expect(before).toContain('III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI');
    expect(before).toContain('Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính theo kế hoạch đã đề ra');

    const saved = await app.web.post(`/reports/notes?${Q1}`, { shortcomings: SHORT, nextSteps: NEXT }).expect(303);
    expect(saved.headers.location).toBe(`/reports?${Q1}&ok=report-notes-saved#report-notes`);
    const page = await app.web.get(`/reports?${Q1}`).expect(200);
    expect(page.text).toContain(`>${SHORT}</textarea>`);
    expect(page.text).toContain('>Sửa cụm loa tổ dân phố 5.\nPhát đủ các khung giờ sáng, chiều.</textarea>');

    const text = await reportText(app, Q1);
    expect(text).toContain(SHORT);
    // Each line of the office's text is a paragraph of its own.
    expect(text).toContain('Sửa cụm loa tổ dân phố 5.\nPhát đủ các khung giờ sáng, chiều.');
    expect(text).not.toContain('Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính theo kế hoạch đã đề ra');
    expect(await app.store.auditOf('report', KEY)).toMatchObject([
      { action: 'report.note', user: 'bientap', before: { from: '2026-01-01', to: '2026-03-31', shortcomings: '', nextSteps: '' }, after: { shortcomings: SHORT, nextSteps: NEXT } },
    ]);

    // The parts belong to their period: the half-year prints its defaults.
    expect(await reportText(app, 'period=h1&year=2026')).not.toContain(SHORT);
    // The same dates however asked for: a custom range of the quarter reads the quarter's parts.
    expect(await reportText(app, 'from=01/01/2026&to=31/03/2026')).toContain(SHORT);
  });

  it('records only what changed, nothing when nothing did, and a cleared part brings its default back', async () => {
    const app = await makeApp();
    await app.web.post(`/reports/notes?${Q1}`, { shortcomings: SHORT, nextSteps: NEXT }).expect(303);
    await app.web.post(`/reports/notes?${Q1}`, { shortcomings: SHORT, nextSteps: NEXT }).expect(303);
    expect(await app.store.auditOf('report', KEY)).toHaveLength(1);
    await app.web.post(`/reports/notes?${Q1}`, { shortcomings: '', nextSteps: NEXT }).expect(303);
    const trail = await app.store.auditOf('report', KEY);
    expect(trail).toHaveLength(2);
    expect(trail[1]).toMatchObject({ before: { from: '2026-01-01', to: '2026-03-31', shortcomings: SHORT }, after: { shortcomings: '' } });
    expect(trail[1]!.after).not.toHaveProperty('nextSteps');
    const text = await reportText(app, Q1);
    expect(text).not.toContain(SHORT);
    // No entry in the period: every topic of the plan is still to cover.
    expect(text).toMatch(/Còn \d+ nội dung tuyên truyền theo kế hoạch chưa có tin bài trong kỳ/);
  });

  it('refuses a part longer than 4,000 characters with 422, the typed text kept and escaped, nothing stored', async () => {
    const app = await makeApp();
    const long = `<b>quá dài</b> ${'x'.repeat(4000)}`;
    const res = await app.web.post(`/reports/notes?${Q1}`, { shortcomings: 'Giữ lại phần này', nextSteps: long }).expect(422);
    expect(res.text).toContain('Phần phương hướng, nhiệm vụ kỳ tới không được dài quá 4.000 ký tự.');
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('>Giữ lại phần này</textarea>');
    expect(res.text).toContain(`>&lt;b&gt;quá dài&lt;/b&gt; ${'x'.repeat(4000)}</textarea>`);
    expect(res.text).not.toContain('<b>quá dài</b>');
    expect(await app.store.auditOf('report', KEY)).toEqual([]);
    expect(await reportText(app, Q1)).not.toContain('Giữ lại phần này');
    // Exactly 4,000 is taken.
    await app.web.post(`/reports/notes?${Q1}`, { shortcomings: 'y'.repeat(4000), nextSteps: '' }).expect(303);
  });

  it('refuses a bad period with 422 and stores nothing', async () => {
    const app = await makeApp();
    await app.web.post('/reports/notes?period=q9&year=2026', { shortcomings: SHORT }).expect(422);
    expect(await app.store.auditOf('report', KEY)).toEqual([]);
  });

  it('lets an admin write the parts; a viewer reads them (or the defaults) and gets 403 on the form', async () => {
    const app = await makeApp();
    const admin = await signIn(app.app, app.store, 'quantri', 'admin');
    await admin.post(`/reports/notes?${Q1}`, { shortcomings: SHORT, nextSteps: '' }).expect(303);
    const viewer = await signIn(app.app, app.store, 'lanhdao', 'viewer');
    await viewer.post(`/reports/notes?${Q1}`, { shortcomings: 'Của người chỉ xem', nextSteps: '' }).expect(403);
    const page = await viewer.get(`/reports?${Q1}`).expect(200);
    expect(page.text).not.toContain('action="/reports/notes');
    expect(page.text).toContain(SHORT);
    expect(page.text).toContain('Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính theo kế hoạch đã đề ra');
    expect(await app.store.auditOf('report', KEY)).toMatchObject([{ user: 'quantri', after: { shortcomings: SHORT } }]);
  });
});
