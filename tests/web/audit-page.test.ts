import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiAs, formBody, makeApp, signIn } from '../helpers.js';

/** The text of a page's audit table, its markup taken out and its entities read. */
function tableText(html: string): string {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Every key the records hold, before and after (what must never show). */
function keysOf(records: { before?: Record<string, unknown>; after?: Record<string, unknown> }[]): string[] {
  return [...new Set(records.flatMap((r) => [...Object.keys(r.before ?? {}), ...Object.keys(r.after ?? {})]))];
}

const CSV = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền\n21/11/2026;17:00;Thanh toán không dùng tiền mặt;Bài;1;240;Truyền thanh;tt-dvsnc;m\n';

const entryEdit = (overrides: Record<string, string>) => ({ channel: 'radio', date: '20/11/2026', time: '06:30', playCount: '2', durationSeconds: '3:00', url: '', views: '', interactions: '', note: '', ...overrides });

describe('the audit page in Vietnamese', () => {
  it('shows entries, settings, accounts and an import by their names and Vietnamese labels, with no key and no JSON', async () => {
    const { app, web, api, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const adminApi = await apiAs(app, store, 'quantri', 'admin');

    // An airing: created, edited, deleted, restored.
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEdit({ playCount: '3', note: 'Phát thêm buổi chiều' })).expect(303);
    await web.post('/entries/1/delete').expect(303);
    await admin.post('/entries/1/restore').expect(303);
    // A post whose views come later.
    await api.post('/api/v1/entries', { title: 'Cổng dịch vụ công quốc gia', format: 'article', topics: ['k'], unit: 'tt-dvsnc', channel: 'portal', at: '2026-11-21T09:15', url: 'https://anhai.haiphong.gov.vn/tin/1' }).expect(201);
    await web.post('/entries/2/edit', entryEdit({ channel: 'portal', date: '21/11/2026', time: '09:15', playCount: '1', durationSeconds: '', url: 'https://anhai.haiphong.gov.vn/tin/1', views: '120' })).expect(303);
    // The year's targets, an import, an account's role.
    await admin.post('/settings/targets', { year: '2026', target_radio: '120', target_portal: '60' }).expect(303);
    await request(app).post('/api/v1/imports').set('Authorization', `Bearer ${api.token}`).attach('file', Buffer.from(CSV), 'so-phat-thanh.csv').expect(201);
    await admin.post('/users/bientap', { role: 'viewer' }).expect(303);

    const communeRecords = (await adminApi.get('/api/v1/audit?pageSize=1000').expect(200)).body.records;
    const deploymentRecords = (await adminApi.get('/api/v1/audit?trail=deployment&pageSize=1000').expect(200)).body.records;
    expect(communeRecords.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['entry.create', 'entry.update', 'entry.delete', 'entry.restore', 'settings.update', 'import.create']));
    expect(deploymentRecords.map((r: { action: string }) => r.action)).toContain('user.update');

    const page = await admin.get('/audit').expect(200);
    const text = tableText(page.text);
    expect(page.text).toContain('<a href="/entries/1">Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30</a>');
    expect(page.text).toContain('<span class="change">Số lượt phát: <del>2</del> → <ins>3</ins></span>');
    expect(page.text).toContain('<span class="change">Ghi chú: <del>trống</del> → <ins>Phát thêm buổi chiều</ins></span>');
    expect(page.text).toContain('<a href="/entries/2">Cổng dịch vụ công quốc gia · Cổng TTĐT 21/11/2026 09:15</a>');
    expect(page.text).toContain('<span class="change">Lượt xem: <del>trống</del> → <ins>120</ins></span>');
    expect(page.text).toContain('<a href="/settings">Cài đặt</a>');
    expect(page.text).toContain('<span class="change">Chỉ tiêu 2026: <del>trống</del> → <ins>Truyền thanh 120, Cổng TTĐT 60</ins></span>');
    expect(page.text).toContain('<a href="/imports/1">Lần nhập tệp so-phat-thanh.csv</a>');
    expect(page.text).toContain('<span class="change">Lượt đã nhập: <ins>1</ins></span>');
    expect(text).toContain('Cán bộ bientap (bientap) Xóa lượt phát/đăng Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30');
    expect(text).toContain('Cán bộ quantri (quantri) Khôi phục lượt phát/đăng');
    for (const key of keysOf(communeRecords)) expect(text).not.toMatch(new RegExp(`\\b${key}\\b`));
    expect(text).not.toMatch(/[{}[\]"]|null|T\d\d:\d\d/);

    const own = await admin.get('/audit?trail=deployment').expect(200);
    const ownText = tableText(own.text);
    expect(own.text).toContain('<span class="change">Vai trò: <del>Biên tập</del> → <ins>Lãnh đạo (chỉ xem)</ins></span>');
    expect(ownText).toContain('Cán bộ quantri (quantri) Sửa người dùng Tài khoản Cán bộ bientap (bientap)');
    for (const key of keysOf(deploymentRecords)) expect(ownText).not.toMatch(new RegExp(`\\b${key}\\b`));
    expect(ownText).not.toMatch(/[{}[\]"]|null|T\d\d:\d\d/);
  });

  it('shows the same words in the history of an entry and of an account', async () => {
    const { app, web, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await web.post('/entries', formBody()).expect(303);
    await web.post('/entries/1/edit', entryEdit({ durationSeconds: '4:30' })).expect(303);
    const entry = await web.get('/entries/1').expect(200);
    expect(entry.text).toContain('<span class="change">Thời lượng (phút:giây): <del>3:00</del> → <ins>4:30</ins></span>');
    expect(entry.text).not.toContain('durationSeconds');
    await admin.post('/users/bientap', { role: 'viewer' }).expect(303);
    const account = await admin.get('/users/bientap').expect(200);
    expect(account.text).toContain('Cán bộ quantri (quantri) · Sửa người dùng: <span class="change">Vai trò: <del>Biên tập</del> → <ins>Lãnh đạo (chỉ xem)</ins></span>');
    expect(account.text).not.toMatch(/role:|&#34;/);
  });
});
