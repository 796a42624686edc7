import type { LocalIso } from './time.js';

/** A content item ("tin bài"): what was aired or posted, possibly many times. */
export interface Item {
  id: number;
  title: string;
  summary: string;
  format: string;
  topics: string[];
  unit: string;
  author: string;
  sourceUrl: string | null;
  createdAt: LocalIso;
  createdBy: string;
  updatedAt: LocalIso;
  updatedBy: string;
  deletedAt: LocalIso | null;
  deletedBy: string | null;
}

/** One airing or posting of an item on a channel. */
export interface Entry {
  id: number;
  itemId: number;
  channel: string;
  at: LocalIso;
  playCount: number;
  durationSeconds: number | null;
  url: string | null;
  views: number | null;
  interactions: number | null;
  note: string;
  recordedBy: string;
  /**
   * Who recorded the airing as the file it was imported from names them (a "Người ghi" or "Người thực
   * hiện" column), '' when the file names nobody; null for an entry recorded in the app, whose
   * recorder is the account `recordedBy`. See `recorderOf`.
   */
  recorderName: string | null;
  recordedAt: LocalIso;
  updatedAt: LocalIso;
  updatedBy: string;
  deletedAt: LocalIso | null;
  deletedBy: string | null;
}

/** The bookkeeping fields of a new entry recorded in the app: who recorded it and when, live. */
export function entryStamps(actor: string, now: LocalIso): Pick<Entry, 'recordedBy' | 'recorderName' | 'recordedAt' | 'updatedAt' | 'updatedBy' | 'deletedAt' | 'deletedBy'> {
  return { recordedBy: actor, recorderName: null, recordedAt: now, updatedAt: now, updatedBy: actor, deletedAt: null, deletedBy: null };
}

/**
 * Who recorded an entry, as the log book's "Người ghi" and the log's exports name them: for an
 * imported row the person its file names (blank when it names nobody), never the account that ran the
 * import; else the recording account's display name (`names`: username → name), or its username.
 */
export function recorderOf(e: Pick<Entry, 'recorderName' | 'recordedBy'>, names: ReadonlyMap<string, string>): string {
  return e.recorderName ?? (names.get(e.recordedBy) || e.recordedBy);
}

/** The bookkeeping fields of a new item: who created it and when, live. */
export function itemStamps(actor: string, now: LocalIso): Pick<Item, 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'deletedAt' | 'deletedBy'> {
  return { createdAt: now, createdBy: actor, updatedAt: now, updatedBy: actor, deletedAt: null, deletedBy: null };
}

/** An entry joined with its item, as every reader of the log needs it. */
export interface EntryWithItem extends Entry {
  item: Item;
}

/** An entry counts when neither it nor its item is deleted. */
export function isLive(entry: EntryWithItem): boolean {
  return !entry.deletedAt && !entry.item.deletedAt;
}

/** The item fields a user types. */
export interface ItemFields {
  title: string;
  summary: string;
  format: string;
  topics: string[];
  unit: string;
  author: string;
  sourceUrl: string | null;
}

/** The entry fields a user types. */
export interface EntryFields {
  channel: string;
  at: LocalIso;
  playCount: number;
  durationSeconds: number | null;
  url: string | null;
  views: number | null;
  interactions: number | null;
  note: string;
}

/** Field name → Vietnamese message. */
export type FieldErrors = Record<string, string>;

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const AUDIT_ACTIONS = {
  'item.create': 'Tạo tin bài',
  'item.update': 'Sửa tin bài',
  'item.delete': 'Xóa tin bài',
  'item.restore': 'Khôi phục tin bài',
  'entry.create': 'Ghi nhật ký',
  'entry.update': 'Sửa lượt phát/đăng',
  'entry.delete': 'Xóa lượt phát/đăng',
  'entry.restore': 'Khôi phục lượt phát/đăng',
  'auth.login': 'Đăng nhập',
  'auth.login-failed': 'Đăng nhập sai',
  'auth.logout': 'Đăng xuất',
  'user.create': 'Tạo người dùng',
  'user.update': 'Sửa người dùng',
  'user.password': 'Đổi mật khẩu',
  'token.create': 'Tạo mã API',
  'token.revoke': 'Thu hồi mã API',
  'settings.update': 'Sửa cài đặt',
  'file.attach': 'Đính kèm tệp minh chứng',
  'summary.create': 'Lập tổng hợp tuần',
  'slot.create': 'Thêm buổi phát vào lịch',
  'slot.update': 'Sửa buổi phát trong lịch',
  'slot.delete': 'Xóa buổi phát khỏi lịch',
  'import.create': 'Nhập từ Excel/CSV',
  'import.undo': 'Hoàn tác lần nhập',
  'plan.update': 'Sửa nhiệm vụ của kế hoạch',
  'plan.note': 'Ghi chú kết quả nhiệm vụ',
  'report.note': 'Viết nội dung báo cáo',
  'commune.create': 'Thêm xã, phường',
  'platform-keys.update': 'Sửa khóa kết nối YouTube, Facebook, Zalo OA',
  'metrics.refresh': 'Cập nhật lượt xem từ YouTube, Facebook, Zalo OA',
  'watch.place.create': 'Thêm nơi theo dõi tin bài đăng',
  'watch.place.delete': 'Bỏ nơi theo dõi tin bài đăng',
  'inbox.dismiss': 'Bỏ qua tin bài mới phát hiện',
  export: 'Xuất dữ liệu',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** What every action of a family starts with: `auth.` for `auth.login`, `auth.logout`…; `watch.` for `watch.place.create`. */
export const actionFamilyPrefix = (family: string): string => `${family}.`;

/** Whether an action is the one asked for or of its family (the audit trail's filter by action, on every engine). */
export const inActionFamily = (action: string, family: string): boolean => action === family || action.startsWith(actionFamilyPrefix(family));

export type AuditTargetType = 'item' | 'entry' | 'user' | 'token' | 'settings' | 'export' | 'summary' | 'slot' | 'import' | 'plan' | 'report' | 'commune' | 'watch-place' | 'inbox';

export interface Page<T> {
  total: number;
  rows: T[];
}

/** An audit record before the storage gives it its id. */
export type AuditDraft = Omit<AuditRecord, 'id'>;

/** One line of the append-only audit trail. */
export interface AuditRecord {
  id: number;
  at: LocalIso;
  user: string;
  action: AuditAction;
  target: { type: AuditTargetType; id: number | string } | null;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** The fields that differ between two versions of a record, as before/after halves. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k as string] = before[k];
      a[k as string] = after[k];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

export const ITEM_FIELD_KEYS = ['title', 'summary', 'format', 'topics', 'unit', 'author', 'sourceUrl'] as const;
export const ENTRY_FIELD_KEYS = ['channel', 'at', 'playCount', 'durationSeconds', 'url', 'views', 'interactions', 'note'] as const;
