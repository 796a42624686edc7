import { describe, expect, it } from 'vitest';
import { ImportCheck, NO_HEADER } from '../../src/domain/import-check.js';
import { type ImportOptions, NO_OPTIONS } from '../../src/domain/import-options.js';
import { DEFAULT_PARTS_OF_DAY } from '../../src/domain/office-values.js';
import type { CheckedRow } from '../../src/domain/sheet-check.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';

const vocab = vocabularyFrom(defaultSettings());
const NOW = new Date('2026-11-22T03:00:00Z');
const HEADER = ['Ngày', 'Giờ', 'Kênh', 'Tiêu đề', 'Hình thức', 'Nội dung tuyên truyền', 'Đơn vị'];
const row = (day: string, title: string) => [day, '6:00', 'Truyền thanh', title, 'Tin', 'm', 'tt-dvsnc'];
const check = (max = 100, options: ImportOptions = NO_OPTIONS) => new ImportCheck(vocab, NOW, options, DEFAULT_PARTS_OF_DAY, max);

describe('checking a sheet one row at a time', () => {
  it('finds the header row under a title block, passes blank rows over and checks the rest', () => {
    const c = check();
    const rows = [['SỔ NHẬT KÝ PHÁT THANH'], ['Năm 2026'], [], HEADER, row('02/03/2026', 'Tin A'), ['', ''], row('31/02/2026', 'Tin B'), row('03/03/2026', 'Tin C')];
    for (const r of rows) expect(c.add(r)).toBe(true);
    const shape = c.finish();
    expect(shape).toMatchObject({ ok: true, value: { rows: 3, blocked: null, needs: [], layout: { headerRows: [4], headers: HEADER }, sheets: [{ name: '', headerRows: [4], usable: true, included: true, rows: 3, leftOut: 0, problemRows: 1 }] } });
    expect(c.drafts.map((d) => [d.row, d.entry.at])).toEqual([
      [5, '2026-03-02T06:00:00+07:00'],
      [8, '2026-03-03T06:00:00+07:00'],
    ]);
    expect(c.takeProblems().map((p) => [p.row, p.column, p.cell])).toEqual([[7, 'Ngày', '31/02/2026']]);
    expect(c.leftOut).toEqual([]);
  });

  it('refuses a file with more rows to import than allowed, and one with no rows', () => {
    // The first 30 rows wait for the header search; past the limit, the next row is refused at once.
    const many = check(35);
    const added = [HEADER, ...Array.from({ length: 40 }, (_, i) => row('02/03/2026', `Tin ${i}`))].map((r) => many.add(r));
    expect(added.indexOf(false)).toBe(36);
    expect(many.finish()).toEqual({ ok: false, errors: { file: 'Tệp có hơn 35 dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.' } });
    const small = check(2);
    for (const r of [HEADER, row('02/03/2026', 'A'), row('02/03/2026', 'B'), row('02/03/2026', 'C')]) small.add(r);
    expect(small.finish()).toMatchObject({ ok: false, errors: { file: expect.stringContaining('Tệp có hơn 2 dòng') } });
    expect(check().finish()).toEqual({ ok: false, errors: { file: 'Tệp không có dòng nào.' } });
  });

  it('reads a sheet without a header it knows as blocked, offering its first row to map, and reads it once mapped', () => {
    const rows = [['Cột A', 'Cột B', 'Cột C'], ['20/11/2026 06:30', 'Tin không có tiêu đề chuẩn', '2 lần']];
    const blocked = check();
    for (const r of rows) blocked.add(r);
    const shape = blocked.finish();
    expect(shape).toMatchObject({ ok: true, value: { blocked: NO_HEADER, rows: 0, layout: { headerRows: [1], columns: [{ header: 'Cột A', field: null, samples: ['20/11/2026 06:30'] }, { header: 'Cột B' }, { header: 'Cột C', samples: ['2 lần'] }] } } });
    expect(blocked.drafts).toEqual([]);
    const mapped = check(100, { ...NO_OPTIONS, mapping: { columns: { at: 0, title: 1, playCount: 2 }, defaults: {} } });
    for (const r of rows) mapped.add(r);
    // The file names no channel, format or unit, and no default does: asked for once, not per row.
    expect(mapped.finish()).toMatchObject({ ok: true, value: { blocked: null, rows: 1, needs: ['channel', 'format', 'unit'] } });
    expect(mapped.takeProblems()).toEqual([]);
    expect(mapped.drafts).toEqual([]);
    const answered = check(100, { ...NO_OPTIONS, mapping: { columns: { at: 0, title: 1, playCount: 2 }, defaults: { channel: 'radio', format: 'news', unit: 'tt-dvsnc' } } });
    for (const r of rows) answered.add(r);
    expect(answered.finish()).toMatchObject({ ok: true, value: { blocked: null, rows: 1, needs: [] } });
    // No topic stamped: the item stays unclassified.
    expect(answered.drafts.map((d) => [d.entry.at, d.entry.playCount, d.item.topics])).toEqual([['2026-11-20T06:30:00+07:00', 2, []]]);
  });

  it('names the sheet of each row, reads every sheet with a usable table, and only counts the others or those left out', () => {
    const named = (sheet: string, cells: unknown[], rowNumber: number): CheckedRow => Object.assign([...cells] as CheckedRow, { sheet, rowNumber });
    const all = (options: ImportOptions) => {
      const c = check(100, options);
      for (const r of [named('Tháng 1', HEADER, 2), named('Tháng 1', row('05/01/2026', 'Tin A'), 3), named('Ghi chú', ['Sổ này ghi', 'các buổi phát'], 1), named('Tháng 2', HEADER, 2), named('Tháng 2', row('31/02/2026', 'Tin B'), 14)]) c.add(r);
      return c;
    };
    const c = all(NO_OPTIONS);
    const shape = c.finish();
    expect(shape.ok && shape.value.sheets.map((s) => [s.name, s.usable, s.included, s.rows, s.problemRows])).toEqual([
      ['Tháng 1', true, true, 1, 0],
      ['Ghi chú', false, false, 0, 0],
      ['Tháng 2', true, true, 1, 1],
    ]);
    expect(c.drafts.map((d) => [d.sheet, d.row])).toEqual([['Tháng 1', 3]]);
    expect(c.takeProblems().map((p) => [p.sheet, p.row, p.column])).toEqual([['Tháng 2', 14, 'Ngày']]);
    const one = all({ ...NO_OPTIONS, sheets: ['Tháng 2'] });
    const only = one.finish();
    expect(only.ok && only.value.sheets.map((s) => [s.name, s.included, s.rows])).toEqual([
      ['Tháng 1', false, 1],
      ['Ghi chú', false, 0],
      ['Tháng 2', true, 1],
    ]);
    expect(only.ok && only.value.layout.sheet).toBe('Tháng 2');
    expect(one.drafts).toEqual([]);
    const none = all({ ...NO_OPTIONS, sheets: [] }).finish();
    expect(none.ok && none.value.blocked).toBe('Chưa chọn trang tính nào để nhập.');
  });
});
