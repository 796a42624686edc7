import { describe, expect, it } from 'vitest';
import type { YearPlanTask } from '../../src/domain/year-plan.js';
import { makeApp, signIn, type TestApp } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

type Json = Record<string, unknown>;

const task = (over: Partial<YearPlanTask>): YearPlanTask => ({ id: 't1', number: '1', text: 'Nhiệm vụ', lead: 'Trung tâm Dịch vụ sự nghiệp công', partners: 'Các cơ quan, đơn vị có liên quan', timeFrame: { kind: 'year' }, counts: null, target: null, evidence: [], ...over });

// Last year's plan, copied into 2026 through the page: four rows of the kinds an appendix has.
const PLAN_2025: YearPlanTask[] = [
  task({ id: 't1', number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', counts: { channels: ['radio'], formats: [], topics: [] } }),
  task({ id: 't2', number: '2', text: 'Đăng tin CCHC trên Cổng TTĐT và Fanpage', lead: 'Văn phòng HĐND và UBND', counts: { channels: ['portal', 'fanpage'], formats: [], topics: [] }, evidence: ['https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh'] }),
  task({ id: 't3', number: '3', text: 'Tuyên truyền đợt cao điểm quý III', timeFrame: { kind: 'quarter', quarter: 3 }, counts: { channels: ['radio'], formats: [], topics: [] } }),
  task({ id: 't4', number: '4', text: 'Cử cán bộ dự tập huấn về tuyên truyền CCHC', lead: 'Phòng Văn hóa - Xã hội <VH&XH>', partners: '' }),
];

/** The hand-computed log of Q1 2026 (plus what must not count). */
async function logQ1(app: TestApp): Promise<void> {
  const post = async (body: Json): Promise<Json> => (await app.api.post('/api/v1/entries', { format: 'news', topics: ['m'], unit: 'tt-dvsnc', ...body }).expect(201)).body as Json;
  const a = await post({ title: 'Hướng dẫn nộp hồ sơ trực tuyến', channel: 'radio', at: '2026-01-05T06:00', playCount: 2, durationSeconds: 180 });
  const itemA = (a.item as Json).id;
  await post({ itemId: itemA, channel: 'radio', at: '2026-02-10T06:00', playCount: 3, durationSeconds: 180 });
  await post({ itemId: itemA, channel: 'radio', at: '2026-03-20T17:00', playCount: 1, durationSeconds: 180 });
  await post({ title: 'Thanh toán không dùng tiền mặt', channel: 'radio', at: '2026-03-31T23:30', playCount: 2, durationSeconds: 120 });
  await post({ title: 'Tin của quý II', channel: 'radio', at: '2026-04-01T00:10', playCount: 5 });
  const gone = await post({ title: 'Tin bị xóa', channel: 'radio', at: '2026-02-01T06:00', playCount: 9 });
  await app.api.delete(`/api/v1/entries/${(gone.entry as Json)?.id ?? gone.id}`).expect(204);
  await post({ title: 'Bài cổng 1', channel: 'portal', at: '2026-01-15T09:00', views: 100 });
  await post({ title: 'Bài cổng 2', channel: 'portal', at: '2026-03-01T09:00', views: 50 });
  await post({ title: 'Bài cổng quý II', channel: 'portal', at: '2026-05-01T09:00', views: 70 });
  await post({ title: 'Bài fanpage <b>đậm</b>', channel: 'fanpage', at: '2026-02-20T20:00' });
}

async function setUp(): Promise<{ app: TestApp; admin: Awaited<ReturnType<typeof signIn>> }> {
  const app = await makeApp();
  const settings = await app.store.settings();
  await app.store.updateSettings({ ...settings, communeKind: 'phường', communeName: 'An Hải' }, 'admin');
  await app.store.commune.transaction((tx) => tx.putPlanTasks(2025, PLAN_2025));
  const admin = await signIn(app.app, app.store, 'quantri', 'admin');
  await logQ1(app);
  return { app, admin };
}

const Q1 = 'period=q1&year=2026';

describe('the plan\'s tasks and the appendix by task', () => {
  it('offers the default tasks to a new install, and copies last year\'s plan into a year that has none', async () => {
    const fresh = await makeApp();
    const page = await (await signIn(fresh.app, fresh.store, 'quantri', 'admin')).get('/plan?year=2026').expect(200);
    expect(page.text).toContain('nhiệm vụ mẫu');
    expect(page.text).toContain('Cử cán bộ thực hiện nhiệm vụ tuyên truyền tham gia các lớp tập huấn');
    const { app, admin } = await setUp();
    const none = await admin.get('/plan?year=2026').expect(200);
    expect(none.text).toContain('Kế hoạch năm 2026 chưa có nhiệm vụ nào.');
    await admin.post('/plan/2026/copy', { from: '2025' }).expect(303);
    expect((await app.store.commune.planTasks(2026))?.map((t) => t.number)).toEqual(['1', '2', '3', '4']);
    // Copying again over a year that has tasks is refused, with the reason.
    const again = await admin.post('/plan/2026/copy', { from: '2025' }).expect(422);
    expect(again.text).toContain('Kế hoạch năm 2026 đã có nhiệm vụ');
    // Viewers read the plan but get no forms.
    const viewer = await signIn(app.app, app.store, 'xem', 'viewer');
    const read = await viewer.get('/plan?year=2026').expect(200);
    expect(read.text).toContain('Phát tin, bài CCHC trên hệ thống truyền thanh');
    expect(read.text).not.toContain('Thêm nhiệm vụ');
    await viewer.post('/plan/2026/tasks', { text: 'x', counted: 'hand' }).expect(403);
  });

  it('edits a task as typed, refusing a wrong one whole, every change audited', async () => {
    const { app, admin } = await setUp();
    await admin.post('/plan/2026/copy', { from: '2025' }).expect(303);
    const bad = await admin.post('/plan/2026/tasks/t1', { number: '1', text: '', timeFrame: 'deadline', deadline: '31/02/2026', counted: 'log', channels: ['radio'], target: 'mười' }).expect(422);
    expect(bad.text).toContain('Vui lòng nhập nội dung công việc.');
    expect(bad.text).toContain('Hạn hoàn thành phải là một ngày có trên lịch');
    expect(bad.text).toContain('Chỉ tiêu');
    expect((await app.store.commune.planTasks(2026))?.[0]).toEqual({ ...PLAN_2025[0] });
    await admin.post('/plan/2026/tasks/t1', { number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', lead: 'Trung tâm Dịch vụ sự nghiệp công', partners: 'Các cơ quan, đơn vị có liên quan', timeFrame: 'year', counted: 'log', channels: ['radio'], target: '10', evidence: '' }).expect(303);
    expect((await app.store.commune.planTasks(2026))?.[0]?.target).toBe(10);
    await admin.post('/plan/2026/tasks', { number: '5', text: 'Treo băng rôn dịp cao điểm', timeFrame: 'q2', counted: 'log', channels: ['banner'] }).expect(303);
    await admin.post('/plan/2026/tasks/t5/delete').expect(303);
    expect((await app.store.commune.planTasks(2026))?.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    const trail = (await app.store.commune.auditOf('plan', 2026)).map((r) => r.action);
    expect(trail).toEqual(['plan.update', 'plan.update', 'plan.update', 'plan.update']);
    expect((await app.store.commune.auditOf('plan', 2026))[1]).toMatchObject({ user: 'quantri', before: { task: { target: null } }, after: { task: { target: 10 } } });
  });

  it('writes one appendix row per task from the log of the period, with the office\'s notes', async () => {
    const { app, admin } = await setUp();
    await admin.post('/plan/2026/copy', { from: '2025' }).expect(303);
    await admin.post('/plan/2026/tasks/t1', { number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', lead: 'Trung tâm Dịch vụ sự nghiệp công', partners: 'Các cơ quan, đơn vị có liên quan', timeFrame: 'year', counted: 'log', channels: ['radio'], target: '10' }).expect(303);
    await app.web.post(`/reports/appendix/notes?${Q1}`, { taskId: 't4', note: 'Đã cử 02 cán bộ dự tập huấn ngày 12/3/2026.' }).expect(303);
    const page = await app.web.get(`/reports/appendix?${Q1}`).expect(200);
    const rows = [...page.text.matchAll(/<tr>\s*<td class="tt">([^<]*)<\/td>[\s\S]*?<p class="pre">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      // Radio in Q1: items A and B (the deleted entry and April's do not count); plays 2 + 3 + 1 + 2.
      ['1', 'Đã thực hiện: xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh phường, với 8 lượt phát (đạt 2/10 theo chỉ tiêu năm, 20%).'],
      ['2', 'Đã thực hiện: cập nhật 2 tin bài trên Cổng thông tin điện tử phường (150 lượt xem); đăng 1 tin bài trên Fanpage của phường.'],
      ['3', 'Chưa thực hiện. Lý do: chưa đến thời gian thực hiện.'],
      ['4', 'Đã cử 02 cán bộ dự tập huấn ngày 12/3/2026.'],
    ]);
    expect(page.text).toContain('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh');
    expect(page.text).toContain('Quý III/2026');
    expect(page.text).toContain('Phòng Văn hóa - Xã hội &lt;VH&amp;XH&gt;');
    // The note belongs to its period: the half-year has none.
    const half = await app.web.get('/reports/appendix?period=h1&year=2026').expect(200);
    expect(half.text).not.toContain('Đã cử 02 cán bộ');
    expect((await app.store.commune.auditOf('plan', 2026)).at(-1)).toMatchObject({ action: 'plan.note', user: 'bientap', before: { taskId: 't4', from: '2026-01-01', to: '2026-03-31', note: '' }, after: { note: 'Đã cử 02 cán bộ dự tập huấn ngày 12/3/2026.' } });
    // A task counts only what falls in its time: the year credits quarter III with nothing (the log has
    // no airing there), the radio task with items A, B and April's (plays 8 + 5).
    const rowsOf = (html: string) => [...html.matchAll(/<tr>\s*<td class="tt">([^<]*)<\/td>[\s\S]*?<p class="pre">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]);
    expect(rowsOf((await app.web.get('/reports/appendix?period=year&year=2026').expect(200)).text).slice(0, 3)).toEqual([
      ['1', 'Đã thực hiện: xây dựng và phát sóng 3 tin bài trên hệ thống truyền thanh phường, với 13 lượt phát (đạt 3/10 theo chỉ tiêu năm, 30%).'],
      ['2', 'Đã thực hiện: cập nhật 3 tin bài trên Cổng thông tin điện tử phường (220 lượt xem); đăng 1 tin bài trên Fanpage của phường.'],
      ['3', 'Chưa có tin bài nào trong kỳ báo cáo.'],
    ]);
    // "Trên N" as the officials write it, on request.
    const over = await app.web.get(`/reports/appendix?${Q1}&mode=over`).expect(200);
    expect(over.text).toContain('với 8 lượt phát');
  });

  it('gives the appendix and the report as Word documents in the Decree 30 layout', async () => {
    const { app, admin } = await setUp();
    await admin.post('/plan/2026/copy', { from: '2025' }).expect(303);
    const appendix = await app.web.get(`/export/appendix.docx?${Q1}`).buffer(true).parse(binary).expect(200);
    expect(appendix.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(appendix.headers['content-disposition']).toContain('phu-luc-tuyen-truyen-cchc-2026-01-01-2026-03-31.docx');
    const a = await unzip(appendix.body as Buffer);
    const doc = a.get('word/document.xml')!.toString();
    // A4 landscape; margins top and bottom 20 mm, left 30 mm, right 15 mm (in twentieths of a point).
    expect(doc).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(doc).toContain('<w:titlePg/>');
    expect(doc).toContain('<w:tblHeader/>');
    const styles = a.get('word/styles.xml')!.toString();
    expect(styles).toMatch(/<w:rFonts w:ascii="Times New Roman"/);
    expect(styles).toContain('<w:sz w:val="28"/>');
    // One header row and one row per task.
    expect(doc.match(/<w:tr>|<w:tr /g)).toHaveLength(1 + 4);
    const text = docxText(doc);
    expect(text).toContain('PHỤ LỤC');
    expect(text).toContain('(Kèm theo Báo cáo số        /BC-UBND ngày     /     /2026 của Ủy ban nhân dân phường An Hải)');
    expect(text).toContain('Đã thực hiện: xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh phường, với 8 lượt phát.');
    expect(text).toContain('Chưa thực hiện. Lý do: chưa đến thời gian thực hiện.');
    // What was typed is text, never markup.
    expect(doc).toContain('Phòng Văn hóa - Xã hội &lt;VH&amp;XH&gt;');
    // The page number sits in the header from page 2 on.
    const header = [...a.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k)).map((k) => a.get(k)!.toString());
    expect(header.some((h) => h.includes('PAGE'))).toBe(true);

    const report = await app.web.get(`/export/report.docx?${Q1}`).buffer(true).parse(binary).expect(200);
    const r = await unzip(report.body as Buffer);
    const rdoc = r.get('word/document.xml')!.toString();
    expect(rdoc).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const rtext = docxText(rdoc);
    expect(rtext).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(rtext).toContain('PHƯỜNG AN HẢI');
    expect(rtext).toContain('Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh phường, với 8 lượt phát');
    await app.web.get('/export/report.docx?period=q9&year=2026').expect(422);
  });

  it('estimates the PAR points of the period from the plan and the forms the log shows', async () => {
    const { app, admin } = await setUp();
    await admin.post('/plan/2026/copy', { from: '2025' }).expect(303);
    await admin.post('/plan/2026/tasks/t1', { number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', timeFrame: 'year', counted: 'log', channels: ['radio'], target: '10' }).expect(303);
    // Due in Q1: tasks 1 (2 of 10 items: 20%), 2 (done) and 4 (by hand, no note yet): (0.2 + 1 + 0) / 3 = 40%, no point.
    const page = await app.web.get(`/par?${Q1}`).expect(200);
    expect(page.text).toContain('4.1. Mức độ hoàn thành kế hoạch tuyên truyền CCHC: 0,00/1 điểm');
    expect(page.text).toContain('Hoàn thành <strong>40%</strong>');
    // The loudspeakers (a third of 0.5) and the web (0.25): 0.42.
    expect(page.text).toContain('4.2. Đa dạng hình thức tuyên truyền: 0,42/1 điểm');
    expect(page.text).toContain('Tổng (ước tính): 0,42/2 điểm');
    expect(page.text).toContain('Nhiệm vụ 4: Chưa có ghi chú kết quả (nhiệm vụ báo cáo thủ công).');
    expect(page.text).toContain('Chưa có tin bài nào theo hình thức &#34;Màn hình, bảng tin điện tử&#34; trong kỳ.');
    expect(page.text).toContain('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh');
    // With the training reported and the radio target lowered to 2: every due task done, 4.1 in full.
    await app.web.post(`/reports/appendix/notes?${Q1}`, { taskId: 't4', note: 'Đã cử 02 cán bộ dự tập huấn.' }).expect(303);
    await admin.post('/plan/2026/tasks/t1', { number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', timeFrame: 'year', counted: 'log', channels: ['radio'], target: '2' }).expect(303);
    const full = await app.web.get(`/par?${Q1}`).expect(200);
    expect(full.text).toContain('4.1. Mức độ hoàn thành kế hoạch tuyên truyền CCHC: 1,00/1 điểm');
    expect(full.text).toContain('Tổng (ước tính): 1,42/2 điểm');
    await app.web.get('/par?period=q1&year=20x6').expect(422);
  });
});
