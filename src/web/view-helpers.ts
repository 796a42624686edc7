import { fmtSize } from '../domain/files.js';
import { fmtDuration, fmtNumber } from '../domain/text.js';
import { fmtDate, fmtDateTime, fmtTime } from '../domain/time.js';
import { labelOf } from '../domain/vocabulary.js';

/** Messages shown after a redirect, by code (never text from the request; a Map, so `?ok=constructor` finds nothing). */
export const NOTICES = new Map<string, string>(Object.entries({
  'entry-created': 'Đã ghi nhật ký.',
  'entry-updated': 'Đã lưu thay đổi của lượt phát/đăng.',
  'entry-deleted': 'Đã xóa lượt phát/đăng.',
  'item-updated': 'Đã lưu thay đổi của tin bài.',
  'item-deleted': 'Đã xóa tin bài và các lượt phát/đăng của nó khỏi danh sách.',
  'logged-out': 'Đã đăng xuất.',
  'setup-done': 'Đã tạo tài khoản quản trị viên. Hãy thêm tài khoản cho cán bộ ở mục Người dùng.',
  'password-changed': 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.',
  'token-revoked': 'Đã thu hồi mã API.',
  'user-created': 'Đã thêm người dùng.',
  'user-updated': 'Đã lưu thay đổi của người dùng.',
  restored: 'Đã khôi phục.',
  'settings-saved': 'Đã lưu cài đặt.',
  'file-attached': 'Đã đính kèm tệp minh chứng.',
  'summary-created': 'Đã lập bản tổng hợp tuần.',
}));

/** Functions every view may call; plain functions because EJS locals lose prototypes. */
export const viewHelpers = {
  fmtDate,
  fmtDateTime,
  fmtTime,
  fmtNumber,
  fmtDuration,
  fmtSize,
  labelOf,
  /** The value of a form field as a string ('' when absent). */
  str(value: unknown): string {
    if (value === undefined || value === null) return '';
    return Array.isArray(value) ? String(value[0] ?? '') : String(value);
  },
  /** Whether a multi-valued form field holds a value. */
  holds(value: unknown, code: string): boolean {
    return Array.isArray(value) ? value.includes(code) : value === code;
  },
};
