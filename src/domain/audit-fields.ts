/**
 * The fields of the audit trail in Vietnamese: for every action, the label of each key its records
 * hold and how its values read (as the UI shows them: dates dd/mm/yyyy, 24 h times, durations, the
 * labels of codes). The records keep what the code wrote; only their reading is here.
 */
import { CITY_VIEWER, ROLES } from './auth.js';
import { fmtSize } from './files.js';
import type { AuditAction } from './model.js';
import { WEEKDAYS } from './schedule.js';
import { type AuditContext, type AuditNames, ellipsis, type ExpandSpec, exportFormat, taskChanges, targetChanges, termChanges } from './audit-lists.js';
import { fmtDuration, fmtNumber } from './text.js';
import { fmtDate, fmtDateTime } from './time.js';
import { labelOf } from './vocabulary.js';
import { PLACE_KINDS } from './watch.js';

export { type AuditChange, type AuditContext, type AuditNames, EMPTY, FILE_FORMATS, NO_NAMES } from './audit-lists.js';

/** How a value reads. */
export type ValueKind =
  | 'text' | 'number' | 'plain-number' | 'datetime' | 'date' | 'week' | 'duration' | 'minutes' | 'size' | 'yes-no'
  | 'channel' | 'format' | 'unit' | 'topics' | 'role' | 'status' | 'item' | 'user' | 'commune' | 'days' | 'plans'
  | 'separator' | 'deadline-day' | 'export-what' | 'task' | 'place-kind';

export interface FieldSpec {
  label: string;
  kind: ValueKind;
  /** Names what the record is about rather than a change (shown plainly, from whichever side holds it). */
  context?: boolean;
}

export type FieldTable = Record<string, FieldSpec | ExpandSpec | 'hidden'>;

export const isEmptyValue = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A title short enough for a table cell. */
export const shortTitle = (title: string): string => ellipsis(title, 90);

/** The name of an account as people know it: "Nguyễn Văn An (an.nv)"; the username alone when no account has it. */
export function userName(username: string, names: AuditNames): string {
  const full = names.users.get(username);
  return full && full !== username ? `${full} (${username})` : username;
}

export const EXPORT_WHAT: Record<string, string> = {
  entries: 'Danh sách lượt phát/đăng',
  report: 'Báo cáo số liệu',
  appendix: 'Phụ lục kết quả theo nhiệm vụ',
  logbook: 'Sổ nhật ký phát thanh',
  bundle: 'Bộ minh chứng',
  summary: 'Tổng hợp tuần',
};

const roleLabel = (code: string): string => [...ROLES, CITY_VIEWER].find((r) => r.code === code)?.label ?? code;

/** A value as the UI shows it; '' for no value. */
export function fmtValue(kind: ValueKind, v: unknown, ctx: AuditContext): string {
  if (isEmptyValue(v)) return '';
  const { vocab, names } = ctx;
  const num = typeof v === 'number' ? v : Number(v);
  const str = String(v);
  switch (kind) {
    case 'number': return Number.isFinite(num) ? fmtNumber(num) : str;
    case 'plain-number': return str;
    case 'datetime': return fmtDateTime(str);
    case 'date': return fmtDate(str);
    case 'week': return `${fmtDate(str)} – ${fmtDate(addSixDays(str))}`;
    case 'duration': return Number.isFinite(num) ? fmtDuration(num) : str;
    case 'minutes': return `${str} phút`;
    case 'size': return Number.isFinite(num) ? fmtSize(num) : str;
    case 'yes-no': return v === true || v === 'true' ? 'có' : 'không';
    case 'channel': return labelOf(vocab.channels, str);
    case 'format': return labelOf(vocab.formats, str);
    case 'unit': return labelOf(vocab.units, str);
    case 'topics': return (Array.isArray(v) ? v : [v]).map((c) => labelOf(vocab.topics, String(c))).join('; ');
    case 'role': return roleLabel(str);
    case 'status': return v === true ? 'đã khóa' : 'đang dùng';
    case 'item': return names.items.has(num) ? shortTitle(names.items.get(num)!) : 'tin bài không còn trong nhật ký';
    case 'user': return userName(str, names);
    case 'commune': return names.communes.get(str)?.name || str;
    case 'days': return (Array.isArray(v) ? v : []).map((d) => WEEKDAYS.find((w) => w.day === Number(d))?.label ?? String(d)).join(', ');
    case 'plans': return fmtPlans(v, ctx);
    case 'separator': return str === ';' ? 'dấu chấm phẩy (;)' : str === ',' ? 'dấu phẩy (,)' : str;
    case 'deadline-day': return `ngày ${str} của tháng cuối quý`;
    case 'export-what': return EXPORT_WHAT[str] ?? str;
    case 'task': return names.tasks.get(`${ctx.year}/${str}`) ?? 'nhiệm vụ không còn trong kế hoạch';
    case 'place-kind': return PLACE_KINDS.find((k) => k.code === str)?.label ?? str;
    default: return typeof v === 'object' ? '' : str;
  }
}

function addSixDays(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  d.setUTCDate(d.getUTCDate() + 6);
  return d.toISOString().slice(0, 10);
}

function fmtPlans(v: unknown, ctx: AuditContext): string {
  if (!Array.isArray(v)) return '';
  return v
    .map((p: { itemId?: number; from?: string | null; to?: string | null; playCount?: number }) => {
      const when = p.from || p.to ? `${p.from ? `từ ${fmtDate(p.from)}` : ''}${p.from && p.to ? ' ' : ''}${p.to ? `đến ${fmtDate(p.to)}` : ''}` : 'mọi buổi';
      return `${fmtValue('item', p.itemId, ctx)} (${when}, ${p.playCount ?? 1} lượt)`;
    })
    .join('; ');
}

const f = (label: string, kind: ValueKind = 'text', context = false): FieldSpec => (context ? { label, kind, context } : { label, kind });

const ITEM: FieldTable = {
  title: f('Tiêu đề'),
  summary: f('Tóm tắt'),
  format: f('Hình thức thể hiện', 'format'),
  topics: f('Nội dung tuyên truyền', 'topics'),
  unit: f('Đơn vị thực hiện', 'unit'),
  author: f('Tác giả/nguồn'),
  sourceUrl: f('Link nguồn'),
};
const ENTRY: FieldTable = {
  itemId: f('Tin bài', 'item'),
  channel: f('Kênh', 'channel'),
  at: f('Thời gian phát/đăng', 'datetime'),
  playCount: f('Số lượt phát', 'number'),
  durationSeconds: f('Thời lượng (phút:giây)', 'duration'),
  url: f('Đường dẫn bài đăng'),
  views: f('Lượt xem', 'number'),
  interactions: f('Lượt tương tác', 'number'),
  note: f('Ghi chú'),
};
const FILE: FieldTable = { file: 'hidden', name: f('Tệp minh chứng'), size: f('Dung lượng', 'size'), sha256: f('Mã kiểm tra SHA-256') };
const USER: FieldTable = {
  username: f('Tên đăng nhập'),
  fullName: f('Họ và tên'),
  role: f('Vai trò', 'role'),
  commune: f('Thuộc xã, phường', 'commune'),
  disabled: f('Trạng thái', 'status'),
  password: f('Mật khẩu'),
};
const AUTH: FieldTable = { ip: f('Địa chỉ IP') };
const TOKEN: FieldTable = { name: f('Tên mã API', 'text', true), username: f('Tài khoản', 'user', true), reason: f('Lý do thu hồi') };
const SETTINGS: FieldTable = {
  communeName: f('Tên xã, phường'),
  communeKind: f('Loại đơn vị'),
  portalHost: f('Địa chỉ Cổng thông tin điện tử'),
  units: termChanges('đơn vị thực hiện'),
  topics: termChanges('nội dung tuyên truyền'),
  targets: targetChanges,
  deadlineDay: f('Hạn báo cáo', 'deadline-day'),
  csvSeparator: f('Dấu ngăn cách cột trong tệp CSV', 'separator'),
};
const SUMMARY: FieldTable = { weekStart: f('Tuần', 'week'), version: f('Lần lập', 'plain-number') };
const SLOT: FieldTable = {
  name: f('Tên buổi'),
  channel: f('Kênh', 'channel'),
  start: f('Giờ bắt đầu'),
  days: f('Các ngày phát trong tuần', 'days'),
  durationMinutes: f('Thời lượng dự kiến', 'minutes'),
  plans: f('Tin bài theo lịch', 'plans'),
};
const IMPORT_CREATE: FieldTable = {
  fileName: f('Tệp'),
  sha256: f('Mã kiểm tra SHA-256'),
  rows: f('Dòng dữ liệu', 'number'),
  entries: f('Lượt đã nhập', 'number'),
  newItems: f('Tin bài mới', 'number'),
  reairs: f('Lượt phát lại tin bài đã có', 'number'),
  duplicates: f('Trùng, bỏ qua', 'number'),
  errors: f('Dòng lỗi đã bỏ', 'number'),
};
const IMPORT_UNDO: FieldTable = { fileName: f('Tệp'), entries: f('Lượt đã xóa', 'number'), items: f('Tin bài đã xóa', 'number') };
const PLAN_UPDATE: FieldTable = { task: taskChanges, copiedFrom: f('Sao chép từ kế hoạch năm', 'plain-number'), tasks: f('Số nhiệm vụ', 'number') };
const PLAN_NOTE: FieldTable = { taskId: f('Nhiệm vụ', 'task', true), from: f('Từ ngày', 'date', true), to: f('Đến ngày', 'date', true), note: f('Ghi chú kết quả') };
const PLATFORM_KEYS: FieldTable = {
  youtubeApiKey: f('Khóa YouTube API'),
  facebookToken: f('Mã truy cập Trang Facebook'),
  facebookPageId: f('Mã Trang Facebook'),
  zaloToken: f('Mã truy cập Zalo OA'),
};
const METRICS_REFRESH: FieldTable = { posts: f('Bài đăng đã đọc', 'number'), updated: f('Bài được cập nhật số liệu', 'number'), errors: f('Lỗi', 'number'), overwrite: f('Ghi đè số nhập tay', 'yes-no') };
const REPORT_NOTE: FieldTable = { from: f('Từ ngày', 'date', true), to: f('Đến ngày', 'date', true), shortcomings: f('Tồn tại, hạn chế và nguyên nhân'), nextSteps: f('Phương hướng, nhiệm vụ kỳ tới') };
const WATCH_PLACE: FieldTable = {
  url: f('Địa chỉ theo dõi'),
  kind: f('Loại', 'place-kind'),
  categoryId: f('Mã chuyên mục vnPortal', 'plain-number'),
  channel: f('Kênh đăng', 'channel'),
  format: f('Hình thức thể hiện', 'format'),
  topics: f('Nội dung tuyên truyền', 'topics'),
  unit: f('Đơn vị thực hiện', 'unit'),
  autoLog: f('Tự ghi vào sổ, không cần xác nhận', 'yes-no'),
};
const INBOX: FieldTable = { title: f('Tin bài', 'text', true), url: f('Đường dẫn bài đăng', 'text', true), channel: f('Kênh', 'channel', true) };
const COMMUNE: FieldTable = { code: f('Mã'), name: f('Tên'), kind: f('Loại đơn vị'), at: f('Thời gian tạo', 'datetime') };

const EXPORT: FieldTable = {
  what: f('Nội dung', 'export-what'),
  format: exportFormat,
  from: f('Từ ngày', 'date'),
  to: f('Đến ngày', 'date'),
  channel: f('Lọc theo kênh', 'channel'),
  topic: f('Lọc theo nội dung tuyên truyền', 'topics'),
  unit: f('Lọc theo đơn vị', 'unit'),
  q: f('Tìm theo từ'),
  missingViews: f('Chỉ bài chưa có lượt xem', 'yes-no'),
  online: f('Chỉ kênh trực tuyến', 'yes-no'),
  weekStart: f('Tuần', 'week'),
  version: f('Lần lập', 'plain-number'),
};

/** The fields of every action, in the order they are read. */
export const AUDIT_FIELDS: Record<AuditAction, FieldTable> = {
  'item.create': ITEM,
  'item.update': ITEM,
  'item.delete': ITEM,
  'item.restore': ITEM,
  'entry.create': ENTRY,
  'entry.update': ENTRY,
  'entry.delete': ENTRY,
  'entry.restore': ENTRY,
  'auth.login': AUTH,
  'auth.login-failed': AUTH,
  'auth.logout': AUTH,
  'user.create': USER,
  'user.update': USER,
  'user.password': USER,
  'token.create': TOKEN,
  'token.revoke': TOKEN,
  'settings.update': SETTINGS,
  'file.attach': FILE,
  'summary.create': SUMMARY,
  'slot.create': SLOT,
  'slot.update': SLOT,
  'slot.delete': SLOT,
  'import.create': IMPORT_CREATE,
  'import.undo': IMPORT_UNDO,
  'plan.update': PLAN_UPDATE,
  'plan.note': PLAN_NOTE,
  'report.note': REPORT_NOTE,
  'commune.create': COMMUNE,
  'platform-keys.update': PLATFORM_KEYS,
  'metrics.refresh': METRICS_REFRESH,
  'watch.place.create': WATCH_PLACE,
  'watch.place.delete': WATCH_PLACE,
  'inbox.dismiss': INBOX,
  export: EXPORT,
};
