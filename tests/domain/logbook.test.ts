import { describe, expect, it } from 'vitest';
import { airtimeText, airingsOfItems, buildLogbook, closingLine, daysWithoutLine, showsWeeks, totalAirtime, totalText, unitHeading, weekLabel } from '../../src/domain/logbook.js';
import { logbookFileName, logbookQuery, monthPeriod, parseLogbookQuery, pickerQuery, weekPeriod } from '../../src/domain/logbook-period.js';
import type { Entry, EntryWithItem, Item } from '../../src/domain/model.js';
import { parsePeriodQuery, quarter } from '../../src/domain/periods.js';
import { buildReport } from '../../src/domain/report.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';
import { entryRecord, itemRecord } from '../fixtures.js';

const vocab = defaultVocabulary();
const ITEMS: Record<string, Item> = {
  A: itemRecord(1, { title: 'Tin A' }),
  B: itemRecord(2, { title: 'Tin B', format: 'report' }),
  C: itemRecord(3, { title: 'Tin C' }),
};

function view(id: number, item: keyof typeof ITEMS | Item, at: string, over: Partial<Entry> = {}): EntryWithItem {
  const it = typeof item === 'string' ? ITEMS[item]! : item;
  return { ...entryRecord(id, { at: `${at}:00+07:00`, itemId: it.id, ...over }), item: it };
}

// The fortnight Monday 16/11 – Sunday 29/11/2026 (hand-computed; time on air = plays × one play, none: empty):
//   STT  id  day          time   item  plays  one play  on air  recorded by
//   1    1   Mon 16/11    06:00  B     2      180       360     the app's account "lan" (Nguyễn Thị Lan)
//   2    2   Mon 16/11    11:00  A     1      none      —       the app's account "bientap" (no name known)
//   3    3   Mon 16/11    17:30  A     3      90        270     "bientap"
//   4    4   Sun 22/11    23:59  C     1      60        60      imported, the file names Trần Văn Bình
//   5    5   Tue 24/11    06:00  B     2      180       360     imported, the file names nobody
//   Week 16–22: 4 airings of 3 items (A, B, C), 7 plays, 690 s.  Week 23–29: 1 airing of 1 item, 2 plays, 360 s.
//   The fortnight: 5 airings of 3 items, 9 plays, 1,050 s = 0:17:30; aired on 3 of 14 days, 11 without.
const FORTNIGHT = parsePeriodQuery({ from: '16/11/2026', to: '29/11/2026' }, '2026-12-01');
if (!FORTNIGHT.ok) throw new Error('period');
const PERIOD = FORTNIGHT.value;
const entries = (): EntryWithItem[] => [
  view(3, 'A', '2026-11-16T17:30', { playCount: 3, durationSeconds: 90 }),
  view(1, 'B', '2026-11-16T06:00', { playCount: 2, durationSeconds: 180, recordedBy: 'lan' }),
  view(2, 'A', '2026-11-16T11:00', { playCount: 1, durationSeconds: null }),
  view(4, 'C', '2026-11-22T23:59', { playCount: 1, durationSeconds: 60, recordedBy: 'nhapexcel', recorderName: 'Trần Văn Bình' }),
  view(5, 'B', '2026-11-24T06:00', { playCount: 2, durationSeconds: 180, recordedBy: 'nhapexcel', recorderName: '' }),
];
const names = new Map([['lan', 'Nguyễn Thị Lan'], ['nhapexcel', 'Người nhập tệp']]);

describe('the log book of a period', () => {
  const book = buildLogbook(PERIOD, entries(), vocab, names, '2026-12-01');
  const rows = book.weeks.flatMap((w) => w.rows);

  it('is one run of lines in time order, numbered on across days and weeks, days without an airing left out', () => {
    expect(rows.map((r) => [r.no, r.entryId, r.date, r.time, r.title, r.format, r.plays, airtimeText(r.airtimeSeconds)])).toEqual([
      [1, 1, '16/11/2026', '06:00', 'Tin B', 'Phóng sự', 2, '0:06:00'],
      [2, 2, '16/11/2026', '11:00', 'Tin A', 'Tin', 1, ''],
      [3, 3, '16/11/2026', '17:30', 'Tin A', 'Tin', 3, '0:04:30'],
      [4, 4, '22/11/2026', '23:59', 'Tin C', 'Tin', 1, '0:01:00'],
      [5, 5, '24/11/2026', '06:00', 'Tin B', 'Phóng sự', 2, '0:06:00'],
    ]);
    expect(book.weeks.map((w) => [w.from, w.to, w.rows.length])).toEqual([['2026-11-16', '2026-11-22', 4], ['2026-11-23', '2026-11-29', 1]]);
  });

  it('names who recorded each line: the account\'s name, the file\'s name for an imported row, blank when the file names nobody, never who ran the import', () => {
    expect(rows.map((r) => r.recordedBy)).toEqual(['Nguyễn Thị Lan', 'bientap', 'bientap', 'Trần Văn Bình', '']);
  });

  it('totals each week and the period as the report does: airings, distinct items, plays, time on air', () => {
    expect(book.weeks.map((w) => [w.totals.entries, w.totals.items, w.totals.plays, w.totals.airtimeSeconds])).toEqual([[4, 3, 7, 690], [1, 1, 2, 360]]);
    expect(book.totals).toMatchObject({ entries: 5, items: 3, plays: 9, airtimeSeconds: 1050 });
    // The report of the same entries counts the same distinct radio items (3), not the airings (5).
    const report = buildReport(entries(), (id) => Object.values(ITEMS).find((i) => i.id === id), vocab, PERIOD.from, PERIOD.to);
    expect(report.byChannel.find((r) => r.code === 'radio')).toMatchObject({ entries: book.totals.entries, items: book.totals.items, plays: book.totals.plays, airtimeSeconds: book.totals.airtimeSeconds });
  });

  it('says its totals in the report\'s words', () => {
    expect(airingsOfItems(book.totals)).toBe('5 lượt phát sóng của 3 tin bài');
    expect(totalText(weekLabel(book.weeks[0]!), book.weeks[0]!.totals)).toBe('Cộng tuần 16/11 – 22/11/2026: 4 lượt phát sóng của 3 tin bài');
    expect(totalAirtime(book.totals)).toBe('0:17:30');
    expect(closingLine(book)).toBe('Tổng cộng 5 lượt phát sóng của 3 tin bài, 9 lượt phát; thời lượng phát 0:17:30.');
    expect(daysWithoutLine(book)).toBe('Trong kỳ có 11 ngày không có buổi phát (không ghi vào sổ).');
    expect(showsWeeks(book)).toBe(true);
  });

  it('counts the days without an airing only up to today while the period runs', () => {
    const running = buildLogbook(PERIOD, entries(), vocab, names, '2026-11-24');
    // 16/11–24/11 is 9 days; 16, 22 and 24 had airings.
    expect(running.daysWithout).toBe(6);
    expect(daysWithoutLine(running)).toBe('Từ đầu kỳ đến hết ngày 24/11/2026 có 6 ngày không có buổi phát (không ghi vào sổ).');
    const everyDay = buildLogbook({ ...PERIOD, to: '2026-11-16' }, entries(), vocab, names, '2026-12-01');
    expect(daysWithoutLine(everyDay)).toBe('Trong kỳ ngày nào cũng có buổi phát.');
    expect(showsWeeks(everyDay)).toBe(false);
  });

  it('leaves out entries of other channels, deleted ones, those of deleted items, and those outside the period', () => {
    const gone = { deletedAt: '2026-11-20T10:00:00+07:00', deletedBy: 'bientap' };
    const more = [
      ...entries(),
      view(6, 'C', '2026-11-16T08:00', { channel: 'portal', durationSeconds: 100 }),
      view(7, 'C', '2026-11-17T09:00', gone),
      view(8, itemRecord(9, { title: 'Tin đã xóa', ...gone }), '2026-11-17T09:30'),
      view(9, 'C', '2026-11-30T00:00', { playCount: 5 }),
      view(10, 'C', '2026-11-15T23:59', { playCount: 5 }),
    ];
    expect(buildLogbook(PERIOD, more, vocab, names, '2026-12-01').totals).toMatchObject({ entries: 5, items: 3, plays: 9, airtimeSeconds: 1050 });
  });

  it('cuts a week at the period\'s edges, and keeps airings of the same minute in the order they were logged', () => {
    const book2 = buildLogbook(monthPeriod(2026, 11), [view(12, 'A', '2026-11-01T06:00'), view(11, 'B', '2026-11-01T06:00'), view(13, 'A', '2026-11-30T06:00')], vocab, names, '2026-12-01');
    expect(book2.weeks.map((w) => [w.from, w.to])).toEqual([['2026-11-01', '2026-11-01'], ['2026-11-30', '2026-11-30']]);
    expect(book2.weeks[0]!.rows.map((r) => r.entryId)).toEqual([11, 12]);
    expect(weekLabel(book2.weeks[0]!)).toBe('Cộng tuần 01/11/2026');
    expect(weekLabel({ from: '2026-12-28', to: '2027-01-03' })).toBe('Cộng tuần 28/12/2026 – 03/01/2027');
  });

  it('has a total of nothing for a period without an airing', () => {
    const empty = buildLogbook(quarter(2026, 1), [], vocab, names, '2026-12-01');
    expect([empty.weeks, empty.daysWithout, airingsOfItems(empty.totals), totalAirtime(empty.totals)]).toEqual([[], 90, '0 lượt phát sóng của 0 tin bài', '']);
  });
});

describe('the period of a log book', () => {
  const TODAY = '2026-11-22';
  const read = (query: Record<string, unknown>) => {
    const parsed = parseLogbookQuery(query, TODAY);
    return parsed.ok ? [parsed.value.from, parsed.value.to, parsed.value.label] : parsed.errors;
  };

  it.each([
    [{ period: 'q1', year: '2026' }, ['2026-01-01', '2026-03-31', 'Quý I năm 2026']],
    [{ period: 'h2', year: '2025' }, ['2025-07-01', '2025-12-31', '6 tháng cuối năm 2025']],
    [{ period: 'year', year: '2026' }, ['2026-01-01', '2026-12-31', 'Năm 2026']],
    [{ period: 'gov-q1', year: '2026' }, ['2025-12-15', '2026-03-14', 'Quý I năm 2026 (kỳ báo cáo 15/12/2025–14/03/2026)']],
    [{ period: 'gov-month', year: '2026', month: '3' }, ['2026-02-15', '2026-03-14', 'Tháng 3 năm 2026 (kỳ báo cáo 15/02/2026–14/03/2026)']],
    [{ period: 'custom', from: '05/11/2026', to: '20/11/2026' }, ['2026-11-05', '2026-11-20', 'Từ ngày 05/11/2026 đến ngày 20/11/2026']],
    [{ from: '2026-11-05', to: '2026-11-20' }, ['2026-11-05', '2026-11-20', 'Từ ngày 05/11/2026 đến ngày 20/11/2026']],
    // On paper "this week" is named by its dates.
    [{}, ['2026-11-16', '2026-11-22', 'Tuần từ 16/11/2026 đến 22/11/2026']],
    [{ period: 'last-week' }, ['2026-11-09', '2026-11-15', 'Tuần từ 09/11/2026 đến 15/11/2026']],
    // The links of before: a week by any of its dates, a month as mm/yyyy or yyyy-mm.
    [{ week: '18/11/2026' }, ['2026-11-16', '2026-11-22', 'Tuần từ 16/11/2026 đến 22/11/2026']],
    [{ week: '2026-11-23' }, ['2026-11-23', '2026-11-29', 'Tuần từ 23/11/2026 đến 29/11/2026']],
    [{ month: '11/2026' }, ['2026-11-01', '2026-11-30', 'Tháng 11 năm 2026']],
    [{ month: '2028-02' }, ['2028-02-01', '2028-02-29', 'Tháng 2 năm 2028']],
  ])('reads %j', (query, expected) => {
    expect(read(query)).toEqual(expected);
  });

  it.each([
    [{ period: 'q5', year: '2026' }, { period: 'Kỳ báo cáo không hợp lệ.' }],
    [{ period: 'q1', year: '26' }, { year: 'Năm phải là số có 4 chữ số, ví dụ 2026.' }],
    [{ period: 'custom', from: '20/11/2026', to: '05/11/2026' }, { to: 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.' }],
    [{ period: 'custom', from: '31/02/2026', to: '05/11/2026' }, { from: 'Ngày 31/02/2026 không có trên lịch.' }],
    [{ week: '31/02/2026' }, { week: 'Ngày 31/02/2026 không có trên lịch.' }],
    [{ week: 'tuần này' }, { week: 'Ngày trong tuần phải có dạng dd/mm/yyyy, ví dụ 16/11/2026.' }],
    [{ month: '13/2026' }, { month: 'Tháng 13/2026 không có trên lịch.' }],
    [{ month: 'tháng 11' }, { month: 'Tháng phải có dạng mm/yyyy, ví dụ 11/2026.' }],
    [{ week: '2026-11-16', month: '2026-11' }, { week: 'Chỉ chọn một trong hai: một tuần hoặc một tháng.' }],
  ])('refuses %j with a Vietnamese message on its field', (query, errors) => {
    expect(read(query)).toEqual(errors);
  });

  it('links the same period onwards: the parameters asked, an old link\'s week or month, this week without any', () => {
    expect(logbookQuery({ period: 'q1', year: '2026', from: '', junk: 'x' })).toBe('period=q1&year=2026');
    expect(logbookQuery({ week: '18/11/2026' })).toBe('week=18%2F11%2F2026');
    expect(logbookQuery({})).toBe('period=this-week');
    // The period control shows an old link's week as the range it is.
    expect(pickerQuery({ week: '18/11/2026' }, weekPeriod('2026-11-18'))).toEqual({ period: 'custom', from: '16/11/2026', to: '22/11/2026' });
    expect(pickerQuery({ period: 'q1', year: '2026' }, quarter(2026, 1))).toEqual({ period: 'q1', year: '2026' });
  });

  it('names files after the period', () => {
    expect(logbookFileName(weekPeriod('2026-11-18'), 'docx')).toBe('so-nhat-ky-phat-thanh-2026-11-16.docx');
    expect(logbookFileName(monthPeriod(2026, 11), 'xlsx')).toBe('so-nhat-ky-phat-thanh-2026-11.xlsx');
    expect(logbookFileName(quarter(2026, 1), 'docx')).toBe('so-nhat-ky-phat-thanh-2026-Q1.docx');
    expect(logbookFileName({ from: '2025-12-15', to: '2026-03-14' }, 'docx')).toBe('so-nhat-ky-phat-thanh-2025-12-15_2026-03-14.docx');
    expect(unitHeading('xã', 'An Hải')).toBe('UBND XÃ AN HẢI');
    expect(unitHeading('đặc khu', '')).toBe('UBND ĐẶC KHU …………');
  });
});
