import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/domain/report.js';
import { breakdownTable, channelTables } from '../../src/domain/report-tables.js';
import { CHANNELS } from '../../src/domain/vocabulary.js';

const row = (code: string, over: Partial<Row> = {}): Row => ({ code, label: CHANNELS.find((c) => c.code === code)?.label ?? code, entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0, ...over });

// A quarter: 60 airings of 20 items on the radio, 2 plays each (120), 3 minutes a play (60 × 2 × 180 s
// = 21,600 s = 6:00:00); 3 portal posts (120 + 121 + 122 = 363 views), 1 fanpage post (no views known);
// 2 banners, 3 meetings, and 1 entry of a channel no longer in the vocabulary.
const QUARTER = {
  byChannel: [
    row('radio', { entries: 60, items: 20, plays: 120, airtimeSeconds: 21_600 }),
    row('portal', { entries: 3, items: 3, plays: 3, views: 363 }),
    row('fanpage', { entries: 1, items: 1, plays: 1 }),
    row('zalo-oa'),
    row('banner', { entries: 2, items: 2, plays: 2 }),
    row('meeting', { entries: 3, items: 3, plays: 3 }),
    row('loa-di-dong', { entries: 1, items: 1, plays: 1 }),
  ],
};

describe('channelTables', () => {
  it('gives the radio its items, airings, plays and air time; the online channels their posts and views; the others their counts', () => {
    const [radio, online, other, ...rest] = channelTables(QUARTER);
    expect(rest).toEqual([]);
    expect(radio).toMatchObject({ caption: 'Hệ thống truyền thanh', headers: ['Kênh', 'Tin bài', 'Lượt phát sóng', 'Lượt phát', 'Thời lượng'], rows: [['Truyền thanh', '20', '60', '120', '6:00:00']], total: false });
    // No view figure for the fanpage post: a dash, not a 0; only posts and views add up (items would count twice).
    expect(online).toMatchObject({ caption: 'Cổng thông tin điện tử và mạng xã hội', headers: ['Kênh', 'Tin bài đăng', 'Lượt xem'], rows: [['Cổng TTĐT', '3', '363'], ['Fanpage', '1', '–'], ['Cộng', '4', '363']], total: true });
    expect(other).toMatchObject({ caption: 'Các hình thức khác', headers: ['Hình thức', 'Số lượng', 'Đơn vị tính'], rows: [['Băng rôn/khẩu hiệu', '2', 'đợt'], ['Hội nghị/họp dân', '3', 'hội nghị, cuộc họp'], ['loa-di-dong', '1', 'tin bài']] });
  });

  it('leaves the air time column out when no airing has a length, and views and interactions when none are known', () => {
    const [radio, online] = channelTables({ byChannel: [row('radio', { entries: 4, items: 2, plays: 17 }), row('portal', { entries: 2, items: 2, plays: 2 })] });
    expect(radio!.headers).toEqual(['Kênh', 'Tin bài', 'Lượt phát sóng', 'Lượt phát']);
    expect(radio!.rows).toEqual([['Truyền thanh', '2', '4', '17']]);
    expect(radio!.rows.flat()).not.toContain('0:00:00');
    expect(online!.headers).toEqual(['Kênh', 'Tin bài đăng']);
    expect(online!.rows).toEqual([['Cổng TTĐT', '2']]);
  });

  it('adds interactions when some are known, and no total row for one channel', () => {
    const [online] = channelTables({ byChannel: [row('youtube', { entries: 5, items: 5, plays: 5, views: 1234, interactions: 56 })] });
    expect(online).toMatchObject({ headers: ['Kênh', 'Tin bài đăng', 'Lượt xem', 'Lượt tương tác'], rows: [['YouTube', '5', '1.234', '56']], total: false });
  });

  it('gives no table for an empty period', () => {
    expect(channelTables({ byChannel: CHANNELS.map((c) => row(c.code)) })).toEqual([]);
  });
});

describe('breakdownTable', () => {
  it('lists the rows with entries, their items and airings or posts', () => {
    const t = breakdownTable('', 'Đơn vị thực hiện', [
      { ...row('tt-dvsnc', { entries: 60, items: 20 }), label: 'Trung tâm Dịch vụ sự nghiệp công' },
      { ...row('mttq'), label: 'Ủy ban MTTQ Việt Nam' },
      { ...row('vp', { entries: 4, items: 4 }), label: 'Văn phòng HĐND và UBND' },
    ]);
    expect(t).toMatchObject({ headers: ['Đơn vị thực hiện', 'Tin bài', 'Lượt phát sóng, đăng tải'], rows: [['Trung tâm Dịch vụ sự nghiệp công', '20', '60'], ['Văn phòng HĐND và UBND', '4', '4']] });
  });

  it('gives nothing when no row has entries', () => {
    expect(breakdownTable('', 'Nội dung', [row('a')])).toBeNull();
  });
});
