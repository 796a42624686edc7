import { describe, expect, it } from 'vitest';
import type request from 'supertest';
import { apiAs, draft, makeApp, signIn } from '../helpers.js';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Entries for the report tests, counted by hand:
 *  radio   "Tin A" 2026-03-31 23:59  plays 3 × 120 s  → Q1
 *  radio   "Tin A" 2026-04-01 00:00  plays 2 × 120 s  → Q2 (re-air of the same item)
 *  portal  "Bài B" 2026-02-10 09:00  views 463         → Q1
 *  fanpage "Bài C" 2026-01-05 08:00  views 40          → Q1
 * Q1: entries 3, plays 5, items 3, airtime 360, views 503.
 */
async function seeded() {
  const t = await makeApp();
  const a = await t.store.addEntry(draft({ title: 'Tin A', entry: { at: '2026-03-31T23:59:00+07:00', playCount: 3, durationSeconds: 120 } }), 'bientap');
  await t.store.addEntry({ item: { existingId: a.item.id }, entry: { ...draft().entry, at: '2026-04-01T00:00:00+07:00', playCount: 2, durationSeconds: 120 } }, 'bientap');
  await t.store.addEntry(draft({ title: 'Bài B', entry: { channel: 'portal', playCount: 1, durationSeconds: null, views: 463, at: '2026-02-10T09:00:00+07:00' } }), 'bientap');
  await t.store.addEntry(draft({ title: 'Bài C', entry: { channel: 'fanpage', playCount: 1, durationSeconds: null, views: 40, at: '2026-01-05T08:00:00+07:00' } }), 'bientap');
  return t;
}

describe('report API', () => {
  it('counts quarter I to the last minute of 31/03 in Vietnam time, with every breakdown', async () => {
    const { api } = await seeded();
    const res = await api.get('/api/v1/report?from=2026-01-01&to=2026-03-31').expect(200);
    expect(res.body.from).toBe('2026-01-01');
    expect(res.body.to).toBe('2026-03-31');
    expect(res.body.totals).toEqual({ entries: 3, plays: 5, items: 3, airtimeSeconds: 360, views: 503, interactions: 0 });
    const radio = res.body.byChannel.find((r: { code: string }) => r.code === 'radio');
    expect(radio).toEqual({ code: 'radio', label: 'Truyền thanh', entries: 1, plays: 3, items: 1, airtimeSeconds: 360, views: 0, interactions: 0 });
    expect(res.body.byMonth.map((m: { month: string; entries: number }) => [m.month, m.entries])).toEqual([['2026-01', 1], ['2026-02', 1], ['2026-03', 1]]);
    expect(res.body.byTopic.find((r: { code: string }) => r.code === 'm').entries).toBe(3);
    expect(res.body.byUnit.find((r: { code: string }) => r.code === 'tt-dvsnc').entries).toBe(3);
    expect(res.body.byFormat.find((r: { code: string }) => r.code === 'news').items).toBe(3);
    expect(res.body.sentence).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát, tổng thời lượng 6 phút; cập nhật 1 tin bài trên Cổng thông tin điện tử xã (463 lượt xem); đăng 1 tin bài trên Fanpage của xã (40 lượt xem).',
    );
    const q2 = await api.get('/api/v1/report?period=q2&year=2026').expect(200);
    expect(q2.body.totals).toMatchObject({ entries: 1, plays: 2, items: 1, airtimeSeconds: 240 });
  });

  it('writes "trên N" when asked, for counts above 100 only', async () => {
    const { api } = await seeded();
    const res = await api.get('/api/v1/report?from=2026-01-01&to=2026-03-31&mode=over').expect(200);
    expect(res.body.sentence).toContain('(trên 450 lượt xem)');
    expect(res.body.sentence).toContain('(40 lượt xem)');
    expect(res.body.sentence).toContain('với 3 lượt phát');
  });

  it('answers an empty period with zeros and a sentence that says nothing was recorded', async () => {
    const { api } = await seeded();
    const res = await api.get('/api/v1/report?from=2025-01-01&to=2025-01-31').expect(200);
    expect(res.body.totals).toEqual({ entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 });
    expect(res.body.sentence).toBe('Từ ngày 01/01/2025 đến ngày 31/01/2025 chưa ghi nhận tin bài tuyên truyền cải cách hành chính nào.');
  });

  it('leaves deleted entries and the entries of deleted items out of the figures', async () => {
    const { api, store } = await seeded();
    await store.deleteEntry(3, 'bientap');
    const item = (await store.entry(4))!.itemId;
    await store.deleteItem(item, 'bientap');
    const res = await api.get('/api/v1/report?from=2026-01-01&to=2026-03-31').expect(200);
    expect(res.body.totals).toMatchObject({ entries: 1, plays: 3, views: 0 });
  });

  it('answers the Decree 09 month 3 of 2026 as 15/02–14/03, and month 4 with the entries of 15/03–14/04', async () => {
    const { api } = await seeded();
    const march = await api.get('/api/v1/report?period=gov-month&month=3&year=2026').expect(200);
    expect([march.body.from, march.body.to]).toEqual(['2026-02-15', '2026-03-14']);
    expect(march.body.label).toBe('Tháng 3 năm 2026 (kỳ báo cáo 15/02/2026–14/03/2026)');
    expect(march.body.totals.entries).toBe(0);
    // Month 4 holds both radio plays of "Tin A" (31/03 23:59 and 01/04 00:00): 3 + 2 plays of 120 s.
    const april = await api.get('/api/v1/report?period=gov-month&month=4&year=2026').expect(200);
    expect([april.body.from, april.body.to]).toEqual(['2026-03-15', '2026-04-14']);
    expect(april.body.totals).toMatchObject({ entries: 2, plays: 5, items: 1, airtimeSeconds: 600 });
  });

  it('answers the nine months, the Decree 09 nine months and ytd with their dates', async () => {
    const { api } = await seeded();
    const nine = await api.get('/api/v1/report?period=nine-months&year=2026').expect(200);
    expect([nine.body.from, nine.body.to, nine.body.label]).toEqual(['2026-01-01', '2026-09-30', '9 tháng đầu năm 2026']);
    const govNine = await api.get('/api/v1/report?period=gov-nine-months&year=2026').expect(200);
    expect([govNine.body.from, govNine.body.to]).toEqual(['2025-12-15', '2026-09-14']);
    // The fixed clock says 22/11/2026.
    const ytd = await api.get('/api/v1/report?period=ytd').expect(200);
    expect([ytd.body.from, ytd.body.to, ytd.body.label]).toEqual(['2026-01-01', '2026-11-22', 'Từ ngày 01/01/2026 đến ngày 22/11/2026']);
    expect(ytd.body.totals.entries).toBe(4);
  });

  const bad: [string, string, string][] = [
    ['an end before the start', 'from=2026-03-31&to=2026-01-01', 'to'],
    ['a date that does not exist', 'from=2026-02-30&to=2026-03-31', 'from'],
    ['a range longer than 10 years', 'from=2010-01-01&to=2026-12-31', 'to'],
    ['an unknown preset', 'period=q9&year=2026', 'period'],
    ['a bad year', 'period=q1&year=20x6', 'year'],
    ['a Decree 09 month without its month', 'period=gov-month&year=2026', 'month'],
    ['the month 13', 'period=gov-month&month=13&year=2026', 'month'],
  ];
  for (const [what, query, field] of bad) {
    it(`refuses ${what} with 422 and a message on "${field}"`, async () => {
      const { api } = await seeded();
      const res = await api.get(`/api/v1/report?${query}`).expect(422);
      expect(Object.keys(res.body.errors)).toContain(field);
    });
  }
});

describe('report page', () => {
  it('shows the figures, the breakdowns, the chart, the sentence with a copy button, and the uncovered topics', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports?period=q1&year=2026').expect(200);
    expect(res.text).toContain('Quý I năm 2026');
    expect(res.text).toContain('<strong>3</strong> lượt phát/đăng');
    expect(res.text).toContain('<strong>503</strong> lượt xem');
    expect(res.text).toContain('Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài');
    expect(res.text).toContain('data-copy="report-sentence"');
    expect(res.text).toContain('<svg viewBox=');
    expect(res.text).toContain('<caption>Theo nội dung tuyên truyền</caption>');
    expect(res.text).toContain('12 nội dung của kế hoạch chưa có tin bài trong kỳ');
    expect(res.text).toContain('href="/reports/appendix?period=q1&amp;year=2026"');
  });

  it('states the range of a calendar quarter once in the heading', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports?period=q1&year=2026').expect(200);
    expect(res.text).toContain('<h2>Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)</h2>');
  });

  it('offers the Decree 09 month with a month select, and states its range once in the heading', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports?period=gov-month&month=4&year=2026').expect(200);
    expect(res.text).toContain('<h2>Tháng 4 năm 2026 (kỳ báo cáo 15/03/2026–14/04/2026)</h2>');
    expect(res.text.split('15/03/2026–14/04/2026')).toHaveLength(2);
    expect(res.text).toContain('<label for="f-month">');
    expect(res.text).toContain('<select id="f-month" name="month">');
    expect(res.text).toContain('<option value="4" selected>Tháng 4</option>');
    expect(res.text).toMatch(/<option value="gov-month"[^>]* selected>/);
    for (const code of ['ytd', 'nine-months', 'gov-nine-months']) expect(res.text).toContain(`<option value="${code}"`);
    expect(res.text).toContain('href="/reports/appendix?period=gov-month&amp;year=2026&amp;month=4"');
  });

  it('asks for the month of a Decree 09 month with 422, next to the month select', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports?period=gov-month&month=&year=2026');
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('<select id="f-month" name="month" aria-invalid="true" aria-describedby="e-month">');
    expect(res.text).toContain('<p class="field-error" id="e-month">Vui lòng chọn tháng (1–12).</p>');
  });

  it('states the range once under the appendix title, for a Decree 09 month and a calendar quarter', async () => {
    const { web } = await seeded();
    const gov = await web.get('/reports/appendix?period=gov-month&year=2026&month=4').expect(200);
    expect(gov.text).toContain('<p class="sub">Tháng 4 năm 2026 (kỳ báo cáo 15/03/2026–14/04/2026)</p>');
    const q1 = await web.get('/reports/appendix?period=q1&year=2026').expect(200);
    expect(q1.text).toContain('<p class="sub">Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)</p>');
  });

  it('states the range once in the subtitle of the report workbook', async () => {
    const { api } = await seeded();
    const ExcelJS = (await import('exceljs')).default;
    const subtitle = async (query: string): Promise<string> => {
      const res = await api.get(`/export/report.xlsx?${query}`).buffer(true).parse(binary).expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      return String(wb.getWorksheet('Kết quả thực hiện')!.getRow(2).getCell(1).value);
    };
    expect(await subtitle('period=gov-q3&year=2026')).toBe('Quý III năm 2026 (kỳ báo cáo 15/06/2026–14/09/2026)');
    expect(await subtitle('period=q1&year=2026')).toBe('Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)');
    // The report page links its exports by from/to: a custom range, already named by its dates.
    expect(await subtitle('from=2026-01-01&to=2026-03-31')).toBe('Từ ngày 01/01/2026 đến ngày 31/03/2026');
  });

  it('re-renders the form with 422 and a message for a bad period, keeping what was typed', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports?period=custom&from=31%2F02%2F2026&to=01%2F03%2F2026');
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('value="31/02/2026"');
    expect(res.text).toContain('không có trên lịch');
  });

  it('prints the appendix with its columns and, before any plan is entered, one row per default task', async () => {
    const { web } = await seeded();
    const res = await web.get('/reports/appendix?period=q1&year=2026').expect(200);
    for (const col of ['TT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện/hoàn thành', 'Kết quả thực hiện']) expect(res.text).toContain(`>${col}</th>`);
    expect(res.text).toContain('/static/appendix.css');
    expect((res.text.match(/<td class="tt">/g) ?? []).length).toBe(6);
    expect(res.text).toContain('nhiệm vụ mẫu');
    expect(res.text).toMatch(/<p class="pre">Đã thực hiện: xây dựng và phát sóng \d+ tin bài trên hệ thống truyền thanh xã/);
    expect(res.text).toContain('Trung tâm Dịch vụ sự nghiệp công');
  });

  it('is open to viewers, who can read reports', async () => {
    const { app, store } = await seeded();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    await viewer.get('/reports?period=year&year=2026').expect(200);
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewerApi.get('/api/v1/report?period=year&year=2026').expect(200);
  });
});

describe('settings', () => {
  it('uses the commune name and kind in the sentence, and records the change in the audit trail', async () => {
    const { app, store, api } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'phường', deadlineDay: '8' }).expect(303);
    const res = await api.get('/api/v1/report?from=2026-01-01&to=2026-03-31').expect(200);
    expect(res.body.sentence).toContain('Cổng thông tin điện tử phường');
    expect(res.body.sentence).toContain('hệ thống truyền thanh phường');
    const record = (await store.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 5 })).rows[0]!;
    expect(record).toMatchObject({ user: 'quantri', before: { communeName: '', communeKind: 'xã' }, after: { communeName: 'An Hải', communeKind: 'phường' } });
    expect((await admin.get('/')).text).toContain('phường An Hải');
  });

  it('refuses a bad commune kind with 422 and changes nothing', async () => {
    const { app, store } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const res = await admin.post('/settings/commune', { communeName: 'An Hải', communeKind: 'tỉnh', deadlineDay: '8' });
    expect(res.status).toBe(422);
    expect((await store.settings()).communeKind).toBe('xã');
  });

  it('adds, renames and retires units; a retired unit is not offered for new items but old ones keep it', async () => {
    const { app, store, web } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/units', { label_mttq: 'UB Mặt trận Tổ quốc', 'retired_tt-dvsnc': 'on', newLabel: 'Phòng Tư pháp' }).expect(303);
    const units = (await store.settings()).units;
    expect(units.find((u) => u.code === 'mttq')?.label).toBe('UB Mặt trận Tổ quốc');
    expect(units.find((u) => u.code === 'tt-dvsnc')?.retired).toBe(true);
    expect(units.find((u) => u.label === 'Phòng Tư pháp')?.code).toBe('phong-tu-phap');
    const form = await web.get('/entries/new').expect(200);
    expect(form.text).not.toContain('<option value="tt-dvsnc"');
    expect(form.text).toContain('<option value="phong-tu-phap"');
    const created = await web.post('/entries', { itemMode: 'new', title: 'x', format: 'news', topics: ['a'], unit: 'tt-dvsnc', channel: 'radio', date: '20/11/2026', time: '06:00', playCount: '1' });
    expect(created.status).toBe(422);
    expect(created.text).toContain('ngừng dùng');
    const itemPage = await web.get('/items/1').expect(200);
    expect(itemPage.text).toContain('Trung tâm Dịch vụ sự nghiệp công');
    const edit = await web.post('/items/1/edit', { title: 'Tin A đã sửa', format: 'news', topics: ['m'], unit: 'tt-dvsnc' });
    expect(edit.status).toBe(303);
    const report = await (await apiAs(app, store, 'x', 'viewer')).get('/api/v1/report?period=year&year=2026').expect(200);
    expect(report.body.byUnit.find((r: { code: string }) => r.code === 'tt-dvsnc').entries).toBe(4);
  });

  it('sets yearly targets and shows achieved / target, the percentage and the score estimate', async () => {
    const { app, store } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/targets', { year: '2026', target_radio: '1', target_portal: '2', target_fanpage: '' }).expect(303);
    expect((await store.settings()).targets['2026']).toEqual({ radio: 1, portal: 2 });
    const page = await admin.get('/reports?period=year&year=2026').expect(200);
    expect(page.text).toContain('Chỉ tiêu năm 2026');
    expect(page.text).toMatch(/Truyền thanh <small>\(tin bài\)<\/small><\/th><td class="num">1<\/td><td class="num">1<\/td><td class="num">100,0%<\/td><td>Đủ điểm<\/td>/);
    expect(page.text).toMatch(/Cổng TTĐT <small>\(tin bài đăng\)<\/small><\/th><td class="num">1<\/td><td class="num">2<\/td><td class="num">50,0%<\/td><td>Không có điểm \(dưới 90%\)<\/td>/);
    const bad = await admin.post('/settings/targets', { year: '2026', target_radio: '-3' });
    expect(bad.status).toBe(422);
    expect((await store.settings()).targets['2026']).toEqual({ radio: 1, portal: 2 });
  });

  it("counts a first-quarter report's targets up to 31/03 and says so, not the airings after the quarter", async () => {
    const { app, store, api } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/targets', { year: '2026', target_radio: '4', target_portal: '3' }).expect(303);
    // By hand: Q1 airs items A and B on the radio (A twice) and posts one on the portal; C and the second
    // post come in April, the third post on 31/12/2025. Q1: radio 2 of 4 items, portal 1 of 3 posts.
    const radio = (title: string, at: string) => ({ title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at, playCount: 1, durationSeconds: 120 });
    const post = (title: string, at: string) => ({ title, format: 'article', topics: ['m'], unit: 'tt-dvsnc', channel: 'portal', at });
    const first = await api.post('/api/v1/entries', radio('Tin A', '2026-01-05T06:30')).expect(201);
    await api.post('/api/v1/entries', { itemId: first.body.itemId, channel: 'radio', at: '2026-02-10T06:30', playCount: 1, durationSeconds: 120 }).expect(201);
    for (const body of [
      radio('Tin B', '2026-03-31T17:00'),
      radio('Tin C', '2026-04-01T06:00'),
      post('Bài 1', '2026-03-15T09:00'),
      post('Bài 2', '2026-04-20T09:00'),
      post('Bài 3', '2025-12-31T23:00'),
    ]) {
      await api.post('/api/v1/entries', body).expect(201);
    }
    const q1 = await admin.get('/reports?period=q1&year=2026').expect(200);
    expect(q1.text).toContain('<h3>Chỉ tiêu năm 2026 (chỉ tiêu cả năm; kết quả tính đến 31/03/2026)</h3>');
    expect(q1.text).toMatch(/Truyền thanh <small>\(tin bài\)<\/small><\/th><td class="num">2<\/td><td class="num">4<\/td><td class="num">50,0%<\/td>/);
    expect(q1.text).toMatch(/Cổng TTĐT <small>\(tin bài đăng\)<\/small><\/th><td class="num">1<\/td><td class="num">3<\/td><td class="num">33,3%<\/td>/);
    expect(q1.text).toMatch(/<tfoot><tr><th scope="row">Chung<\/th><td class="num">3<\/td><td class="num">7<\/td>/);
    // The year's report counts the whole year: radio 3 items, portal 2 posts.
    const year = await admin.get('/reports?period=year&year=2026').expect(200);
    expect(year.text).toContain('<h3>Chỉ tiêu năm 2026 (chỉ tiêu cả năm; kết quả tính đến 31/12/2026)</h3>');
    expect(year.text).toMatch(/Truyền thanh <small>\(tin bài\)<\/small><\/th><td class="num">3<\/td><td class="num">4<\/td>/);
    expect(year.text).toMatch(/Cổng TTĐT <small>\(tin bài đăng\)<\/small><\/th><td class="num">2<\/td><td class="num">3<\/td>/);
  });

  it('is for admins only', async () => {
    const { web } = await seeded();
    expect((await web.get('/settings')).status).toBe(403);
    expect((await web.post('/settings/commune', { communeName: 'X', communeKind: 'xã' })).status).toBe(403);
  });
});

describe('dashboard', () => {
  it('shows the next report deadline with the days left, and the latest entries', async () => {
    const { web } = await seeded();
    const res = await web.get('/').expect(200);
    // Today is 22/11/2026: the next deadline is 08/12/2026, 16 days away.
    expect(res.text).toContain('Hạn báo cáo tiếp theo: 08/12/2026');
    expect(res.text).toContain('còn 16 ngày');
    expect(res.text).toContain('Tin A');
    expect(res.text).toContain('<svg viewBox=');
  });
});
