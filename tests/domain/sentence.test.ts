import { describe, it, expect } from 'vitest';
import { entryRecord, itemRecord } from '../fixtures.js';
import type { Entry, Item } from '../../src/domain/model.js';
import { buildReport, type Row } from '../../src/domain/report.js';
import { channelClause, overFigure, reportSentence, writeAirtime, writeCount } from '../../src/domain/sentence.js';
import { CHANNELS, defaultVocabulary } from '../../src/domain/vocabulary.js';

// "trên N" only above 100: N is the largest multiple of the step strictly below the count; step 50
// for 101–1,000, 100 above; 100 or less stays exact (the table under the sentence shows the exact
// count, and "trên 10" above a 17 reads as a contradiction). Worked out by hand:
//   count   step  largest multiple below   written
//   0       -     -                        0
//   1       -     -                        1
//   10      -     -                        10
//   11      -     -                        11
//   17      -     -                        17
//   99      -     -                        99
//   100     -     -                        100
//   101     50    100                      trên 100
//   450     50    400 (450 is not below)   trên 400
//   463     50    450                      trên 450
//   999     50    950                      trên 950
//   1000    50    950                      trên 950
//   1001    100   1000                     trên 1.000
//   1100    100   1000                     trên 1.000
//   1101    100   1100                     trên 1.100
//   1234    100   1200                     trên 1.200
//   12345   100   12300                    trên 12.300
const OVER: [number, number | null, string][] = [
  [0, null, '0'],
  [1, null, '1'],
  [10, null, '10'],
  [11, null, '11'],
  [17, null, '17'],
  [99, null, '99'],
  [100, null, '100'],
  [101, 100, 'trên 100'],
  [450, 400, 'trên 400'],
  [463, 450, 'trên 450'],
  [999, 950, 'trên 950'],
  [1000, 950, 'trên 950'],
  [1001, 1000, 'trên 1.000'],
  [1100, 1000, 'trên 1.000'],
  [1101, 1100, 'trên 1.100'],
  [1234, 1200, 'trên 1.200'],
  [12345, 12300, 'trên 12.300'],
];

describe('overFigure', () => {
  it.each(OVER)('gives %i → %s', (count, figure) => {
    expect(overFigure(count)).toBe(figure);
  });
});

describe('writeCount', () => {
  it.each(OVER)('writes %i as "%s" in the over mode', (count, _figure, written) => {
    expect(writeCount(count, 'over')).toBe(written);
  });

  it.each([
    [0, '0'],
    [7, '7'],
    [463, '463'],
    [1234, '1.234'],
    [12345, '12.345'],
    [1000000, '1.000.000'],
  ])('writes %i exactly as "%s" with Vietnamese thousands dots', (count, written) => {
    expect(writeCount(count, 'exact')).toBe(written);
  });

  it('never pads a small count with a zero', () => {
    expect(writeCount(5, 'over')).toBe('5');
    expect(writeCount(5, 'exact')).toBe('5');
  });

  it('writes every count up to 100 the same in both modes, as the table under the sentence shows it', () => {
    const differ = Array.from({ length: 101 }, (_, c) => c).filter((c) => writeCount(c, 'over') !== writeCount(c, 'exact'));
    expect(differ).toEqual([]);
  });
});

describe('writeAirtime', () => {
  it.each([
    [45, '45 giây'],
    [2700, '45 phút'],
    [3600, '1 giờ'],
    [3930, '1 giờ 5 phút 30 giây'],
    [7260, '2 giờ 1 phút'],
    [1234 * 3600, '1.234 giờ'],
  ])('writes %i seconds as "%s"', (seconds, written) => {
    expect(writeAirtime(seconds)).toBe(written);
  });
});



// A first quarter of a ward, listed out of channel order on purpose:
//   id  item  channel  plays  views
//   1   2     fanpage    1     none
//   2   1     radio     12       -
//   3   1     radio      3       -
//   4   2     radio      2       -
//   5   1     portal     1    1234
//   6   2     portal     1     230
// radio:   3 entries, items {1, 2} = 2, plays 12 + 3 + 2 = 17   → 17 in both modes (100 or less)
//          air time 12 × 180 + 3 × 180 = 2,700 s (entry 4 has no length) → "45 phút"
// portal:  2 entries, views 1234 + 230 = 1464                   → over: "trên 1.400"
// fanpage: 1 entry, no views                                    → no "(… lượt xem)"
const ITEMS = new Map<number, Item>([
  [1, itemRecord(1)],
  [2, itemRecord(2)],
]);
const QUARTER = buildReport(
  [
    entryRecord(1, { itemId: 2, channel: 'fanpage', at: '2026-03-01T10:00:00+07:00' }),
    entryRecord(2, { itemId: 1, channel: 'radio', at: '2026-01-10T06:30:00+07:00', playCount: 12, durationSeconds: 180 }),
    entryRecord(3, { itemId: 1, channel: 'radio', at: '2026-02-10T06:30:00+07:00', playCount: 3, durationSeconds: 180 }),
    entryRecord(4, { itemId: 2, channel: 'radio', at: '2026-02-20T17:00:00+07:00', playCount: 2 }),
    entryRecord(5, { itemId: 1, channel: 'portal', at: '2026-01-11T09:00:00+07:00', views: 1234 }),
    entryRecord(6, { itemId: 2, channel: 'portal', at: '2026-02-21T09:00:00+07:00', views: 230 }),
  ],
  (id) => ITEMS.get(id),
  defaultVocabulary(),
  '2026-01-01',
  '2026-03-31',
);

describe('reportSentence', () => {
  it('writes one exact clause per channel with entries, in channel order', () => {
    expect(reportSentence(QUARTER, 'phường', 'exact')).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã ' +
        'xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh phường, với 17 lượt phát, tổng thời lượng 45 phút; ' +
        'cập nhật 2 tin bài trên Cổng thông tin điện tử phường (1.464 lượt xem); ' +
        'đăng 1 tin bài trên Fanpage của phường.',
    );
  });

  it('writes counts above 100 as "trên N" in the over mode and keeps the others exact', () => {
    expect(reportSentence(QUARTER, 'phường', 'over')).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã ' +
        'xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh phường, với 17 lượt phát, tổng thời lượng 45 phút; ' +
        'cập nhật 2 tin bài trên Cổng thông tin điện tử phường (trên 1.400 lượt xem); ' +
        'đăng 1 tin bài trên Fanpage của phường.',
    );
  });

  it('names the commune kind it is given', () => {
    expect(reportSentence(QUARTER, 'xã', 'exact')).toContain('hệ thống truyền thanh xã, với 17 lượt phát, tổng thời lượng 45 phút;');
    expect(reportSentence(QUARTER, 'đặc khu', 'exact')).toContain('Cổng thông tin điện tử đặc khu (1.464 lượt xem)');
  });

  it('leaves the air time out when no airing has a length', () => {
    const noLength = buildReport([entryRecord(1, { itemId: 1, channel: 'radio', at: '2026-01-10T06:30:00+07:00', playCount: 463 })], (id) => ITEMS.get(id), defaultVocabulary(), '2026-01-01', '2026-03-31');
    expect(reportSentence(noLength, 'xã', 'over')).toBe('Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với trên 450 lượt phát.');
  });

  it('says nothing was recorded for an empty period', () => {
    const empty = buildReport([], (id) => ITEMS.get(id), defaultVocabulary(), '2026-04-01', '2026-06-30');
    expect(reportSentence(empty, 'phường', 'over')).toBe('Từ ngày 01/04/2026 đến ngày 30/06/2026 chưa ghi nhận tin bài tuyên truyền cải cách hành chính nào.');
  });
});

describe('channelClause', () => {
  const row = (code: string, over: Partial<Row> = {}): Row => ({
    code,
    label: CHANNELS.find((c) => c.code === code)?.label ?? code,
    entries: 7,
    plays: 23,
    items: 4,
    airtimeSeconds: 0,
    views: 0,
    interactions: 0,
    ...over,
  });

  it('writes the radio clause with items and plays', () => {
    expect(channelClause(row('radio'), 'phường', 'exact')).toBe('xây dựng và phát sóng 4 tin bài trên hệ thống truyền thanh phường, với 23 lượt phát');
  });

  it('adds the air time to the radio clause only when asked and known', () => {
    expect(channelClause(row('radio', { airtimeSeconds: 3930 }), 'xã', 'over', { airtime: true })).toBe('xây dựng và phát sóng 4 tin bài trên hệ thống truyền thanh xã, với 23 lượt phát, tổng thời lượng 1 giờ 5 phút 30 giây');
    expect(channelClause(row('radio', { airtimeSeconds: 3930 }), 'xã', 'over')).toBe('xây dựng và phát sóng 4 tin bài trên hệ thống truyền thanh xã, với 23 lượt phát');
    expect(channelClause(row('radio'), 'xã', 'over', { airtime: true })).toBe('xây dựng và phát sóng 4 tin bài trên hệ thống truyền thanh xã, với 23 lượt phát');
    expect(channelClause(row('portal', { airtimeSeconds: 60 }), 'xã', 'exact', { airtime: true })).toBe('cập nhật 7 tin bài trên Cổng thông tin điện tử xã');
  });

  it('writes the portal clause with entries, and views only when there are some', () => {
    expect(channelClause(row('portal'), 'phường', 'exact')).toBe('cập nhật 7 tin bài trên Cổng thông tin điện tử phường');
    expect(channelClause(row('portal', { views: 463 }), 'phường', 'over')).toBe('cập nhật 7 tin bài trên Cổng thông tin điện tử phường (trên 450 lượt xem)');
  });

  it('writes large counts the "trên N" way', () => {
    expect(channelClause(row('radio', { items: 101, plays: 1001 }), 'xã', 'over')).toBe('xây dựng và phát sóng trên 100 tin bài trên hệ thống truyền thanh xã, với trên 1.000 lượt phát');
  });

  it.each(CHANNELS.map((c) => c.code))('writes a non-empty clause for the channel %s, with its count', (code) => {
    const clause = channelClause(row(code), 'phường', 'exact');
    expect(clause.trim()).not.toBe('');
    expect(clause).not.toContain('undefined');
    expect(clause).not.toContain('NaN');
    // Radio counts items (4); every other channel counts entries (7).
    expect(clause).toMatch(code === 'radio' ? /\b4\b/ : /\b7\b/);
  });

  it('writes a clause naming the code of a channel no longer in the vocabulary', () => {
    const clause = channelClause(row('loa-di-dong', { label: 'loa-di-dong' }), 'phường', 'exact');
    expect(clause).toContain('7');
    expect(clause).toContain('loa-di-dong');
    expect(clause).not.toContain('undefined');
  });
});
