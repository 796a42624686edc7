import { fmtNumber } from '../domain/text.js';

/** A file that is not a spreadsheet the app reads, with the reason in Vietnamese. */
export class NotASheetError extends Error {
  override name = 'NotASheetError';
}

const SPLIT = 'chia tệp ra rồi nhập từng phần';
const MB = 1024 * 1024;

/** Why a file is refused, in Vietnamese: one place for every reason the readers give. */
export const refusals = {
  damaged: (): string => 'Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.',
  noWorksheet: (): string => 'Tệp .xlsx không có trang tính nào để đọc.',
  noSheet: (name: string): string => `Tệp .xlsx không có trang tính "${name.slice(0, 80)}".`,
  merges: (sheet: string, max: number): string => `Trang tính "${sheet.slice(0, 80)}" có hơn ${fmtNumber(max)} vùng gộp ô, quá giới hạn đọc một lần: ${SPLIT}.`,
  links: (sheet: string, max: number): string => `Trang tính "${sheet.slice(0, 80)}" có hơn ${fmtNumber(max)} liên kết, quá giới hạn đọc một lần: ${SPLIT}.`,
  tooManyParts: (max: number): string => `Tệp .xlsx có hơn ${fmtNumber(max)} phần bên trong, không phải một bảng tính bình thường: không đọc tệp này.`,
  ratio: (part: string, max: number): string => `Phần "${part.slice(0, 80)}" của tệp .xlsx bung ra lớn gấp hơn ${fmtNumber(max)} lần khi giải nén, điều bảng tính thật không có (có thể là tệp độc hại): không đọc tệp này.`,
  unzipped: (bytes: number): string => `Tệp .xlsx khi giải nén lớn hơn ${fmtNumber(Math.round(bytes / MB))} MB, quá giới hạn đọc một lần: ${SPLIT}.`,
  dtd: (): string => 'Tệp .xlsx có khai báo DTD (<!DOCTYPE …>), điều tệp Excel không bao giờ có (có thể là tệp độc hại): không đọc tệp này.',
  depth: (max: number): string => `Tệp .xlsx có các thẻ lồng nhau sâu hơn ${fmtNumber(max)} cấp, điều bảng tính thật không có: tệp bị hỏng hoặc không phải bảng tính Excel.`,
  sharedStrings: (max: number): string => `Tệp .xlsx có hơn ${fmtNumber(max)} đoạn chữ khác nhau, quá giới hạn đọc một lần: ${SPLIT}.`,
  sharedStringChars: (max: number): string => `Chữ trong tệp .xlsx dài hơn ${fmtNumber(max)} ký tự tất cả, quá giới hạn đọc một lần: ${SPLIT}.`,
  cell: (max: number, where: string | null): string => `${where ? `Ô ${where}` : 'Một ô'} của tệp dài hơn ${fmtNumber(max)} ký tự, giới hạn của một ô trong Excel: sửa ô đó rồi nhập lại.`,
  row: (max: number, row: number, csv: boolean): string =>
    `Dòng ${fmtNumber(row)} của tệp dài hơn ${fmtNumber(max)} ký tự${csv ? ' (có thể thiếu dấu ngoặc kép đóng)' : ''}: tệp bị hỏng hoặc không phải bảng nhật ký.`,
  sheetRows: (max: number): string => `Tệp có hơn ${fmtNumber(max)} dòng kể cả dòng trống, quá giới hạn đọc một lần: xóa các dòng trống thừa, hoặc ${SPLIT}.`,
  time: (ms: number): string => `Đọc tệp quá ${fmtNumber(Math.round(ms / 1000))} giây mà chưa xong: tệp quá lớn hoặc quá phức tạp, ${SPLIT}.`,
  memory: (mb: number): string => `Đọc tệp cần nhiều hơn ${fmtNumber(mb)} MB bộ nhớ: tệp quá lớn hoặc quá phức tạp, ${SPLIT}.`,
  unreadable: (): string => 'Không đọc được tệp: tệp bị hỏng hoặc có cấu trúc lạ.',
  cancelled: (): string => 'Đã dừng đọc tệp vì yêu cầu đã bị hủy.',
};

/** The column letters of a 0-based column number (0 → A, 26 → AA). */
export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
