import type { CityCommune, CityReport, CommuneScores } from './city.js';
import { addFigures, type Figures, ZERO_FIGURES } from './counting.js';
import type { Row } from './report.js';
import { channelClause, type CountMode, writeCount } from './sentence.js';
import { fmtNumber } from './text.js';
import { fmtDate } from './time.js';
import { CHANNELS, channelKind } from './vocabulary.js';

/**
 * Who issues the city's report: Hải Phòng's culture department, to which the communes' grassroots
 * information reports go since 1/3/2025 (the deployment is the city's; one place to change it).
 */
export const CITY_ISSUER = {
  parent: 'UBND THÀNH PHỐ HẢI PHÒNG',
  issuer: ['SỞ VĂN HÓA, THỂ THAO', 'VÀ DU LỊCH'],
  name: 'Sở Văn hóa, Thể thao và Du lịch',
  symbol: 'SVHTTDL',
  place: 'Hải Phòng',
  signer: ['GIÁM ĐỐC'],
  recipients: ['- Bộ Văn hóa, Thể thao và Du lịch (để b/c);', '- UBND thành phố (để b/c);', '- Lưu: VT.'],
} as const;

/** A commune as the city's documents name it: "phường An Hải" (its code when it has no name). */
export const communeName = (c: Pick<CityCommune, 'kind' | 'name' | 'code'>): string => (c.name ? `${c.kind ? `${c.kind} ` : ''}${c.name}` : c.code);

/** The figures of one kind of channel of a commune (or of the city): radio, online or the others. */
function kindFigures(byChannel: Record<string, Figures>, kind: 'broadcast' | 'online'): Figures {
  return Object.entries(byChannel)
    .filter(([code]) => channelKind(code) === kind)
    .reduce((sum, [, f]) => addFigures(sum, f), { ...ZERO_FIGURES });
}

/** The city's figures per channel: each commune's added up (an item belongs to one commune, so items add up too). */
export function cityChannels(report: Pick<CityReport, 'communes'>): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  for (const c of report.communes) for (const [code, f] of Object.entries(c.byChannel)) out[code] = addFigures(out[code] ?? { ...ZERO_FIGURES }, f);
  return out;
}

/** The communes with no entry in the period, in the order given. */
export const communesWithout = (report: Pick<CityReport, 'communes'>): CityCommune[] => report.communes.filter((c) => c.totals.entries === 0);

/**
 * The city's totals as one sentence in the officials' style, counts above 100 written "trên N" in the
 * over mode: how many communes have entries, the radio's items and plays, the online posts and their
 * views, then the other channels as each commune's report writes them.
 */
export function citySentence(report: CityReport, mode: CountMode): string {
  const n = (count: number): string => writeCount(count, mode);
  const range = `Từ ngày ${fmtDate(report.from)} đến ngày ${fmtDate(report.to)}`;
  const active = report.communes.length - communesWithout(report).length;
  const units = `${fmtNumber(active)}/${fmtNumber(report.communes.length)} xã, phường, đặc khu`;
  if (!active) return `${range}, chưa xã, phường, đặc khu nào ghi nhận tin bài tuyên truyền cải cách hành chính.`;
  const channels = cityChannels(report);
  const radio = kindFigures(channels, 'broadcast');
  const online = kindFigures(channels, 'online');
  const clauses: string[] = [];
  if (radio.entries) clauses.push(`xây dựng và phát sóng ${n(radio.items)} tin bài trên hệ thống truyền thanh cơ sở, với ${n(radio.plays)} lượt phát`);
  if (online.entries) clauses.push(`đăng ${n(online.entries)} tin bài trên cổng thông tin điện tử và mạng xã hội${online.views ? ` (${n(online.views)} lượt xem)` : ''}`);
  // The other channels' clauses name no commune (press, boards, banners, meetings), so each commune's wording fits the city.
  const order = [...CHANNELS.map((c) => c.code), ...Object.keys(channels).filter((code) => !CHANNELS.some((c) => c.code === code))];
  for (const code of order) {
    const f = channels[code];
    const kind = channelKind(code);
    if (f?.entries && kind !== 'broadcast' && kind !== 'online') clauses.push(channelClause({ code, label: CHANNELS.find((c) => c.code === code)?.label ?? code, ...f } satisfies Row, 'xã', mode));
  }
  return `${range}, ${units} đã ghi nhận kết quả tuyên truyền cải cách hành chính: ${clauses.join('; ')}.`;
}

/** The headers of the city's table, one row per commune. */
export const CITY_TABLE_HEADERS = ['STT', 'Loại', 'Tên đơn vị', 'Tin bài', 'Lượt phát sóng', 'Bài đăng trực tuyến', 'Lượt xem', 'Đạt chỉ tiêu năm', 'Điểm PAR (ước tính, /2)'];

const percent = (p: number | null | undefined): string => (p === null || p === undefined ? '–' : `${fmtNumber(Math.round(p))}%`);
const points = (p: number | undefined): string => (p === undefined ? '–' : p.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/**
 * Every commune's line of the city's table, by name, then the city's total: items (every channel),
 * radio airings, online posts, views, the year's target progress and the PAR estimate.
 */
export function cityTableRows(report: CityReport, scores: ReadonlyMap<string, CommuneScores>): string[][] {
  const sorted = [...report.communes].sort((a, b) => (a.name || a.code).localeCompare(b.name || b.code, 'vi') || a.kind.localeCompare(b.kind, 'vi'));
  const line = (byChannel: Record<string, Figures>, items: number): string[] => {
    const online = kindFigures(byChannel, 'online');
    return [fmtNumber(items), fmtNumber(kindFigures(byChannel, 'broadcast').entries), fmtNumber(online.entries), online.views ? fmtNumber(online.views) : '–'];
  };
  const rows = sorted.map((c, i) => {
    const s = scores.get(c.code);
    return [String(i + 1), c.kind, c.name || c.code, ...line(c.byChannel, c.totals.items), percent(s?.progress), points(s?.par)];
  });
  return [...rows, ['', '', 'Toàn thành phố', ...line(cityChannels(report), report.totals.items), '', '']];
}
