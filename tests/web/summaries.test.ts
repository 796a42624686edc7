import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { runWeeklySummary } from '../../src/services/summaries.js';
import { apiAs, draft, makeApp, openStore, SECRET, signIn } from '../helpers.js';

/** The text a reader sees: tags dropped, spaces collapsed. */
const textOf = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

// The helpers' clock: Sunday 22/11/2026 10:00 in Vietnam. The last completed week is 09–15/11.
async function seeded() {
  const t = await makeApp();
  await t.store.addEntry(draft({ title: 'Tin tuần 9/11', entry: { at: '2026-11-10T06:30:00+07:00', playCount: 3 } }), 'bientap');
  await t.store.addEntry(draft({ title: 'Bài tuần 9/11', entry: { channel: 'portal', playCount: 1, durationSeconds: null, views: 40, at: '2026-11-15T20:00:00+07:00' } }), 'bientap');
  await t.store.addEntry(draft({ title: 'Tin tuần trước nữa', entry: { at: '2026-11-03T06:30:00+07:00' } }), 'bientap');
  return t;
}

describe('weekly summaries over HTTP', () => {
  it('makes a summary of a past week on demand, and a newer version the second time, keeping the first', async () => {
    const { api, store } = await seeded();
    const first = await api.post('/api/v1/summaries', { weekStart: '2026-11-09' }).expect(201);
    expect(first.body).toMatchObject({ weekStart: '2026-11-09', weekEnd: '2026-11-15', version: 1, createdBy: 'bientap' });
    expect(first.body.figures.totals).toMatchObject({ entries: 2, plays: 4, items: 2, views: 40 });
    expect(first.body.figures.previous).toMatchObject({ entries: 1, plays: 2 });
    await store.addEntry(draft({ title: 'Ghi muộn', entry: { at: '2026-11-14T06:30:00+07:00' } }), 'bientap');
    const second = await api.post('/api/v1/summaries', { weekStart: '09/11/2026' }).expect(201);
    expect(second.body).toMatchObject({ version: 2 });
    expect(second.body.figures.totals.entries).toBe(3);
    const kept = await api.get(`/api/v1/summaries/${first.body.id}`).expect(200);
    expect(kept.body.figures.totals.entries).toBe(2);
    const list = await api.get('/api/v1/summaries').expect(200);
    expect(list.body.summaries.map((s: { version: number }) => s.version)).toEqual([2, 1]);
  });

  const bad: [string, string, RegExp][] = [
    ['a day that is not a Monday', '2026-11-10', /không phải thứ Hai/],
    ['the current unfinished week', '2026-11-16', /chưa kết thúc/],
    ['a week in the future', '2026-11-23', /tương lai/],
    ['a date that does not exist', '2026-02-30', /không hợp lệ/],
  ];
  for (const [what, weekStart, message] of bad) {
    it(`refuses ${what} with 422 and a message`, async () => {
      const { api, store } = await seeded();
      const res = await api.post('/api/v1/summaries', { weekStart }).expect(422);
      expect(res.body.errors.weekStart).toMatch(message);
      expect((await store.listSummaries())).toHaveLength(0);
    });
  }

  it('lists the summaries newest first, with a page, a printable view, CSV and Excel downloads', async () => {
    const { web, store } = await seeded();
    await runWeeklySummary(store, new Date('2026-11-22T03:00:00Z'));
    const made = await web.post('/summaries', { weekStart: '02/11/2026' });
    expect(made.status).toBe(303);
    const list = await web.get('/summaries').expect(200);
    expect(list.text.indexOf('09/11/2026–15/11/2026')).toBeLessThan(list.text.indexOf('02/11/2026–08/11/2026'));
    expect(list.text).toContain('lịch tự động');
    const id = (await store.listSummaries())[0]!.id;
    const page = await web.get(`/summaries/${id}`).expect(200);
    expect(page.text).toContain('Tuần 09/11/2026–15/11/2026');
    expect(page.text).toContain('tin bài mới');
    const print = await web.get(`/summaries/${id}/print`).expect(200);
    expect(print.text).toContain('/static/print.css');
    const csv = await web.get(`/summaries/${id}.csv`).expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="tong-hop-tuan_2026-11-09_v1.csv"');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('Tuần,09/11/2026–15/11/2026,2,4,2');
    const xlsx = await web.get(`/summaries/${id}.xlsx`).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const exports = (await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 10 })).rows;
    expect(exports.map((r) => r.after?.format)).toEqual(['xlsx', 'csv']);
    expect(exports[0]).toMatchObject({ user: 'bientap', target: { type: 'summary', id }, after: { what: 'summary', weekStart: '2026-11-09' } });
  });

  it('refuses a week that is not a Monday on the page with 422, keeping what was typed', async () => {
    const { web } = await seeded();
    const res = await web.post('/summaries', { weekStart: '10/11/2026' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="10/11/2026"');
    expect(res.text).toContain('không phải thứ Hai');
  });

  it('says when a summary no longer matches the log for its week, and its button makes a new version with the figures of now', async () => {
    const { app, web, store } = await seeded();
    const [v1] = await runWeeklySummary(store, new Date('2026-11-22T03:00:00Z'));
    // Week 09–15/11: radio 10/11 (3 plays × 180 s) and portal 15/11 (views 40).
    expect(v1!.figures.totals).toEqual({ entries: 2, plays: 4, items: 2, airtimeSeconds: 540, views: 40, interactions: 0 });
    expect((await web.get(`/summaries/${v1!.id}`).expect(200)).text).not.toContain('không còn khớp');

    // Recorded late: radio on Saturday 14/11, 2 plays × 180 s.
    await store.addEntry(draft({ title: 'Ghi muộn', entry: { at: '2026-11-14T06:30:00+07:00' } }), 'bientap');
    const stale = await web.get(`/summaries/${v1!.id}`).expect(200);
    expect(textOf(stale.text)).toContain(
      'Số liệu của bản này không còn khớp với nhật ký. Sau khi lập, lượt phát/đăng của tuần (hoặc của tuần trước đó, để so sánh) đã được ghi thêm, sửa hoặc xóa: nhật ký hiện có 3 lượt phát/đăng, 6 lượt phát trong tuần; bản này ghi 2 lượt phát/đăng, 4 lượt phát.',
    );
    expect(stale.text).toMatch(/<form method="post" action="\/summaries">\s*<input type="hidden" name="_csrf" value="[^"]+">\s*<input type="hidden" name="weekStart" value="2026-11-09">/);
    expect(stale.text).toContain('Lập bản mới theo nhật ký hiện tại</button>');
    // The summary itself keeps its figures.
    expect((await store.summary(v1!.id))!.figures.totals.entries).toBe(2);

    const made = await web.post('/summaries', { weekStart: '2026-11-09' });
    expect(made.status).toBe(303);
    const [v2, kept] = await store.listSummaries();
    expect(made.headers.location).toBe(`/summaries/${v2!.id}?ok=summary-created`);
    expect(v2).toMatchObject({ weekStart: '2026-11-09', version: 2, createdBy: 'bientap' });
    // 3 entries; plays 3+1+2; items 3; airtime 540+360; views 40.
    expect(v2!.figures.totals).toEqual({ entries: 3, plays: 6, items: 3, airtimeSeconds: 900, views: 40, interactions: 0 });
    expect(kept).toEqual(v1);
    const audit = (await store.queryAudit({ action: 'summary.create' }, { page: 1, pageSize: 5 })).rows[0]!;
    expect(audit).toMatchObject({ user: 'bientap', target: { type: 'summary', id: v2!.id }, after: { weekStart: '2026-11-09', version: 2 } });

    const fresh = await web.get(made.headers.location!).expect(200);
    expect(fresh.text).toContain('Đã lập bản tổng hợp tuần.');
    expect(fresh.text).not.toContain('không còn khớp');
    // The old version points to the new one instead of offering yet another.
    const old = await web.get(`/summaries/${v1!.id}`).expect(200);
    expect(old.text).toContain(`<a href="/summaries/${v2!.id}">Có bản mới hơn (bản 2)</a>`);
    expect(old.text).not.toContain('không còn khớp');

    // A viewer is told too, without the button.
    await store.addEntry(draft({ title: 'Ghi muộn nữa', entry: { at: '2026-11-13T06:30:00+07:00' } }), 'bientap');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    const seen = await viewer.get(`/summaries/${v2!.id}`).expect(200);
    expect(textOf(seen.text)).toContain('nhật ký hiện có 4 lượt phát/đăng, 8 lượt phát trong tuần; bản này ghi 3 lượt phát/đăng, 6 lượt phát.');
    expect(seen.text).not.toContain('name="weekStart"');
  });

  it('does not call a summary out of date when only names or targets changed since', async () => {
    const { web, store } = await seeded();
    const [v1] = await runWeeklySummary(store, new Date('2026-11-22T03:00:00Z'));
    const settings = await store.settings();
    await store.updateSettings({ ...settings, topics: settings.topics.map((t) => (t.code === 'm' ? { ...t, label: 'm) Tên mới của nội dung' } : t)), targets: { '2026': { radio: 5 } } }, 'quantri');
    expect((await web.get(`/summaries/${v1!.id}`).expect(200)).text).not.toContain('không còn khớp');
  });

  it('lets viewers read summaries but not make them', async () => {
    const { app, store } = await seeded();
    await runWeeklySummary(store, new Date('2026-11-22T03:00:00Z'));
    const viewer = await apiAs(app, store, 'lanhdao', 'viewer');
    await viewer.get('/api/v1/summaries').expect(200);
    await viewer.post('/api/v1/summaries', { weekStart: '2026-11-02' }).expect(403);
    const viewerWeb = await signIn(app, store, 'lanhdao', 'viewer');
    expect((await viewerWeb.get('/summaries')).text).not.toContain('action="/summaries"');
  });
});

describe('report deadline reminder', () => {
  async function dashboardOn(day: string) {
    const store = await openStore();
    const clock = () => new Date(`${day}T03:00:00Z`);
    const app = createApp({ storage: store.storage, clock, sessionSecret: SECRET });
    const web = await signIn(app, store, 'bientap', 'editor');
    return { web, store };
  }

  it('appears 7 days before the deadline of 08/12 until the quarter report is exported', async () => {
    const { web } = await dashboardOn('2026-12-01');
    const before = await web.get('/').expect(200);
    expect(before.text).toContain('Sắp đến hạn: Báo cáo quý IV và năm 2026, hạn 08/12/2026');
    await web.get('/export/report.xlsx?from=2026-10-01&to=2026-12-31').expect(200);
    const after = await web.get('/').expect(200);
    expect(after.text).not.toContain('Sắp đến hạn');
  });

  it('does not appear 8 days before, nor after the date has passed', async () => {
    expect((await (await dashboardOn('2026-11-30')).web.get('/')).text).not.toContain('Sắp đến hạn');
    expect((await (await dashboardOn('2026-12-09')).web.get('/')).text).not.toContain('Sắp đến hạn');
  });
});
