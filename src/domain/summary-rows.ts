import type { Cell } from './export-rows.js';
import { neutralise } from './export-rows.js';
import type { Figures, Row } from './report.js';
import type { WeeklyFigures } from './summary.js';
import { addDays, fmtDate } from './time.js';

export const SUMMARY_COLUMNS = ['Nhóm', 'Mục', 'Lượt phát/đăng', 'Lượt phát', 'Tin bài', 'Thời lượng phát (giây)', 'Lượt xem', 'Lượt tương tác'] as const;

const figures = (f: Figures): Cell[] => [f.entries, f.plays, f.items, f.airtimeSeconds, f.views, f.interactions];

/** A weekly summary as one flat table (for CSV and the XLSX sheet): totals, change, breakdowns, targets. */
export function summaryRows(s: WeeklyFigures, kind: 'csv' | 'xlsx' = 'csv'): Cell[][] {
  const text = kind === 'csv' ? neutralise : (v: string) => v;
  const used = (rows: Row[]) => rows.filter((r) => r.entries > 0);
  return [
    ['Tuần', `${fmtDate(s.weekStart)}–${fmtDate(s.weekEnd)}`, ...figures(s.totals)],
    ['Tuần trước', `${fmtDate(addDays(s.weekStart, -7))}–${fmtDate(addDays(s.weekStart, -1))}`, ...figures(s.previous)],
    ['Thay đổi so với tuần trước', '', s.totals.entries - s.previous.entries, s.totals.plays - s.previous.plays, s.totals.items - s.previous.items, s.totals.airtimeSeconds - s.previous.airtimeSeconds, s.totals.views - s.previous.views, s.totals.interactions - s.previous.interactions],
    ['Tin bài mới và phát lại', 'Tin bài mới (phát/đăng lần đầu)', s.newItems, null, null, null, null, null],
    ['Tin bài mới và phát lại', 'Lượt phát lại, đăng lại', s.reairs, null, null, null, null, null],
    ...used(s.byChannel).map((r) => ['Theo kênh', text(r.label), ...figures(r)]),
    ...used(s.byFormat).map((r) => ['Theo hình thức', text(r.label), ...figures(r)]),
    ...used(s.byTopic).map((r) => ['Theo nội dung', text(r.label), ...figures(r)]),
    ...s.uncoveredTopics.map((t) => ['Nội dung chưa có tin bài', text(t.label), null, null, null, null, null, null]),
    ...s.targets.rows.map((t) => [`Chỉ tiêu năm ${s.targets.year}`, `${text(t.label)}: ${t.achieved}/${t.target} ${t.unit} (${t.percent.toFixed(1).replace('.', ',')}%)`, t.achieved, null, null, null, null, null]),
    ...s.deadlines.map((d) => ['Hạn báo cáo trong tuần tới', `${fmtDate(d.date)}: ${d.label}`, null, null, null, null, null, null]),
  ];
}
