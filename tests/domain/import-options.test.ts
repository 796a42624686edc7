import { describe, expect, it } from 'vitest';
import { headerRowJson, partsOfDaySources, readHeaderRows, readImportOptions, readPartsOfDay } from '../../src/domain/import-options.js';
import { leftOutOfProblems } from '../../src/domain/imports.js';

describe('reading the options of an import', () => {
  it.each([
    [5, [5]],
    [[4, 5], [4, 5]],
    [[3, 4, 5], [3, 4, 5]],
    ['7', [7]],
    ['4-5', [4, 5]],
    [' 4 – 6 ', [4, 5, 6]],
    [undefined, null],
    ['', null],
  ])('reads the header rows %j', (value, rows) => {
    expect(readHeaderRows(value)).toEqual(rows);
  });

  it.each([[0], [[4, 6]], [[5, 4]], [[1, 2, 3, 4]], ['4-9'], ['năm'], [201], [2.5], [[]]])('refuses the header rows %j', (value) => {
    expect(typeof readHeaderRows(value)).toBe('string');
  });

  it('reads times of the parts of the day as the forms do, and refuses others', () => {
    expect(readPartsOfDay({ sang: '6h30', chieu: '1700', toi: '' })).toEqual({ sang: '06:30', chieu: '17:00' });
    expect(readPartsOfDay(undefined)).toEqual({});
    expect(readPartsOfDay({ dem: '22:00' })).toBe('Buổi "dem" không có: chỉ sang, trua, chieu, toi.');
    expect(readPartsOfDay({ sang: '25:00' })).toBe('Giờ của buổi sang phải có dạng HH:mm, ví dụ 06:00.');
    expect(readPartsOfDay(['06:00'])).toEqual(expect.any(String));
  });

  it('reads the API mapping whole: columns, defaults, header rows, sheets, parts of the day, and leaving rows with problems out', () => {
    expect(readImportOptions({ columns: { title: 1, at: '0', nope: 2, views: 900 }, defaults: { channel: 'radio' }, headerRow: [4, 5], sheets: ['Tháng 1', 'Tháng 1', 'Tháng 2'], partsOfDay: { sang: '06:15' }, skipProblemRows: true }, 10)).toEqual({
      ok: true,
      value: { mapping: { columns: { title: 1, at: 0 }, defaults: { channel: 'radio' } }, headerRows: [4, 5], sheets: ['Tháng 1', 'Tháng 2'], partsOfDay: { sang: '06:15' } },
      skipProblemRows: true,
    });
    expect(readImportOptions({}, 10)).toEqual({ ok: true, value: { mapping: { columns: {}, defaults: {} }, headerRows: null, sheets: null, partsOfDay: {} }, skipProblemRows: false });
    for (const bad of [null, [], 'x', { columns: 'x' }, { headerRow: 'a' }, { sheets: [1] }, { skipProblemRows: 1 }]) expect(readImportOptions(bad, 10).ok).toBe(false);
  });

  it('answers the header rows as one number, or a list for several', () => {
    expect([headerRowJson([4]), headerRowJson([4, 5]), headerRowJson([])]).toEqual([4, [4, 5], null]);
  });

  it("says where each part's time comes from: typed, the schedule's slots (live ones), or the default", () => {
    const slots = [{ start: '06:30', deletedAt: null }, { start: '17:30', deletedAt: '2026-01-01T00:00:00+07:00' }];
    expect(partsOfDaySources(slots, { toi: '20:00' })).toEqual({ sang: 'schedule', trua: 'default', chieu: 'default', toi: 'given' });
  });
});

describe('the rows left out for their problems', () => {
  it('keeps one row per sheet and row, its problems joined as the reason', () => {
    expect(
      leftOutOfProblems([
        { sheet: 'Tháng 2', row: 14, column: 'Ngày', cell: '30/02/2026', message: 'Ngày 30/02/2026 không có trên lịch.' },
        { sheet: 'Tháng 2', row: 14, column: 'Tiêu đề', message: 'Vui lòng nhập tiêu đề tin bài.' },
        { row: 14, column: 'Kênh', message: 'Kênh không hợp lệ.', cell: 'tivi' },
      ]),
    ).toEqual([
      { sheet: 'Tháng 2', row: 14, reason: 'Ngày: Ngày 30/02/2026 không có trên lịch. (ô ghi: "30/02/2026"); Tiêu đề: Vui lòng nhập tiêu đề tin bài.' },
      { sheet: '', row: 14, reason: 'Kênh: Kênh không hợp lệ. (ô ghi: "tivi")' },
    ]);
  });
});
