import type { Report } from './report.js';
import type { Term } from './vocabulary.js';

// Distinct, print-safe colours, one per channel in vocabulary order.
const PALETTE = ['#a3161c', '#1f5fa8', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#c2185b', '#455a64', '#9e9d24'];

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  title: string;
}

/** Where the bars, grid lines and labels of one drawing of the chart go, in SVG user units. */
export interface ChartGeometry {
  width: number;
  height: number;
  /** The labels' font size in user units: the drawing is shown at its own width or narrower, never wider. */
  fontSize: number;
  bars: Bar[];
  /** Month labels under the bars. */
  xLabels: { x: number; text: string }[];
  /** Grid lines with their values. */
  yTicks: { y: number; value: number }[];
  plot: { left: number; top: number; right: number; bottom: number };
}

/** The chart: a wide drawing (its fields) for office screens, a narrow one for phones, one legend and summary. */
export interface Chart extends ChartGeometry {
  /** The same figures drawn about 300 units wide with larger labels, so that a phone need not shrink it. */
  narrow: ChartGeometry;
  legend: { label: string; fill: string }[];
  /** A sentence describing the chart, for screen readers. */
  summary: string;
}

interface Layout {
  /** The width the month slots share. */
  budget: number;
  minSlot: number;
  maxSlot: number;
  height: number;
  fontSize: number;
  plot: { left: number; top: number; right: number; bottom: number };
}

const WIDE: Layout = { budget: 720, minSlot: 14, maxSlot: 56, height: 260, fontSize: 11, plot: { left: 44, top: 12, right: 12, bottom: 40 } };
// Shown unscaled in the 348 px a 390 px phone leaves it (and at 90% on a 320 px one): labels stay 12–13 px.
const NARROW: Layout = { budget: 260, minSlot: 2, maxSlot: 40, height: 200, fontSize: 13, plot: { left: 34, top: 10, right: 8, bottom: 30 } };

/** About how wide a label of `chars` digits and letters is drawn at `fontSize`. */
const textWidth = (chars: number, fontSize: number): number => chars * fontSize * 0.62;

/** A whole-number grid step (1, 2, 5, 10, 20, 50, ...) giving about four lines up to `max`. */
function gridStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

function draw(report: Report, used: readonly Term[], colour: (code: string) => string, layout: Layout): ChartGeometry {
  const months = report.byMonth.map((m) => m.month);
  const { height, fontSize } = layout;
  const maxTotal = Math.max(0, ...months.map((m) => Object.values(report.monthChannel[m] ?? {}).reduce((a, b) => a + b, 0)));
  const step = gridStep(maxTotal);
  const top = step * Math.max(1, Math.ceil(maxTotal / step));
  // The left margin holds the largest grid value.
  const plot = { ...layout.plot, left: Math.max(layout.plot.left, Math.ceil(textWidth(String(top).length, fontSize) + 8)) };
  const slot = Math.max(layout.minSlot, Math.min(layout.maxSlot, Math.floor(layout.budget / Math.max(1, months.length))));
  const width = plot.left + plot.right + slot * months.length;
  const innerH = height - plot.top - plot.bottom;
  const scale = innerH / top;
  const bars: Bar[] = [];
  months.forEach((month, i) => {
    let base = height - plot.bottom;
    for (const c of used) {
      const n = report.monthChannel[month]?.[c.code] ?? 0;
      if (!n) continue;
      const h = n * scale;
      base -= h;
      bars.push({ x: plot.left + i * slot + slot * 0.15, y: base, width: slot * 0.7, height: h, fill: colour(c.code), title: `${month.slice(5, 7)}/${month.slice(0, 4)} · ${c.label}: ${n}` });
    }
  });
  const text = (m: string): string => (months.length > 12 ? `${m.slice(5, 7)}/${m.slice(2, 4)}` : `T${Number(m.slice(5, 7))}`);
  // Every month when the labels fit side by side, else every second, third... month.
  const widest = Math.max(0, ...months.map((m) => text(m).length));
  const every = Math.max(1, Math.ceil((textWidth(widest, fontSize) + 4) / slot));
  const xLabels = months.flatMap((m, i) => (i % every === 0 ? [{ x: plot.left + i * slot + slot / 2, text: text(m) }] : []));
  const yTicks: ChartGeometry['yTicks'] = [];
  for (let value = 0; value <= top; value += step) yTicks.push({ y: height - plot.bottom - value * scale, value });
  return { width, height, fontSize, bars, xLabels, yTicks, plot };
}

/** Geometry of a stacked bar chart of entries per month per channel (drawn as SVG by the view). */
export function monthlyChannelChart(report: Report, channels: readonly Term[]): Chart {
  const months = report.byMonth.map((m) => m.month);
  const used = channels.filter((c) => months.some((m) => (report.monthChannel[m]?.[c.code] ?? 0) > 0));
  const colour = (code: string) => PALETTE[channels.findIndex((c) => c.code === code) % PALETTE.length]!;
  const busiest = months.reduce((best, m) => {
    const t = Object.values(report.monthChannel[m] ?? {}).reduce((a, b) => a + b, 0);
    return t > best.t ? { m, t } : best;
  }, { m: '', t: 0 });
  const summary = busiest.t === 0 ? 'Biểu đồ trống: chưa có lượt phát/đăng nào trong kỳ.' : `Số lượt phát/đăng theo tháng và kênh; nhiều nhất tháng ${busiest.m.slice(5, 7)}/${busiest.m.slice(0, 4)} với ${busiest.t} lượt.`;
  return {
    ...draw(report, used, colour, WIDE),
    narrow: draw(report, used, colour, NARROW),
    legend: used.map((c) => ({ label: c.label, fill: colour(c.code) })),
    summary,
  };
}
