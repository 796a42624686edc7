import { describe, expect, it } from 'vitest';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';
import { SheetCheck } from '../../src/domain/sheet-check.js';

const vocab = vocabularyFrom(defaultSettings());
const NOW = new Date('2026-11-22T03:00:00Z');
const HEADER = ['Ngày', 'Giờ', 'Kênh', 'Tiêu đề', 'Hình thức', 'Nội dung tuyên truyền', 'Đơn vị'];
const row = (day: string, title: string) => [day, '6:00', 'Truyền thanh', title, 'Tin', 'm', 'tt-dvsnc'];

describe('checking a sheet one row at a time', () => {
  it('finds the header row under a title block, skips blank rows and checks the rest', () => {
    const check = new SheetCheck(vocab, NOW, null, 100);
    const rows = [['SỔ NHẬT KÝ PHÁT THANH'], ['Năm 2026'], [], HEADER, row('02/03/2026', 'Tin A'), ['', ''], row('31/02/2026', 'Tin B'), row('03/03/2026', 'Tin C')];
    for (const r of rows) expect(check.add(r)).toBe(true);
    const shape = check.finish();
    expect(shape).toMatchObject({ ok: true, value: { headerRow: 4, rows: 3, headers: HEADER } });
    expect(check.takeDrafts().map((d) => [d.row, d.entry.at])).toEqual([
      [5, '2026-03-02T06:00:00+07:00'],
      [8, '2026-03-03T06:00:00+07:00'],
    ]);
    expect(check.drafts).toEqual([]);
    expect(check.takeProblems().map((p) => [p.row, p.column])).toEqual([[7, 'Ngày']]);
  });

  it('refuses a sheet with more rows than allowed, or without a header in its first 30 rows', () => {
    // The first 30 rows wait for the header search; past the limit, the next row is refused at once.
    const many = new SheetCheck(vocab, NOW, null, 35);
    const added = [HEADER, ...Array.from({ length: 40 }, (_, i) => row('02/03/2026', `Tin ${i}`))].map((r) => many.add(r));
    expect(added.indexOf(false)).toBe(36);
    expect(many.finish()).toEqual({ ok: false, errors: { file: 'Tệp có hơn 35 dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.' } });
    const small = new SheetCheck(vocab, NOW, null, 2);
    for (const r of [HEADER, row('02/03/2026', 'A'), row('02/03/2026', 'B'), row('02/03/2026', 'C')]) small.add(r);
    expect(small.finish()).toMatchObject({ ok: false, errors: { file: expect.stringContaining('Tệp có hơn 2 dòng') } });
    const headless = new SheetCheck(vocab, NOW, null, 100);
    const tried = Array.from({ length: 31 }, (_, i) => headless.add(['x', String(i)]));
    expect(tried.indexOf(false)).toBe(29);
    expect(headless.finish()).toMatchObject({ ok: false, errors: { file: expect.stringContaining('Không tìm thấy dòng tiêu đề cột') } });
    expect(new SheetCheck(vocab, NOW, null, 100).finish()).toEqual({ ok: false, errors: { file: 'Tệp không có dòng nào.' } });
  });
});
