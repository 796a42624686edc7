import { excelDuration } from '../domain/export-rows.js';
import type { CityReport, CommuneScores } from '../domain/city.js';
import { loadExcelJS } from '../exceljs.js';
import { xmlSafe } from '../domain/text.js';
import { DURATION_FORMAT, WHOLE_FORMAT, xmlSafeCells } from './xlsx.js';

const HEADERS = ['Mã', 'Xã, phường', 'Loại', 'Lượt ghi nhật ký', 'Lượt phát', 'Tin bài (khác nhau)', 'Thời lượng phát', 'Lượt xem', 'Lượt tương tác', 'Đạt chỉ tiêu năm (%)', 'Điểm PAR ước tính (/2)'];

/**
 * The city's view as a workbook: one row per commune and the city's totals, numbers as numbers and
 * airtime as an [h]:mm:ss time that adds up. Names go into text cells, never run as formulas.
 */
export async function cityXlsx(report: CityReport, scores: Map<string, CommuneScores>, heading: string): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nhật ký tuyên truyền CCHC';
  const sheet = workbook.addWorksheet('Tổng hợp thành phố', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = [12, 30, 9, 14, 12, 14, 14, 12, 14, 14, 14].map((width, i) => ({ width, style: i === 6 ? { numFmt: DURATION_FORMAT } : i >= 3 ? { numFmt: WHOLE_FORMAT } : {} }));
  sheet.addRow([xmlSafe(`Tuyên truyền cải cách hành chính của các xã, phường: ${heading}`)]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const head = sheet.addRow(HEADERS);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const c of report.communes) {
    const s = scores.get(c.code);
    const t = c.totals;
    sheet.addRow(xmlSafeCells([c.code, c.name, c.kind, t.entries, t.plays, t.items, excelDuration(t.airtimeSeconds), t.views, t.interactions, s?.progress ?? null, s?.par ?? null]));
  }
  const t = report.totals;
  sheet.addRow(['', 'Toàn thành phố', '', t.entries, t.plays, t.items, excelDuration(t.airtimeSeconds), t.views, t.interactions, null, null]).font = { bold: true };
  sheet.getColumn(11).numFmt = '0.00';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
