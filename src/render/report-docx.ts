import type { Paragraph, Table } from 'docx';
import type { Period } from '../domain/periods.js';
import { type Report, unclassifiedRow } from '../domain/report.js';
import { REPORT_SECTION_TITLES, type ReportNotes } from '../domain/report-notes.js';
import { breakdownTable, channelTables, type DocTable } from '../domain/report-tables.js';
import type { Settings } from '../domain/settings.js';
import { targetWindowNote } from '../domain/targets.js';
import { fmtNumber } from '../domain/text.js';
import { communeOf } from './appendix-docx.js';
import { documentHeading, rule, signatureBlock } from './docx-heading.js';
import { decree30Document, docxBuffer, para, table, textWidth } from './docx-layout.js';

const upper = (s: string): string => s.toLocaleUpperCase('vi-VN');

/** The progress toward the year's targets, as the report page shows it. */
interface Progress {
  rows: { label: string; unit: string; target: number; achieved: number; percent: number }[];
  overall: { target: number; achieved: number; percent: number } | null;
}

/** What the report of a period says: its figures, its sentence, the year's targets and the office's parts II and III (or their defaults). */
export interface ReportDocument {
  report: Report;
  sentence: string;
  progress: Progress;
  settings: Settings;
  sections: ReportNotes;
}

const WIDTH = textWidth(false);
/** A part's heading, a half line below what comes before it. */
const heading = (text: string): Paragraph[] => [para('', { size: 12 }), para(text, { bold: true, after: 6, keepNext: true })];
const subheading = (text: string): Paragraph => para(text, { bold: true, after: 3, keepNext: true });
/** A body paragraph per line of a text: justified, its first line indented (Decree 30). */
const body = (text: string): Paragraph[] => text.split(/\n+/).filter((l) => l.trim()).map((l) => para(l.trim(), { align: 'justify', indent: 10, after: 6 }));

/** Tables this short stay on one page; a longer one runs on, its header row repeated. */
const SHORT_TABLE = 15;

function docTable(t: DocTable): Table {
  return table(t.headers, t.rows, { textWidth: WIDTH, widths: t.widths, align: t.align, boldRows: t.total ? [t.rows.length - 1] : [], keepTogether: t.rows.length <= SHORT_TABLE });
}

/** Under the topic table, when some items have no topic: how many, so no reader takes the table as complete. */
function unclassifiedNote(report: Report): Paragraph[] {
  const row = unclassifiedRow(report);
  if (!row) return [];
  return [para(`Ghi chú: ${fmtNumber(row.items)} tin bài (${fmtNumber(row.entries)} lượt phát sóng, đăng tải) chưa phân loại nội dung tuyên truyền; số liệu theo nội dung chưa đầy đủ.`, { italics: true, size: 24 })];
}

/** Part I after its sentence: the numbered breakdowns, each only when it has something to show. */
function results(period: Period, d: ReportDocument): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let n = 0;
  const section = (title: string, children: (Paragraph | Table)[]): void => {
    n += 1;
    out.push(subheading(`${n}. ${title}`), ...children, para('', { after: 3 }));
  };
  const channels = channelTables(d.report);
  if (channels.length) section('Theo kênh tuyên truyền', channels.flatMap((t, i) => [para(`${String.fromCharCode(97 + i)}) ${t.caption}`, { italics: true, after: 3, keepNext: true }), docTable(t), para('', { after: 3 })]).slice(0, -1));
  const topics = breakdownTable('', 'Nội dung tuyên truyền', d.report.byTopic);
  if (topics) section('Theo nội dung tuyên truyền', [docTable(topics), ...unclassifiedNote(d.report)]);
  const units = breakdownTable('', 'Đơn vị thực hiện', d.report.byUnit);
  if (units) section('Theo đơn vị thực hiện', [docTable(units)]);
  // No targets, no part: the page says so, the document does not print a line about what is missing.
  if (d.progress.rows.length) {
    const rows = d.progress.rows.map((r) => [r.label, `${fmtNumber(r.target)} ${r.unit}`, fmtNumber(r.achieved), `${Math.round(r.percent)}%`]);
    if (d.progress.overall) rows.push(['Chung', fmtNumber(d.progress.overall.target), fmtNumber(d.progress.overall.achieved), `${Math.round(d.progress.overall.percent)}%`]);
    section(`Tiến độ thực hiện chỉ tiêu năm ${period.year} (${targetWindowNote(period)})`, [
      table(['Kênh', 'Chỉ tiêu năm', 'Đã đạt', 'Tỷ lệ'], rows, { textWidth: WIDTH, widths: [3.2, 2.4, 1.5, 1.2], align: ['left', 'right', 'right', 'right'], boldRows: d.progress.overall ? [rows.length - 1] : [], keepTogether: true }),
    ]);
  }
  return out.slice(0, -1);
}

/**
 * The report as a Word document in the Decree 30 layout (A4 portrait): the heading (issuing body and
 * motto with their rules, number and date lines), the title, part I (the sentence, then the tables of
 * what means something for each channel, the topics, the units and the targets when some are set),
 * parts II and III as the office wrote them, and the signature block.
 */
export async function reportDocx(period: Period, d: ReportDocument): Promise<Buffer> {
  const commune = communeOf(d.settings);
  const doc = decree30Document({
    title: `Báo cáo kết quả tuyên truyền CCHC ${period.label}`,
    landscape: false,
    children: [
      documentHeading({ issuer: ['ỦY BAN NHÂN DÂN', upper(commune)], number: 'Số:        /BC-UBND', placeDate: `${d.settings.communeName || '……'}, ngày     tháng     năm ${period.year}` }, WIDTH),
      para('', { after: 6 }),
      para('BÁO CÁO', { bold: true, align: 'center' }),
      para(`Kết quả công tác tuyên truyền cải cách hành chính\n${period.heading}`, { bold: true, align: 'center' }),
      rule(30, WIDTH, 12),
      ...heading('I. KẾT QUẢ THỰC HIỆN'),
      ...body(d.sentence),
      ...results(period, d),
      ...heading(REPORT_SECTION_TITLES.shortcomings),
      ...body(d.sections.shortcomings),
      ...heading(REPORT_SECTION_TITLES.nextSteps),
      ...body(d.sections.nextSteps),
      para('', { after: 6 }),
      // No "Kính gửi" above, so no "Như trên": the report goes up to the city.
      signatureBlock(['- UBND thành phố (để b/c);', '- Lưu: VT.'], ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], WIDTH),
    ],
  });
  return docxBuffer(doc);
}
