// ExcelJS's reader is fixed before ExcelJS loads (see src/exceljs-utf8.ts).
import '../src/exceljs-utf8.js';
import ExcelJS from 'exceljs';

/**
 * Workbooks kept the way commune offices keep their logs, built here rather than committed: each is
 * one layout the import must take as it is. The figures the tests pin are counted by hand in the
 * comments beside the rows.
 */

type Cell = ExcelJS.CellValue;

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const clock = (h: number, min: number): Date => new Date(Date.UTC(1899, 11, 30, h, min));

async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function rowsInto(ws: ExcelJS.Worksheet, rows: Cell[][]): void {
  for (const r of rows) ws.addRow(r);
}

/**
 * A log book with a title block and a header over two rows: "STT", "Nội dung tin bài"… merged down,
 * "Thời gian phát sóng" merged over "Ngày | Giờ phát". No channel or unit column. Rows 7–10: four
 * airings of three items in March 2026, 5 plays, 2×180 + 270 + 180 + 120 = 930 s of air time.
 */
export async function twoRowHeader(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sổ phát thanh');
  rowsInto(ws, [
    ['UBND XÃ AN HẢI', null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    ['TRUNG TÂM DỊCH VỤ SỰ NGHIỆP CÔNG', null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
    [],
    ['SỔ NHẬT KÝ CHƯƠNG TRÌNH PHÁT THANH NĂM 2026'],
    ['STT', 'Thời gian phát sóng', null, 'Nội dung tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng'],
    [null, 'Ngày', 'Giờ phát'],
    [1, '02/03/2026', '06:00', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Tin', 2, '3:00'],
    [2, '02/03/2026', '17:00', 'Thanh toán không dùng tiền mặt', 'Bài', 1, '4:30'],
    [3, '03/03/2026', '06:00', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Tin', 1, '3:00'],
    [4, '04/03/2026', '06:30', 'Lịch tiếp công dân tháng 3', 'Tin', 1, '2:00'],
  ]);
  ws.mergeCells('A4:G4');
  for (const col of ['A', 'D', 'E', 'F', 'G']) ws.mergeCells(`${col}5:${col}6`);
  ws.mergeCells('B5:C5');
  return bufferOf(wb);
}

/**
 * One date merged down over the items aired that day: 05/03 over rows 2–4, 06/03 over rows 5–6. Five
 * airings of three items, 1 + 1 + 2 + 1 + 2 = 7 plays.
 */
export async function datesMergedDown(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tháng 3');
  rowsInto(ws, [
    ['Ngày', 'Giờ', 'Tiêu đề', 'Kênh', 'Số lần phát'],
    [day(2026, 3, 5), '06:00', 'Tin A về thủ tục đất đai', 'Truyền thanh', 1],
    [null, '06:10', 'Tin B về hộ tịch', 'Truyền thanh', 1],
    [null, '17:00', 'Tin A về thủ tục đất đai', 'Truyền thanh', 2],
    [day(2026, 3, 6), '06:00', 'Tin C về chứng thực', 'Truyền thanh', 1],
    [null, '06:05', 'Tin B về hộ tịch', 'Truyền thanh', '2 lần'],
  ]);
  ws.mergeCells('A2:A4');
  ws.mergeCells('A5:A6');
  return bufferOf(wb);
}

/**
 * One sheet per month, real date and time cells, lengths in minutes ("(phút)"), a sheet of notes and a
 * hidden draft sheet. Tháng 1: two airings (3.5 min = 210 s, 5 min = 300 s); Tháng 2: the first item
 * again (210 s) and a new one (2 min = 120 s). Four airings of three items, 840 s.
 */
export async function sheetPerMonth(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const header = ['Ngày phát', 'Giờ phát', 'Tên tin bài', 'Thời lượng (phút)', 'Kênh', 'Đơn vị', 'Hình thức'];
  const jan = wb.addWorksheet('Tháng 1');
  rowsInto(jan, [
    header,
    [day(2026, 1, 5), clock(6, 30), 'Chuyển đổi số ở cơ sở', 3.5, 'Truyền thanh', 'TT DVSNC', 'Tin'],
    [day(2026, 1, 12), clock(17, 0), 'Đề án 06 và thẻ căn cước', 5, 'Truyền thanh', 'TT DVSNC', 'Bài'],
  ]);
  const feb = wb.addWorksheet('Tháng 2');
  rowsInto(feb, [
    header,
    [day(2026, 2, 2), clock(6, 30), 'Chuyển đổi số ở cơ sở', 3.5, 'Truyền thanh', 'TT DVSNC', 'Tin'],
    [day(2026, 2, 9), clock(6, 30), 'Dịch vụ công trực tuyến toàn trình', 2, 'Truyền thanh', 'TT DVSNC', 'Tin'],
  ]);
  for (const ws of [jan, feb]) {
    ws.getColumn(1).numFmt = 'dd/mm/yyyy';
    ws.getColumn(2).numFmt = 'hh:mm';
  }
  rowsInto(wb.addWorksheet('Hướng dẫn'), [['Mỗi tháng một trang.'], ['Thời lượng ghi theo phút.']]);
  const draft = wb.addWorksheet('Nháp');
  rowsInto(draft, [header, [day(2026, 2, 20), clock(6, 30), 'Bản nháp không nhập', 1, 'Truyền thanh', 'TT DVSNC', 'Tin']]);
  draft.state = 'hidden';
  return bufferOf(wb);
}

/**
 * Parts of the day instead of times, dates with their weekday, play counts "2 lần" and "x2". Four
 * airings of three items, 2 + 1 + 2 + 1 = 6 plays: Monday 02/03 morning and afternoon, Tuesday 03/03
 * morning, Wednesday 04/03 evening.
 */
export async function partsOfDay(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  rowsInto(wb.addWorksheet('Sổ'), [
    ['Thứ, ngày', 'Buổi', 'Nội dung phát', 'Số lần phát'],
    ['Thứ Hai, 02/03/2026', 'Sáng', 'Tin A về cấp đổi giấy phép lái xe', '2 lần'],
    ['Thứ Hai, 02/03/2026', 'Chiều', 'Tin B về bảo hiểm y tế', '1 lần'],
    ['Thứ Ba, 03/03/2026', 'buổi sáng', 'Tin A về cấp đổi giấy phép lái xe', 'x2'],
    ['Thứ Tư, 04/03/2026', 'Tối', 'Tin C về phòng cháy', 1],
  ]);
  return bufferOf(wb);
}

/**
 * A month kept in week blocks: each week opens with its section row, ends with a total, and the header
 * is printed again between them. Rows name a weekday alone or a day without its year; the week's range
 * gives the date. Four airings of three items, 1 + 2 + 1 + 1 = 5 plays.
 */
export async function weekBlocks(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const header = ['STT', 'Ngày', 'Giờ', 'Tiêu đề', 'Lượt phát'];
  rowsInto(wb.addWorksheet('Tháng 3'), [
    ['SỔ PHÁT THANH THÁNG 3 NĂM 2026'], // 1
    header, // 2
    ['Tuần 1 (02/03 - 08/03)'], // 3: a section
    [1, 'Thứ Hai', '06:00', 'Tin A về đăng ký khai sinh', 1], // 4: 02/03/2026
    [2, '04/03', '06:00', 'Tin B về đăng ký kết hôn', 2], // 5: 04/03/2026
    ['Cộng', null, null, null, 3], // 6: a total
    header, // 7: the header again
    ['Tuần 2 (09/03 - 15/03)'], // 8: a section
    [3, '10/03', '17:00', 'Tin A về đăng ký khai sinh', 1], // 9: 10/03/2026
    [4, 'Thứ Sáu', '17:00', 'Tin C về đăng ký khai tử', 1], // 10: 13/03/2026
    ['Cộng', null, null, null, 2], // 11: a total
  ]);
  return bufferOf(wb);
}

export const PORTAL = 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh';

/**
 * A list of portal posts whose titles link to them (no link column), views written "1.234". Three posts,
 * 1,234 + 2,500 + 87 = 3,821 views.
 */
export async function linkedPosts(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  rowsInto(wb.addWorksheet('Bài đăng'), [
    ['DANH SÁCH BÀI ĐĂNG CHUYÊN MỤC CẢI CÁCH HÀNH CHÍNH'],
    ['Ngày đăng', 'Tiêu đề bài viết', 'Lượt xem'],
    ['05/03/2026', { text: 'Công bố thủ tục hành chính mới', hyperlink: `${PORTAL}/cong-bo-thu-tuc-812345` }, '1.234'],
    ['06/03/2026', { text: 'Hướng dẫn thanh toán trực tuyến', hyperlink: `${PORTAL}/huong-dan-thanh-toan-812346` }, '2.500'],
    ['07/03/2026', { text: 'Kết quả CCHC quý I', hyperlink: `${PORTAL}/ket-qua-cchc-quy-i-812347` }, 87],
  ]);
  return bufferOf(wb);
}

/**
 * Three airings under a total row and the signature block: 2 + 1 + 1 = 4 plays, 120×2 + 90 + 60 = 390 s.
 * Rows 5 (total), 7–9 (place and date, signers, signing hint) and 11 (names) are not airings.
 */
export async function totalAndSignatures(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  rowsInto(wb.addWorksheet('Quý I'), [
    ['Ngày', 'Giờ', 'Tiêu đề', 'Số lượt phát', 'Thời lượng (giây)'], // 1
    ['10/03/2026', '06:00', 'Tin về thuế điện tử', 2, 120], // 2
    ['11/03/2026', '06:00', 'Tin về bảo hiểm xã hội', 1, 90], // 3
    ['12/03/2026', '17:00', 'Tin về thuế điện tử', 1, 60], // 4
    ['Tổng cộng', null, null, 4, 270], // 5
    [], // 6
    [null, null, null, 'An Hải, ngày 31 tháng 3 năm 2026'], // 7
    [null, 'NGƯỜI GHI SỔ', null, 'XÁC NHẬN CỦA LÃNH ĐẠO'], // 8
    [null, '(Ký, ghi rõ họ tên)', null, '(Ký, ghi rõ họ tên)'], // 9
    [], // 10
    [null, 'Nguyễn Văn An', null, 'Trần Thị Bình'], // 11
  ]);
  return bufferOf(wb);
}

/** Eleven airings in February and one impossible date, row 14 of sheet "Tháng 2" (30/02/2026). */
export async function impossibleDate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const rows: Cell[][] = [['NHẬT KÝ PHÁT THANH THÁNG 2 NĂM 2026'], [], ['Ngày', 'Giờ', 'Tiêu đề', 'Số lượt phát']];
  for (let d = 1; d <= 10; d++) rows.push([`${String(d).padStart(2, '0')}/02/2026`, '06:00', `Bản tin CCHC số ${d}`, 1]); // rows 4–13
  rows.push(['30/02/2026', '06:00', 'Bản tin CCHC số 11', 1]); // row 14
  rows.push(['27/02/2026', '06:00', 'Bản tin CCHC số 12', 1]); // row 15
  rowsInto(wb.addWorksheet('Tháng 2'), rows);
  return bufferOf(wb);
}
