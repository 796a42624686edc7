import { describe, expect, it } from 'vitest';
import { fieldOfHeader, IMPORT_FIELD_LABELS, mapHeaders, mapHeaderTexts, matchHeader } from '../../src/domain/import-columns.js';

describe('naming the field of a header cell', () => {
  it.each([
    ['Nội dung tin bài', 'title'],
    ['Nội dung tuyên truyền', 'topics'],
    ['NỘI DUNG TUYÊN TRUYỀN CCHC', 'topics'],
    ['Tên bài viết', 'title'],
    ['Tiêu đề bài viết', 'title'],
    ['Thời lượng (phút)', 'durationSeconds'],
    ['Buổi', 'partOfDay'],
    ['Buổi phát', 'partOfDay'],
    ['Tóm tắt nội dung', 'summary'],
    ['Số lần phát', 'playCount'],
    ['Link bài viết', 'url'],
    ['Ngày giờ phát sóng', 'at'],
    ['Kênh\ntuyên truyền', 'channel'],
    ['Người thực hiện', 'recorder'],
    ['Người ghi', 'recorder'],
    ['NGƯỜI GHI SỔ', 'recorder'],
    ['Cán bộ thực hiện', 'recorder'],
    ['Đơn vị thực hiện', 'unit'],
  ])('reads "%s" as %s', (header, field) => {
    expect(matchHeader(header)?.field).toBe(field);
  });

  it('tells a header that is a name from one that holds it, and marks a total column', () => {
    expect(matchHeader('Tiêu đề')).toEqual({ field: 'title', exact: true, total: false });
    expect(matchHeader('Tác giả / nguồn')).toEqual({ field: 'author', exact: true, total: false });
    expect(matchHeader('Thời lượng 1 lần (giờ:phút:giây)')).toEqual({ field: 'durationSeconds', exact: false, total: false });
    expect(matchHeader('Tổng thời lượng (giây)')).toEqual({ field: 'durationSeconds', exact: false, total: true });
  });

  it('matches whole words only, and never a long text or one holding a date', () => {
    expect(matchHeader('Giới thiệu')).toBeNull(); // "giới" folds to "gioi", not the word "gio"
    expect(matchHeader('STT')).toBeNull();
    expect(matchHeader('Tuần 2 (09/01 - 15/01)')).toBeNull();
    expect(matchHeader('Ngày 09/01/2023')).toBeNull();
    expect(matchHeader(`Nội dung ${'rất dài '.repeat(12)}`)).toBeNull();
    expect(matchHeader('')).toBeNull();
  });

  it('keeps fieldOfHeader to exact names', () => {
    expect(fieldOfHeader('Nội dung tin bài')).toBeNull();
    expect(fieldOfHeader('Nội dung')).toBe('title');
    expect(IMPORT_FIELD_LABELS.partOfDay).toBe('Buổi (sáng/chiều)');
  });
});

describe('mapping a row of headers', () => {
  it('gives a field to the strongest column: named exactly, then holding the name, then a total column', () => {
    const headers = ['STT', 'Tổng thời lượng (giây)', 'Nội dung tin bài', 'Tiêu đề', 'Thời lượng (phút)', 'Ngày', 'Giờ'];
    // title: "Tiêu đề" exact (3); duration: "Thời lượng (phút)" holds it (2) over the total column (1); date 3, time 3.
    expect(mapHeaderTexts(headers)).toEqual({ columns: { durationSeconds: 4, title: 3, date: 5, time: 6 }, score: 11 });
  });

  it('takes the leftmost of equal columns, and a date column over a combined time column', () => {
    expect(mapHeaders(['Thời gian', 'Nội dung', 'Ngày phát', 'Nội dung tin bài', 'Tiêu đề bài viết'])).toEqual({ title: 1, date: 2 });
    expect(mapHeaders(['Tên bài', 'Ten bai', 'Thời gian phát sóng'])).toEqual({ title: 0, at: 2 });
  });
});
