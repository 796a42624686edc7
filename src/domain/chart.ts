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

export interface Chart {
  width: number;
  height: number;
  bars: Bar[];
  /** Month labels under the bars. */
  xLabels: { x: number; text: string }[];
  /** Grid lines with their values. */
  yTicks: { y: number; value: number }[];
  legend: { label: string; fill: string }[];
  /** A sentence describing the chart, for screen readers. */
  summary: string;
  plot: { left: number; top: number; right: number; bottom: number };
}

/** A whole-number grid step (1, 2, 5, 10, 20, 50, ...) giving about four lines up to `max`. */
function gridStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** Geometry of a stacked bar chart of entries per month per channel (drawn as SVG by the view). */
export function monthlyChannelChart(report: Report, channels: readonly Term[]): Chart {
  const months = report.byMonth.map((m) => m.month);
  const used = channels.filter((c) => months.some((m) => (report.monthChannel[m]?.[c.code] ?? 0) > 0));
  const colour = (code: string) => PALETTE[channels.findIndex((c) => c.code === code) % PALETTE.length]!;
  const plot = { left: 44, top: 12, right: 12, bottom: 40 };
  const slot = Math.max(14, Math.min(56, Math.floor(720 / Math.max(1, months.length))));
  const width = plot.left + plot.right + slot * months.length;
  const height = 260;
  const innerH = height - plot.top - plot.bottom;
  const maxTotal = Math.max(0, ...months.map((m) => Object.values(report.monthChannel[m] ?? {}).reduce((a, b) => a + b, 0)));
  const step = gridStep(maxTotal);
  const top = step * Math.max(1, Math.ceil(maxTotal / step));
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
  const every = Math.ceil(months.length / 24);
  const xLabels = months.flatMap((m, i) => (i % every === 0 ? [{ x: plot.left + i * slot + slot / 2, text: months.length > 12 ? `${m.slice(5, 7)}/${m.slice(2, 4)}` : `T${Number(m.slice(5, 7))}` }] : []));
  const yTicks: Chart['yTicks'] = [];
  for (let value = 0; value <= top; value += step) yTicks.push({ y: height - plot.bottom - value * scale, value });
  const busiest = months.reduce((best, m) => {
    const t = Object.values(report.monthChannel[m] ?? {}).reduce((a, b) => a + b, 0);
    return t > best.t ? { m, t } : best;
  }, { m: '', t: 0 });
  const summary = maxTotal === 0 ? 'Biểu đồ trống: chưa có lượt phát/đăng nào trong kỳ.' : `Số lượt phát/đăng theo tháng và kênh; nhiều nhất tháng ${busiest.m.slice(5, 7)}/${busiest.m.slice(0, 4)} với ${busiest.t} lượt.`;
  return { width, height, bars, xLabels, yTicks, legend: used.map((c) => ({ label: c.label, fill: colour(c.code) })), summary, plot };
}
