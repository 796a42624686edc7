// ExcelJS's reader is fixed before ExcelJS loads (see src/exceljs-utf8.ts).
import '../../src/exceljs-utf8.js';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { apiAs, fixedClock, makeApp, openStore, SECRET, signIn, type TestApp } from '../helpers.js';

type Json = Record<string, unknown>;

function upload(app: TestApp, body: Buffer | string, name: string, query = '', mapping?: object): request.Test {
  const req = request(app.app).post(`/api/v1/imports${query}`).set('Authorization', `Bearer ${app.api.token}`);
  if (mapping) req.field('mapping', JSON.stringify(mapping));
  return req.attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body), name);
}

const HAND_HEADER = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền';
const handRows = [
  '20/11/2026;6h;Hướng dẫn nộp hồ sơ trực tuyến;Tin;2;3 phút 30 giây;Truyen thanh;TT DVSNC;m) Dịch vụ công trực tuyến',
  '21/11/26;06:00;Hướng dẫn nộp hồ sơ trực tuyến;tin;1;3:30;truyền thanh;Trung tâm Dịch vụ sự nghiệp công;m',
  '21/11/2026;17:00;Thanh toán không dùng tiền mặt;Bài;1;240;Truyền thanh;tt-dvsnc;"Dịch vụ công trực tuyến; Chủ trương, chính sách, pháp luật về CCHC"',
];

describe('import from Excel and CSV', () => {
  it('reads a hand-kept CSV (semicolons, Vietnamese headers in any order, values as typed) and imports it', async () => {
    const app = await makeApp();
    const csv = `\uFEFF${HAND_HEADER}\r\n${handRows.join('\r\n')}\r\n`;
    const dry = await upload(app, csv, 'so-phat-thanh.csv', '?dryRun=1').expect(200);
    expect(dry.body).toMatchObject({ rows: 3, entries: 3, newItems: 2, reairs: 0, duplicates: 0, errors: [] });
    expect(dry.body.description).toContain('UTF-8');
    expect(dry.body.description).toContain('chấm phẩy');
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    const done = await upload(app, csv, 'so-phat-thanh.csv').expect(201);
    expect(done.body).toMatchObject({ entries: 3, newItems: 2, importId: 1 });
    const list = (await app.api.get('/api/v1/entries?pageSize=10').expect(200)).body.entries as Json[];
    expect(list.map((e) => [e.at, e.playCount, e.durationSeconds, (e.item as Json).title, (e.item as Json).topics])).toEqual([
      ['2026-11-21T17:00:00+07:00', 1, 240, 'Thanh toán không dùng tiền mặt', ['a', 'm']],
      ['2026-11-21T06:00:00+07:00', 1, 210, 'Hướng dẫn nộp hồ sơ trực tuyến', ['m']],
      ['2026-11-20T06:00:00+07:00', 2, 210, 'Hướng dẫn nộp hồ sơ trực tuyến', ['m']],
    ]);
  });

  it('imports right after a dry run as the log and the settings are then, not as they were at the dry run', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows.join('\n')}\n`;
    await upload(app, csv, 'x.csv', '?dryRun=1').expect(200);
    // Logged by hand after the dry run: the first row's airing. It is a duplicate now.
    await app.api.post('/api/v1/entries', { title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:00' }).expect(201);
    const done = await upload(app, csv, 'x.csv').expect(201);
    expect(done.body).toMatchObject({ rows: 3, entries: 2, duplicates: 1, newItems: 1, reairs: 1 });
    const list = (await app.api.get('/api/v1/entries?pageSize=10').expect(200)).body.entries as Json[];
    expect(list.map((e) => [e.at, (e.item as Json).title])).toEqual([
      ['2026-11-21T17:00:00+07:00', 'Thanh toán không dùng tiền mặt'],
      ['2026-11-21T06:00:00+07:00', 'Hướng dẫn nộp hồ sơ trực tuyến'],
      ['2026-11-20T06:00:00+07:00', 'Hướng dẫn nộp hồ sơ trực tuyến'],
    ]);
    expect(new Set(list.map((e) => e.id)).size).toBe(3);
    expect(await app.store.stats()).toMatchObject({ items: 2, entries: 3 });
    // A unit retired after a dry run: the import reads the file again and refuses its rows.
    const other = `${HAND_HEADER}\n22/11/2026;6h;Tin mới về thủ tục;Tin;1;60;Truyền thanh;TT DVSNC;m\n`;
    await upload(app, other, 'y.csv', '?dryRun=1').expect(200);
    const settings = await app.store.settings();
    await app.store.updateSettings({ ...settings, units: settings.units.map((u) => (u.code === 'tt-dvsnc' ? { ...u, retired: true } : u)) }, 'admin');
    const refused = await upload(app, other, 'y.csv').expect(422);
    expect((refused.body.errors as Json[]).map((e) => e.column)).toEqual(['Đơn vị']);
    expect(await app.store.stats()).toMatchObject({ entries: 3 });
  });

  it('adds nothing when the same file comes again, and only the new rows of an overlapping one', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows.slice(0, 2).join('\n')}\n`;
    await upload(app, csv, 'a.csv').expect(201);
    const again = await upload(app, csv, 'a.csv').expect(201);
    expect(again.body).toMatchObject({ rows: 2, entries: 0, duplicates: 2, newItems: 0 });
    const overlap = await upload(app, `${HAND_HEADER}\n${handRows.join('\n')}\n`, 'b.csv').expect(201);
    expect(overlap.body).toMatchObject({ rows: 3, entries: 1, duplicates: 2, newItems: 1 });
    expect(await app.store.stats()).toMatchObject({ items: 2, entries: 3 });
  });

  it('counts re-airs of items already in the log, matched by title without case or diacritics', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/entries', { title: 'HƯỚNG DẪN nộp hồ sơ trực tuyến', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-01T06:00' }).expect(201);
    const dry = await upload(app, `${HAND_HEADER}\n${handRows.join('\n')}\n`, 'x.csv', '?dryRun=1').expect(200);
    expect(dry.body).toMatchObject({ entries: 3, newItems: 1, reairs: 2 });
  });

  it('reads UTF-16 (Excel "Unicode text", tabs), Windows-1258 and Windows-1252, and says which', async () => {
    const app = await makeApp();
    const tabbed = `${HAND_HEADER.replace(/;/g, '\t')}\r\n${handRows[0]!.replace(/;/g, '\t')}\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]);
    const a = await upload(app, utf16, 'unicode.txt', '?dryRun=1').expect(200);
    expect(a.body).toMatchObject({ entries: 1, errors: [] });
    expect(a.body.description).toContain('UTF-16');
    expect(a.body.description).toContain('tab');
    // Windows-1258 has the letters â ê ô ơ ư ă đ whole and the five tone marks as combining characters.
    const as1258 = (text: string): string =>
      text.normalize('NFD').replace(/([aeouAEOU])([\u0300\u0301\u0303\u0309\u0323]*)([\u0302\u0306\u031b])/g, (_m, base: string, tones: string, shape: string) => `${(base + shape).normalize('NFC')}${tones}`);
    const cp1258 = iconv.encode(as1258(`${HAND_HEADER}\r\n${handRows[0]}\r\n`), 'windows-1258');
    const b = await upload(app, cp1258, 'cp1258.csv', '?dryRun=1').expect(200);
    expect(b.body).toMatchObject({ entries: 1, errors: [] });
    expect(b.body.description).toContain('Windows-1258');
    await upload(app, cp1258, 'cp1258.csv').expect(201);
    expect((await app.api.get('/api/v1/entries').expect(200)).body.entries[0].item.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
    const cp1252 = iconv.encode('Ngay;Gio;Tieu de;Hinh thuc;Kenh;Don vi;Noi dung tuyen truyen\r\n20/11/2026;07:00;Café sáng với người dân;Tin;Truyền thanh;tt-dvsnc;m\r\n'.replace('Truyền thanh', 'radio'), 'windows-1252');
    const c = await upload(app, cp1252, 'cp1252.csv', '?dryRun=1').expect(200);
    expect(c.body.description).toContain('Windows-1252');
    expect(c.body).toMatchObject({ entries: 1, errors: [] });
  });

  it('reads an .xlsx with a title block, date cells, serial numbers, time cells and formulas as their values', async () => {
    const app = await makeApp();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sổ phát thanh');
    ws.addRow(['SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH']);
    ws.addRow(['Năm 2026']);
    ws.addRow([]);
    ws.addRow(['STT', 'Ngày', 'Giờ phát', 'Nội dung', 'Hình thức', 'Lượt phát', 'Thời lượng', 'Kênh', 'Đơn vị thực hiện', 'Chủ đề', 'Ghi chú']);
    ws.addRow([1, new Date(Date.UTC(2026, 10, 20)), new Date(Date.UTC(1899, 11, 30, 6, 30)), 'Tin về Đề án 06', 'Tin', { formula: '1+1', result: 2 }, 150, 'Truyền thanh', 'TT DVSNC'.replace('TT DVSNC', 'tt-dvsnc'), 'm', '=HYPERLINK("http://x")']);
    ws.addRow([2, 46347, 0.75, 'Tin về Đề án 06 (phát lại)', 'Tin', 1, 0.0025, 'radio', 'tt-dvsnc', 'm', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await upload(app, buf, 'so.xlsx', '?dryRun=1').expect(200);
    expect(dry.body).toMatchObject({ rows: 2, entries: 2, errors: [], headerRow: 4 });
    await upload(app, buf, 'so.xlsx').expect(201);
    const list = (await app.api.get('/api/v1/entries').expect(200)).body.entries as Json[];
    expect(list.map((e) => [e.at, e.playCount, e.durationSeconds, e.note])).toEqual([
      ['2026-11-21T18:00:00+07:00', 1, 216, ''],
      ['2026-11-20T06:30:00+07:00', 2, 150, '=HYPERLINK("http://x")'],
    ]);
  });

  it('refuses what is not a spreadsheet, an empty file, a sheet without headers and too many rows, storing nothing', async () => {
    const app = await makeApp();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dd2e660000000049454e44ae426082', 'hex');
    const cases: [Buffer | string, string, string][] = [
      [png, 'anh.csv', 'không phải bảng tính'],
      ['', 'rong.csv', 'Tệp trống'],
      ['a,b,c\n1,2,3\n', 'la.csv', 'Không tìm thấy dòng tiêu đề cột'],
      [`${HAND_HEADER}\n`, 'chi-tieu-de.csv', 'chưa có dòng dữ liệu'],
      [Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'cu.xls', '.xls'],
      [Buffer.from('504b030400000000', 'hex'), 'hong.xlsx', 'hỏng'],
    ];
    for (const [body, name, message] of cases) {
      const res = await upload(app, body, name, '?dryRun=1');
      expect(res.status, name).toBe(422);
      expect(res.body.errors[0].message, name).toContain(message);
    }
    const store = await openStore();
    const small = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, maxImportRows: 2, uploadDir: `${store.dataDir}/tmp` });
    const api = await apiAs(small, store, 'bientap', 'editor');
    const res = await request(small).post('/api/v1/imports').set('Authorization', `Bearer ${api.token}`).attach('file', Buffer.from(`${HAND_HEADER}\n${handRows.join('\n')}\n`), 'lon.csv').expect(422);
    expect(res.body.errors[0].message).toContain('quá giới hạn');
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    expect(await store.stats()).toMatchObject({ entries: 0 });
  });

  it('names the row, column and problem of every bad row, and stores nothing of a file with any', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows[0]}\n31/02/2026;6h;Tin A;Tin;1;3:00;radio;tt-dvsnc;m\n20/11/2026;25:00;;Tin;0;ba phút;tivi;tt-dvsnc;m\n`;
    const res = await upload(app, csv, 'loi.csv').expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: 'Ngày phát', cell: '31/02/2026', message: 'Ngày 31/02/2026 không có trên lịch.' },
        { row: 4, column: 'Tên tin bài', message: expect.stringContaining('tiêu đề') },
        { row: 4, column: 'Giờ', cell: '25:00', message: expect.any(String) },
        { row: 4, column: 'Số lượt phát', cell: '0', message: expect.any(String) },
        { row: 4, column: 'Thời lượng', cell: 'ba phút', message: expect.any(String) },
        { row: 4, column: 'Kênh', message: 'Kênh không hợp lệ.', cell: 'tivi' },
      ]),
    );
    expect(await app.store.stats()).toMatchObject({ entries: 0, items: 0 });
  });

  it('uses a mapping given with the file, and defaults for columns the file lacks', async () => {
    const app = await makeApp();
    const csv = 'Cột A,Cột B,Cột C\n20/11/2026 06:30,Tin không có tiêu đề chuẩn,2\n';
    await upload(app, csv, 'la.csv', '?dryRun=1').expect(422);
    const mapping = { columns: { at: 0, title: 1, playCount: 2 }, defaults: { channel: 'radio', format: 'news', unit: 'tt-dvsnc', topics: ['m'] } };
    const res = await upload(app, csv, 'la.csv', '', mapping).expect(201);
    expect(res.body).toMatchObject({ entries: 1, newItems: 1 });
    expect((await app.api.get('/api/v1/entries').expect(200)).body.entries[0]).toMatchObject({ at: '2026-11-20T06:30:00+07:00', playCount: 2, channel: 'radio' });
    await upload(app, csv, 'la.csv', '', { columns: 'x' } as object).expect(422);
  });

  it('records the import as one audit event with the file name, SHA-256 and counts; an admin undoes it whole', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows.join('\n')}\n`;
    const res = await upload(app, csv, 'so.csv').expect(201);
    const trail = (await app.store.queryAudit({ action: 'import' }, { page: 1, pageSize: 10 })).rows;
    const { createHash } = await import('node:crypto');
    expect(trail.map((r) => [r.action, r.target, r.after])).toEqual([
      ['import.create', { type: 'import', id: 1 }, { fileName: 'so.csv', sha256: createHash('sha256').update(csv).digest('hex'), rows: 3, entries: 3, newItems: 2, reairs: 0, duplicates: 0, errors: 0 }],
    ]);
    await app.api.delete(`/api/v1/imports/${res.body.importId}`).expect(403);
    const admin = await apiAs(app.app, app.store, 'quantri', 'admin');
    await admin.delete(`/api/v1/imports/${res.body.importId}`).expect(200);
    await admin.delete(`/api/v1/imports/${res.body.importId}`).expect(404);
    const report = await app.api.get('/api/v1/report?from=2026-11-01&to=2026-11-30').expect(200);
    expect(report.body.totals.entries).toBe(0);
    // Undone, the same file can come in again.
    await upload(app, csv, 'so.csv').expect(201);
    expect((await app.api.get('/api/v1/report?from=2026-11-01&to=2026-11-30').expect(200)).body.totals.entries).toBe(3);
  });

  it('previews and imports through the pages', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows.join('\n')}\n`;
    const page = await app.web.get('/imports').expect(200);
    expect(page.text).toContain('Nhập từ Excel/CSV');
    const preview = await app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', Buffer.from(csv), 'so.csv').expect(200);
    expect(preview.text).toContain('Nhập 3 lượt vào nhật ký');
    const token = /action="\/imports\/([0-9a-f]{32})"/.exec(preview.text)![1]!;
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    const done = await app.web.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(303);
    expect(done.headers.location).toBe('/imports/1?ok=import-done');
    const show = await app.web.get(done.headers.location!).expect(200);
    expect(show.text).toContain('Đã nhập vào nhật ký.');
    expect(show.text).toContain('Thanh toán không dùng tiền mặt');
    expect(await app.store.stats()).toMatchObject({ entries: 3 });
    // The held file is gone once imported.
    await app.web.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(410);
  });

  it('keeps a held file to its uploader in their commune: another account, or another commune, gets 404', async () => {
    const app = await makeApp();
    const csv = `${HAND_HEADER}\n${handRows.join('\n')}\n`;
    const preview = await app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', Buffer.from(csv), 'so.csv').expect(200);
    const token = /action="\/imports\/([0-9a-f]{32})"/.exec(preview.text)![1]!;
    // Another editor of the same commune who learns the token.
    const other = await signIn(app.app, app.store, 'bientap2', 'editor');
    const refused = await other.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(404);
    expect(refused.text).toContain('Không tìm thấy tệp đã tải lên này.');
    // The deployment's admin, working in another commune, with the same token.
    const admin = await apiAs(app.app, app.store, 'quantri', 'admin');
    await admin.post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
    const adminWeb = await signIn(app.app, app.store, 'quantri', 'admin');
    await adminWeb.post(`/imports/${token}?commune=an-hai`, { fileName: 'so.csv', action: 'commit' }).expect(404);
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    expect((await app.store.inCommune('an-hai').commune.counts()).entries).toBe(0);
    // The uploader still imports it.
    await app.web.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(303);
    expect(await app.store.stats()).toMatchObject({ entries: 3 });
  });
});
