import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ENTRY_COLUMNS } from '../../src/domain/export-rows.js';
import { fieldOfHeader, mapHeaders } from '../../src/domain/import-columns.js';
import { draft, makeApp, signIn } from '../helpers.js';
import { binary, zipText } from '../zip.js';

async function seeded() {
  const t = await makeApp();
  await t.store.addEntry(draft({ title: 'Tin, có "dấu phẩy" và\ndòng mới', entry: { at: '2026-03-31T23:59:00+07:00', playCount: 3, durationSeconds: 120, note: 'ghi chú\r\nhai dòng' } }), 'bientap');
  await t.store.addEntry(draft({ title: '=HYPERLINK("http://evil.example","bấm")', entry: { channel: 'portal', playCount: 1, durationSeconds: null, url: 'https://anhai.vn/a', views: 120, at: '2026-02-01T08:00:00+07:00' } }), 'bientap');
  await t.store.addEntry(draft({ title: '+cộng', entry: { at: '2026-04-02T06:00:00+07:00', note: '-trừ' } }), 'bientap');
  return t;
}

describe('CSV export of the log', () => {
  it('streams UTF-8 with BOM and CRLF, Vietnamese headers, labels and dd/mm/yyyy HH:mm dates, one record per entry', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/entries.csv?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nhat-ky_2026-01-01_2026-03-31.csv"');
    const text = body.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffMã lượt,Thời gian,Kênh,Mã tin bài,Tiêu đề,Tóm tắt,Hình thức thể hiện,Nội dung tuyên truyền,Đơn vị thực hiện,Tác giả/nguồn,Số lượt phát,Thời lượng 1 lần (giây),Thời lượng 1 lần (giờ:phút:giây),Tổng thời lượng (giây),Tổng thời lượng (giờ:phút:giây),Đường dẫn,Lượt xem,Lượt tương tác,Ghi chú,Người ghi,Tài khoản ghi,Thời điểm ghi');
    const rows = parse(body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      'Mã lượt': '1',
      'Thời gian': '31/03/2026 23:59',
      Kênh: 'Truyền thanh',
      'Tiêu đề': 'Tin, có "dấu phẩy" và\ndòng mới',
      'Hình thức thể hiện': 'Tin',
      'Nội dung tuyên truyền': 'm) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng',
      'Đơn vị thực hiện': 'Trung tâm Dịch vụ sự nghiệp công',
      'Số lượt phát': '3',
      'Thời lượng 1 lần (giây)': '120',
      'Thời lượng 1 lần (giờ:phút:giây)': '0:02:00',
      'Tổng thời lượng (giây)': '360',
      'Tổng thời lượng (giờ:phút:giây)': '0:06:00',
      'Ghi chú': 'ghi chú\r\nhai dòng',
      // Who kept the book (the account's name), and the account that wrote it into the app.
      'Người ghi': 'Cán bộ bientap',
      'Tài khoản ghi': 'bientap',
    });
    expect(rows[1]!['Lượt xem']).toBe('120');
    // No duration: both the seconds and the h:mm:ss cells are empty.
    expect(rows[1]).toMatchObject({ 'Thời lượng 1 lần (giây)': '', 'Thời lượng 1 lần (giờ:phút:giây)': '', 'Tổng thời lượng (giờ:phút:giây)': '' });
  });

  it('writes formula-like cells as text', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const rows = parse(res.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    const titles = rows.map((r) => r['Tiêu đề']);
    expect(titles).toContain(`'=HYPERLINK("http://evil.example","bấm")`);
    expect(titles).toContain("'+cộng");
    expect(rows.find((r) => r['Tiêu đề'] === "'+cộng")!['Ghi chú']).toBe("'-trừ");
  });

  it('exports exactly what the list shows for the same filters', async () => {
    const { api, web } = await seeded();
    const list = await api.get('/api/v1/entries?channel=radio&q=cong').expect(200);
    const res = await api.get('/export/entries.csv?channel=radio&q=cong').buffer(true).parse(binary).expect(200);
    const rows = parse(res.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r['Mã lượt']))).toEqual(list.body.entries.map((e: { id: number }) => e.id));
    const page = await web.get('/entries?channel=radio&q=cong').expect(200);
    expect(page.text).toContain('href="/export/entries.csv?channel=radio&amp;q=cong"');
  });

  it('refuses an unknown filter code or a bad date with 422 and exports nothing', async () => {
    const { api, store } = await seeded();
    const before = (await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 10 })).total;
    const res = await api.get('/export/entries.csv?channel=tivi&from=2026-02-30').expect(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['channel', 'from']);
    expect((await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 10 })).total).toBe(before);
  });

  it('records each export in the audit trail, and is open to viewers but not to strangers', async () => {
    const { app, store, web } = await seeded();
    await web.get('/export/entries.csv?channel=portal').expect(200);
    const record = (await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 1 })).rows[0]!;
    expect(record).toMatchObject({ user: 'bientap', target: { type: 'export', id: 'entries.csv' }, after: { format: 'csv', channel: 'portal' } });
    const { signIn } = await import('../helpers.js');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    await viewer.get('/export/entries.csv').expect(200);
    expect((await request(app).get('/export/entries.csv')).status).toBe(303);
    expect((await request(app).get('/export/entries.csv').set('Authorization', 'Bearer sai')).status).toBe(401);
  });
});

describe('CSV export of a report', () => {
  it('holds the figures of the report page for the period, named after the quarter', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/report.csv?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao_2026-Q1.csv"');
    const rows = parse(res.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({ Nhóm: 'Tổng cộng', Mục: 'Tổng cộng', 'Lượt phát/đăng': '2', 'Lượt phát': '4', 'Tin bài': '2', 'Thời lượng phát (giây)': '360', 'Thời lượng phát (giờ:phút:giây)': '0:06:00', 'Lượt xem': '120', 'Lượt tương tác': '0' });
    const radio = rows.find((r) => r.Nhóm === 'Theo kênh' && r.Mục === 'Truyền thanh')!;
    expect(radio['Lượt phát']).toBe('3');
    expect(rows.filter((r) => r.Nhóm === 'Theo tháng').map((r) => r.Mục)).toEqual(['01/2026', '02/2026', '03/2026']);
    const api2 = await api.get('/api/v1/report?from=2026-01-01&to=2026-03-31').expect(200);
    expect(Number(rows[0]!['Lượt phát/đăng'])).toBe(api2.body.totals.entries);
  });

  it('refuses a period that does not parse with 422', async () => {
    const { api } = await seeded();
    await api.get('/export/report.csv?from=2026-03-31&to=2026-01-01').expect(422);
  });
});

describe('Excel exports', () => {
  async function workbook(res: request.Response) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    return wb;
  }

  it('writes the log as one sheet with a bold frozen header, real dates, numbers as numbers and text as text', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/entries.xlsx?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="nhat-ky_2026-01-01_2026-03-31.xlsx"');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Nhật ký']);
    const sheet = wb.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect(header.getCell(1).value).toBe('Mã lượt');
    expect(header.getCell(5).value).toBe('Tiêu đề');
    expect(header.font?.bold ?? header.getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(5).width).toBeGreaterThan(30);
    expect(sheet.rowCount).toBe(3);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(1);
    // 23:59 on 31/03 in Vietnam, as the wall-clock time Excel shows.
    expect((first.getCell(2).value as Date).toISOString()).toBe('2026-03-31T23:59:00.000Z');
    expect(first.getCell(2).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(first.getCell(3).value).toBe('Truyền thanh');
    expect(first.getCell(5).value).toBe('Tin, có "dấu phẩy" và\ndòng mới');
    expect(first.getCell(11).value).toBe(3);
    expect(first.getCell(14).value).toBe(360);
    const second = sheet.getRow(3);
    expect(second.getCell(5).value).toBe('=HYPERLINK("http://evil.example","bấm")');
    expect(second.getCell(5).type).toBe(3); // ValueType.String: shown as text, never run as a formula
    expect(second.getCell(17).value).toBe(120);
  });

  it('writes a report with one sheet per breakdown and the sentence', async () => {
    const { api, store } = await seeded();
    const res = await api.get('/export/report.xlsx?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao_2026-Q1.xlsx"');
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Kết quả thực hiện', 'Tổng cộng', 'Theo kênh', 'Theo hình thức', 'Theo nội dung', 'Theo đơn vị', 'Theo tháng']);
    const sentence = wb.getWorksheet('Kết quả thực hiện')!;
    expect(String(sentence.getRow(4).getCell(1).value)).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát, tổng thời lượng 6 phút; cập nhật 1 tin bài trên Cổng thông tin điện tử xã (120 lượt xem).',
    );
    const channels = wb.getWorksheet('Theo kênh')!;
    expect(channels.getRow(2).getCell(1).value).toBe('Kênh');
    const radio = channels.getRow(3);
    expect([radio.getCell(1).value, radio.getCell(2).value, radio.getCell(3).value, radio.getCell(5).value]).toEqual(['Truyền thanh', 1, 3, 360]);
    const totals = wb.getWorksheet('Tổng cộng')!.getRow(3);
    expect(totals.getCell(2).value).toBe(2);
    expect((await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 1 })).rows[0]).toMatchObject({ target: { id: 'report.xlsx' }, after: { from: '2026-01-01', to: '2026-03-31' } });
  });
});

describe('durations as h:mm:ss beside the seconds', () => {
  // One play of 24737 s (6 × 3600 + 52 × 60 + 17 = 6:52:17) aired 10 times: 247370 s = 68 × 3600 + 42 × 60 + 50,
  // so 68:42:50 (hours not wrapped at 24); and a 59-second notice aired once: 0:00:59.
  async function timed() {
    const t = await makeApp();
    await t.store.addEntry(draft({ title: 'Chương trình dài', entry: { at: '2026-05-01T06:00:00+07:00', playCount: 10, durationSeconds: 24737 } }), 'bientap');
    await t.store.addEntry(draft({ title: 'Thông báo ngắn', entry: { at: '2026-05-02T06:00:00+07:00', playCount: 1, durationSeconds: 59 } }), 'bientap');
    return t;
  }

  async function workbook(res: request.Response) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    return wb;
  }

  /**
   * The seconds an Excel time cell holds. Excel keeps time in days since 30/12/1899; ExcelJS reads a
   * cell formatted as a time back as a Date on that calendar.
   */
  const secondsOf = (value: unknown): number => Math.round(((value as Date).getTime() - Date.UTC(1899, 11, 30)) / 1000);

  /** Imports a file into an app through the API, as a script would. */
  const importInto = (t: Awaited<ReturnType<typeof makeApp>>, file: Buffer, name: string) =>
    request(t.app).post('/api/v1/imports').set('Authorization', `Bearer ${t.api.token}`).attach('file', file, name);

  it('writes each duration of the log CSV again as h:mm:ss next to its seconds', async () => {
    const { api } = await timed();
    const res = await api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const rows = parse(res.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Tiêu đề'], r['Thời lượng 1 lần (giây)'], r['Thời lượng 1 lần (giờ:phút:giây)'], r['Tổng thời lượng (giây)'], r['Tổng thời lượng (giờ:phút:giây)']])).toEqual([
      ['Thông báo ngắn', '59', '0:00:59', '59', '0:00:59'],
      ['Chương trình dài', '24737', '6:52:17', '247370', '68:42:50'],
    ]);
  });

  it('writes them in the log workbook as times shown [h]:mm:ss, beside the seconds', async () => {
    const { api } = await timed();
    const res = await api.get('/export/entries.xlsx').buffer(true).parse(binary).expect(200);
    const sheet = (await workbook(res)).worksheets[0]!;
    const header = sheet.getRow(1);
    expect([12, 13, 14, 15].map((c) => header.getCell(c).value)).toEqual(['Thời lượng 1 lần (giây)', 'Thời lượng 1 lần (giờ:phút:giây)', 'Tổng thời lượng (giây)', 'Tổng thời lượng (giờ:phút:giây)']);
    const long = sheet.getRow(3);
    expect(long.getCell(5).value).toBe('Chương trình dài');
    expect(long.getCell(14).value).toBe(247370);
    // 247370 s is 247370 / 86400 days, which [h]:mm:ss shows as 68:42:50.
    expect(long.getCell(15).numFmt).toBe('[h]:mm:ss');
    expect(secondsOf(long.getCell(15).value)).toBe(247370);
    expect(long.getCell(13).numFmt).toBe('[h]:mm:ss');
    expect(secondsOf(long.getCell(13).value)).toBe(24737);
    expect(secondsOf(sheet.getRow(2).getCell(15).value)).toBe(59);
  });

  it('adds the airtime as h:mm:ss to the report CSV and workbook', async () => {
    const { api } = await timed();
    // 247370 + 59 = 247429 s = 68 × 3600 + 43 × 60 + 49.
    const csv = await api.get('/export/report.csv?from=2026-05-01&to=2026-05-31').buffer(true).parse(binary).expect(200);
    const rows = parse(csv.body as Buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ Nhóm: 'Tổng cộng', 'Thời lượng phát (giây)': '247429', 'Thời lượng phát (giờ:phút:giây)': '68:43:49' });
    const xlsx = await api.get('/export/report.xlsx?from=2026-05-01&to=2026-05-31').buffer(true).parse(binary).expect(200);
    const totals = (await workbook(xlsx)).getWorksheet('Tổng cộng')!;
    expect(totals.getRow(2).getCell(6).value).toBe('Thời lượng phát (giờ:phút:giây)');
    expect(totals.getRow(3).getCell(5).value).toBe(247429);
    expect(totals.getRow(3).getCell(6).numFmt).toBe('[h]:mm:ss');
    expect(secondsOf(totals.getRow(3).getCell(6).value)).toBe(247429);
  });

  it('is left alone by the import, which reads the seconds column', async () => {
    expect(fieldOfHeader('Thời lượng 1 lần (giờ:phút:giây)')).toBeNull();
    expect(fieldOfHeader('Tổng thời lượng (giờ:phút:giây)')).toBeNull();
    expect(mapHeaders(ENTRY_COLUMNS).durationSeconds).toBe(ENTRY_COLUMNS.indexOf('Thời lượng 1 lần (giây)'));
    const { api } = await timed();
    const exported = await api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const target = await makeApp();
    await importInto(target, exported.body as Buffer, 'nhat-ky.csv').expect(201);
    const list = await target.api.get('/api/v1/entries').expect(200);
    expect(list.body.entries.map((e: { durationSeconds: number; playCount: number }) => [e.durationSeconds, e.playCount])).toEqual([[59, 1], [24737, 10]]);
  });
});

describe('autofilter on the log workbook', () => {
  it('puts an autofilter on the header row over every column and row', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/entries.xlsx?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    // 22 columns (A to V), the header and 2 entries.
    expect(ENTRY_COLUMNS).toHaveLength(22);
    expect(wb.worksheets[0]!.autoFilter).toBe('A1:V3');
    // And in the sheet's own XML, where Excel reads it.
    expect(await zipText(res.body as Buffer, 'xl/worksheets/sheet1.xml')).toContain('<autoFilter ref="A1:V3"/>');
  });
});

describe('CSV separator setting', () => {
  it('is a comma by default, which the log page says, pointing to the .xlsx', async () => {
    const { web } = await seeded();
    const page = await web.get('/entries').expect(200);
    expect(page.text).toContain('Tệp CSV dùng dấu phẩy (,) để ngăn cách cột. Nếu Excel mở tệp thành một cột, hãy dùng tệp Excel (.xlsx)');
  });

  it('switched to a semicolon by an admin, splits every CSV export on it, and is audited', async () => {
    const { app, store, api } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const saved = await admin.post('/settings/exports', { csvSeparator: ';' }).expect(303);
    expect(saved.headers.location).toMatch(/^\/settings\?ok=settings-saved.*#exports$/);
    expect((await admin.get('/settings').expect(200)).text).toMatch(/<input type="radio" name="csvSeparator" value=";" checked>/);
    const record = (await store.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 1 })).rows[0]!;
    expect(record).toMatchObject({ user: 'quantri', before: { csvSeparator: ',' }, after: { csvSeparator: ';' } });

    const log = await api.get('/export/entries.csv?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    const text = (log.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeffMã lượt;Thời gian;Kênh;Mã tin bài;Tiêu đề;')).toBe(true);
    const rows = parse(log.body as Buffer, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(rows.map((r) => r['Tiêu đề'])).toEqual(['Tin, có "dấu phẩy" và\ndòng mới', `'=HYPERLINK("http://evil.example","bấm")`]);
    expect(rows[0]!['Tổng thời lượng (giờ:phút:giây)']).toBe('0:06:00');
    const report = await api.get('/export/report.csv?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect((report.body as Buffer).toString('utf8').split('\r\n')[0]).toBe('\ufeffNhóm;Mục;Lượt phát/đăng;Lượt phát;Tin bài;Thời lượng phát (giây);Thời lượng phát (giờ:phút:giây);Lượt xem;Lượt tương tác');
    expect((await admin.get('/entries').expect(200)).text).toContain('Tệp CSV dùng dấu chấm phẩy (;) để ngăn cách cột.');
  });

  it('refuses anything but a comma or a semicolon with 422 and a Vietnamese message, storing nothing', async () => {
    const { app, store } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    const before = (await store.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 1 })).total;
    const res = await admin.post('/settings/exports', { csvSeparator: '|' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('id="e-csvSeparator">Vui lòng chọn dấu ngăn cách cột: dấu phẩy (,) hoặc dấu chấm phẩy (;).');
    expect((await store.settings()).csvSeparator).toBe(',');
    expect((await store.queryAudit({ action: 'settings.update' }, { page: 1, pageSize: 1 })).total).toBe(before);
    await admin.post('/settings/exports', {}).expect(422);
    expect((await store.settings()).csvSeparator).toBe(',');
  });

  it('gives a semicolon CSV that the import reads back', async () => {
    const source = await seeded();
    const admin = await signIn(source.app, source.store, 'quantri', 'admin');
    await admin.post('/settings/exports', { csvSeparator: ';' }).expect(303);
    const exported = await source.api.get('/export/entries.csv').buffer(true).parse(binary).expect(200);
    const target = await makeApp();
    const res = await request(target.app).post('/api/v1/imports').set('Authorization', `Bearer ${target.api.token}`).attach('file', exported.body as Buffer, 'nhat-ky.csv').expect(201);
    expect(res.body).toMatchObject({ rows: 3, entries: 3 });
    // A title is one line once imported, as typed titles are; quotes, commas and formula-like text come back as they were.
    const titlesOf = async (t: typeof target) => (await t.api.get('/api/v1/entries').expect(200)).body.entries.map((e: { item: { title: string } }) => e.item.title.replace(/\s+/g, ' ')).sort();
    expect(await titlesOf(target)).toEqual(['+cộng', '=HYPERLINK("http://evil.example","bấm")', 'Tin, có "dấu phẩy" và dòng mới']);
    expect(await titlesOf(target)).toEqual(await titlesOf(source));
  });
});
