/**
 * Excel logs kept the way commune offices keep them (tests/office-workbooks.ts), imported through the
 * API as they are: for each, what the dry run counts, the rows it leaves out and why, and the report's
 * figures once imported, all counted by hand.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import * as W from '../office-workbooks.js';
import { makeApp, type TestApp } from '../helpers.js';

type Json = Record<string, unknown>;
const RADIO = { channel: 'radio', format: 'news', unit: 'tt-dvsnc' };

function upload(app: TestApp, file: Buffer, name: string, query = '', mapping?: object): request.Test {
  const req = request(app.app).post(`/api/v1/imports${query}`).set('Authorization', `Bearer ${app.api.token}`);
  if (mapping) req.field('mapping', JSON.stringify(mapping));
  return req.attach('file', file, name);
}

/** The report's totals for a period. */
async function totals(app: TestApp, from: string, to: string): Promise<Json> {
  return (await app.api.get(`/api/v1/report?from=${from}&to=${to}`).expect(200)).body.totals as Json;
}

/** The log's entries, oldest first: time, title, plays and what else is asked. */
async function logged(app: TestApp, pick: (e: Json) => unknown[] = () => []): Promise<unknown[][]> {
  const list = (await app.api.get('/api/v1/entries?pageSize=100').expect(200)).body.entries as Json[];
  return list.reverse().map((e) => [e.at, (e.item as Json).title, e.playCount, ...pick(e)]);
}

/** Dry run, import, and the same file again (nothing more). */
async function imported(app: TestApp, file: Buffer, name: string, mapping: object, expected: Json): Promise<Json> {
  const dry = await upload(app, file, name, '?dryRun=1', mapping).expect(200);
  expect(dry.body).toMatchObject(expected);
  const done = await upload(app, file, name, '', mapping).expect(201);
  expect(done.body).toMatchObject({ ...expected, errors: [] });
  const again = await upload(app, file, name, '', mapping).expect(201);
  expect(again.body).toMatchObject({ entries: 0, duplicates: expected.entries });
  return dry.body as Json;
}

describe('importing the logs offices keep, as they are', () => {
  it('reads a header over two merged rows under a title block, and asks once for the channel and unit the file lacks', async () => {
    const app = await makeApp();
    const file = await W.twoRowHeader();
    // Without defaults: one line per missing column, none per row.
    const bare = await upload(app, file, 'so.xlsx', '?dryRun=1').expect(200);
    expect(bare.body).toMatchObject({ rows: 4, entries: 0, headerRow: [5, 6] });
    expect(bare.body.errors).toEqual([
      { row: 0, column: 'Kênh', message: 'Tệp không có cột "Kênh": cho giá trị mặc định (defaults.channel).' },
      { row: 0, column: 'Đơn vị thực hiện', message: 'Tệp không có cột "Đơn vị thực hiện": cho giá trị mặc định (defaults.unit).' },
    ]);
    await upload(app, file, 'so.xlsx').expect(422);
    const dry = await imported(app, file, 'so.xlsx', { defaults: RADIO }, { rows: 4, entries: 4, newItems: 3, reairs: 0, errors: [], leftOut: [], headerRow: [5, 6] });
    expect(dry.mapping).toEqual({ columns: { date: 1, time: 2, title: 3, format: 4, playCount: 5, durationSeconds: 6 }, defaults: RADIO });
    expect((dry.columns as Json[]).map((c) => [c.header, c.field, c.samples])).toEqual([
      ['STT', null, ['1', '2', '3']],
      ['Ngày', 'date', ['02/03/2026', '02/03/2026', '03/03/2026']],
      ['Giờ phát', 'time', ['06:00', '17:00', '06:00']],
      ['Nội dung tin bài', 'title', ['Hướng dẫn nộp hồ sơ trực tuyến', 'Thanh toán không dùng tiền mặt', 'Hướng dẫn nộp hồ sơ trực tuyến']],
      ['Hình thức', 'format', ['Tin', 'Bài', 'Tin']],
      ['Số lượt phát', 'playCount', ['2', '1', '1']],
      ['Thời lượng', 'durationSeconds', ['3:00', '4:30', '3:00']],
    ]);
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 4, plays: 5, items: 3, airtimeSeconds: 930 });
    // The items stay unclassified: no topic is stamped on them.
    expect(await logged(app, (e) => [(e.item as Json).topics])).toEqual([
      ['2026-03-02T06:00:00+07:00', 'Hướng dẫn nộp hồ sơ trực tuyến', 2, []],
      ['2026-03-02T17:00:00+07:00', 'Thanh toán không dùng tiền mặt', 1, []],
      ['2026-03-03T06:00:00+07:00', 'Hướng dẫn nộp hồ sơ trực tuyến', 1, []],
      ['2026-03-04T06:30:00+07:00', 'Lịch tiếp công dân tháng 3', 1, []],
    ]);
  });

  it('gives a date merged down to each row under it', async () => {
    const app = await makeApp();
    await imported(app, await W.datesMergedDown(), 'gop.xlsx', { defaults: RADIO }, { rows: 5, entries: 5, newItems: 3, leftOut: [], headerRow: 1 });
    expect(await logged(app)).toEqual([
      ['2026-03-05T06:00:00+07:00', 'Tin A về thủ tục đất đai', 1],
      ['2026-03-05T06:10:00+07:00', 'Tin B về hộ tịch', 1],
      ['2026-03-05T17:00:00+07:00', 'Tin A về thủ tục đất đai', 2],
      ['2026-03-06T06:00:00+07:00', 'Tin C về chứng thực', 1],
      ['2026-03-06T06:05:00+07:00', 'Tin B về hộ tịch', 2],
    ]);
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 5, plays: 7, items: 3 });
  });

  it('imports every visible sheet with a table by default, lengths in minutes, and leaves out the sheets asked', async () => {
    const app = await makeApp();
    const file = await W.sheetPerMonth();
    const dry = await upload(app, file, 'thang.xlsx', '?dryRun=1').expect(200);
    expect(dry.body).toMatchObject({ rows: 4, entries: 4, newItems: 3, errors: [] });
    // The hidden draft sheet is not read; the notes sheet has no table.
    expect(dry.body.sheets).toEqual([
      { name: 'Tháng 1', headerRow: 1, usable: true, included: true, rows: 2, leftOut: 0, errors: 0 },
      { name: 'Tháng 2', headerRow: 1, usable: true, included: true, rows: 2, leftOut: 0, errors: 0 },
      { name: 'Hướng dẫn', headerRow: 1, usable: false, included: false, rows: 1, leftOut: 0, errors: 0 },
    ]);
    const january = await upload(app, file, 'thang.xlsx', '?dryRun=1', { sheets: ['Tháng 1'] }).expect(200);
    expect(january.body).toMatchObject({ rows: 2, entries: 2 });
    expect((january.body.sheets as Json[]).map((s) => [s.name, s.included])).toEqual([['Tháng 1', true], ['Tháng 2', false], ['Hướng dẫn', false]]);
    const done = await upload(app, file, 'thang.xlsx').expect(201);
    expect(done.body).toMatchObject({ entries: 4, newItems: 3, reairs: 0 });
    expect(await logged(app, (e) => [e.durationSeconds])).toEqual([
      ['2026-01-05T06:30:00+07:00', 'Chuyển đổi số ở cơ sở', 1, 210],
      ['2026-01-12T17:00:00+07:00', 'Đề án 06 và thẻ căn cước', 1, 300],
      ['2026-02-02T06:30:00+07:00', 'Chuyển đổi số ở cơ sở', 1, 210],
      ['2026-02-09T06:30:00+07:00', 'Dịch vụ công trực tuyến toàn trình', 1, 120],
    ]);
    expect(await totals(app, '2026-01-01', '2026-02-28')).toMatchObject({ entries: 4, plays: 4, items: 3, airtimeSeconds: 840 });
    const record = (await app.api.get('/api/v1/imports').expect(200)).body.imports[0] as Json;
    expect(record.sheets).toEqual(['Tháng 1', 'Tháng 2']);
  });

  it('gives a part of the day the start of the schedule\'s slot in it, else the default, or the time given', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/schedule', { channel: 'radio', start: '06:30', days: '1,2,3,4,5,6,7' }).expect(201);
    const file = await W.partsOfDay();
    const dry = await upload(app, file, 'buoi.xlsx', '?dryRun=1', { defaults: RADIO }).expect(200);
    expect(dry.body).toMatchObject({ rows: 4, entries: 4, newItems: 3, errors: [], partsOfDay: { sang: '06:30', trua: '11:00', chieu: '17:00', toi: '19:00' } });
    await imported(app, file, 'buoi.xlsx', { defaults: RADIO, partsOfDay: { chieu: '16:00' } }, { rows: 4, entries: 4, partsOfDay: { sang: '06:30', trua: '11:00', chieu: '16:00', toi: '19:00' } });
    expect(await logged(app)).toEqual([
      ['2026-03-02T06:30:00+07:00', 'Tin A về cấp đổi giấy phép lái xe', 2],
      ['2026-03-02T16:00:00+07:00', 'Tin B về bảo hiểm y tế', 1],
      ['2026-03-03T06:30:00+07:00', 'Tin A về cấp đổi giấy phép lái xe', 2],
      ['2026-03-04T19:00:00+07:00', 'Tin C về phòng cháy', 1],
    ]);
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 4, plays: 6, items: 3 });
    await upload(app, file, 'buoi.xlsx', '?dryRun=1', { partsOfDay: { chieu: '25:00' } }).expect(422);
  });

  it('leaves out week sections, totals and the header printed again, and dates rows from their week', async () => {
    const app = await makeApp();
    const leftOut = [
      { sheet: 'Tháng 3', row: 3, reason: 'Dòng chia mục (Tuần 1 (02/03 - 08/03))' },
      { sheet: 'Tháng 3', row: 6, reason: 'Dòng tổng cộng' },
      { sheet: 'Tháng 3', row: 7, reason: 'Dòng tiêu đề lặp lại' },
      { sheet: 'Tháng 3', row: 8, reason: 'Dòng chia mục (Tuần 2 (09/03 - 15/03))' },
      { sheet: 'Tháng 3', row: 11, reason: 'Dòng tổng cộng' },
    ];
    await imported(app, await W.weekBlocks(), 'tuan.xlsx', { defaults: RADIO }, { rows: 4, entries: 4, newItems: 3, errors: [], leftOut, headerRow: 2 });
    expect(await logged(app)).toEqual([
      ['2026-03-02T06:00:00+07:00', 'Tin A về đăng ký khai sinh', 1],
      ['2026-03-04T06:00:00+07:00', 'Tin B về đăng ký kết hôn', 2],
      ['2026-03-10T17:00:00+07:00', 'Tin A về đăng ký khai sinh', 1],
      ['2026-03-13T17:00:00+07:00', 'Tin C về đăng ký khai tử', 1],
    ]);
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 4, plays: 5, items: 3 });
    const [record] = (await app.api.get('/api/v1/imports').expect(200)).body.imports as Json[];
    expect(record!.leftOut).toEqual(leftOut);
  });

  it('takes a post\'s link from its title cell and views written 1.234', async () => {
    const app = await makeApp();
    await imported(app, await W.linkedPosts(), 'bai-dang.xlsx', { defaults: { channel: 'portal', format: 'article', unit: 'vp-hdnd-ubnd' } }, { rows: 3, entries: 3, newItems: 3, errors: [], leftOut: [], headerRow: 2 });
    expect(await logged(app, (e) => [e.url, e.views])).toEqual([
      ['2026-03-05T00:00:00+07:00', 'Công bố thủ tục hành chính mới', 1, `${W.PORTAL}/cong-bo-thu-tuc-812345`, 1234],
      ['2026-03-06T00:00:00+07:00', 'Hướng dẫn thanh toán trực tuyến', 1, `${W.PORTAL}/huong-dan-thanh-toan-812346`, 2500],
      ['2026-03-07T00:00:00+07:00', 'Kết quả CCHC quý I', 1, `${W.PORTAL}/ket-qua-cchc-quy-i-812347`, 87],
    ]);
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 3, items: 3, views: 3821 });
  });

  it('leaves out a total row and the signature block under the table', async () => {
    const app = await makeApp();
    const leftOut = [
      { sheet: 'Quý I', row: 5, reason: 'Dòng tổng cộng' },
      { sheet: 'Quý I', row: 7, reason: 'Phần ký tên' },
      { sheet: 'Quý I', row: 8, reason: 'Phần ký tên' },
      { sheet: 'Quý I', row: 9, reason: 'Phần ký tên' },
      { sheet: 'Quý I', row: 11, reason: 'Dưới bảng (ký tên, ghi chú)' },
    ];
    await imported(app, await W.totalAndSignatures(), 'quy.xlsx', { defaults: RADIO }, { rows: 3, entries: 3, newItems: 2, errors: [], leftOut });
    expect(await totals(app, '2026-03-01', '2026-03-31')).toMatchObject({ entries: 3, plays: 4, items: 2, airtimeSeconds: 390 });
  });

  it('refuses a file with an impossible date, naming its sheet and row, and imports the rest when asked to leave such rows out', async () => {
    const app = await makeApp();
    const file = await W.impossibleDate();
    const problem = { sheet: 'Tháng 2', row: 14, column: 'Ngày', cell: '30/02/2026', message: 'Ngày 30/02/2026 không có trên lịch.' };
    const refused = await upload(app, file, 'thang-2.xlsx', '', { defaults: RADIO }).expect(422);
    expect(refused.body).toMatchObject({ rows: 12, entries: 11, errors: [problem] });
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    const done = await upload(app, file, 'thang-2.xlsx', '', { defaults: RADIO, skipProblemRows: true }).expect(201);
    const leftOut = [{ sheet: 'Tháng 2', row: 14, reason: 'Ngày: Ngày 30/02/2026 không có trên lịch. (ô ghi: "30/02/2026")' }];
    expect(done.body).toMatchObject({ rows: 12, entries: 11, newItems: 11, errors: [], leftOut });
    expect(await totals(app, '2026-02-01', '2026-02-28')).toMatchObject({ entries: 11, plays: 11, items: 11 });
    const record = (await app.api.get(`/api/v1/imports`).expect(200)).body.imports[0] as Json;
    expect(record).toMatchObject({ counts: { rows: 12, entries: 11, errors: 1 }, leftOut });
    const page = await app.web.get(`/imports/${done.body.importId}`).expect(200);
    expect(page.text).toContain('Tháng 2, dòng 14');
    expect(page.text).toContain('Ngày 30/02/2026 không có trên lịch.');
    // Again, leaving the bad row out: nothing more.
    const again = await upload(app, file, 'thang-2.xlsx', '', { defaults: RADIO, skipProblemRows: true }).expect(201);
    expect(again.body).toMatchObject({ entries: 0, duplicates: 11 });
  });

  it('reads the header row asked for, and refuses options it cannot read', async () => {
    const app = await makeApp();
    const file = await W.weekBlocks();
    // Row 7 (the header printed again) as the header: only the second week is read.
    const dry = await upload(app, file, 'tuan.xlsx', '?dryRun=1', { defaults: RADIO, headerRow: 7 }).expect(200);
    expect(dry.body).toMatchObject({ headerRow: 7, rows: 2, entries: 2 });
    for (const bad of [{ headerRow: [4, 6] }, { headerRow: 0 }, { sheets: 'Tháng 3' }, { partsOfDay: { dem: '22:00' } }, { skipProblemRows: 'yes' }]) {
      const res = await upload(app, file, 'tuan.xlsx', '?dryRun=1', bad).expect(422);
      expect(res.body.errors[0].column).toBe('mapping');
    }
  });
});
