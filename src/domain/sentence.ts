import type { Report, Row } from './report.js';
import { fmtNumber } from './text.js';
import { fmtDate } from './time.js';

/** How counts are written: exactly, or "trên N" as officials write them. */
export type CountMode = 'exact' | 'over';

/** A commune-level unit: xã, phường or đặc khu. */
export type CommuneKind = 'xã' | 'phường' | 'đặc khu';

/**
 * The "trên N" (over N) figure: N is the largest multiple of a step strictly below the count; the
 * step is 10 for counts 11–100, 50 for 101–1,000 and 100 above. Counts of 10 or less stay exact.
 * 463 → 450, 450 → 400, 100 → 90.
 */
export function overFigure(count: number): number | null {
  if (count <= 10) return null;
  const step = count <= 100 ? 10 : count <= 1000 ? 50 : 100;
  return Math.floor((count - 1) / step) * step;
}

/** A count as the report writes it: "463" or "trên 450" (small counts always exact, "05" never). */
export function writeCount(count: number, mode: CountMode): string {
  const over = mode === 'over' ? overFigure(count) : null;
  return over === null ? fmtNumber(count) : `trên ${fmtNumber(over)}`;
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

/** The clause for one channel row (used by the sentence and the appendix table). */
export function channelClause(row: Row, kind: CommuneKind, mode: CountMode): string {
  const n = (count: number) => writeCount(count, mode);
  return (CLAUSES[row.code] ?? fallbackClause)(row, kind, n);
}

/**
 * The "Kết quả thực hiện" sentence of a report: one clause per channel that has entries, e.g.
 * "Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng trên 90 tin bài trên hệ thống
 * truyền thanh phường, với trên 300 lượt phát; cập nhật trên 450 tin bài trên Cổng thông tin điện tử phường."
 */
export function reportSentence(report: Report, kind: CommuneKind, mode: CountMode): string {
  const range = `Từ ngày ${fmtDate(report.from)} đến ngày ${fmtDate(report.to)}`;
  const rows = report.byChannel.filter((r) => r.entries > 0);
  if (!rows.length) return `${range} chưa ghi nhận tin bài tuyên truyền cải cách hành chính nào.`;
  return `${range} đã ${rows.map((r) => channelClause(r, kind, mode)).join('; ')}.`;
}
