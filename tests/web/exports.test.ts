import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { draft, makeApp } from '../helpers.js';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

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
    expect(text.split('\r\n')[0]).toBe('\ufeffMã lượt,Thời gian,Kênh,Mã tin bài,Tiêu đề,Tóm tắt,Hình thức thể hiện,Nội dung tuyên truyền,Đơn vị thực hiện,Tác giả/nguồn,Số lượt phát,Thời lượng 1 lần (giây),Tổng thời lượng (giây),Đường dẫn,Lượt xem,Lượt tương tác,Ghi chú,Người ghi,Thời điểm ghi');
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
      'Tổng thời lượng (giây)': '360',
      'Ghi chú': 'ghi chú\r\nhai dòng',
      'Người ghi': 'bientap',
    });
    expect(rows[1]!['Lượt xem']).toBe('120');
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
    expect(rows[0]).toEqual({ Nhóm: 'Tổng cộng', Mục: 'Tổng cộng', 'Lượt phát/đăng': '2', 'Lượt phát': '4', 'Tin bài': '2', 'Thời lượng phát (giây)': '360', 'Lượt xem': '120', 'Lượt tương tác': '0' });
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
    expect(first.getCell(13).value).toBe(360);
    const second = sheet.getRow(3);
    expect(second.getCell(5).value).toBe('=HYPERLINK("http://evil.example","bấm")');
    expect(second.getCell(5).type).toBe(3); // ValueType.String: shown as text, never run as a formula
    expect(second.getCell(15).value).toBe(120);
  });

  it('writes a report with one sheet per breakdown and the sentence', async () => {
    const { api, store } = await seeded();
    const res = await api.get('/export/report.xlsx?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao_2026-Q1.xlsx"');
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Kết quả thực hiện', 'Tổng cộng', 'Theo kênh', 'Theo hình thức', 'Theo nội dung', 'Theo đơn vị', 'Theo tháng']);
    const sentence = wb.getWorksheet('Kết quả thực hiện')!;
    expect(String(sentence.getRow(4).getCell(1).value)).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát; cập nhật 1 tin bài trên Cổng thông tin điện tử xã (120 lượt xem).',
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
