import { describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/sheet-cells.js';
import { classifyRow, classifyRows, type RowKindContext } from '../../src/domain/row-kinds.js';

// A radio log's two-row header: "Thời gian phát sóng" merged over "Ngày | Giờ phát".
const TOP = ['STT', 'Thời gian phát sóng', '', 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
const SUB = ['', 'Ngày', 'Giờ phát', '', '', '', '', ''];
const HEADERS = ['STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
const ctx: RowKindContext = {
  header: [TOP, SUB, HEADERS],
  columns: { date: 1, time: 2, title: 3, format: 4, playCount: 5, durationSeconds: 6, note: 7 },
  yearHint: 2026,
};
const kind = (cells: SheetCell[], more: Partial<RowKindContext> = {}) => classifyRow(cells, { ...ctx, ...more });
const airing = (title: string, date: SheetCell = '05/01/2026', time: SheetCell = '06:00'): SheetCell[] => [1, date, time, title, 'Tin', 1, 5, null];

describe('rows that are airings', () => {
  it('keeps a row with a date or time whatever its title says', () => {
    expect(kind(airing('Tổng kết công tác CCHC quý I'))).toEqual({ kind: 'data' });
    expect(kind(airing('Tổng cộng có 45 thủ tục được công bố', new Date(Date.UTC(2026, 0, 5)), null))).toEqual({ kind: 'data' });
    expect(kind(airing('Tháng 1', '', 0.25))).toEqual({ kind: 'data' });
    expect(kind(airing('NGƯỜI GHI SỔ', '', '17h30'))).toEqual({ kind: 'data' });
    expect(kind(airing('Chủ tịch UBND xã đối thoại với doanh nghiệp', 46027, ''))).toEqual({ kind: 'data' });
    expect(kind(airing('Lịch tiếp công dân', '', 'Sáng'))).toEqual({ kind: 'data' });
  });

  it('keeps an undated row the rules are unsure of, for the import to name what it lacks', () => {
    // Dated by the week above it: no date or time of its own.
    expect(kind([4, null, null, 'Cộng đồng doanh nghiệp góp ý thủ tục', 'Tin', 1, 3, null])).toEqual({ kind: 'data' });
    expect(kind([5, null, null, 'Tổng kết công tác CCHC quý I', 'Bài', 1, 4, null])).toEqual({ kind: 'data' });
    expect(kind([null, null, null, 'Nguyễn Văn An', null, null, null, null])).toEqual({ kind: 'data' });
    expect(kind([null, null, null, 'Tháng 13', null, null, null, null])).toEqual({ kind: 'data' });
    expect(kind([6, null, null, null, null, 2, null, null])).toEqual({ kind: 'data' });
  });
});

describe('rows that are skipped', () => {
  it.each<[string, SheetCell[], string]>([
    ['empty', [null, '', '  ', undefined], 'Dòng trống'],
    ['a row number alone', [7, null, null], 'Dòng trống (chỉ có số thứ tự)'],
    ['the column numbers of a form', ['(1)', '(2)', '(3)', '(4)', '(5)'], 'Dòng đánh số cột'],
    ['the column numbers as numbers', [1, 2, 3, 4, 5, 6, 7, 8], 'Dòng đánh số cột'],
    ['"Cộng" with the sums', ['Cộng', null, null, null, null, 3, 12.5, null], 'Dòng tổng cộng'],
    ['"TỔNG SỐ" in the title column', [null, null, null, 'TỔNG SỐ', null, 40, null, null], 'Dòng tổng cộng'],
    ['a total of a month', ['Tổng cộng tháng 1:', null, null, null, null, 40, 120, null], 'Dòng tổng cộng'],
    ['a total with its count', ['Tổng số: 45 tin bài', null, null], 'Dòng tổng cộng'],
    ['sums alone', [null, null, null, '', null, 4, '15,5', null], 'Dòng tổng cộng'],
    ['the header again', TOP, 'Dòng tiêu đề lặp lại'],
    ['the sub-header again', SUB, 'Dòng tiêu đề lặp lại'],
    ['the header again in other case', ['stt', 'NGÀY', 'giờ phát'], 'Dòng tiêu đề lặp lại'],
    ['the place and date', [null, null, null, null, null, 'An Hải, ngày 30 tháng 6 năm 2026'], 'Phần ký tên'],
    ['a blank place and date', [null, null, null, null, null, 'Ngày ..... tháng ..... năm 2026'], 'Phần ký tên'],
    ['the signers', [null, 'NGƯỜI GHI SỔ', null, null, null, 'XÁC NHẬN CỦA LÃNH ĐẠO'], 'Phần ký tên'],
    ['a signer under TM.', [null, 'Người lập biểu', null, null, null, 'TM. UBND XÃ'], 'Phần ký tên'],
    ['the signing hint', [null, '(Ký, ghi rõ họ tên)', null, null, null, '(Ký tên, đóng dấu)'], 'Phần ký tên'],
    ['a note', ['Ghi chú: thời lượng tính theo phút, số lượt phát là số lần phát trong ngày.'], 'Ghi chú dưới bảng'],
  ])('skips %s', (_, cells, reason) => {
    expect(kind(cells)).toMatchObject({ kind: 'skip', reason });
  });

  it('does not take the header again from one matching cell, nor a total-like title with a time', () => {
    expect(kind([null, 'Ngày', null, 'Hướng dẫn nộp hồ sơ', null, null, null, null])).toEqual({ kind: 'data' });
    expect(kind(['Cộng', '05/01/2026', null, null, null, 3, null, null])).toEqual({ kind: 'data' });
    expect(kind([1, 2, 4])).toEqual({ kind: 'data' });
  });

  it('skips every row of the footer but one that looks like an airing again', () => {
    const inFooter = { inFooter: true };
    expect(kind([null, 'Nguyễn Văn An', null, null, null, 'Trần Thị Bình'], inFooter)).toMatchObject({ kind: 'skip', rule: 'footer', reason: 'Dưới bảng (ký tên, ghi chú)' });
    expect(kind(['- Số lượt phát là số lần phát trong ngày.'], inFooter)).toMatchObject({ kind: 'skip', rule: 'footer' });
    // A name in the title column with a count is still the footer: it has no time.
    expect(kind([null, null, null, 'Nguyễn Văn An', null, 1, null, null], inFooter)).toMatchObject({ kind: 'skip', rule: 'footer' });
    expect(kind(airing('Lịch tiếp công dân'), inFooter)).toEqual({ kind: 'data' });
    expect(kind(['Tháng 2'], inFooter)).toMatchObject({ kind: 'section' });
    expect(kind(TOP, inFooter)).toMatchObject({ kind: 'skip', rule: 'header' });
  });
});

describe('section rows', () => {
  it.each<[string, number | undefined, { from: string; to: string } | undefined]>([
    ['Tháng 1', 2026, { from: '2026-01-01', to: '2026-01-31' }],
    ['Tháng 2', 2024, { from: '2024-02-01', to: '2024-02-29' }],
    ['Tháng 01/2023', 2026, { from: '2023-01-01', to: '2023-01-31' }],
    ['THÁNG 12 NĂM 2023', undefined, { from: '2023-12-01', to: '2023-12-31' }],
    ['I. THÁNG 1:', 2026, { from: '2026-01-01', to: '2026-01-31' }],
    ['Quý I', 2026, { from: '2026-01-01', to: '2026-03-31' }],
    ['QUÝ II NĂM 2023', 2026, { from: '2023-04-01', to: '2023-06-30' }],
    ['Quý 4/2025', undefined, { from: '2025-10-01', to: '2025-12-31' }],
    ['Tuần 2 (09/01 - 15/01)', 2023, { from: '2023-01-09', to: '2023-01-15' }],
    ['Tuần 2 (09/01/2023 - 15/01/2023)', undefined, { from: '2023-01-09', to: '2023-01-15' }],
    ['Tuần 2: từ ngày 09/01 đến ngày 15/01/2023', undefined, { from: '2023-01-09', to: '2023-01-15' }],
    ['Tuần 1 (29/12 - 04/01)', 2023, { from: '2022-12-29', to: '2023-01-04' }],
    ['Tuần 53 (30/12 - 05/01)', 2024, { from: '2024-12-30', to: '2025-01-05' }],
    ['Tuần 1 (29/12/2025 - 04/01)', undefined, { from: '2025-12-29', to: '2026-01-04' }],
    ['Từ ngày 01/3/26 đến ngày 07/3/26', undefined, { from: '2026-03-01', to: '2026-03-07' }],
    ['Tháng 1', undefined, undefined],
    ['Tuần 2', 2026, undefined],
    ['Tuần 2 (09/01 - 15/01)', undefined, undefined],
    ['Tuần 3 (31/02 - 06/03)', 2026, undefined],
  ])('reads "%s" (year %s)', (text, yearHint, dateRange) => {
    const got = kind([text], yearHint === undefined ? { yearHint: undefined } : { yearHint });
    expect(got).toEqual(dateRange ? { kind: 'section', reason: `Dòng chia mục (${text})`, dateRange } : { kind: 'section', reason: `Dòng chia mục (${text})` });
  });

  it('reads a merged title filled across the row, and no row with other text', () => {
    expect(kind(['Tháng 3', 'Tháng 3', 'Tháng 3'])).toMatchObject({ kind: 'section', dateRange: { from: '2026-03-01', to: '2026-03-31' } });
    expect(kind(['II', null, null, 'THÁNG 2'])).toMatchObject({ kind: 'section', reason: 'Dòng chia mục (THÁNG 2)', dateRange: { from: '2026-02-01', to: '2026-02-28' } });
    expect(kind(['Tháng 3', 'Tin'])).toEqual({ kind: 'data' });
    expect(kind(['Tin', 'Tháng 3'])).toEqual({ kind: 'data' });
    expect(kind(['Tháng 3 cao điểm tuyên truyền'])).toEqual({ kind: 'data' });
  });
});

describe('classifying a sheet row by row', () => {
  it('carries a section date range to the rows under it, and keeps the footer once begun', () => {
    const rows: SheetCell[][] = [
      ['Tuần 2 (12/01 - 18/01)'],
      [3, '12/01', 'Sáng', 'Thông báo lịch tiếp công dân', 'Tin', 1, 3, null],
      [4, null, null, 'Cộng đồng doanh nghiệp góp ý thủ tục', 'Tin', 1, 3, null],
      ['Tháng 2'],
      [5, '02/02', '06:00', 'Hướng dẫn dịch vụ công', 'Tin', 1, 3, null],
      ['Tuần 6'],
      [6, '09/02', '06:00', 'Hướng dẫn dịch vụ công', 'Tin', 1, 3, null],
      ['TỔNG CỘNG', null, null, null, null, 4, 12, null],
      [],
      [null, null, null, null, null, 'An Hải, ngày 30 tháng 6 năm 2026'],
      [null, 'NGƯỜI GHI SỔ', null, null, null, 'XÁC NHẬN CỦA LÃNH ĐẠO'],
      [null, '(Ký, ghi rõ họ tên)', null, null, null, '(Ký, ghi rõ họ tên)'],
      [],
      [null, 'Nguyễn Văn An', null, null, null, 'Trần Thị Bình'],
      [7, '16/02', '06:00', 'Lịch nghỉ Tết', 'Tin', 1, 3, null],
      [null, 'Nguyễn Văn An', null, null, null, null],
    ];
    const week = { from: '2026-01-12', to: '2026-01-18' };
    const feb = { from: '2026-02-01', to: '2026-02-28' };
    expect(classifyRows(rows, ctx)).toEqual([
      { kind: 'section', reason: 'Dòng chia mục (Tuần 2 (12/01 - 18/01))', dateRange: week },
      { kind: 'data', dateRange: week },
      { kind: 'data', dateRange: week },
      { kind: 'section', reason: 'Dòng chia mục (Tháng 2)', dateRange: feb },
      { kind: 'data', dateRange: feb },
      // A week without days ends the month's range: its rows' dates are their own.
      { kind: 'section', reason: 'Dòng chia mục (Tuần 6)' },
      { kind: 'data' },
      { kind: 'skip', rule: 'total', reason: 'Dòng tổng cộng' },
      { kind: 'skip', rule: 'blank', reason: 'Dòng trống' },
      { kind: 'skip', rule: 'footer', reason: 'Phần ký tên' },
      { kind: 'skip', rule: 'footer', reason: 'Phần ký tên' },
      { kind: 'skip', rule: 'footer', reason: 'Phần ký tên' },
      { kind: 'skip', rule: 'blank', reason: 'Dòng trống' },
      { kind: 'skip', rule: 'footer', reason: 'Dưới bảng (ký tên, ghi chú)' },
      // Dated and titled: the table goes on, and the footer is over.
      { kind: 'data' },
      { kind: 'data' },
    ]);
  });
});
