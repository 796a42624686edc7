import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARTS_OF_DAY,
  durationFrom,
  durationUnitOfHeader,
  partOfDayAt,
  type PartsOfDay,
  partsOfDayFrom,
  playCountOf,
  tallyOf,
  timeOrPartOfDay,
  whenOf,
} from '../../src/domain/office-values.js';
import type { SheetCell } from '../../src/domain/sheet-cells.js';

const parts: PartsOfDay = { sang: '06:15', trua: '11:30', chieu: '16:45', toi: '19:30' };
const excelTime = (h: number, m: number, s = 0): Date => new Date(Date.UTC(1899, 11, 30, h, m, s));

describe('whenOf, a date cell as offices write it', () => {
  const read: [SheetCell, string, string][] = [
    ['Thứ Hai, 09/01/2023', '09/01/2023', ''],
    ['Thứ 2, 09/01/2023', '09/01/2023', ''],
    ['thứ hai 09/01/2023', '09/01/2023', ''],
    ['THỨ HAI, 09/01/2023', '09/01/2023', ''],
    ['Thu hai, 09/01/2023', '09/01/2023', ''],
    ['T2 09/01/2023', '09/01/2023', ''],
    ['Thứ Bảy, 14/01/2023', '14/01/2023', ''],
    ['Thứ bẩy 14/01/2023', '14/01/2023', ''],
    ['CN 15/01/2023', '15/01/2023', ''],
    ['Chủ nhật, 15/01/2023', '15/01/2023', ''],
    ['Chủ Nhật, ngày 15/01/2023', '15/01/2023', ''],
    ['15/01/2023 (Chủ nhật)', '15/01/2023', ''],
    ['Thứ Hai, 09/01/2023 lúc 6h30', '09/01/2023', '06:30'],
    ['Sáng thứ Hai, 09/01/2023', '09/01/2023', '06:15'],
    ['09/01/2023 buổi chiều', '09/01/2023', '16:45'],
    ['09/01/2023 17 giờ 30', '09/01/2023', '17:30'],
    ['09/01/2023 06:30:00', '09/01/2023', '06:30'],
    ['06:30 09/01/2023', '09/01/2023', '06:30'],
    ['9-1-2023', '9-1-2023', ''],
    ['09.01.2023', '09.01.2023', ''],
    ['09.01.2023 lúc 17g30', '09.01.2023', '17:30'],
    ['2023-01-09 06:30', '2023-01-09', '06:30'],
    ['2023-01-09', '2023-01-09', ''],
    ['09012023', '09012023', ''],
    [new Date(Date.UTC(2023, 0, 9)), '09/01/2023', ''],
    [new Date(Date.UTC(2023, 0, 9, 17, 30)), '09/01/2023', '17:30'],
    [44935, '09/01/2023', ''],
    [44935.75, '09/01/2023', '18:00'],
  ];
  it.each(read)('reads %j as date %s, time %j', (cell, date, time) => {
    const when = whenOf(cell, parts);
    expect(when.problems).toEqual({});
    expect([when.date, when.time]).toEqual([date, time]);
  });

  it('says when the time was taken from a part of the day', () => {
    expect(whenOf('Sáng 09/01/2023', parts)).toEqual({ date: '09/01/2023', time: '06:15', partOfDay: 'sang', problems: {} });
    expect(whenOf('09/01/2023 6:30 sáng', parts).partOfDay).toBeNull();
  });

  it('refuses a weekday that is not the date\u2019s, naming both', () => {
    expect(whenOf('Thứ Hai, 10/01/2023', parts).problems).toEqual({ date: 'Ngày 10/01/2023 là Thứ Ba, không phải Thứ Hai: xem lại ngày hoặc thứ.' });
    expect(whenOf('CN 14/01/2023', parts).problems).toEqual({ date: 'Ngày 14/01/2023 là Thứ Bảy, không phải Chủ nhật: xem lại ngày hoặc thứ.' });
    expect(whenOf('Thứ 7, 15/01/2023', parts).problems.date).toContain('là Chủ nhật, không phải Thứ Bảy');
  });

  it('leaves a date that is not on the calendar to the date check, weekday or not', () => {
    // The validator says "Ngày 31/02/2023 không có trên lịch."; the weekday cannot be checked against it.
    expect(whenOf('Thứ Hai, 31/02/2023', parts)).toEqual({ date: '31/02/2023', time: '', partOfDay: null, problems: {} });
  });

  it('keeps a cell without a date whole, so that its refusal shows what was written', () => {
    expect(whenOf('Thứ Hai', parts).date).toBe('Thứ Hai');
    expect(whenOf('tháng 1', parts).date).toBe('tháng 1');
  });

  it('names a time it cannot read beside a date', () => {
    expect(whenOf('09/01/2023 25h', parts).problems).toEqual({ time: 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.' });
    expect(whenOf('09/01/2023 phát lại', parts).problems.time).toContain('Giờ phải có dạng HH:mm');
  });
});

describe('timeOrPartOfDay, a time or a part of the day', () => {
  const read: [SheetCell, string][] = [
    [excelTime(6, 30), '06:30'],
    [0.75, '18:00'],
    ['06:30', '06:30'],
    ['6:30', '06:30'],
    ['6.30', '06:30'],
    ['06:30:00', '06:30'],
    ['6h30', '06:30'],
    ['6H30', '06:30'],
    ['6h', '06:00'],
    ['6 h', '06:00'],
    ['6 giờ', '06:00'],
    ['6 gio', '06:00'],
    ['17 giờ 30', '17:30'],
    ['17g30', '17:30'],
    ['17g', '17:00'],
    ['6 giờ 30 phút', '06:30'],
    ["6h30'", '06:30'],
    ['6', '06:00'],
    [6, '06:00'],
    ['0600', '06:00'],
    ['6:30 sáng', '06:30'],
    ['6h30 sáng', '06:30'],
    ['Sáng 6h30', '06:30'],
    ['5 giờ chiều', '17:00'],
    ['Chiều: 5h', '17:00'],
    ['17h chiều', '17:00'],
    ['1 giờ trưa', '13:00'],
    ['11h30 trưa', '11:30'],
    ['7 giờ tối', '19:00'],
    ['19h30 tối', '19:30'],
    ['5:30 CH', '17:30'],
    ['6:30 SA', '06:30'],
    ['12:15 PM', '12:15'],
    ['06:00 - 06:30', '06:00'],
    ['6h đến 6h30', '06:00'],
  ];
  it.each(read)('reads %j as %s', (cell, time) => {
    expect(timeOrPartOfDay(cell, parts)).toEqual({ ok: true, value: { time, partOfDay: null } });
  });

  const partsRead: [string, keyof PartsOfDay][] = [
    ['Sáng', 'sang'],
    ['sáng', 'sang'],
    ['sang', 'sang'],
    ['buổi sáng', 'sang'],
    ['Buổi Sáng', 'sang'],
    ['Trưa', 'trua'],
    ['trua', 'trua'],
    ['Chiều', 'chieu'],
    ['BUỔI CHIỀU', 'chieu'],
    ['chieu', 'chieu'],
    ['Tối', 'toi'],
    ['buoi toi', 'toi'],
    ['  Tối ', 'toi'],
  ];
  it.each(partsRead)('reads %j as the part of the day %s, at the time given for it', (cell, part) => {
    expect(timeOrPartOfDay(cell, parts)).toEqual({ ok: true, value: { time: parts[part], partOfDay: part } });
  });

  it('gives an empty time for an empty cell', () => {
    for (const cell of ['', '  ', null, undefined]) expect(timeOrPartOfDay(cell, parts)).toEqual({ ok: true, value: { time: '', partOfDay: null } });
  });

  const refused: [SheetCell, string][] = [
    ['25h', 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.'],
    ['25:00', 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.'],
    ['6h75', 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.'],
    ['06:30:75', 'Giờ không có thật: giờ từ 0 đến 23, phút từ 0 đến 59.'],
    ['15 giờ sáng', 'Giờ ghi không khớp với buổi sáng.'],
    ['3 giờ tối', 'Giờ ghi không khớp với buổi tối.'],
    ['8 giờ trưa', 'Giờ ghi không khớp với buổi trưa.'],
    ['13:00 SA', 'Giờ ghi không khớp với buổi sáng.'],
    ['sáng sớm', 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.'],
    ['đêm', 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.'],
    ['6h30 - ?', 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.'],
    [17.3, 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.'],
    [true, 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30, 6h30 hoặc 17 giờ 30; hoặc ghi buổi: Sáng, Trưa, Chiều, Tối.'],
  ];
  it.each(refused)('refuses %j: %s', (cell, message) => {
    expect(timeOrPartOfDay(cell, parts)).toEqual({ ok: false, message });
  });
});

describe('partsOfDayFrom, the time each part of the day stands for', () => {
  const slot = (start: string, deletedAt: string | null = null) => ({ start, deletedAt });

  it('takes the defaults without a schedule', () => {
    expect(partsOfDayFrom([])).toEqual({ sang: '06:00', trua: '11:00', chieu: '17:00', toi: '19:00' });
    expect(DEFAULT_PARTS_OF_DAY).toEqual({ sang: '06:00', trua: '11:00', chieu: '17:00', toi: '19:00' });
  });

  it('takes the earliest live slot starting in each part, and the default for a part with none', () => {
    const slots = [slot('17:30'), slot('05:30'), slot('06:00'), slot('13:15'), slot('04:45', '2026-01-01T00:00:00+07:00'), slot('02:00'), slot('20:00')];
    expect(partsOfDayFrom(slots)).toEqual({ sang: '05:30', trua: '11:00', chieu: '13:15', toi: '20:00' });
  });

  it('puts a slot on the edge of two parts in the later one', () => {
    expect(partsOfDayFrom([slot('10:59'), slot('11:00'), slot('12:59'), slot('13:00'), slot('17:59'), slot('18:00')])).toEqual({ sang: '10:59', trua: '11:00', chieu: '13:00', toi: '18:00' });
  });

  it('lets an override win over the schedule, and ignores one that is not a time', () => {
    expect(partsOfDayFrom([slot('05:30'), slot('17:30')], { sang: '6h30', chieu: '25:00' })).toEqual({ sang: '06:30', trua: '11:00', chieu: '17:30', toi: '19:00' });
  });

  const at: [string, string | null][] = [['03:59', null], ['04:00', 'sang'], ['10:59', 'sang'], ['11:00', 'trua'], ['12:59', 'trua'], ['13:00', 'chieu'], ['17:59', 'chieu'], ['18:00', 'toi'], ['23:59', 'toi'], ['00:00', null], ['x', null]];
  it.each(at)('puts %s in %s', (time, part) => {
    expect(partOfDayAt(time)).toBe(part);
  });
});

describe('playCountOf and tallyOf, counts as offices write them', () => {
  const plays: [SheetCell, number | ''][] = [[2, 2], ['2', 2], ['2 lần', 2], ['2 Lần', 2], ['2lần', 2], ['x2', 2], ['X2', 2], ['×2', 2], ['2x', 2], ['2 lượt', 2], ['2 lượt phát', 2], ['0', 0], ['-1', -1], ['', ''], [null, '']];
  it.each(plays)('reads the play count %j as %j', (cell, n) => {
    expect(playCountOf(cell)).toEqual({ ok: true, value: n });
  });

  it.each([['hai lần'], ['2-3'], ['1.5'], ['2 lần/ngày']])('refuses the play count %j', (cell) => {
    expect(playCountOf(cell)).toEqual({ ok: false, message: 'Số lượt phát phải là một số nguyên, ví dụ 2, "2 lần" hoặc "x2".' });
  });

  const tallies: [SheetCell, number | ''][] = [
    [1234, 1234],
    ['1234', 1234],
    ['1.234', 1234],
    ['1,234', 1234],
    ['1 234', 1234],
    ['1\u00a0234', 1234],
    ['1\u202f234', 1234],
    ['12.000', 12000],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['999', 999],
    ['1.234 lượt xem', 1234],
    ['', ''],
    // A number cell goes to the check as it is, which refuses 1.5 there.
    [1.5, 1.5],
  ];
  it.each(tallies)('reads the count %j as %j', (cell, n) => {
    expect(tallyOf(cell, 'Lượt xem')).toEqual({ ok: true, value: n });
  });

  it.each([['1.5'], ['1,5'], ['12.34'], ['1.2345'], ['1.234,567'], ['1.234.56'], ['1 23'], ['1234.567'], ['.234'], ['nhiều']])('refuses the count %j', (cell) => {
    expect(tallyOf(cell, 'Lượt xem')).toEqual({ ok: false, message: 'Lượt xem phải là một số nguyên, ví dụ 1234, 1.234 hoặc 1 234 (dấu chấm, phẩy hay cách chỉ để tách hàng nghìn).' });
  });
});

describe('durationUnitOfHeader', () => {
  const headers: [string, string | null][] = [
    ['Thời lượng (phút)', 'minutes'],
    ['Thời lượng phút', 'minutes'],
    ['THỜI LƯỢNG (PHÚT)', 'minutes'],
    ['Thoi luong (phut)', 'minutes'],
    ['Số phút', 'minutes'],
    ['Thời lượng (giây)', 'seconds'],
    ['Thời lượng 1 lần (giây)', 'seconds'],
    ['Thời lượng giây', 'seconds'],
    ['Thời lượng (s)', 'seconds'],
    ['Thời lượng', null],
    ['Thời lượng (phút:giây)', null],
    ['Thời lượng (mm:ss)', null],
    ['', null],
  ];
  it.each(headers)('reads the unit of %j as %j', (header, unit) => {
    expect(durationUnitOfHeader(header)).toBe(unit);
  });
});

describe('durationFrom, a length in seconds', () => {
  const read: [SheetCell, 'minutes' | 'seconds' | null, number | ''][] = [
    // Without a unit, as before: a number is seconds, a fraction of a day is an Excel time.
    [150, null, 150],
    ['240', null, 240],
    [0.0025, null, 216],
    [excelTime(0, 3, 30), null, 210],
    // In the header's unit.
    [3.5, 'minutes', 210],
    [3, 'minutes', 180],
    ['3', 'minutes', 180],
    ['3,5', 'minutes', 210],
    ['3.5', 'minutes', 210],
    ['2,25', 'minutes', 135],
    [210, 'seconds', 210],
    ['210', 'seconds', 210],
    [excelTime(0, 3, 30), 'minutes', 210],
    // Written with units, in any column.
    ['3\'30"', null, 210],
    ["3' 30''", null, 210],
    ['3\u2032 30\u2033', null, 210],
    ['3\u2019 30\u2019\u2019', null, 210],
    ['3 phút 30 giây', null, 210],
    ['3 phut 30 giay', null, 210],
    ['3 phút 30 giây', 'minutes', 210],
    ['3 phút', null, 180],
    ['3 phút', 'seconds', 180],
    ['45 giây', null, 45],
    ['45 giây', 'minutes', 45],
    ['45s', null, 45],
    ['3p30', null, 210],
    ['3m30s', null, 210],
    ['90 phút', null, 5400],
    ['1 giờ 5 phút', null, 3900],
    ['1 tiếng', null, 3600],
    ['1h30', null, 5400],
    ['3:30', null, 210],
    ['3:30', 'minutes', 210],
    ['00:03:30', null, 210],
    ['1:02:03', null, 3723],
    ['', 'minutes', ''],
  ];
  it.each(read)('reads %j (unit %j) as %j', (cell, unit, seconds) => {
    expect(durationFrom(cell, unit)).toEqual({ ok: true, value: seconds });
  });

  const refused: [SheetCell, 'minutes' | 'seconds' | null, string][] = [
    ['ba phút', null, 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    ['3,5', null, 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    ['3,5', 'seconds', 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    // Three decimals read as a thousands separator, never as minutes.
    ['1.234', 'minutes', 'Thời lượng phải là số phút (3 hoặc 3,5), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    ['3 phút 75 giây', null, 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    ['3:75', null, 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
    ['1 giờ 75 phút', null, 'Thời lượng phải là số giây (210), phút:giây (3:30) hoặc ghi rõ đơn vị (3 phút 30 giây, 3\'30").'],
  ];
  it.each(refused)('refuses %j (unit %j)', (cell, unit, message) => {
    expect(durationFrom(cell, unit)).toEqual({ ok: false, message });
  });
});
