import type { Paragraph } from 'docx';
import type { CityReport, CommuneScores } from '../domain/city.js';
import { CITY_ISSUER, CITY_TABLE_HEADERS, cityTableRows, communeName, communesWithout } from '../domain/city-report.js';
import type { Period } from '../domain/periods.js';
import { fmtNumber } from '../domain/text.js';
import { documentHeading, rule, signatureBlock } from './docx-heading.js';
import { decree30Document, docxBuffer, para, table, textWidth } from './docx-layout.js';

const PORTRAIT = textWidth(false);
const LANDSCAPE = textWidth(true);
const body = (text: string): Paragraph => para(text, { align: 'justify', indent: 10, after: 6 });
const heading = (text: string): Paragraph[] => [para('', { size: 12 }), para(text, { bold: true, after: 6, keepNext: true })];

/** The communes with no entry, named, or that every one has some. */
function withoutEntries(report: CityReport): string {
  const none = communesWithout(report);
  const all = fmtNumber(report.communes.length);
  if (!none.length) return `Tất cả ${all} xã, phường, đặc khu đều đã ghi nhận lượt phát sóng, đăng tải trong kỳ.`;
  return `Có ${fmtNumber(none.length)}/${all} đơn vị chưa ghi nhận lượt phát sóng, đăng tải nào trong kỳ: ${none.map(communeName).join('; ')}.`;
}

/**
 * The city's report as a Word document in the Decree 30 layout: the culture department's heading, the
 * period, the city's totals as a sentence (`sentence`), the communes with no entry named, the signature;
 * then, on A4 landscape pages, the table of every commune with the city's total.
 */
export async function cityReportDocx(period: Period, report: CityReport, scores: ReadonlyMap<string, CommuneScores>, sentence: string): Promise<Buffer> {
  const rows = cityTableRows(report, scores);
  const doc = decree30Document({
    title: `Báo cáo tuyên truyền CCHC của các xã, phường ${period.label}`,
    landscape: false,
    children: [
      documentHeading({ parent: CITY_ISSUER.parent, issuer: [...CITY_ISSUER.issuer], number: `Số:        /BC-${CITY_ISSUER.symbol}`, placeDate: `${CITY_ISSUER.place}, ngày     tháng     năm ${period.year}` }, PORTRAIT),
      para('', { after: 6 }),
      para('BÁO CÁO', { bold: true, align: 'center' }),
      para(`Kết quả công tác tuyên truyền cải cách hành chính\ncủa các xã, phường, đặc khu trên địa bàn thành phố\n${period.heading}`, { bold: true, align: 'center' }),
      rule(30, PORTRAIT, 12),
      ...heading('I. KẾT QUẢ THỰC HIỆN'),
      body(sentence),
      body('Số liệu của từng xã, phường, đặc khu tại Phụ lục kèm theo Báo cáo này.'),
      ...heading('II. CÁC ĐƠN VỊ CHƯA CÓ KẾT QUẢ TRONG KỲ'),
      body(withoutEntries(report)),
      para('', { after: 6 }),
      signatureBlock([...CITY_ISSUER.recipients], [...CITY_ISSUER.signer], PORTRAIT),
    ],
    annex: {
      landscape: true,
      children: [
        para('PHỤ LỤC', { bold: true, align: 'center' }),
        para('Số liệu tuyên truyền cải cách hành chính của các xã, phường, đặc khu', { bold: true, align: 'center' }),
        para(`(Kèm theo Báo cáo số        /BC-${CITY_ISSUER.symbol} ngày     /     /${period.year} của ${CITY_ISSUER.name})`, { italics: true, align: 'center' }),
        para(period.heading, { italics: true, align: 'center', after: 6 }),
        table(CITY_TABLE_HEADERS, rows, {
          textWidth: LANDSCAPE,
          widths: [0.7, 1.1, 3.2, 1.2, 1.5, 1.6, 1.3, 1.4, 1.6],
          align: ['center', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
          boldRows: [rows.length - 1],
        }),
        para('', { size: 12 }),
        para(`Tin bài: số tin bài khác nhau trên mọi kênh; lượt phát sóng: trên hệ thống truyền thanh; bài đăng trực tuyến: trên cổng thông tin điện tử và mạng xã hội; “–”: chưa đặt chỉ tiêu năm ${period.year} hoặc chưa có số liệu.`, { italics: true, size: 22 }),
      ],
    },
  });
  return docxBuffer(doc);
}
