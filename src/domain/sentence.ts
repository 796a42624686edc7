import type { Report, Row } from './report.js';
import { fmtNumber } from './text.js';
import { fmtDate } from './time.js';

/** How counts are written: exactly, or "trên N" as officials write them. */
export type CountMode = 'exact' | 'over';

/** A commune-level unit: xã, phường or đặc khu. */
export type CommuneKind = 'xã' | 'phường' | 'đặc khu';

/**
 * The "trên N" (over N) figure of a large count: N is the largest multiple of a step strictly below
 * the count; the step is 50 for 101–1,000 and 100 above. Counts up to 100 stay exact, so that the
 * sentence says what the table under it shows ("trên 10" above a 17 reads as a contradiction).
 * 463 → 450, 450 → 400, 101 → 100, 100 → exact.
 */
export function overFigure(count: number): number | null {
  if (count <= 100) return null;
  const step = count <= 1000 ? 50 : 100;
  return Math.floor((count - 1) / step) * step;
}

/** A count as the report writes it: "463" or "trên 450" (counts up to 100 always exact, "05" never). */
export function writeCount(count: number, mode: CountMode): string {
  const over = mode === 'over' ? overFigure(count) : null;
  return over === null ? fmtNumber(count) : `trên ${fmtNumber(over)}`;
}

/**
 * An air time as a sentence writes it, exactly (it is not a count to round): "3 giờ 5 phút 30 giây",
 * "45 phút"; the parts that are zero are left out.
 */
export function writeAirtime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 3600), 'giờ'],
    [Math.floor((s % 3600) / 60), 'phút'],
    [s % 60, 'giây'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${fmtNumber(n)} ${unit}`).join(' ') || '0 phút';
}

type Clause = (row: Row, kind: CommuneKind, n: (count: number) => string) => string;

const withViews = (row: Row, n: (count: number) => string): string => (row.views > 0 ? ` (${n(row.views)} lượt xem)` : '');

// One clause per channel, in the register of the report appendices (Nghi Dương, Phụ lục 01, row 5).
const CLAUSES: Record<string, Clause> = {
  radio: (r, k, n) => `xây dựng và phát sóng ${n(r.items)} tin bài trên hệ thống truyền thanh ${k}, với ${n(r.plays)} lượt phát`,
  portal: (r, k, n) => `cập nhật ${n(r.entries)} tin bài trên Cổng thông tin điện tử ${k}${withViews(r, n)}`,
  fanpage: (r, k, n) => `đăng ${n(r.entries)} tin bài trên Fanpage của ${k}${withViews(r, n)}`,
  'zalo-oa': (r, k, n) => `đăng ${n(r.entries)} tin bài trên Zalo OA của ${k}${withViews(r, n)}`,
  'zalo-mini-app': (r, k, n) => `đăng ${n(r.entries)} tin bài trên Zalo mini app của ${k}${withViews(r, n)}`,
  youtube: (r, k, n) => `đăng ${n(r.entries)} video trên kênh YouTube của ${k}${withViews(r, n)}`,
  press: (r, _k, n) => `đăng ${n(r.entries)} tin bài trên báo chí`,
  noticeboard: (r, _k, n) => `đăng ${n(r.entries)} tin bài trên bảng tin`,
  banner: (r, _k, n) => `tuyên truyền bằng băng rôn, khẩu hiệu ${n(r.entries)} đợt`,
  meeting: (r, _k, n) => `lồng ghép tuyên truyền tại ${n(r.entries)} hội nghị, cuộc họp`,
};

const fallbackClause: Clause = (r, _k, n) => `đăng ${n(r.entries)} tin bài trên kênh ${r.label}`;

/**
 * The clause for one channel row (used by the sentence and the appendix table). With `airtime`, the
 * radio clause ends with the air time when some length is known (the report's sentence; the appendix
 * keeps its wording).
 */
export function channelClause(row: Row, kind: CommuneKind, mode: CountMode, opts: { airtime?: boolean } = {}): string {
  const n = (count: number) => writeCount(count, mode);
  const clause = (CLAUSES[row.code] ?? fallbackClause)(row, kind, n);
  return opts.airtime && row.code === 'radio' && row.airtimeSeconds > 0 ? `${clause}, tổng thời lượng ${writeAirtime(row.airtimeSeconds)}` : clause;
}

/**
 * The "Kết quả thực hiện" sentence of a report: one clause per channel that has entries, the radio's
 * air time when some length is known, e.g. "Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và
 * phát sóng 90 tin bài trên hệ thống truyền thanh phường, với trên 300 lượt phát, tổng thời lượng 15 giờ
 * 20 phút; cập nhật trên 450 tin bài trên Cổng thông tin điện tử phường."
 */
export function reportSentence(report: Report, kind: CommuneKind, mode: CountMode): string {
  const range = `Từ ngày ${fmtDate(report.from)} đến ngày ${fmtDate(report.to)}`;
  const rows = report.byChannel.filter((r) => r.entries > 0);
  if (!rows.length) return `${range} chưa ghi nhận tin bài tuyên truyền cải cách hành chính nào.`;
  return `${range} đã ${rows.map((r) => channelClause(r, kind, mode, { airtime: true })).join('; ')}.`;
}
