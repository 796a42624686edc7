import { describe, expect, it } from 'vitest';
import { ENTRY_COLUMNS } from '../../src/domain/export-rows.js';
import { findHeaderRow, mapHeaders } from '../../src/domain/import-columns.js';
import type { SheetCell } from '../../src/domain/sheet-cells.js';
import { classifyRows } from '../../src/domain/row-kinds.js';
import { describeColumns, findTable, headerTexts, rowKindContext, sheetYear, tableAt } from '../../src/domain/sheet-table.js';

// A radio log book as offices keep it: a title block, a two-row header ("Thời gian phát sóng" merged over
// "Ngày | Giờ phát"; the reader gives a merged value in its first column only), a block per week with the
// header printed again, totals, a note and the signatures.
const TOP = ['STT', 'Thời gian phát sóng', null, 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
const SUB = [null, 'Ngày', 'Giờ phát', null, null, null, null, null];
const LOG: SheetCell[][] = [
  ['UBND XÃ AN HẢI', null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
  ['TRUNG TÂM DỊCH VỤ SỰ NGHIỆP CÔNG', null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
  [],
  ['SỔ THEO DÕI TUYÊN TRUYỀN CCHC TRÊN HỆ THỐNG TRUYỀN THANH'],
  ['Năm 2026'],
  TOP, // 5
  SUB, // 6
  ['Tuần 1 (05/01 - 11/01)'],
  [1, '05/01/2026', '06:00', 'Tổng kết công tác CCHC quý IV năm 2025', 'Tin', 2, 5, null],
  [2, new Date(Date.UTC(2026, 0, 7)), '17h30', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Bài', 1, 7.5, 'Phát lại'],
  ['Cộng', null, null, null, null, 3, 12.5, null], // 10
  TOP,
  SUB,
  ['Tuần 2 (12/01 - 18/01)'],
  [3, '12/01', 'Sáng', 'Thông báo lịch tiếp công dân tháng 1', 'Tin', 1, 3, null],
  [null, null, null, null, null, 1, 3, null], // 15
  ['TỔNG CỘNG', null, null, null, null, 4, 15.5, null],
  [],
  ['Ghi chú: thời lượng tính theo phút.'],
  ['- Số lượt phát là số lần phát trong ngày.'],
  [null, null, null, null, null, 'An Hải, ngày 30 tháng 6 năm 2026'], // 20
  [null, 'NGƯỜI GHI SỔ', null, null, null, 'XÁC NHẬN CỦA LÃNH ĐẠO'],
  [null, '(Ký, ghi rõ họ tên)', null, null, null, '(Ký, ghi rõ họ tên)'],
  [],
  [null, 'Nguyễn Văn An', null, null, null, 'Trần Thị Bình'],
];
const LOG_HEADERS = ['STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
const LOG_COLUMNS = { date: 1, time: 2, title: 3, format: 4, playCount: 5, durationSeconds: 6, note: 7 };

describe('reading header rows as one', () => {
  it('takes each column\'s lowest text, and a merged cell\'s text for the columns it spans with none of their own', () => {
    expect(headerTexts([TOP, SUB])).toEqual(LOG_HEADERS);
    // "Thời gian phát sóng" spans to the next text of its row ("Nội dung tin bài"): column 2 has no sub-header.
    expect(headerTexts([TOP, [null, 'Ngày']])).toEqual(['STT', 'Ngày', 'Thời gian phát sóng', ...LOG_HEADERS.slice(3)]);
    // A sub-header spans nothing, and the headers end with the last text.
    expect(headerTexts([['Ngày', 'Giờ', null, null]])).toEqual(['Ngày', 'Giờ']);
    expect(headerTexts([['Kết quả', null, null, 'Ghi chú'], ['Lượt xem', 'Tương tác', null, null]])).toEqual(['Lượt xem', 'Tương tác', 'Kết quả', 'Ghi chú']);
  });
});

describe('finding the table of a sheet', () => {
  it('finds a two-row header under a title block, scored above its top row alone', () => {
    const found = findTable(LOG);
    // date 3 + time 3 + title 2 (holds "nội dung") + format 3 + play count 3 + length 2 (holds "thời lượng") + note 3, and 10: usable.
    expect(found).toMatchObject({ headerRows: [5, 6], headers: LOG_HEADERS, columns: LOG_COLUMNS, score: 29, usable: true });
    // The top row alone: at 3 (then no date), title 2, format 3, play count 3, length 2, note 3, and 10. The sub-header
    // alone names a date and a time: 6. The header printed again further down is the same header, not listed again.
    expect(found!.candidates.map((c) => [c.headerRows, c.score, c.usable])).toEqual([
      [[5, 6], 29, true],
      [[5], 26, true],
      [[6], 6, false],
    ]);
    expect(found!.candidates[1]!.columns).toEqual({ at: 1, title: 3, format: 4, playCount: 5, durationSeconds: 6, note: 7 });
  });

  it('finds the same two-row header when the reader repeats the cells merged down in both rows, and knows both again further down', () => {
    // As the reader gives merged cells: a cell merged down holds its text in each row it covers.
    const top = ['STT', 'Thời gian phát sóng', null, 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
    const sub = ['STT', 'Ngày', 'Giờ phát', 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng (phút)', 'Ghi chú'];
    const merged = LOG.map((r) => (r === TOP ? top : r === SUB ? sub : r));
    const found = findTable(merged)!;
    // The sub-header row alone names as much (29), but the row over it spans its sub-headers: the header is both.
    expect(found).toMatchObject({ headerRows: [5, 6], headers: LOG_HEADERS, columns: LOG_COLUMNS, score: 29 });
    expect(classifyRows(merged.slice(10, 13), rowKindContext(merged, found)).map((k) => (k.kind === 'skip' ? k.reason : k.kind))).toEqual(['Dòng tổng cộng', 'Dòng tiêu đề lặp lại', 'Dòng tiêu đề lặp lại']);
    // A title line over the header repeats nothing of it, and does not join it.
    expect(findTable([['SỔ NHẬT KÝ', null, 'NĂM 2026'], ['Ngày', 'Giờ', 'Tiêu đề']])?.headerRows).toEqual([1]);
  });

  it('finds a one-row header under a title line, and leaves out a row of column numbers under it', () => {
    const header = ['TT', 'Ngày đăng', 'Tên bài viết', 'Kênh', 'Đường dẫn', 'Lượt xem'];
    const grid: SheetCell[][] = [['SỔ THEO DÕI ĐĂNG TIN CCHC'], header, ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'], [1, '02/03/2026', 'Lịch tiếp công dân', 'Cổng TTĐT', 'https://anhai.haiphong.gov.vn/a-1', 120]];
    expect(findTable(grid)).toMatchObject({ headerRows: [1], headers: header, columns: { date: 1, title: 2, channel: 3, url: 4, views: 5 }, score: 25 });
  });

  it('finds a three-row header when every row adds a field', () => {
    const grid: SheetCell[][] = [
      ['STT', 'Thời gian', null, 'Tên bài viết', 'Kết quả', null, null],
      [null, 'Ngày đăng', 'Giờ đăng', null, 'Đường dẫn', 'Tương tác', null],
      [null, null, null, null, null, 'Lượt xem', 'Lượt tương tác'],
      [1, '02/03/2026', '08:00', 'Lịch tiếp công dân', 'https://anhai.haiphong.gov.vn/a-1', 120, 4],
    ];
    // date 3, time 2 ("giờ đăng" holds "giờ"), title 3, url 3, views 3, interactions 3, and 10. Without the third
    // row: interactions from "Tương tác", no views: 24; without the first: no title, 14.
    expect(findTable(grid)).toMatchObject({ headerRows: [0, 1, 2], headers: ['STT', 'Ngày đăng', 'Giờ đăng', 'Tên bài viết', 'Đường dẫn', 'Lượt xem', 'Lượt tương tác'], score: 27 });
    // The headers end with the last text of the rows read: "Kết quả" (column 4) does not reach column 6.
    expect(tableAt(grid, [0, 1])).toMatchObject({ score: 24, headers: ['STT', 'Ngày đăng', 'Giờ đăng', 'Tên bài viết', 'Đường dẫn', 'Tương tác'] });
  });

  it('reads the app\'s own export as before', () => {
    const found = findTable([[...ENTRY_COLUMNS], ['1', '05/01/2026 06:00']]);
    expect(found?.headerRows).toEqual([0]);
    expect(found?.columns).toEqual(mapHeaders([...ENTRY_COLUMNS]));
    expect(found?.columns.durationSeconds).toBe(ENTRY_COLUMNS.indexOf('Thời lượng 1 lần (giây)'));
  });

  it('gives null when no row names two fields, and never takes a title line, a dated row or data for a header', () => {
    expect(findTable([])).toBeNull();
    expect(findTable([['SỔ THEO DÕI TUYÊN TRUYỀN CCHC'], ['Nội dung tuyên truyền năm 2026'], ['Ngày', 'x']])).toBeNull();
    expect(findTable([['Tiêu đề', 'Ngày 05/01/2026'], ['Nội dung', new Date(Date.UTC(2026, 0, 5))], ['Tin bài', 'Ngày', 46027]])).toBeNull();
    // Only the first rows are looked at.
    expect(findTable([...Array.from({ length: 30 }, () => ['x']), ['Tiêu đề', 'Ngày']])).toBeNull();
    expect(findTable([...Array.from({ length: 30 }, () => ['x']), ['Tiêu đề', 'Ngày']], 31)?.headerRows).toEqual([30]);
  });

  it('keeps findHeaderRow to the first row that names a title and a date, now by names held', () => {
    expect(findHeaderRow([['SỔ THEO DÕI'], ['STT', 'Ngày phát sóng', 'Nội dung tin bài']])).toBe(1);
    expect(findHeaderRow([['Ngày', 'Giờ']])).toBe(-1);
  });
});

describe('the rows and columns under the header', () => {
  it('takes the year of the title block, and tells every row of the log what it is', () => {
    const table = findTable(LOG)!;
    expect(sheetYear(LOG, table)).toBe(2026);
    const kinds = classifyRows(LOG.slice(7), rowKindContext(LOG, table));
    const week1 = { from: '2026-01-05', to: '2026-01-11' };
    const week2 = { from: '2026-01-12', to: '2026-01-18' };
    expect(kinds.map((k) => (k.kind === 'skip' ? k.reason : k.kind === 'section' ? [k.reason, k.dateRange] : ['data', k.dateRange]))).toEqual([
      ['Dòng chia mục (Tuần 1 (05/01 - 11/01))', week1],
      ['data', week1],
      ['data', week1],
      'Dòng tổng cộng',
      'Dòng tiêu đề lặp lại',
      'Dòng tiêu đề lặp lại',
      ['Dòng chia mục (Tuần 2 (12/01 - 18/01))', week2],
      ['data', week2],
      'Dòng tổng cộng',
      'Dòng tổng cộng',
      'Dòng trống',
      'Ghi chú dưới bảng',
      'Dưới bảng (ký tên, ghi chú)',
      'Phần ký tên',
      'Phần ký tên',
      'Phần ký tên',
      'Dòng trống',
      'Dưới bảng (ký tên, ghi chú)',
    ]);
  });

  it('describes each column with its header, its field and up to three values of airings', () => {
    const table = findTable(LOG)!;
    expect(describeColumns(LOG, table)).toEqual([
      { index: 0, header: 'STT', field: null, samples: ['1', '2', '3'] },
      { index: 1, header: 'Ngày', field: 'date', samples: ['05/01/2026', '07/01/2026', '12/01'] },
      { index: 2, header: 'Giờ phát', field: 'time', samples: ['06:00', '17h30', 'Sáng'] },
      { index: 3, header: 'Nội dung tin bài', field: 'title', samples: ['Tổng kết công tác CCHC quý IV năm 2025', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Thông báo lịch tiếp công dân tháng 1'] },
      { index: 4, header: 'Hình thức', field: 'format', samples: ['Tin', 'Bài', 'Tin'] },
      { index: 5, header: 'Số lượt phát', field: 'playCount', samples: ['2', '1', '1'] },
      { index: 6, header: 'Thời lượng (phút)', field: 'durationSeconds', samples: ['5', '7.5', '3'] },
      { index: 7, header: 'Ghi chú', field: 'note', samples: ['Phát lại'] },
    ]);
  });

  it('lists a data column past the headers, and shortens a long value', () => {
    const grid: SheetCell[][] = [['Ngày', 'Tiêu đề'], ['05/01/2026', 'x'.repeat(100), 'thêm']];
    expect(describeColumns(grid, findTable(grid)!)).toEqual([
      { index: 0, header: 'Ngày', field: 'date', samples: ['05/01/2026'] },
      { index: 1, header: 'Tiêu đề', field: 'title', samples: [`${'x'.repeat(79)}…`] },
      { index: 2, header: '', field: null, samples: ['thêm'] },
    ]);
  });
});
