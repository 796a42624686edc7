import { describe, it, expect } from 'vitest';
import { entryRecord, itemRecord } from '../fixtures.js';
import type { Entry, Item } from '../../src/domain/model.js';
import { buildReport, monthsBetween, unclassifiedRow, uncoveredTopics, type Figures, type Row } from '../../src/domain/report.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';
import { CHANNELS, defaultVocabulary, FORMATS, TOPICS, UNCLASSIFIED, UNITS, type Term } from '../../src/domain/vocabulary.js';



// The items:
//   item  format   topics    unit
//   1     news     m         tt-dvsnc     the radio news re-aired three times
//   2     article  a, k      vh-xh        two topics
//   3     video    c         phong-cu     a unit code no longer in the vocabulary
//   4     news     m         tt-phcc
const ITEMS = new Map<number, Item>([
  [1, itemRecord(1, { format: 'news', topics: ['m'], unit: 'tt-dvsnc' })],
  [2, itemRecord(2, { format: 'article', topics: ['a', 'k'], unit: 'vh-xh' })],
  [3, itemRecord(3, { format: 'video', topics: ['c'], unit: 'phong-cu' })],
  [4, itemRecord(4, { format: 'news', topics: ['m'], unit: 'tt-phcc' })],
]);
const itemOf = (id: number): Item | undefined => ITEMS.get(id);

// The entries, and what each adds (airtime = plays × duration; no duration adds 0):
//   id  item  channel  at (Vietnam)        plays  duration  airtime  views  interactions
//   1   1     radio    2026-01-05 06:30      3      180       540      -      -
//   2   1     radio    2026-01-12 06:30      2      180       360      -      -
//   3   1     radio    2026-02-02 17:00      2      180       360      -      -
//   4   2     radio    2026-02-09 06:30      1      none        0      -      -
//   5   2     portal   2026-02-10 09:00      1      none        0   1200     35
//   6   2     fanpage  2026-02-10 10:00      1      none        0    800     60
//   7   3     portal   2026-03-03 08:00      1       95        95    300      4
//   8   3     radio    2026-03-16 06:30      4      120       480      -      -
//   9   4     fanpage  2026-03-31 23:59      1      none        0    150      9
//   10  4     portal   2026-03-20 09:00      1      none        0      -      -
//   total: 10 entries, 17 plays, 4 items, 1835 s airtime, 2450 views, 108 interactions
const ENTRIES: Entry[] = [
  entryRecord(1, { itemId: 1, channel: 'radio', at: '2026-01-05T06:30:00+07:00', playCount: 3, durationSeconds: 180 }),
  entryRecord(2, { itemId: 1, channel: 'radio', at: '2026-01-12T06:30:00+07:00', playCount: 2, durationSeconds: 180 }),
  entryRecord(3, { itemId: 1, channel: 'radio', at: '2026-02-02T17:00:00+07:00', playCount: 2, durationSeconds: 180 }),
  entryRecord(4, { itemId: 2, channel: 'radio', at: '2026-02-09T06:30:00+07:00', playCount: 1, durationSeconds: null }),
  entryRecord(5, { itemId: 2, channel: 'portal', at: '2026-02-10T09:00:00+07:00', views: 1200, interactions: 35 }),
  entryRecord(6, { itemId: 2, channel: 'fanpage', at: '2026-02-10T10:00:00+07:00', views: 800, interactions: 60 }),
  entryRecord(7, { itemId: 3, channel: 'portal', at: '2026-03-03T08:00:00+07:00', durationSeconds: 95, views: 300, interactions: 4 }),
  entryRecord(8, { itemId: 3, channel: 'radio', at: '2026-03-16T06:30:00+07:00', playCount: 4, durationSeconds: 120 }),
  entryRecord(9, { itemId: 4, channel: 'fanpage', at: '2026-03-31T23:59:00+07:00', views: 150, interactions: 9 }),
  entryRecord(10, { itemId: 4, channel: 'portal', at: '2026-03-20T09:00:00+07:00' }),
];

const FROM = '2026-01-01';
const TO = '2026-04-30';
const report = buildReport(ENTRIES, itemOf, defaultVocabulary(), FROM, TO);

const ZERO: Figures = { entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 };
const fig = (entries: number, plays: number, items: number, airtimeSeconds: number, views: number, interactions: number): Figures => ({
  entries,
  plays,
  items,
  airtimeSeconds,
  views,
  interactions,
});

/** Every term of a vocabulary, in its order, with the hand-counted figures of the non-empty ones. */
function rowsOf(terms: readonly Term[], counted: Record<string, Figures>): Row[] {
  return terms.map((t) => ({ code: t.code, label: t.label, ...(counted[t.code] ?? ZERO) }));
}

describe('buildReport: totals', () => {
  it('counts entries, plays, distinct items, airtime, views and interactions of the hand-counted set', () => {
    expect(report.totals).toEqual(fig(10, 17, 4, 1835, 2450, 108));
  });

  it('keeps the period it was asked for', () => {
    expect({ from: report.from, to: report.to }).toEqual({ from: FROM, to: TO });
  });

  it('counts an item aired three times once among the items but three times among the entries', () => {
    const r = buildReport(ENTRIES.filter((e) => e.itemId === 1), itemOf, defaultVocabulary(), FROM, TO);
    // Entries 1, 2, 3: 3 entries, 3 + 2 + 2 = 7 plays, 1 item, 7 × 180 = 1260 s.
    expect(r.totals).toEqual(fig(3, 7, 1, 1260, 0, 0));
  });

  it('gives all zeros and only empty rows for no entries', () => {
    const r = buildReport([], itemOf, defaultVocabulary(), FROM, TO);
    expect(r.totals).toEqual(ZERO);
    expect(r.byChannel).toEqual(rowsOf(CHANNELS, {}));
    expect(r.byTopic).toEqual(rowsOf(TOPICS, {}));
    expect(r.byMonth.map((m) => m.entries)).toEqual([0, 0, 0, 0]);
  });
});

describe('buildReport: by channel', () => {
  //   channel  entries        entries  plays        items    airtime            views       interactions
  //   radio    1,2,3,4,8        5      3+2+2+1+4=12  1,2,3=3  540+360+360+480=1740  0           0
  //   portal   5,7,10           3      3            2,3,4=3  95                 1200+300=1500 35+4=39
  //   fanpage  6,9              2      2            2,4=2    0                  800+150=950  60+9=69
  //   the seven other channels: zeros
  it('lists every channel of the vocabulary in its order, zeros included, with hand-counted figures', () => {
    expect(report.byChannel).toEqual(
      rowsOf(CHANNELS, {
        radio: fig(5, 12, 3, 1740, 0, 0),
        portal: fig(3, 3, 3, 95, 1500, 39),
        fanpage: fig(2, 2, 2, 0, 950, 69),
      }),
    );
  });

  it('lists the channels in vocabulary order whatever the order of the entries', () => {
    const r = buildReport([...ENTRIES].reverse(), itemOf, defaultVocabulary(), FROM, TO);
    expect(r.byChannel.map((row) => row.code)).toEqual(['radio', 'portal', 'fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube', 'press', 'noticeboard', 'banner', 'meeting']);
  });

  it('adds up to the totals', () => {
    expect(report.byChannel.reduce((n, r) => n + r.entries, 0)).toBe(10);
    expect(report.byChannel.reduce((n, r) => n + r.plays, 0)).toBe(17);
  });
});

describe('buildReport: by format', () => {
  //   format   items  entries             entries  plays          item count  airtime          views  interactions
  //   news     1, 4   1,2,3,9,10            5      3+2+2+1+1=9    2           540+360+360=1260  150    9
  //   article  2      4,5,6                 3      3              1           0                2000   95
  //   video    3      7,8                   2      1+4=5          1           95+480=575       300    4
  it('counts each entry under its item format, every format listed', () => {
    expect(report.byFormat).toEqual(
      rowsOf(FORMATS, {
        news: fig(5, 9, 2, 1260, 150, 9),
        article: fig(3, 3, 1, 0, 2000, 95),
        video: fig(2, 5, 1, 575, 300, 4),
      }),
    );
  });
});

describe('buildReport: by topic', () => {
  //   topic  items  entries      entries  plays  items  airtime  views  interactions
  //   a      2      4,5,6          3       3      1      0       2000   95
  //   c      3      7,8            2       5      1      575      300    4
  //   k      2      4,5,6          3       3      1      0       2000   95
  //   m      1, 4   1,2,3,9,10     5       9      2      1260     150    9
  //   sum of entries over topics: 3 + 2 + 3 + 5 = 13, more than the 10 entries
  it('counts an entry whose item has two topics once under each topic', () => {
    expect(report.byTopic).toEqual(
      rowsOf(TOPICS, {
        a: fig(3, 3, 1, 0, 2000, 95),
        c: fig(2, 5, 1, 575, 300, 4),
        k: fig(3, 3, 1, 0, 2000, 95),
        m: fig(5, 9, 2, 1260, 150, 9),
      }),
    );
  });

  it('therefore adds up to more entries than the totals', () => {
    expect(report.byTopic.reduce((n, r) => n + r.entries, 0)).toBe(13);
    expect(report.totals.entries).toBe(10);
  });

  it('counts an entry once under a topic listed twice on its item', () => {
    const twice = new Map<number, Item>([[1, itemRecord(1, { topics: ['a', 'a'] })]]);
    const r = buildReport([entryRecord(1, { playCount: 2 })], (id) => twice.get(id), defaultVocabulary(), FROM, TO);
    expect(r.byTopic.find((row) => row.code === 'a')).toMatchObject({ entries: 1, plays: 2 });
  });

  // Items 1 and 3 without a topic (as an import may leave them); entries 1, 2, 3 (item 1) and 7, 8 (item 3):
  //   entries 5, plays 3+2+2+1+4 = 12, items 2, airtime 540+360+360+95+480 = 1835, views 300, interactions 4
  it('counts the entries of items without a topic under "Chưa phân loại", listed last and flagged', () => {
    const unclassified = new Map(ITEMS);
    unclassified.set(1, itemRecord(1, { format: 'news', topics: [], unit: 'tt-dvsnc' }));
    unclassified.set(3, itemRecord(3, { format: 'video', topics: [], unit: 'phong-cu' }));
    const r = buildReport(ENTRIES, (id) => unclassified.get(id), defaultVocabulary(), FROM, TO);
    expect(r.byTopic.at(-1)).toEqual({ code: UNCLASSIFIED, label: 'Chưa phân loại', ...fig(5, 12, 2, 1835, 300, 4) });
    expect(r.byTopic.find((row) => row.code === 'm')).toMatchObject(fig(2, 2, 1, 0, 150, 9));
    expect(unclassifiedRow(r)).toEqual(r.byTopic.at(-1));
    expect(r.totals).toEqual(report.totals);
  });

  it('lists no "Chưa phân loại" row when every item has a topic', () => {
    expect(report.byTopic.some((row) => row.code === UNCLASSIFIED)).toBe(false);
    expect(unclassifiedRow(report)).toBeNull();
  });
});

describe('buildReport: by unit', () => {
  //   unit          items  entries      entries  plays  items  airtime  views  interactions
  //   tt-dvsnc      1      1,2,3          3       7      1     1260       0     0
  //   tt-phcc       4      9,10           2       2      1        0     150     9
  //   vh-xh         2      4,5,6          3       3      1        0    2000    95
  //   phong-cu      3      7,8            2       5      1      575     300     4   (not in the vocabulary)
  it('lists the vocabulary units in order, then a unit no longer in it under its code', () => {
    expect(report.byUnit).toEqual([
      ...rowsOf(UNITS, {
        'tt-dvsnc': fig(3, 7, 1, 1260, 0, 0),
        'tt-phcc': fig(2, 2, 1, 0, 150, 9),
        'vh-xh': fig(3, 3, 1, 0, 2000, 95),
      }),
      { code: 'phong-cu', label: 'phong-cu', ...fig(2, 5, 1, 575, 300, 4) },
    ]);
  });

  it('still counts the entries of the unit no longer in the vocabulary in the totals', () => {
    expect(report.byUnit.reduce((n, r) => n + r.entries, 0)).toBe(report.totals.entries);
  });

  it('keeps a retired unit listed with its figures', () => {
    const settings = defaultSettings();
    settings.units = settings.units.map((u) => (u.code === 'tt-dvsnc' ? { ...u, retired: true } : u));
    const r = buildReport(ENTRIES, itemOf, vocabularyFrom(settings), FROM, TO);
    expect(r.byUnit.find((row) => row.code === 'tt-dvsnc')).toMatchObject({ label: 'Trung tâm Dịch vụ sự nghiệp công', entries: 3, plays: 7 });
  });
});

describe('buildReport: by month', () => {
  //   month    entries       entries  plays        items    airtime      views          interactions
  //   2026-01  1,2             2      3+2=5        1        540+360=900    0              0
  //   2026-02  3,4,5,6         4      2+1+1+1=5    1,2=2    360          1200+800=2000  35+60=95
  //   2026-03  7,8,9,10        4      1+4+1+1=7    3,4=2    95+480=575   300+150=450    4+9=13
  //   2026-04  none            0      0            0        0            0              0
  it('lists every month of the range, the empty April included', () => {
    expect(report.byMonth).toEqual([
      { month: '2026-01', ...fig(2, 5, 1, 900, 0, 0) },
      { month: '2026-02', ...fig(4, 5, 2, 360, 2000, 95) },
      { month: '2026-03', ...fig(4, 7, 2, 575, 450, 13) },
      { month: '2026-04', ...ZERO },
    ]);
  });

  it('puts an entry at 23:59 on 31 March, Vietnam time, in March', () => {
    expect(report.byMonth.find((m) => m.month === '2026-03')?.views).toBe(450);
  });

  it('counts entries per month and channel for the chart', () => {
    expect(report.monthChannel['2026-01']).toEqual({ radio: 2 });
    expect(report.monthChannel['2026-02']).toEqual({ radio: 2, portal: 1, fanpage: 1 });
    expect(report.monthChannel['2026-03']).toEqual({ radio: 1, portal: 2, fanpage: 1 });
    expect(report.monthChannel['2026-04'] ?? {}).toEqual({});
  });
});

describe('buildReport: the caller filters by date', () => {
  it('counts exactly the entries it is given: the February entries give the February figures', () => {
    // buildReport does not filter by date: the store hands it the live entries of the period.
    // February's entries are 3, 4, 5, 6 (see the table above).
    const february = [ENTRIES[2]!, ENTRIES[3]!, ENTRIES[4]!, ENTRIES[5]!];
    const r = buildReport(february, itemOf, defaultVocabulary(), '2026-02-01', '2026-02-28');
    expect(r.totals).toEqual(fig(4, 5, 2, 360, 2000, 95));
    expect(r.byMonth).toEqual([{ month: '2026-02', ...fig(4, 5, 2, 360, 2000, 95) }]);
    expect(r.byChannel.filter((row) => row.entries > 0).map((row) => [row.code, row.entries])).toEqual([
      ['radio', 2],
      ['portal', 1],
      ['fanpage', 1],
    ]);
  });
});

describe('monthsBetween', () => {
  it('crosses the year end', () => {
    expect(monthsBetween('2025-11-15', '2026-02-03')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('gives the four months of the Decree 09 first quarter', () => {
    expect(monthsBetween('2025-12-15', '2026-03-14')).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
  });

  it('gives one month for a range within a month', () => {
    expect(monthsBetween('2026-02-01', '2026-02-28')).toEqual(['2026-02']);
  });

  it('gives twelve months for a calendar year', () => {
    expect(monthsBetween('2026-01-01', '2026-12-31')).toHaveLength(12);
  });
});

describe('uncoveredTopics', () => {
  it('lists the active topics without entries, leaving out the retired ones', () => {
    const settings = defaultSettings();
    // 'b' and 'n' retired: not asked for. Covered by the data set: a, c, k, m.
    settings.topics = settings.topics.map((t) => (t.code === 'b' || t.code === 'n' ? { ...t, retired: true } : t));
    const r = buildReport(ENTRIES, itemOf, vocabularyFrom(settings), FROM, TO);
    expect(uncoveredTopics(r, settings.topics).map((t) => t.code)).toEqual(['d', 'dd', 'e', 'g', 'h', 'i', 'l']);
  });

  it('lists every active topic for an empty period', () => {
    const r = buildReport([], itemOf, defaultVocabulary(), FROM, TO);
    expect(uncoveredTopics(r, TOPICS).map((t) => t.code)).toEqual(['a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n']);
  });

  it('leaves out the covered topics when none is retired', () => {
    expect(uncoveredTopics(report, TOPICS).map((t) => t.code)).toEqual(['b', 'd', 'dd', 'e', 'g', 'h', 'i', 'l', 'n']);
  });
});
