import type { Report, Row } from './report.js';
import { fmtHms, fmtNumber } from './text.js';
import { channelKind } from './vocabulary.js';

/** A table of the report's document: its caption, header, rows (the last one a total when `total`) and column shares. */
export interface DocTable {
  caption: string;
  headers: string[];
  rows: string[][];
  /** Relative column widths. */
  widths: number[];
  align: ('left' | 'right')[];
  /** The last row is a total (printed bold). */
  total: boolean;
}

type Column = { header: string; width: number; value: (r: Row) => string };

const label: Column = { header: 'Kênh', width: 3.2, value: (r) => r.label };
const num = (header: string, pick: (r: Row) => number, width = 1.5): Column => ({ header, width, value: (r) => fmtNumber(pick(r)) });
/** A figure that is not always known (views, interactions): a dash where none was recorded, never a 0 that reads as "nobody". */
const known = (header: string, pick: (r: Row) => number): Column => ({ header, width: 1.5, value: (r) => (pick(r) > 0 ? fmtNumber(pick(r)) : '–') });

/** The unit each count of the channels without plays or views is in. */
const OTHER_UNITS: Record<string, string> = { press: 'tin bài', noticeboard: 'tin bài', banner: 'đợt', meeting: 'hội nghị, cuộc họp' };

function build(caption: string, columns: Column[], rows: Row[], totalOf: (rows: Row[]) => Row | null): DocTable | null {
  if (!rows.length) return null;
  const total = rows.length > 1 ? totalOf(rows) : null;
  const body = [...rows, ...(total ? [total] : [])].map((r) => columns.map((c) => c.value(r)));
  return { caption, headers: columns.map((c) => c.header), rows: body, widths: columns.map((c) => c.width), align: columns.map((c, i) => (i === 0 || c.header === 'Đơn vị tính' ? 'left' : 'right')), total: total !== null };
}

const sum = (rows: Row[]): Row => rows.reduce((t, r) => ({ ...t, entries: t.entries + r.entries, plays: t.plays + r.plays, items: t.items + r.items, airtimeSeconds: t.airtimeSeconds + r.airtimeSeconds, views: t.views + r.views, interactions: t.interactions + r.interactions }), { code: '', label: 'Cộng', entries: 0, plays: 0, items: 0, airtimeSeconds: 0, views: 0, interactions: 0 });

/**
 * The channel tables of the report's document, each with only what means something for its channels:
 * the radio's items, airings and plays, and its air time when some length is known; the online
 * channels' posts, and their views and interactions when some are known; the other channels' counts
 * with their unit. A table with no channel that has entries is left out.
 */
export function channelTables(report: Pick<Report, 'byChannel'>): DocTable[] {
  const shown = report.byChannel.filter((r) => r.entries > 0);
  const radio = shown.filter((r) => channelKind(r.code) === 'broadcast');
  const online = shown.filter((r) => channelKind(r.code) === 'online');
  const other = shown.filter((r) => !radio.includes(r) && !online.includes(r));
  const radioColumns = [{ ...label, width: 1.8 }, num('Tin bài', (r) => r.items, 1.8), num('Lượt phát sóng', (r) => r.entries, 1.8), num('Lượt phát', (r) => r.plays, 1.8)];
  if (radio.some((r) => r.airtimeSeconds > 0)) radioColumns.push({ header: 'Thời lượng', width: 1.8, value: (r) => fmtHms(r.airtimeSeconds) });
  const onlineColumns = [label, num('Tin bài đăng', (r) => r.entries)];
  if (online.some((r) => r.views > 0)) onlineColumns.push(known('Lượt xem', (r) => r.views));
  if (online.some((r) => r.interactions > 0)) onlineColumns.push(known('Lượt tương tác', (r) => r.interactions));
  const otherColumns: Column[] = [{ ...label, header: 'Hình thức' }, num('Số lượng', (r) => r.entries), { header: 'Đơn vị tính', width: 2, value: (r) => OTHER_UNITS[r.code] ?? 'tin bài' }];
  return [
    // Items are distinct per channel: a total over channels would count an item twice, so only posts add up.
    build('Hệ thống truyền thanh', radioColumns, radio, () => null),
    build('Cổng thông tin điện tử và mạng xã hội', onlineColumns, online, sum),
    build('Các hình thức khác', otherColumns, other, () => null),
  ].filter((t): t is DocTable => t !== null);
}

/** A breakdown (by topic, by unit) as the document prints it: the rows with entries, their items and airings or posts. */
export function breakdownTable(caption: string, first: string, rows: readonly Row[]): DocTable | null {
  return build(caption, [{ ...label, header: first, width: 4 }, num('Tin bài', (r) => r.items, 1.3), num('Lượt phát sóng, đăng tải', (r) => r.entries, 2.7)], rows.filter((r) => r.entries > 0), () => null);
}
