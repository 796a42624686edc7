import { describe, expect, it } from 'vitest';
import { adjacentPeriods, buildLogbook, dayHeading, logbookFileName, type LogbookPeriod, monthOf, parseLogbookQuery, periodHeading, totalsLine, unitHeading, weekOf } from '../../src/domain/logbook.js';
import type { Entry, EntryView, Item } from '../../src/domain/model.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';
import { entryRecord, itemRecord } from '../fixtures.js';

const vocab = defaultVocabulary();

function view(id: number, at: string, over: Partial<Entry> = {}, item: Partial<Item> = {}): EntryView {
  return { ...entryRecord(id, { at, ...over }), item: itemRecord(id, { title: `Tin ${id}`, ...item }) };
}

// The week of Monday 16/11/2026 (hand-computed; total = plays × duration, none counts 0):
//   id  day        time   plays  duration  total
//   3   Mon 16/11  17:30    3       90       270
//   1   Mon 16/11  06:00    2      180       360
//   2   Mon 16/11  11:00    1     none         0
//   4   Sun 22/11  23:59    1       60        60
//   Monday: 3 airings, 6 plays, 630 s; Sunday: 1, 1, 60 s; the week: 4, 7, 690 s.
const WEEK: LogbookPeriod = { kind: 'week', from: '2026-11-16', to: '2026-11-22' };
const weekEntries = (): EntryView[] => [
  view(3, '2026-11-16T17:30:00+07:00', { playCount: 3, durationSeconds: 90 }, { format: 'report' }),
  view(1, '2026-11-16T06:00:00+07:00', { playCount: 2, durationSeconds: 180, recordedBy: 'lan' }),
  view(2, '2026-11-16T11:00:00+07:00', { playCount: 1, durationSeconds: null }),
  view(4, '2026-11-22T23:59:00+07:00', { playCount: 1, durationSeconds: 60 }),
];

describe('the log book of a week', () => {
  const book = buildLogbook(WEEK, weekEntries(), vocab, new Map([['lan', 'Nguyễn Thị Lan']]));
  const [monday, tuesday, , , , , sunday] = book.weeks[0]!.days;

  it('lists all seven days, Monday to Sunday, days without an airing included and empty', () => {
    expect(book.weeks).toHaveLength(1);
    expect(book.weeks[0]!.days.map((d) => d.heading)).toEqual([
      'Thứ Hai, 16/11/2026', 'Thứ Ba, 17/11/2026', 'Thứ Tư, 18/11/2026', 'Thứ Năm, 19/11/2026', 'Thứ Sáu, 20/11/2026', 'Thứ Bảy, 21/11/2026', 'Chủ nhật, 22/11/2026',
    ]);
    expect(tuesday!.rows).toEqual([]);
    expect(tuesday!.totals).toEqual({ airings: 0, plays: 0, seconds: 0 });
    expect(book.heading).toBe('Tuần từ 16/11/2026 đến 22/11/2026');
  });

  it('orders a day by time and shows each airing as a line of the book', () => {
    expect(monday!.rows.map((r) => [r.time, r.title, r.format, r.plays, r.durationSeconds, r.totalSeconds])).toEqual([
      ['06:00', 'Tin 1', 'Tin', 2, 180, 360],
      ['11:00', 'Tin 2', 'Tin', 1, null, null],
      ['17:30', 'Tin 3', 'Phóng sự', 3, 90, 270],
    ]);
    expect(sunday!.rows.map((r) => r.time)).toEqual(['23:59']);
  });

  it('names who logged each airing by the account name when known, else the username', () => {
    expect(monday!.rows.map((r) => r.recordedBy)).toEqual(['Nguyễn Thị Lan', 'bientap', 'bientap']);
  });

  it('totals each day and the week, a missing duration counting 0', () => {
    expect(monday!.totals).toEqual({ airings: 3, plays: 6, seconds: 630 });
    expect(sunday!.totals).toEqual({ airings: 1, plays: 1, seconds: 60 });
    expect(book.weeks[0]!.totals).toEqual({ airings: 4, plays: 7, seconds: 690 });
    expect(book.totals).toEqual({ airings: 4, plays: 7, seconds: 690 });
    expect(totalsLine(book.totals)).toBe('4 tin bài, 7 lượt phát, tổng thời lượng 0:11:30');
  });

  it('leaves out entries of other channels, deleted ones, and those outside the week', () => {
    const more = [
      ...weekEntries(),
      view(5, '2026-11-16T08:00:00+07:00', { channel: 'portal', playCount: 1, durationSeconds: 100 }),
      view(6, '2026-11-16T09:00:00+07:00', { deletedAt: '2026-11-16T10:00:00+07:00', deletedBy: 'bientap' }),
      view(7, '2026-11-16T09:30:00+07:00', {}, { deletedAt: '2026-11-16T10:00:00+07:00', deletedBy: 'bientap' }),
      view(8, '2026-11-23T00:00:00+07:00', { playCount: 5, durationSeconds: 100 }),
      view(9, '2026-11-15T23:59:00+07:00', { playCount: 5, durationSeconds: 100 }),
    ];
    expect(buildLogbook(WEEK, more, vocab).totals).toEqual({ airings: 4, plays: 7, seconds: 690 });
  });

  it('keeps airings at the same minute in the order they were logged', () => {
    const same = buildLogbook(WEEK, [view(12, '2026-11-18T06:00:00+07:00'), view(11, '2026-11-18T06:00:00+07:00')], vocab);
    expect(same.weeks[0]!.days[2]!.rows.map((r) => r.entryId)).toEqual([11, 12]);
  });
});

// November 2026: the 1st is a Sunday and the 30th a Monday, so its Monday–Sunday weeks cut at the
// month's edges are six: 01, 02–08, 09–15, 16–22, 23–29, 30.
//   id  at                plays  duration  total
//   1   01/11 10:00         2      100       200
//   2   05/11 07:00         1      300       300
//   3   30/11 23:59         4       45       180
//   The month: 3 airings, 7 plays, 680 s.
describe('the log book of a month', () => {
  const entries = [
    view(1, '2026-11-01T10:00:00+07:00', { playCount: 2, durationSeconds: 100 }),
    view(2, '2026-11-05T07:00:00+07:00', { playCount: 1, durationSeconds: 300 }),
    view(3, '2026-11-30T23:59:00+07:00', { playCount: 4, durationSeconds: 45 }),
    view(4, '2026-10-31T23:59:00+07:00', { playCount: 9, durationSeconds: 100 }),
    view(5, '2026-12-01T00:00:00+07:00', { playCount: 9, durationSeconds: 100 }),
  ];
  const book = buildLogbook(monthOf(2026, 11), entries, vocab);

  it('cuts the month into Monday–Sunday weeks at its edges, every day present once', () => {
    expect(book.heading).toBe('Tháng 11/2026');
    expect(book.weeks.map((w) => [w.from, w.to])).toEqual([
      ['2026-11-01', '2026-11-01'],
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
      ['2026-11-23', '2026-11-29'],
      ['2026-11-30', '2026-11-30'],
    ]);
    expect(book.weeks.flatMap((w) => w.days).length).toBe(30);
    expect(book.weeks[0]!.days[0]!.heading).toBe('Chủ nhật, 01/11/2026');
    expect(book.weeks[5]!.days[0]!.heading).toBe('Thứ Hai, 30/11/2026');
    expect(book.weeks[1]!.heading).toBe('Tuần từ 02/11/2026 đến 08/11/2026');
  });

  it('totals each week and the month', () => {
    expect(book.weeks.map((w) => w.totals)).toEqual([
      { airings: 1, plays: 2, seconds: 200 },
      { airings: 1, plays: 1, seconds: 300 },
      { airings: 0, plays: 0, seconds: 0 },
      { airings: 0, plays: 0, seconds: 0 },
      { airings: 0, plays: 0, seconds: 0 },
      { airings: 1, plays: 4, seconds: 180 },
    ]);
    expect(book.totals).toEqual({ airings: 3, plays: 7, seconds: 680 });
  });

  it('has four weeks for a February that starts on a Monday', () => {
    const feb = buildLogbook(monthOf(2027, 2), [], vocab);
    expect(feb.weeks.map((w) => w.from)).toEqual(['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22']);
    expect(feb.weeks.at(-1)!.to).toBe('2027-02-28');
  });
});

describe('the period of a log book', () => {
  const TODAY = '2026-11-22';

  it.each([
    [{ week: '2026-11-18' }, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: '18/11/2026' }, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: '16/11/2026' }, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: '2026-11-22' }, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: '2026-11-23' }, { kind: 'week', from: '2026-11-23', to: '2026-11-29' }],
    [{ month: '2026-11' }, { kind: 'month', from: '2026-11-01', to: '2026-11-30' }],
    [{ month: '11/2026' }, { kind: 'month', from: '2026-11-01', to: '2026-11-30' }],
    [{ month: '2/2028' }, { kind: 'month', from: '2028-02-01', to: '2028-02-29' }],
    [{}, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: '', month: '' }, { kind: 'week', from: '2026-11-16', to: '2026-11-22' }],
    [{ week: ['2026-11-30', 'x'] }, { kind: 'week', from: '2026-11-30', to: '2026-12-06' }],
  ])('reads %j as %j', (query, period) => {
    expect(parseLogbookQuery(query, TODAY)).toEqual({ ok: true, value: period });
  });

  it.each([
    [{ week: 'tuần này' }, 'week', 'Ngày trong tuần phải có dạng dd/mm/yyyy, ví dụ 16/11/2026.'],
    [{ week: '31/02/2026' }, 'week', 'Ngày 31/02/2026 không có trên lịch.'],
    [{ month: '13/2026' }, 'month', 'Tháng 13/2026 không có trên lịch.'],
    [{ month: '2026-00' }, 'month', 'Tháng 2026-00 không có trên lịch.'],
    [{ month: 'tháng 11' }, 'month', 'Tháng phải có dạng mm/yyyy, ví dụ 11/2026.'],
    [{ month: { a: 1 } }, 'month', undefined],
    [{ week: '2026-11-16', month: '2026-11' }, 'week', 'Chỉ chọn một trong hai: một tuần hoặc một tháng.'],
  ])('refuses %j with a Vietnamese message on its field', (query, field, message) => {
    const parsed = parseLogbookQuery(query, TODAY);
    if (message === undefined) {
      // Not a string at all: read as absent, so the current week.
      expect(parsed.ok).toBe(true);
      return;
    }
    expect(parsed).toEqual({ ok: false, errors: { [field]: message } });
  });

  it('names files and headings after the period', () => {
    expect(logbookFileName(weekOf('2026-11-18'), 'docx')).toBe('so-nhat-ky-phat-thanh-2026-11-16.docx');
    expect(logbookFileName(monthOf(2026, 11), 'xlsx')).toBe('so-nhat-ky-phat-thanh-2026-11.xlsx');
    expect(periodHeading(weekOf('2026-11-18'))).toBe('Tuần từ 16/11/2026 đến 22/11/2026');
    expect(dayHeading('2026-11-22')).toBe('Chủ nhật, 22/11/2026');
    expect(unitHeading('xã', 'An Hải')).toBe('UBND XÃ AN HẢI');
    expect(unitHeading('đặc khu', '')).toBe('UBND ĐẶC KHU …………');
  });

  it('steps to the week or month before and after, across years', () => {
    expect(adjacentPeriods(weekOf('2026-12-30'))).toEqual({ previous: weekOf('2026-12-21'), next: weekOf('2027-01-04') });
    expect(adjacentPeriods(monthOf(2026, 12))).toEqual({ previous: monthOf(2026, 11), next: monthOf(2027, 1) });
    expect(adjacentPeriods(monthOf(2026, 1)).previous).toEqual(monthOf(2025, 12));
  });
});
