import { describe, expect, it } from 'vitest';
import type { CityCommune, CityReport } from '../../src/domain/city.js';
import { cityChannels, citySentence, cityTableRows, communeName, communesWithout } from '../../src/domain/city-report.js';
import { addFigures, type Figures, ZERO_FIGURES } from '../../src/domain/counting.js';

const fig = (over: Partial<Figures>): Figures => ({ ...ZERO_FIGURES, ...over });
const commune = (code: string, kind: string, name: string, byChannel: Record<string, Figures>): CityCommune => ({
  code,
  kind,
  name,
  byChannel,
  totals: Object.values(byChannel).reduce(addFigures, { ...ZERO_FIGURES }),
});

// A first quarter of three communes, by hand:
//   An Hải (phường):       radio 60 airings of 20 items, 120 plays; portal 3 posts (3 items), 363 views
//   Lạc Phượng (xã):       radio 480 airings of 433 items, 960 plays; banners 2
//   Bạch Long Vĩ (đặc khu): nothing
// City: radio items 20 + 433 = 453 ("trên 450"), plays 120 + 960 = 1,080 ("trên 1.000"); online posts 3,
// views 363 ("trên 350"); banners 2. Items of every channel: 23 + 435 + 0 = 458; airings 540.
const communes = [
  commune('lac-phuong', 'xã', 'Lạc Phượng', { radio: fig({ entries: 480, items: 433, plays: 960 }), banner: fig({ entries: 2, items: 2, plays: 2 }) }),
  commune('bach-long-vi', 'đặc khu', 'Bạch Long Vĩ', {}),
  commune('an-hai', 'phường', 'An Hải', { radio: fig({ entries: 60, items: 20, plays: 120, airtimeSeconds: 21_600 }), portal: fig({ entries: 3, items: 3, plays: 3, views: 363 }) }),
];
const Q1: CityReport = { from: '2026-01-01', to: '2026-03-31', communes, totals: communes.reduce((t, c) => addFigures(t, c.totals), { ...ZERO_FIGURES }) };

describe('the city report', () => {
  it('writes the city totals as one sentence, "trên N" above 100 in the officials\' style', () => {
    expect(citySentence(Q1, 'over')).toBe(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026, 2/3 xã, phường, đặc khu đã ghi nhận kết quả tuyên truyền cải cách hành chính: ' +
        'xây dựng và phát sóng trên 450 tin bài trên hệ thống truyền thanh cơ sở, với trên 1.000 lượt phát; ' +
        'đăng 3 tin bài trên cổng thông tin điện tử và mạng xã hội (trên 350 lượt xem); tuyên truyền bằng băng rôn, khẩu hiệu 2 đợt.',
    );
    expect(citySentence(Q1, 'exact')).toContain('xây dựng và phát sóng 453 tin bài trên hệ thống truyền thanh cơ sở, với 1.080 lượt phát; đăng 3 tin bài trên cổng thông tin điện tử và mạng xã hội (363 lượt xem)');
  });

  it('says when no commune recorded anything', () => {
    const empty: CityReport = { ...Q1, communes: [communes[1]!], totals: { ...ZERO_FIGURES } };
    expect(citySentence(empty, 'over')).toBe('Từ ngày 01/01/2026 đến ngày 31/03/2026, chưa xã, phường, đặc khu nào ghi nhận tin bài tuyên truyền cải cách hành chính.');
  });

  it('adds the channels of every commune', () => {
    expect(cityChannels(Q1)).toEqual({ radio: fig({ entries: 540, items: 453, plays: 1080, airtimeSeconds: 21_600 }), banner: fig({ entries: 2, items: 2, plays: 2 }), portal: fig({ entries: 3, items: 3, plays: 3, views: 363 }) });
  });

  it('names the communes without entries', () => {
    expect(communesWithout(Q1).map(communeName)).toEqual(['đặc khu Bạch Long Vĩ']);
    expect(communeName({ code: 'main', kind: 'xã', name: '' })).toBe('main');
  });

  it('gives one line per commune, by name, then the city total; a dash where nothing is known', () => {
    const scores = new Map([
      ['an-hai', { progress: 95.4, par: 1.5 }],
      ['bach-long-vi', { progress: null, par: 0 }],
    ]);
    expect(cityTableRows(Q1, scores)).toEqual([
      ['1', 'phường', 'An Hải', '23', '60', '3', '363', '95%', '1,50'],
      ['2', 'đặc khu', 'Bạch Long Vĩ', '0', '0', '0', '–', '–', '0,00'],
      ['3', 'xã', 'Lạc Phượng', '435', '480', '0', '–', '–', '–'],
      ['', '', 'Toàn thành phố', '458', '540', '3', '363', '', ''],
    ]);
  });
});
