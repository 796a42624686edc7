import type { Period } from '../domain/periods.js';
import { type Report, type Row, unclassifiedRow } from '../domain/report.js';
import { targetWindowNote } from '../domain/targets.js';
import type { Settings } from '../domain/settings.js';
import { fmtHms, fmtNumber } from '../domain/text.js';
import { communeOf } from './appendix-docx.js';
import { decree30Document, docxBuffer, para, sideBySide, table, textWidth } from './docx-layout.js';

const upper = (s: string): string => s.toLocaleUpperCase('vi-VN');

/** The progress toward the year's targets, as the report page shows it. */
interface Progress {
  rows: { label: string; unit: string; target: number; achieved: number; percent: number }[];
  overall: { target: number; achieved: number; percent: number } | null;
}

function figuresTable(rows: readonly Row[], first: string, width: number): ReturnType<typeof table> {
  const shown = rows.filter((r) => r.entries > 0);
  const body = shown.map((r) => [r.label, fmtNumber(r.entries), fmtNumber(r.plays), fmtNumber(r.items), fmtHms(r.airtimeSeconds), fmtNumber(r.views)]);
  return table([first, 'Lượt phát/đăng', 'Lượt phát', 'Tin bài', 'Thời lượng', 'Lượt xem'], body.length ? body : [['Không có', '0', '0', '0', '0:00:00', '0']], { textWidth: width, widths: [4, 1.6, 1.3, 1.2, 1.5, 1.4], align: ['left', 'right', 'right', 'right', 'right', 'right'] });
}

/** Under the topic table, when some items have no topic: how many, so no reader takes the table as complete. */
function unclassifiedNote(report: Report): ReturnType<typeof para>[] {
  const row = unclassifiedRow(report);
  if (!row) return [];
  return [para(`Ghi chú: ${fmtNumber(row.items)} tin bài (${fmtNumber(row.entries)} lượt phát/đăng) chưa phân loại nội dung tuyên truyền; số liệu theo nội dung chưa đầy đủ.`, { italics: true })];
}

/**
 * The report as a Word document in the Decree 30 layout (A4 portrait): the heading block with blanks
 * for the number and the date, the title, the sentence of the report, the tables by channel, topic and
 * unit, the progress toward the year's targets, and the signature block.
 */
export async function reportDocx(period: Period, report: Report, sentence: string, progress: Progress, settings: Settings): Promise<Buffer> {
  const commune = communeOf(settings);
  const width = textWidth(false);
  const targets = progress.rows.map((r) => [r.label, `${fmtNumber(r.target)} ${r.unit}`, fmtNumber(r.achieved), `${Math.round(r.percent)}%`]);
  if (progress.overall) targets.push(['Chung', fmtNumber(progress.overall.target), fmtNumber(progress.overall.achieved), `${Math.round(progress.overall.percent)}%`]);
  const doc = decree30Document({
    title: `Báo cáo kết quả tuyên truyền CCHC ${period.label}`,
    landscape: false,
    children: [
      sideBySide(
        [{ text: 'ỦY BAN NHÂN DÂN' }, { text: upper(commune), bold: true }, { text: 'Số:        /BC-UBND' }],
        [{ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true }, { text: 'Độc lập - Tự do - Hạnh phúc', bold: true }, { text: `${settings.communeName || '……'}, ngày     tháng     năm ${period.year}`, italics: true }],
        { textWidth: width },
      ),
      para('', { after: 6 }),
      para('BÁO CÁO', { bold: true, align: 'center' }),
      para(`Kết quả công tác tuyên truyền cải cách hành chính ${period.heading}`, { bold: true, align: 'center', after: 12 }),
      para('I. KẾT QUẢ THỰC HIỆN', { bold: true, after: 6 }),
      para(sentence, { align: 'justify', indent: 10, after: 6 }),
      para('1. Theo kênh tuyên truyền', { bold: true, after: 3 }),
      figuresTable(report.byChannel, 'Kênh', width),
      para('', { after: 3 }),
      para('2. Theo nội dung tuyên truyền', { bold: true, after: 3 }),
      figuresTable(report.byTopic, 'Nội dung tuyên truyền', width),
      ...unclassifiedNote(report),
      para('', { after: 3 }),
      para('3. Theo đơn vị thực hiện', { bold: true, after: 3 }),
      figuresTable(report.byUnit, 'Đơn vị', width),
      para('', { after: 3 }),
      para(`4. Tiến độ thực hiện chỉ tiêu năm ${period.year} (${targetWindowNote(period)})`, { bold: true, after: 3 }),
      targets.length ? table(['Kênh', 'Chỉ tiêu', 'Đã đạt', 'Tỷ lệ'], targets, { textWidth: width, widths: [4, 2, 1.5, 1.2], align: ['left', 'right', 'right', 'right'] }) : para(`Chưa đặt chỉ tiêu cho năm ${period.year}.`, { indent: 10 }),
      para('', { after: 12 }),
      sideBySide([{ text: 'Nơi nhận:', bold: true, italics: true, align: 'left' }, { text: '- Như trên;', align: 'left' }, { text: '- Lưu: VT.', align: 'left' }], [{ text: 'TM. ỦY BAN NHÂN DÂN', bold: true }, { text: 'CHỦ TỊCH', bold: true }, { text: '(Ký, ghi rõ họ tên, đóng dấu)', italics: true }], { textWidth: width, leftShare: 0.45 }),
    ],
  });
  return docxBuffer(doc);
}
