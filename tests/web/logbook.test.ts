import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DECREE30, DOCX_TYPE } from '../../src/render/docx-layout.js';
import { apiAs, entryBody, makeApp, signIn, type TestApp } from '../helpers.js';
import { binary, zipText } from '../zip.js';

/** The seconds an Excel time cell holds: ExcelJS reads a time-formatted number back as a Date from 30/12/1899. */
const secondsOf = (value: unknown): number => Math.round(((value as Date).getTime() - Date.UTC(1899, 11, 30)) / 1000);

type Posted = { id: number; itemId: number };
const poster = (t: TestApp) => async (body: Record<string, unknown>): Promise<Posted> => {
  const res = await t.api.post('/api/v1/entries', entryBody(body));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Posted;
};

// The week of Monday 16/11/2026 (the clock says Sunday 22/11/2026 10:00), in time order:
//   Mon 06:00  "<b>đậm</b> Tin sáng"   2 plays × 180 s = 0:06:00
//   Mon 11:00  "=1+2 công thức"        1 play, no length
//   Mon 17:30  "Tin chiều"             3 plays × 90 s = 0:04:30
//   Sun 23:59  "Tin sáng" again        1 play × 60 s = 0:01:00
//   The week: 4 airings of 3 items, 7 plays, 0:11:30; aired on 2 of its 7 days.
// Left out: a portal post and a deleted airing on Monday, and an airing of the next week.
async function seeded(): Promise<TestApp> {
  const t = await makeApp();
  await t.store.updateSettings({ ...(await t.store.settings()), communeName: 'An Hải', communeKind: 'xã' }, 'test');
  const post = poster(t);
  await post({ title: 'Tin chiều', at: '2026-11-16T17:30', playCount: 3, durationSeconds: 90 });
  const morning = await post({ title: '<b>đậm</b> Tin sáng', at: '2026-11-16T06:00', playCount: 2, durationSeconds: 180, note: 'Phát lại' });
  await post({ title: '=1+2 công thức', at: '2026-11-16T11:00', playCount: 1, durationSeconds: null });
  await post({ itemId: morning.itemId, at: '2026-11-22T23:59', playCount: 1, durationSeconds: 60 });
  await post({ title: 'Bài trên cổng', at: '2026-11-16T08:00', channel: 'portal', playCount: 1, durationSeconds: null, url: 'https://anhai.vn/bai' });
  const gone = await post({ title: 'Tin đã xóa', at: '2026-11-16T09:00', playCount: 5, durationSeconds: 100 });
  await t.api.delete(`/api/v1/entries/${gone.id}`).expect((res) => expect(res.status).toBeLessThan(300));
  await post({ title: 'Tin tuần sau', at: '2026-11-23T08:00', playCount: 5, durationSeconds: 100 });
  return t;
}

// The third quarter of 2026: items X (3 airings), Y (2), Z (1) and W (1) on the radio, X also on the
// portal; one airing of Z on 01/10 falls outside. The report's radio items: 4; the book: 7 airings of 4.
async function quarterSeeded(): Promise<TestApp> {
  const t = await makeApp();
  const post = poster(t);
  const x = await post({ title: 'Tin X', at: '2026-07-01T06:00', playCount: 2 });
  const y = await post({ title: 'Tin Y', at: '2026-07-15T06:00', playCount: 1 });
  const z = await post({ title: 'Tin Z', at: '2026-08-03T17:30', playCount: 1 });
  await post({ title: 'Tin W', at: '2026-09-30T23:59', playCount: 1 });
  for (const at of ['2026-08-10T06:00', '2026-09-07T06:00']) await post({ itemId: x.itemId, at, playCount: 1 });
  await post({ itemId: y.itemId, at: '2026-09-21T17:30', playCount: 2 });
  await post({ itemId: z.itemId, at: '2026-10-01T06:00', playCount: 1 });
  await post({ itemId: x.itemId, at: '2026-08-11T08:00', channel: 'portal', playCount: 1, durationSeconds: null, url: 'https://anhai.vn/x' });
  return t;
}

describe('the log book page', () => {
  it('shows this week by default as one table: every airing in order, no empty day, the totals in the report\'s words, titles escaped', async () => {
    const { web } = await seeded();
    const html = (await web.get('/logbook').expect(200)).text;
    expect(html).toContain('UBND XÃ AN HẢI');
    expect(html).toContain('SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH');
    expect(html).toContain('Tuần từ 16/11/2026 đến 22/11/2026');
    expect(html.match(/<table class="book airings">/g)).toHaveLength(1);
    for (const h of ['STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Thời lượng', 'Số lượt phát', 'Người ghi', 'Ghi chú']) expect(html).toContain(`>${h}</th>`);
    expect(html).not.toContain('Không có buổi phát<');
    expect(html).toContain('&lt;b&gt;đậm&lt;/b&gt; Tin sáng');
    expect(html).not.toContain('<b>đậm</b>');
    const order = ['&lt;b&gt;đậm&lt;/b&gt; Tin sáng', '=1+2 công thức', 'Tin chiều', '23:59'].map((s) => html.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('0:06:00');
    expect(html).toContain('Tổng cộng: 4 lượt phát sóng của 3 tin bài');
    expect(html).toContain('Trong kỳ có 5 ngày không có buổi phát (không ghi vào sổ).');
    expect(html).toContain('Tổng cộng 4 lượt phát sóng của 3 tin bài, 7 lượt phát; thời lượng phát 0:11:30.');
    expect(html).toContain('Cán bộ bientap');
    expect(html).toContain('Phát lại');
    for (const gone of ['Bài trên cổng', 'Tin đã xóa', 'Tin tuần sau']) expect(html).not.toContain(gone);
    expect(html).toContain('href="/export/logbook.docx?period=this-week"');
    expect(html).toContain('href="/export/logbook.xlsx?period=this-week"');
    // The period control of the report page, this week chosen.
    expect(html).toMatch(/<option value="this-week"[^>]*selected>/);
    expect(html).toContain('<option value="gov-q1"');
    expect(html).toContain('Phụ trách đơn vị');
    expect(html).toContain('href="/static/logbook.css"');
    expect(html).toContain('href="/logbook" aria-current="page"');
  });

  it('prints on A4 portrait as one table running on, its header row on every page, a date or a time never wrapped', async () => {
    const { web } = await seeded();
    const css = (await web.get('/static/logbook.css').expect(200)).text;
    expect(css).toContain('@page { size: A4 portrait;');
    expect(css).toContain('table.book thead { display: table-header-group; }');
    expect(css).toContain('table.book td.one-line { white-space: nowrap;');
    expect(css).not.toContain('break-before: page');
    const html = (await web.get('/logbook').expect(200)).text;
    expect(html).toMatch(/<td class="one-line">16\/11\/2026<\/td>\s*<td class="one-line">06:00<\/td>/);
  });

  it('takes any period of the reports: a quarter, a year, a Decree 09 month, a custom range', async () => {
    const { web } = await quarterSeeded();
    const q3 = (await web.get('/logbook?period=q3&year=2026').expect(200)).text;
    expect(q3).toContain('Quý III năm 2026 (từ ngày 01/07/2026 đến ngày 30/09/2026)');
    expect(q3).toContain('Tổng cộng: 7 lượt phát sóng của 4 tin bài');
    expect(q3).toContain('Cộng tuần 01/07 – 05/07/2026: 1 lượt phát sóng của 1 tin bài');
    expect(q3).toContain('href="/export/logbook.docx?period=q3&amp;year=2026"');
    expect(q3).toMatch(/<option value="q3"[^>]*selected>/);
    const year = (await web.get('/logbook?period=year&year=2026').expect(200)).text;
    expect(year).toContain('Tổng cộng: 8 lượt phát sóng của 4 tin bài');
    const gov = (await web.get('/logbook?period=gov-month&year=2026&month=8').expect(200)).text;
    // 15/07–14/08: Y on 15/07, Z on 03/08, X on 10/08.
    expect(gov).toContain('Tổng cộng: 3 lượt phát sóng của 3 tin bài');
    const custom = (await web.get('/logbook?period=custom&from=01/07/2026&to=31/07/2026').expect(200)).text;
    expect(custom).toContain('Từ ngày 01/07/2026 đến ngày 31/07/2026');
    expect(custom).toContain('Tổng cộng: 2 lượt phát sóng của 2 tin bài');
    expect(custom).toContain('value="01/07/2026"');
  });

  it('refuses a bad period with 422, a Vietnamese message by its field and what was typed kept', async () => {
    const { web } = await seeded();
    const quarter = await web.get('/logbook?period=q9&year=2026').expect(422);
    expect(quarter.text).toContain('role="alert"');
    expect(quarter.text).toContain('Kỳ báo cáo không hợp lệ.');
    const range = await web.get('/logbook?period=custom&from=20/11/2026&to=31/02/2026').expect(422);
    expect(range.text).toContain('Ngày 31/02/2026 không có trên lịch.');
    expect(range.text).toContain('value="31/02/2026"');
    expect(range.text).toMatch(/id="f-to"[^>]*aria-invalid="true"/);
    expect((await web.get('/logbook?period=year&year=20x6').expect(422)).text).toContain('Năm phải là số có 4 chữ số, ví dụ 2026.');
    expect((await web.get('/logbook?week=31/02/2026').expect(422)).text).toContain('Ngày 31/02/2026 không có trên lịch.');
  });

  it('keeps the links of before working: a week by one of its dates, a month as mm/yyyy', async () => {
    const { web } = await seeded();
    const week = (await web.get('/logbook?week=18/11/2026').expect(200)).text;
    expect(week).toContain('Tuần từ 16/11/2026 đến 22/11/2026');
    expect(week).toContain('Tổng cộng: 4 lượt phát sóng của 3 tin bài');
    expect(week).toContain('href="/export/logbook.docx?week=18%2F11%2F2026"');
    // Shown in the period control as the range it is.
    expect(week).toMatch(/<option value="custom"[^>]*selected>/);
    expect(week).toContain('value="16/11/2026"');
    const month = (await web.get('/logbook?month=11/2026').expect(200)).text;
    expect(month).toContain('Tháng 11 năm 2026 (từ ngày 01/11/2026 đến ngày 30/11/2026)');
    expect(month).toContain('Cộng tuần 16/11 – 22/11/2026: 4 lượt phát sóng của 3 tin bài');
    expect(month).toContain('Tổng cộng: 5 lượt phát sóng của 4 tin bài');
  });

  it('is open to a viewer, page and downloads alike', async () => {
    const { app, store } = await seeded();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    expect((await viewer.get('/logbook?week=2026-11-16').expect(200)).text).toContain('Tin chiều');
    await viewer.get('/export/logbook.docx?period=this-week').expect(200);
    await viewer.get('/export/logbook.xlsx?month=2026-11').expect(200);
  });
});

describe('the log book counts as the report does', () => {
  it('has as many "tin bài" for a quarter as the report has radio items, and as many airings and plays', async () => {
    const { api } = await quarterSeeded();
    const report = (await api.get('/api/v1/report?period=q3&year=2026').expect(200)).body as { byChannel: { code: string; entries: number; items: number; plays: number; airtimeSeconds: number }[] };
    const radio = report.byChannel.find((r) => r.code === 'radio')!;
    // Every airing 180 s a play: 9 plays, 1,620 s = 0:27:00.
    expect(radio).toMatchObject({ entries: 7, items: 4, plays: 9, airtimeSeconds: 1620 });
    const book = await api.get('/export/logbook.xlsx?period=q3&year=2026').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book.body as never);
    const texts = (wb.worksheets[0]!.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(texts).toContain(`Tổng cộng: ${radio.entries} lượt phát sóng của ${radio.items} tin bài`);
    expect(texts).toContain(`Tổng cộng ${radio.entries} lượt phát sóng của ${radio.items} tin bài, ${radio.plays} lượt phát; thời lượng phát 0:27:00.`);
  });
});

describe('the log book as a Word document', () => {
  it('is an A4 portrait .docx in the Decree 30 margins: one table with a repeated header row, no page break of its own', async () => {
    const { api, store } = await seeded();
    const res = await api.get('/export/logbook.docx?week=2026-11-18').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(DOCX_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-11-16.docx"');
    const xml = await zipText(res.body as Buffer, 'word/document.xml');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const margins = /<w:pgMar [^>]*>/.exec(xml)?.[0] ?? '';
    for (const side of ['top', 'bottom', 'left', 'right'] as const) expect(margins).toContain(`w:${side}="${DECREE30.margins[side]}"`);
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml).not.toContain('<w:pageBreakBefore/>');
    for (const text of ['UBND XÃ AN HẢI', 'SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH', 'Tuần từ 16/11/2026 đến 22/11/2026', 'Nội dung tin bài', '16/11/2026', '=1+2 công thức', 'Tổng cộng: 4 lượt phát sóng của 3 tin bài', 'Phụ trách đơn vị']) expect(xml).toContain(text);
    // The title is text: its angle brackets are escaped, never markup.
    expect(xml).toContain('&lt;b&gt;đậm&lt;/b&gt; Tin sáng');
    for (const gone of ['Tin đã xóa', 'Bài trên cổng', 'Không có buổi phát<']) expect(xml).not.toContain(gone);
    expect((await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 1 })).rows[0]).toMatchObject({ target: { id: 'logbook.docx' }, after: { what: 'logbook', from: '2026-11-16', to: '2026-11-22' } });
  });

  it('comes for a quarter in one file, named after it', async () => {
    const { api } = await quarterSeeded();
    const res = await api.get('/export/logbook.docx?period=q3&year=2026').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-Q3.docx"');
    const xml = await zipText(res.body as Buffer, 'word/document.xml');
    expect(xml).toContain('Quý III năm 2026');
    expect(xml).toContain('Tổng cộng: 7 lượt phát sóng của 4 tin bài');
  });
});

describe('the log book as a workbook', () => {
  it('has one line per airing under the book\'s columns, dates as dates, time on air as [h]:mm:ss, a title starting with = as text', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/logbook.xlsx?period=custom&from=16/11/2026&to=22/11/2026').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="so-nhat-ky-phat-thanh-2026-11-16.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0]!;
    expect([1, 2, 3].map((r) => sheet.getCell(`A${r}`).value)).toEqual(['UBND XÃ AN HẢI', 'SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH', 'Từ ngày 16/11/2026 đến ngày 22/11/2026']);
    expect(sheet.getRow(5).values).toEqual([undefined, 'STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Thời lượng', 'Số lượt phát', 'Người ghi', 'Ghi chú']);
    const line = (n: number) => sheet.getRow(5 + n);
    const first = line(1);
    expect([first.getCell(1).value, first.getCell(3).value, first.getCell(4).value, first.getCell(5).value, first.getCell(7).value, first.getCell(8).value, first.getCell(9).value]).toEqual([1, '06:00', '<b>đậm</b> Tin sáng', 'Tin', 2, 'Cán bộ bientap', 'Phát lại']);
    expect(first.getCell(2).value).toEqual(new Date('2026-11-16T00:00:00Z'));
    expect(first.getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect(secondsOf(first.getCell(6).value)).toBe(360);
    expect(first.getCell(6).numFmt).toBe('[h]:mm:ss');
    const formula = line(2);
    expect(formula.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(formula.getCell(4).value).toBe('=1+2 công thức');
    expect(formula.getCell(6).value).toBeNull();
    expect(line(4).getCell(2).value).toEqual(new Date('2026-11-22T00:00:00Z'));
    const total = line(5);
    expect(total.getCell(1).value).toBe('Tổng cộng: 4 lượt phát sóng của 3 tin bài');
    expect(total.getCell(7).value).toBe(7);
    expect(secondsOf(total.getCell(6).value)).toBe(690);
    const texts = (sheet.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(texts).toContain('Trong kỳ có 5 ngày không có buổi phát (không ghi vào sổ).');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow).toBe('5:5');
    expect((sheet as unknown as { rowBreaks?: unknown[] }).rowBreaks ?? []).toEqual([]);
    for (const gone of ['Bài trên cổng', 'Tin đã xóa', 'Tin tuần sau']) expect(texts.concat((sheet.getColumn(4).values as unknown[]).map(String))).not.toContain(gone);
  });

  it('totals each week of a longer period, and the whole', async () => {
    const { api } = await seeded();
    const res = await api.get('/export/logbook.xlsx?month=11/2026').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const texts = (wb.worksheets[0]!.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(texts.filter((v) => v.startsWith('Cộng tuần') || v.startsWith('Tổng cộng:'))).toEqual([
      'Cộng tuần 16/11 – 22/11/2026: 4 lượt phát sóng của 3 tin bài',
      'Cộng tuần 23/11 – 29/11/2026: 1 lượt phát sóng của 1 tin bài',
      'Tổng cộng: 5 lượt phát sóng của 4 tin bài',
    ]);
  });
});

describe('a bad period for a download', () => {
  it('is refused with 422 and a Vietnamese message, as a page for people and JSON for scripts', async () => {
    const { app, store, web } = await seeded();
    const page = await web.get('/export/logbook.docx?period=q1&year=20266').expect(422);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Không xuất được: Năm phải là số có 4 chữ số, ví dụ 2026.');
    const api = await apiAs(app, store, 'bientap', 'editor');
    const json = await api.get('/export/logbook.xlsx?period=custom&from=hom-nay&to=22/11/2026').set('Accept', 'application/json').expect(422);
    expect(json.body).toEqual({ errors: { from: 'Ngày bắt đầu phải có dạng dd/mm/yyyy.' } });
    const old = await api.get('/export/logbook.xlsx?month=13/2026').expect(422);
    expect(old.body).toEqual({ errors: { month: 'Tháng 13/2026 không có trên lịch.' } });
  });
});
