import { describe, it, expect } from 'vitest';
import { entryRecord, itemRecord } from '../fixtures.js';
import { monthlyChannelChart, type Bar } from '../../src/domain/chart.js';
import type { Entry, Item } from '../../src/domain/model.js';
import { buildReport } from '../../src/domain/report.js';
import { CHANNELS, defaultVocabulary } from '../../src/domain/vocabulary.js';

const ITEM: Item = itemRecord(1, { title: 'Hướng dẫn nộp hồ sơ trực tuyến' });

let nextId = 1;
function entry(channel: string, at: string, playCount = 1): Entry {
  return entryRecord(nextId++, { channel, at, playCount });
}

// A first quarter: entries (not plays) per month and channel, counted by hand:
//   month    radio  portal  fanpage  total
//   2026-01    3      1       -        4    (one radio entry has 5 plays: the chart counts entries)
//   2026-02    -      -       -        0
//   2026-03    -      -       2        2
const REPORT = buildReport(
  [
    entry('radio', '2026-01-05T06:30:00+07:00', 5),
    entry('radio', '2026-01-12T06:30:00+07:00'),
    entry('portal', '2026-01-13T09:00:00+07:00'),
    entry('radio', '2026-01-19T06:30:00+07:00'),
    entry('fanpage', '2026-03-02T10:00:00+07:00'),
    entry('fanpage', '2026-03-31T23:59:00+07:00'),
  ],
  () => ITEM,
  defaultVocabulary(),
  '2026-01-01',
  '2026-03-31',
);
const chart = monthlyChannelChart(REPORT, CHANNELS);

const byTitle = (prefix: string): Bar => {
  const bar = chart.bars.find((b) => b.title.startsWith(prefix));
  if (!bar) throw new Error(`no bar titled ${prefix}… among ${chart.bars.map((b) => b.title).join(', ')}`);
  return bar;
};
const baseline = (): number => chart.height - chart.plot.bottom;

describe('monthlyChannelChart', () => {
  it('draws one bar per month and channel with entries', () => {
    expect(chart.bars.map((b) => b.title)).toEqual(['01/2026 · Truyền thanh: 3', '01/2026 · Cổng TTĐT: 1', '03/2026 · Fanpage: 2']);
  });

  it('makes bar heights proportional to the entries', () => {
    const radio = byTitle('01/2026 · Truyền thanh');
    const portal = byTitle('01/2026 · Cổng TTĐT');
    const fanpage = byTitle('03/2026 · Fanpage');
    expect(portal.height).toBeGreaterThan(0);
    expect(radio.height / portal.height).toBeCloseTo(3, 9);
    expect(fanpage.height / portal.height).toBeCloseTo(2, 9);
  });

  it('stacks the bars of a month from the baseline up, in channel order', () => {
    const radio = byTitle('01/2026 · Truyền thanh');
    const portal = byTitle('01/2026 · Cổng TTĐT');
    expect(radio.y + radio.height).toBeCloseTo(baseline(), 9);
    expect(portal.y + portal.height).toBeCloseTo(radio.y, 9);
    expect(portal.x).toBe(radio.x);
    expect(portal.width).toBe(radio.width);
  });

  it('starts a single bar on the baseline and places later months further right', () => {
    const radio = byTitle('01/2026 · Truyền thanh');
    const fanpage = byTitle('03/2026 · Fanpage');
    expect(fanpage.y + fanpage.height).toBeCloseTo(baseline(), 9);
    expect(fanpage.x).toBeGreaterThan(radio.x + radio.width);
  });

  it('keeps the tallest stack inside the plot', () => {
    const portal = byTitle('01/2026 · Cổng TTĐT');
    expect(portal.y).toBeGreaterThanOrEqual(chart.plot.top);
  });

  it('labels each grid line with the value at its height on the bars’ scale', () => {
    const portal = byTitle('01/2026 · Cổng TTĐT');
    const pxPerEntry = portal.height; // one portal entry
    for (const tick of chart.yTicks) {
      expect((baseline() - tick.y) / pxPerEntry, `grid line labelled ${tick.value}`).toBeCloseTo(tick.value, 9);
    }
  });

  it('labels every month of the range, the empty February included', () => {
    expect(chart.xLabels.map((l) => l.text)).toEqual(['T1', 'T2', 'T3']);
  });

  it('lists in the legend only the channels used, in channel order, each with its bars’ colour', () => {
    expect(chart.legend.map((l) => l.label)).toEqual(['Truyền thanh', 'Cổng TTĐT', 'Fanpage']);
    expect(new Set(chart.legend.map((l) => l.fill)).size).toBe(3);
    expect(byTitle('01/2026 · Truyền thanh').fill).toBe(chart.legend[0]?.fill);
    expect(byTitle('01/2026 · Cổng TTĐT').fill).toBe(chart.legend[1]?.fill);
    expect(byTitle('03/2026 · Fanpage').fill).toBe(chart.legend[2]?.fill);
  });

  it('names the busiest month in its summary', () => {
    expect(chart.summary).toBe('Số lượt phát/đăng theo tháng và kênh; nhiều nhất tháng 01/2026 với 4 lượt.');
  });

  it('gives no bars, no legend and the Vietnamese empty summary for an empty report', () => {
    const empty = monthlyChannelChart(buildReport([], () => ITEM, defaultVocabulary(), '2026-04-01', '2026-06-30'), CHANNELS);
    expect(empty.bars).toEqual([]);
    expect(empty.legend).toEqual([]);
    expect(empty.summary).toBe('Biểu đồ trống: chưa có lượt phát/đăng nào trong kỳ.');
    expect(empty.xLabels.map((l) => l.text)).toEqual(['T4', 'T5', 'T6']);
  });
});

describe('monthlyChannelChart, drawn for a phone', () => {
  const year = monthlyChannelChart(buildReport([entry('radio', '2026-05-04T06:30:00+07:00')], () => ITEM, defaultVocabulary(), '2026-01-01', '2026-12-31'), CHANNELS);

  it('draws a year within the 348 px a 390 px phone leaves, with labels of at least 12 units', () => {
    expect(year.narrow.width).toBeLessThanOrEqual(348);
    expect(year.narrow.fontSize).toBeGreaterThanOrEqual(12);
    expect(year.narrow.bars.map((b) => b.title)).toEqual(['05/2026 · Truyền thanh: 1']);
  });

  it('labels every second month when twelve labels would touch, each month label apart from the next', () => {
    expect(year.narrow.xLabels.map((l) => l.text)).toEqual(['T1', 'T3', 'T5', 'T7', 'T9', 'T11']);
    const gaps = year.narrow.xLabels.slice(1).map((l, i) => l.x - year.narrow.xLabels[i]!.x);
    for (const gap of gaps) expect(gap).toBeGreaterThan(3 * year.narrow.fontSize * 0.62);
    expect(year.xLabels).toHaveLength(12);
  });

  it('leaves room on the left for the largest grid value', () => {
    const big = monthlyChannelChart(buildReport(Array.from({ length: 1200 }, (_, i) => entry('radio', `2026-03-${String((i % 28) + 1).padStart(2, '0')}T06:30:00+07:00`)), () => ITEM, defaultVocabulary(), '2026-01-01', '2026-03-31'), CHANNELS);
    const top = big.narrow.yTicks.at(-1)!.value;
    expect(String(top).length).toBe(4);
    expect(big.narrow.plot.left).toBeGreaterThanOrEqual(4 * big.narrow.fontSize * 0.62);
  });
});
