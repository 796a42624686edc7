import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DECREE30, DOCX_TYPE } from '../../src/render/docx-layout.js';
import { apiAs, entryBody, makeApp, signIn } from '../helpers.js';
import { binary, zipText } from '../zip.js';

/** The seconds an Excel time cell holds: ExcelJS reads a time-formatted number back as a Date from 30/12/1899. */
const secondsOf = (value: unknown): number => Math.round(((value as Date).getTime() - Date.UTC(1899, 11, 30)) / 1000);

// The week of Monday 16/11/2026 (the clock says Sunday 22/11/2026 10:00):
//   Mon 06:00  "<b>đậm</b> Tin sáng"   2 plays × 180 s = 360
//   Mon 11:00  "=1+2 công thức"        1 play, no duration = 0
//   Mon 17:30  "Tin chiều"             3 plays × 90 s = 270
//   Sun 23:59  "Tin khuya"             1 play × 60 s = 60
//   Monday: 3 airings, 6 plays, 0:10:30; the week: 4 airings, 7 plays, 0:11:30.
// Left out: a portal post and a deleted airing on Monday, and an airing of the next week.
async function seeded() {
  const t = await makeApp();
  await t.store.updateSettings({ ...(await t.store.settings()), communeName: 'An Hải', communeKind: 'xã' }, 'test');
  const post = async (title: string, at: string, more: Record<string, unknown> = {}) => (await t.api.post('/api/v1/entries', entryBody({ title, at, ...more })).expect(201)).body as { id: number };
  await post('Tin chiều', '2026-11-16T17:30', { playCount: 3, durationSeconds: 90 });
  await post('<b>đậm</b> Tin sáng', '2026-11-16T06:00', { playCount: 2, durationSeconds: 180 });
  await post('=1+2 công thức', '2026-11-16T11:00', { playCount: 1, durationSeconds: null });
  await post('Tin khuya', '2026-11-22T23:59', { playCount: 1, durationSeconds: 60 });
  await post('Bài trên cổng', '2026-11-16T08:00', { channel: 'portal', playCount: 1, durationSeconds: null, url: 'https://anhai.vn/bai' });
  const gone = await post('Tin đã xóa', '2026-11-16T09:00', { playCount: 5, durationSeconds: 100 });
  await t.api.delete(`/api/v1/entries/${gone.id}`).expect((res) => expect(res.status).toBeLessThan(300));
  await post('Tin tuần sau', '2026-11-23T08:00', { playCount: 5, durationSeconds: 100 });
  return t;
}

describe('the log book page', () => {
  it('shows the current week by default: every day, the airings in order, their totals, and escapes titles', async () => {
    const { web } = await seeded();
    const html = (await web.get('/logbook').expect(200)).text;
    expect(html).toContain('UBND XÃ AN HẢI');
    expect(html).toContain('SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH');
    expect(html).toContain('Tuần từ 16/11/2026 đến 22/11/2026');
    for (const day of ['Thứ Hai, 16/11/2026', 'Thứ Ba, 17/11/2026', 'Chủ nhật, 22/11/2026']) expect(html).toContain(day);
    expect(html.match(/Không có buổi phát/g)).toHaveLength(5);
    expect(html).toContain('&lt;b&gt;đậm&lt;/b&gt; Tin sáng');
    expect(html).not.toContain('<b>đậm</b>');
    const order = ['&lt;b&gt;đậm&lt;/b&gt; Tin sáng', '=1+2 công thức', 'Tin chiều', 'Tin khuya'].map((t) => html.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('0:06:00'); // 2 × 3:00
    expect(html).toContain('Cộng ngày: 3 tin bài');
    expect(html).toContain('0:10:30');
    expect(html).toContain('Cộng cả tuần: 4 tin bài, 7 lượt phát, tổng thời lượng 0:11:30.');
    expect(html).toContain('Cán bộ bientap');
    for (const gone of ['Bài trên cổng', 'Tin đã xóa', 'Tin tuần sau']) expect(html).not.toContain(gone);
    expect(html).toContain('href="/export/logbook.docx?week=2026-11-16"');
    expect(html).toContain('href="/export/logbook.xlsx?week=2026-11-16"');
    expect(html).toContain('Người ghi');
    expect(html).toContain('Phụ trách đơn vị');
    expect(html).toContain('(Ký, ghi rõ họ tên)');
    expect(html).toContain('href="/static/logbook.css"');
    expect(html).toContain('href="/logbook" aria-current="page"');
  });

  it('prints on A4 portrait, the weeks of a month each from a new page, without the navigation', async () => {
    const { web } = await seeded();
    const css = (await web.get('/static/logbook.css').expect(200)).text;
    expect(css).toContain('@page { size: A4 portrait;');
    expect(css).toMatch(/\.week \+ \.week \{ break-before: page; \}/);
    const app = (await web.get('/static/app.css').expect(200)).text;
    expect(app).toMatch(/@media print \{\s*\.top, \.foot/);
  });

  it('shows a month in its weeks cut at the month edges, with week and month totals', async () => {
    const { web } = await seeded();
    const html = (await web.get('/logbook?month=11/2026').expect(200)).text;
    expect(html).toContain('Tháng 11/2026');
    expect(html).toContain('Tuần từ 01/11/2026 đến 01/11/2026');
    expect(html).toContain('Tuần từ 30/11/2026 đến 30/11/2026');
    expect(html).toContain('Cộng tuần từ 16/11/2026 đến 22/11/2026: 4 tin bài, 7 lượt phát, tổng thời lượng 0:11:30.');
    expect(html).toContain('Cộng tuần từ 23/11/2026 đến 29/11/2026: 1 tin bài, 5 lượt phát, tổng thời lượng 0:08:20.');
    expect(html).toContain('Cộng cả tháng: 5 tin bài, 12 lượt phát, tổng thời lượng 0:19:50.');
    expect(html).toContain('href="/export/logbook.docx?month=2026-11"');
    expect(html).toContain('value="11/2026"');
  });

  it('refuses a bad week or month with 422, the message beside the field and what was typed kept', async () => {
    const { web } = await seeded();
    const week = await web.get('/logbook?week=31/02/2026').expect(422);
    expect(week.text).toContain('role="alert"');
    expect(week.text).toContain('Ngày 31/02/2026 không có trên lịch.');
    expect(week.text).toContain('value="31/02/2026"');
    expect(week.text).toContain('aria-invalid="true"');
    const month = await web.get('/logbook?month=th%C3%A1ng%20m%C6%B0%E1%BB%9Di').expect(422);
    expect(month.text).toContain('Tháng phải có dạng mm/yyyy, ví dụ 11/2026.');
    const both = await web.get('/logbook?week=2026-11-16&month=2026-11').expect(422);
    expect(both.text).toContain('Chỉ chọn một trong hai: một tuần hoặc một tháng.');
  });

  it('is open to a viewer, page and downloads alike', async () => {
    const { app, store } = await seeded();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    expect((await viewer.get('/logbook?week=2026-11-16').expect(200)).text).toContain('Tin chiều');
    await viewer.get('/export/logbook.docx?week=2026-11-16').expect(200);
    await viewer.get('/export/logbook.xlsx?month=2026-11').expect(200);
  });
});

describe('the log book as a Word document', () => {
  it('is an A4 portrait .docx in the Decree 30 margins, with a repeated header row, the airings and the totals as text', async () => {
    const { api, store } = await seeded();
    const res = await api.get('/export/logbook.docx?week=2026-11-18').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(DOCX_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-11-16.docx"');
    const xml = await zipText(res.body as Buffer, 'word/document.xml');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const margins = /<w:pgMar [^>]*>/.exec(xml)?.[0] ?? '';
    for (const side of ['top', 'bottom', 'left', 'right'] as const) expect(margins).toContain(`w:${side}="${DECREE30.margins[side]}"`);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('UBND XÃ AN HẢI');
    expect(xml).toContain('SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH');
    expect(xml).toContain('Tuần từ 16/11/2026 đến 22/11/2026');
    expect(xml).toContain('Thứ Hai, 16/11/2026');
    expect(xml).toContain('Không có buổi phát');
    // The title is text: its angle brackets are escaped, never markup.
    expect(xml).toContain('&lt;b&gt;đậm&lt;/b&gt; Tin sáng');
    expect(xml).toContain('=1+2 công thức');
    expect(xml).toContain('Cộng ngày: 3 tin bài');
    expect(xml).toContain('0:10:30');
    expect(xml).toContain('Cộng cả tuần: 4 tin bài, 7 lượt phát, tổng thời lượng 0:11:30.');
    expect(xml).toContain('Phụ trách đơn vị');
    expect(xml).not.toContain('Tin đã xóa');
    expect(xml).not.toContain('Bài trên cổng');
    expect((await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 1 })).rows[0]).toMatchObject({ target: { id: 'logbook.docx' }, after: { what: 'logbook', from: '2026-11-16', to: '2026-11-22' } });
  });

  it('starts each week of a month on a new page', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/logbook.docx?month=2026-11').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-11.docx"');
    const xml = await zipText(res.body as Buffer, 'word/document.xml');
    expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(5);
    expect(xml).toContain('Cộng cả tháng: 5 tin bài, 12 lượt phát, tổng thời lượng 0:19:50.');
  });
});

describe('the log book as a workbook', () => {
  it('has the airings and totals, durations as [h]:mm:ss times, and a title starting with = as text, not a formula', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/logbook.xlsx?week=2026-11-16').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-11-16.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0]!;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    const byText = (text: string) => rows.find((r) => r.values && (r.values as unknown[]).some((v) => typeof v === 'string' && v.startsWith(text)))!;
    expect(sheet.getCell('A1').value).toBe('UBND XÃ AN HẢI');
    expect(sheet.getCell('A2').value).toBe('SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH');
    expect(sheet.getCell('A3').value).toBe('Tuần từ 16/11/2026 đến 22/11/2026');
    expect(sheet.getRow(5).values).toEqual([undefined, 'TT', 'Giờ phát', 'Tiêu đề', 'Hình thức', 'Số lượt phát', 'Thời lượng 1 lần', 'Tổng thời lượng', 'Người ghi']);
    const first = byText('<b>đậm</b>');
    expect([first.getCell(1).value, first.getCell(2).value, first.getCell(5).value, first.getCell(8).value]).toEqual([1, '06:00', 2, 'Cán bộ bientap']);
    expect(secondsOf(first.getCell(6).value)).toBe(180);
    expect(secondsOf(first.getCell(7).value)).toBe(360);
    expect(first.getCell(7).numFmt).toBe('[h]:mm:ss');
    const formula = byText('=1+2');
    expect(formula.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(formula.getCell(3).value).toBe('=1+2 công thức');
    expect(formula.getCell(3).formula).toBeUndefined();
    expect(formula.getCell(6).value).toBeNull();
    const monday = byText('Cộng ngày: 3 tin bài');
    expect(monday.getCell(5).value).toBe(6);
    expect(secondsOf(monday.getCell(7).value)).toBe(630);
    const week = byText('Cộng cả tuần: 4 tin bài');
    expect(week.getCell(5).value).toBe(7);
    expect(secondsOf(week.getCell(7).value)).toBe(690);
    expect(rows.filter((r) => r.getCell(1).value === 'Không có buổi phát')).toHaveLength(5);
    const signatures = rows.find((r) => r.getCell(2).value === 'Người ghi')!;
    expect(signatures.getCell(6).value).toBe('Phụ trách đơn vị');
    expect(sheet.getRow(signatures.number + 1).getCell(2).value).toBe('(Ký, ghi rõ họ tên)');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait' });
    for (const gone of ['Bài trên cổng', 'Tin đã xóa', 'Tin tuần sau']) expect(byText(gone)).toBeUndefined();
  });

  it('totals each week of a month and the month', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/logbook.xlsx?month=11/2026').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const values = (wb.worksheets[0]!.getColumn(3).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(values.filter((v) => v.startsWith('Cộng tuần'))).toEqual([
      'Cộng tuần từ 01/11/2026 đến 01/11/2026: 0 tin bài',
      'Cộng tuần từ 02/11/2026 đến 08/11/2026: 0 tin bài',
      'Cộng tuần từ 09/11/2026 đến 15/11/2026: 0 tin bài',
      'Cộng tuần từ 16/11/2026 đến 22/11/2026: 4 tin bài',
      'Cộng tuần từ 23/11/2026 đến 29/11/2026: 1 tin bài',
      'Cộng tuần từ 30/11/2026 đến 30/11/2026: 0 tin bài',
    ]);
    expect(values).toContain('Cộng cả tháng: 5 tin bài');
  });
});

describe('a bad period for a download', () => {
  it('is refused with 422 and a Vietnamese message, as a page for people and JSON for scripts', async () => {
    const { app, store, web } = await seeded();
    const page = await web.get('/export/logbook.docx?month=13/2026').expect(422);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Không xuất được: Tháng 13/2026 không có trên lịch.');
    const api = await apiAs(app, store, 'bientap', 'editor');
    const json = await api.get('/export/logbook.xlsx?week=hom-nay').set('Accept', 'application/json').expect(422);
    expect(json.body).toEqual({ errors: { week: 'Ngày trong tuần phải có dạng dd/mm/yyyy, ví dụ 16/11/2026.' } });
  });
});
