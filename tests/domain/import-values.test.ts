import { describe, expect, it } from 'vitest';
import { type ColumnMap, mapHeaders } from '../../src/domain/import-columns.js';
import { readImportRow, rowContext, type SheetCell } from '../../src/domain/import-values.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';

const NOW = new Date('2026-11-22T03:00:00Z');
const DEFAULTS = { format: 'news', unit: 'tt-dvsnc', topics: ['m'] };

/** Reads one data row under the given headers, each header's column mapped as `columns` says. */
function read(headers: string[], columns: ColumnMap, cells: SheetCell[], parts?: { sang: string; trua: string; chieu: string; toi: string }) {
  const ctx = rowContext(defaultVocabulary(), NOW, { columns, defaults: DEFAULTS }, headers, parts);
  return readImportRow(cells, 5, ctx);
}

const radio = (date: SheetCell, time: SheetCell, plays: SheetCell = 1) =>
  read(['Ngày', 'Giờ', 'Tiêu đề', 'Kênh', 'Số lần'], { date: 0, time: 1, title: 2, channel: 3, playCount: 4 }, [date, time, 'Tin về Đề án 06', 'Truyền thanh', plays]);

describe('readImportRow, a row as offices write it', () => {
  const airings: [SheetCell, SheetCell, SheetCell, string, number][] = [
    ['Thứ Hai, 09/01/2023', '6h30', 1, '2023-01-09T06:30:00+07:00', 1],
    ['Thứ 2, 09/01/2023', '17 giờ 30', '2 lần', '2023-01-09T17:30:00+07:00', 2],
    ['CN 15/01/2023', '17g30', 'x2', '2023-01-15T17:30:00+07:00', 2],
    ['Chủ nhật, 15/01/2023', '6 giờ 30 phút', '2 lượt', '2023-01-15T06:30:00+07:00', 2],
    ['9-1-2023', '6 giờ', 3, '2023-01-09T06:00:00+07:00', 3],
    ['09.01.2023', '06:30:00', '1', '2023-01-09T06:30:00+07:00', 1],
    [new Date(Date.UTC(2023, 0, 9)), new Date(Date.UTC(1899, 11, 30, 6, 30)), 1, '2023-01-09T06:30:00+07:00', 1],
    [44935, 0.75, 1, '2023-01-09T18:00:00+07:00', 1],
    ['09/01/2023 lúc 5 giờ chiều', '', 1, '2023-01-09T17:00:00+07:00', 1],
  ];
  it.each(airings)('reads %j at %j, %j plays', (date, time, plays, at, playCount) => {
    const row = radio(date, time, plays);
    expect(row.ok && [row.value.entry.at, row.value.entry.playCount, row.value.partOfDay]).toEqual([at, playCount, undefined]);
  });

  it('gives a row naming only a part of the day that part\u2019s time, and says so', () => {
    const row = radio('Thứ Hai, 09/01/2023', 'Buổi chiều');
    expect(row.ok && [row.value.entry.at, row.value.partOfDay]).toEqual(['2023-01-09T17:00:00+07:00', 'chieu']);
    const fromSchedule = read(['Ngày', 'Giờ', 'Tiêu đề', 'Kênh'], { date: 0, time: 1, title: 2, channel: 3 }, ['09/01/2023', 'sang', 'Tin', 'radio'], { sang: '05:30', trua: '11:00', chieu: '17:00', toi: '19:00' });
    expect(fromSchedule.ok && [fromSchedule.value.entry.at, fromSchedule.value.partOfDay]).toEqual(['2023-01-09T05:30:00+07:00', 'sang']);
    const inDate = read(['Thời gian', 'Tiêu đề', 'Kênh'], { at: 0, title: 1, channel: 2 }, ['Tối 09/01/2023', 'Tin', 'radio']);
    expect(inDate.ok && [inDate.value.entry.at, inDate.value.partOfDay]).toEqual(['2023-01-09T19:00:00+07:00', 'toi']);
  });

  it('reads a "Buổi" column when the time cell is empty, and the time cell over it', () => {
    const headers = ['Ngày', 'Giờ', 'Buổi', 'Tiêu đề', 'Kênh', 'Thời lượng (phút)'];
    const columns = mapHeaders(headers);
    expect(columns).toMatchObject({ date: 0, time: 1, partOfDay: 2, durationSeconds: 5 });
    const part = read(headers, columns, ['Thứ Hai, 09/01/2023', '', 'Buổi chiều', 'Tin', 'radio', 3.5]);
    expect(part.ok && [part.value.entry.at, part.value.partOfDay, part.value.entry.durationSeconds]).toEqual(['2023-01-09T17:00:00+07:00', 'chieu', 210]);
    const both = read(headers, columns, ['09/01/2023', '16:30', 'Chiều', 'Tin', 'radio', '']);
    expect(both.ok && [both.value.entry.at, both.value.partOfDay]).toEqual(['2023-01-09T16:30:00+07:00', undefined]);
    const wrong = read(headers, columns, ['09/01/2023', '', 'Khuya', 'Tin', 'radio', '']);
    expect(wrong.ok ? [] : wrong.problems.map((p) => p.column)).toEqual(['Buổi']);
  });

  it('reads views and interactions with thousands separators', () => {
    const headers = ['Ngày', 'Tiêu đề', 'Kênh', 'Lượt xem', 'Lượt tương tác'];
    const row = read(headers, { date: 0, title: 1, channel: 2, views: 3, interactions: 4 }, ['09/01/2023 08:00', 'Bài đăng', 'Fanpage', '1.234', '1 234']);
    expect(row.ok && [row.value.entry.views, row.value.entry.interactions]).toEqual([1234, 1234]);
    const commas = read(headers, { date: 0, title: 1, channel: 2, views: 3, interactions: 4 }, ['09/01/2023 08:00', 'Bài đăng', 'Fanpage', '12,000', 45]);
    expect(commas.ok && [commas.value.entry.views, commas.value.entry.interactions]).toEqual([12000, 45]);
  });

  const durations: [string, SheetCell, number][] = [
    ['Thời lượng (phút)', 3.5, 210],
    ['Thời lượng (phút)', '3,5', 210],
    ['Thời lượng (phút)', '3:30', 210],
    ['Thời lượng (giây)', 210, 210],
    ['Thời lượng 1 lần (giây)', '210', 210],
    ['Thời lượng', 210, 210],
    ['Thời lượng', 0.0025, 216],
    ['Thời lượng', '3\'30"', 210],
    ['Thời lượng', "3' 30''", 210],
    ['Thời lượng', '3 phút', 180],
    ['Thời lượng', '45 giây', 45],
    ['Thời lượng', '00:03:30', 210],
  ];
  it.each(durations)('reads under %j the length %j as %i seconds', (header, cell, seconds) => {
    const row = read(['Ngày', 'Tiêu đề', 'Kênh', header], { date: 0, title: 1, channel: 2, durationSeconds: 3 }, ['09/01/2023 06:30', 'Tin', 'radio', cell]);
    expect(row.ok && row.value.entry.durationSeconds).toBe(seconds);
  });

  it('refuses what it cannot read, naming the column and the cell', () => {
    const headers = ['Ngày', 'Giờ', 'Tiêu đề', 'Kênh', 'Số lần', 'Thời lượng (phút)', 'Lượt xem'];
    const columns = { date: 0, time: 1, title: 2, channel: 3, playCount: 4, durationSeconds: 5, views: 6 };
    const row = read(headers, columns, ['Thứ Hai, 10/01/2023', '25h', 'Bài', 'Cổng TTĐT', 'hai lần', '1.234', '1.5']);
    expect(row.ok ? [] : row.problems).toEqual([
      { row: 5, column: 'Ngày', message: 'Ngày 10/01/2023 là Thứ Ba, không phải Thứ Hai: xem lại ngày hoặc thứ.', cell: 'Thứ Hai, 10/01/2023' },
      { row: 5, column: 'Giờ', message: 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.', cell: '25h' },
      { row: 5, column: 'Số lần', message: 'Số lượt phát phải là một số nguyên, ví dụ 2, "2 lần" hoặc "x2".', cell: 'hai lần' },
      { row: 5, column: 'Thời lượng (phút)', message: 'Thời lượng phải là số phút (3 hoặc 3,5), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").', cell: '1.234' },
      { row: 5, column: 'Lượt xem', message: 'Lượt xem phải là một số nguyên, ví dụ 1234, 1.234 hoặc 1 234 (dấu chấm, phẩy hay cách chỉ để tách hàng nghìn).', cell: '1.5' },
    ]);
  });

  it('refuses a date that is not on the calendar, weekday or not', () => {
    const row = radio('Thứ Hai, 31/02/2023', '6h30');
    expect(row.ok ? [] : row.problems).toEqual([{ row: 5, column: 'Ngày', message: 'Ngày 31/02/2023 không có trên lịch.', cell: 'Thứ Hai, 31/02/2023' }]);
  });

  it('names the date column for a time written with the date that cannot be read', () => {
    const row = read(['Thời gian', 'Tiêu đề', 'Kênh'], { at: 0, title: 1, channel: 2 }, ['09/01/2023 25h', 'Tin', 'radio']);
    expect(row.ok ? [] : row.problems).toEqual([{ row: 5, column: 'Thời gian', message: 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.', cell: '09/01/2023 25h' }]);
  });

  it('takes the time cell over a time written with the date, as before', () => {
    const row = radio('09/01/2023 25h', '06:30');
    expect(row.ok && row.value.entry.at).toBe('2023-01-09T06:30:00+07:00');
  });

  it('keeps the play count checks of the log', () => {
    const zero = radio('09/01/2023', '06:30', '0 lần');
    expect(zero.ok ? [] : zero.problems.map((p) => p.message)).toEqual(['Số lượt phát phải từ 1 trở lên.']);
    const many = radio('09/01/2023', '06:30', '1.001');
    expect(many.ok ? [] : many.problems.map((p) => p.column)).toEqual(['Số lần']);
  });

  it('reads who recorded the row from its "Người thực hiện" column, blank when empty or absent, refusing a text past 200 characters', () => {
    const headers = ['Ngày', 'Giờ', 'Tiêu đề', 'Kênh', 'Người thực hiện'];
    const columns = { date: 0, time: 1, title: 2, channel: 3, recorder: 4 };
    const named = read(headers, columns, ['09/01/2023', '06:30', 'Tin', 'Truyền thanh', '  Nguyễn Thị Lan ']);
    expect(named.ok && named.value.recorder).toBe('Nguyễn Thị Lan');
    const blank = read(headers, columns, ['09/01/2023', '06:30', 'Tin', 'Truyền thanh', '']);
    expect(blank.ok && blank.value.recorder).toBe('');
    expect(radio('09/01/2023', '06:30').ok && (radio('09/01/2023', '06:30') as { value: { recorder: string } }).value.recorder).toBe('');
    const long = read(headers, columns, ['09/01/2023', '06:30', 'Tin', 'Truyền thanh', 'x'.repeat(201)]);
    expect(long.ok ? [] : long.problems.map((p) => [p.column, p.message])).toEqual([['Người thực hiện', 'Người ghi không được dài quá 200 ký tự.']]);
  });
});
