import { describe, expect, it } from 'vitest';
import { AUDIT_FIELDS, type AuditNames } from '../../src/domain/audit-fields.js';
import { auditChangeText, auditLookups, describeAudit, NO_NAMES } from '../../src/domain/audit-text.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditRecord, ENTRY_FIELD_KEYS, ITEM_FIELD_KEYS } from '../../src/domain/model.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';

const AT = '2026-11-22T10:00:00+07:00';

const settings = defaultSettings();
const vocab = vocabularyFrom(settings);

const NAMES: AuditNames = {
  users: new Map([
    ['bientap', 'Nguyễn Thị Biên'],
    ['quantri', 'Trần Văn Quản'],
    ['lanhdao', 'Lê Văn Đạo'],
  ]),
  items: new Map([
    [1, 'Hướng dẫn nộp hồ sơ trực tuyến'],
    [2, 'Thanh toán phí, lệ phí không dùng tiền mặt'],
  ]),
  entries: new Map([[7, { title: 'Hướng dẫn nộp hồ sơ trực tuyến', channel: 'radio', at: '2026-11-20T06:30:00+07:00' }]]),
  slots: new Map([[3, { name: 'Bản tin sáng', start: '06:00', channel: 'radio' }]]),
  communes: new Map([['an-hai', { name: 'An Hải', kind: 'phường' }]]),
  tasks: new Map([['2026/t2', '2. Tuyên truyền trên hệ thống truyền thanh']]),
};

let nextId = 1;
function rec(action: AuditAction, target: AuditRecord['target'], diff: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {}, user = 'bientap'): AuditRecord {
  return { id: nextId++, at: AT, user, action, target, ...diff };
}

/** What a record reads as: its object and each change as one line. */
function read(r: AuditRecord, names: AuditNames = NAMES): { user: string; action: string; object: string | null; href: string | null; changes: string[] } {
  const line = describeAudit(r, vocab, names);
  return { user: line.user, action: line.action, object: line.object?.text ?? null, href: line.object?.href ?? null, changes: line.changes.map(auditChangeText) };
}

const ITEM_AFTER = { title: 'Hướng dẫn nộp hồ sơ trực tuyến', summary: '', format: 'news', topics: ['m', 'k'], unit: 'tt-dvsnc', author: '', sourceUrl: null };
const ENTRY_AFTER = { itemId: 1, channel: 'radio', at: '2026-11-20T06:30:00+07:00', playCount: 2, durationSeconds: 180, url: null, views: null, interactions: null, note: '' };

/**
 * One record of every shape the code writes (src/services and src/web/handlers, where `audit`,
 * `auditAccount`, `recordEvent`, `recordAccountEvent` and `auditDraft` are called; the PostgreSQL
 * engine's `record_entry` stores the drafts it is given), with how it reads.
 */
const CASES: [string, AuditRecord, ReturnType<typeof read>][] = [
  [
    'item.create (entries, sessions: every item field)',
    rec('item.create', { type: 'item', id: 1 }, { after: ITEM_AFTER }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Tạo tin bài',
      object: 'Hướng dẫn nộp hồ sơ trực tuyến',
      href: '/items/1',
      changes: ['Tiêu đề: Hướng dẫn nộp hồ sơ trực tuyến', 'Hình thức thể hiện: Tin', 'Nội dung tuyên truyền: m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng; k) Chính quyền điện tử, chính quyền số, chuyển đổi số', 'Đơn vị thực hiện: Trung tâm Dịch vụ sự nghiệp công'],
    },
  ],
  [
    'item.update (items: the changed fields)',
    rec('item.update', { type: 'item', id: 1 }, { before: { title: 'Hướng dẫn cũ', summary: '', author: '', sourceUrl: null, format: 'news', unit: 'tt-dvsnc' }, after: { title: 'Hướng dẫn nộp hồ sơ trực tuyến', summary: 'Các bước', author: 'Phòng VH-XH', sourceUrl: 'https://anhai.haiphong.gov.vn/a', format: 'report', unit: 'vh-xh' } }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Sửa tin bài',
      object: 'Hướng dẫn nộp hồ sơ trực tuyến',
      href: '/items/1',
      changes: [
        'Tiêu đề: Hướng dẫn cũ → Hướng dẫn nộp hồ sơ trực tuyến',
        'Tóm tắt: trống → Các bước',
        'Hình thức thể hiện: Tin → Phóng sự',
        'Đơn vị thực hiện: Trung tâm Dịch vụ sự nghiệp công → Phòng Văn hóa - Xã hội',
        'Tác giả/nguồn: trống → Phòng VH-XH',
        'Link nguồn: trống → https://anhai.haiphong.gov.vn/a',
      ],
    },
  ],
  [
    'item.update (classify: topics)',
    rec('item.update', { type: 'item', id: 2 }, { before: { topics: [] }, after: { topics: ['m'] } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Sửa tin bài', object: 'Thanh toán phí, lệ phí không dùng tiền mặt', href: '/items/2', changes: ['Nội dung tuyên truyền: trống → m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng'] },
  ],
  ['item.delete', rec('item.delete', { type: 'item', id: 1 }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Xóa tin bài', object: 'Hướng dẫn nộp hồ sơ trực tuyến', href: '/items/1', changes: [] }],
  ['item.restore', rec('item.restore', { type: 'item', id: 1 }, {}, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Khôi phục tin bài', object: 'Hướng dẫn nộp hồ sơ trực tuyến', href: '/items/1', changes: [] }],
  [
    'entry.create (entries, sessions, record_entry: item id and every entry field)',
    rec('entry.create', { type: 'entry', id: 7 }, { after: ENTRY_AFTER }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Ghi nhật ký',
      object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30',
      href: '/entries/7',
      changes: ['Tin bài: Hướng dẫn nộp hồ sơ trực tuyến', 'Kênh: Truyền thanh', 'Thời gian phát/đăng: 20/11/2026 06:30', 'Số lượt phát: 2', 'Thời lượng (phút:giây): 3:00'],
    },
  ],
  [
    'entry.update (entries: any field, the item too)',
    rec('entry.update', { type: 'entry', id: 7 }, {
      before: { itemId: 2, channel: 'radio', at: '2026-11-20T06:30:00+07:00', playCount: 2, durationSeconds: 180, url: null, note: '' },
      after: { itemId: 1, channel: 'portal', at: '2026-11-21T14:05:00+07:00', playCount: 1, durationSeconds: null, url: 'https://anhai.haiphong.gov.vn/b', note: 'Đăng lại' },
    }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Sửa lượt phát/đăng',
      object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30',
      href: '/entries/7',
      changes: [
        'Tin bài: Thanh toán phí, lệ phí không dùng tiền mặt → Hướng dẫn nộp hồ sơ trực tuyến',
        'Kênh: Truyền thanh → Cổng TTĐT',
        'Thời gian phát/đăng: 20/11/2026 06:30 → 21/11/2026 14:05',
        'Số lượt phát: 2 → 1',
        'Thời lượng (phút:giây): 3:00 → trống',
        'Đường dẫn bài đăng: trống → https://anhai.haiphong.gov.vn/b',
        'Ghi chú: trống → Đăng lại',
      ],
    },
  ],
  [
    'entry.update (the views page: views and interactions)',
    rec('entry.update', { type: 'entry', id: 7 }, { before: { views: null, interactions: 3 }, after: { views: 1200, interactions: 45 } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Sửa lượt phát/đăng', object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30', href: '/entries/7', changes: ['Lượt xem: trống → 1.200', 'Lượt tương tác: 3 → 45'] },
  ],
  ['entry.delete', rec('entry.delete', { type: 'entry', id: 7 }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Xóa lượt phát/đăng', object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30', href: '/entries/7', changes: [] }],
  ['entry.restore', rec('entry.restore', { type: 'entry', id: 7 }, {}, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Khôi phục lượt phát/đăng', object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30', href: '/entries/7', changes: [] }],
  [
    'file.attach (files: on an entry)',
    rec('file.attach', { type: 'entry', id: 7 }, { after: { file: 4, name: 'anh-chup.png', sha256: 'ab12', size: 1_572_864 } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Đính kèm tệp minh chứng', object: 'Hướng dẫn nộp hồ sơ trực tuyến · Truyền thanh 20/11/2026 06:30', href: '/entries/7', changes: ['Tệp minh chứng: anh-chup.png', 'Dung lượng: 1,5 MB', 'Mã kiểm tra SHA-256: ab12'] },
  ],
  ['auth.login (session)', rec('auth.login', { type: 'user', id: 'bientap' }, { after: { ip: '127.0.0.1' } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Đăng nhập', object: 'Tài khoản Nguyễn Thị Biên (bientap)', href: null, changes: ['Địa chỉ IP: 127.0.0.1'] }],
  ['auth.login-failed (session: a name no account has)', rec('auth.login-failed', { type: 'user', id: 'khongco' }, { after: { ip: '127.0.0.1' } }, 'khongco'), { user: 'khongco', action: 'Đăng nhập sai', object: 'Tài khoản khongco', href: null, changes: ['Địa chỉ IP: 127.0.0.1'] }],
  ['auth.login-failed (account: a wrong API token)', rec('auth.login-failed', { type: 'token', id: '' }, { after: { ip: '127.0.0.1' } }, '(trống)'), { user: '(trống)', action: 'Đăng nhập sai', object: 'Mã API', href: null, changes: ['Địa chỉ IP: 127.0.0.1'] }],
  ['auth.logout', rec('auth.logout', { type: 'user', id: 'bientap' }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Đăng xuất', object: 'Tài khoản Nguyễn Thị Biên (bientap)', href: null, changes: [] }],
  [
    'user.create (users)',
    rec('user.create', { type: 'user', id: 'lanhdao' }, { after: { username: 'lanhdao', fullName: 'Lê Văn Đạo', role: 'viewer', commune: 'an-hai' } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Tạo người dùng', object: 'Tài khoản Lê Văn Đạo (lanhdao)', href: null, changes: ['Tên đăng nhập: lanhdao', 'Họ và tên: Lê Văn Đạo', 'Vai trò: Lãnh đạo (chỉ xem)', 'Thuộc xã, phường: An Hải'] },
  ],
  [
    'user.update (users: name, role, disabled, a new password)',
    rec('user.update', { type: 'user', id: 'lanhdao' }, { before: { fullName: 'Lê Đạo', role: 'editor', disabled: false }, after: { fullName: 'Lê Văn Đạo', role: 'viewer', disabled: true, password: 'đã đặt mật khẩu mới' } }, 'quantri'),
    {
      user: 'Trần Văn Quản (quantri)',
      action: 'Sửa người dùng',
      object: 'Tài khoản Lê Văn Đạo (lanhdao)',
      href: null,
      changes: ['Họ và tên: Lê Đạo → Lê Văn Đạo', 'Vai trò: Biên tập → Lãnh đạo (chỉ xem)', 'Trạng thái: đang dùng → đã khóa', 'Mật khẩu: đã đặt mật khẩu mới'],
    },
  ],
  ['user.update (the city viewer role)', rec('user.update', { type: 'user', id: 'thanhpho' }, { before: { role: 'viewer' }, after: { role: 'city-viewer' } }, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Sửa người dùng', object: 'Tài khoản thanhpho', href: null, changes: ['Vai trò: Lãnh đạo (chỉ xem) → Thành phố (chỉ xem)'] }],
  ['user.password (users, account)', rec('user.password', { type: 'user', id: 'bientap' }, { before: {}, after: { password: 'đã đặt mật khẩu mới' } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Đổi mật khẩu', object: 'Tài khoản Nguyễn Thị Biên (bientap)', href: null, changes: ['Mật khẩu: đã đặt mật khẩu mới'] }],
  ['token.create (users)', rec('token.create', { type: 'token', id: 'a1b2c3' }, { after: { name: 'Máy quét', username: 'bientap' } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Tạo mã API', object: 'Mã API “Máy quét” của Nguyễn Thị Biên (bientap)', href: null, changes: ['Tên mã API: Máy quét', 'Tài khoản: Nguyễn Thị Biên (bientap)'] }],
  [
    'token.revoke (users: with a new password or a disabled account)',
    rec('token.revoke', { type: 'token', id: 'a1b2c3' }, { before: { name: 'Máy quét', username: 'bientap' }, after: { reason: 'mật khẩu mới' } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Thu hồi mã API', object: 'Mã API “Máy quét” của Nguyễn Thị Biên (bientap)', href: null, changes: ['Tên mã API: Máy quét', 'Tài khoản: Nguyễn Thị Biên (bientap)', 'Lý do thu hồi: mật khẩu mới'] },
  ],
  ['token.revoke (users: by hand)', rec('token.revoke', { type: 'token', id: 'a1b2c3' }, { before: { name: 'Máy quét' } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Thu hồi mã API', object: 'Mã API “Máy quét”', href: null, changes: ['Tên mã API: Máy quét'] }],
  [
    'settings.update (a year’s targets)',
    rec('settings.update', { type: 'settings', id: 'settings' }, { before: { targets: { 2025: { radio: 100 } } }, after: { targets: { 2025: { radio: 100 }, 2026: { portal: 60, radio: 120 } } } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Sửa cài đặt', object: 'Cài đặt', href: '/settings', changes: ['Chỉ tiêu 2026: trống → Truyền thanh 120, Cổng TTĐT 60'] },
  ],
  [
    'settings.update (the commune, the deadline and the CSV separator)',
    rec('settings.update', { type: 'settings', id: 'settings' }, { before: { communeName: '', communeKind: 'xã', deadlineDay: 8, csvSeparator: ',' }, after: { communeName: 'An Hải', communeKind: 'phường', deadlineDay: 5, csvSeparator: ';' } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Sửa cài đặt', object: 'Cài đặt', href: '/settings', changes: ['Tên xã, phường: trống → An Hải', 'Loại đơn vị: xã → phường', 'Hạn báo cáo: ngày 8 của tháng cuối quý → ngày 5 của tháng cuối quý', 'Dấu ngăn cách cột trong tệp CSV: dấu phẩy (,) → dấu chấm phẩy (;)'] },
  ],
  [
    'settings.update (units: added, renamed, retired)',
    rec('settings.update', { type: 'settings', id: 'settings' }, {
      before: { units: [{ code: 'tt-dvsnc', label: 'Trung tâm Dịch vụ sự nghiệp công', retired: false }, { code: 'mttq', label: 'Ủy ban MTTQ Việt Nam', retired: false }] },
      after: { units: [{ code: 'tt-dvsnc', label: 'Trung tâm DVSNC', retired: false }, { code: 'mttq', label: 'Ủy ban MTTQ Việt Nam', retired: true }, { code: 'phong-tu-phap', label: 'Phòng Tư pháp', retired: false }] },
    }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Sửa cài đặt', object: 'Cài đặt', href: '/settings', changes: ['Đổi tên đơn vị thực hiện: Trung tâm Dịch vụ sự nghiệp công → Trung tâm DVSNC', 'Ngừng dùng đơn vị thực hiện: Ủy ban MTTQ Việt Nam', 'Thêm đơn vị thực hiện: Phòng Tư pháp'] },
  ],
  [
    'settings.update (topics: key words, used again)',
    rec('settings.update', { type: 'settings', id: 'settings' }, {
      before: { topics: [{ code: 'm', label: 'm) Dịch vụ công', description: 'x', retired: true, keywords: ['thanh toán'] }] },
      after: { topics: [{ code: 'm', label: 'm) Dịch vụ công', description: 'x', retired: false, keywords: ['thanh toán', 'dịch vụ công'] }] },
    }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Sửa cài đặt', object: 'Cài đặt', href: '/settings', changes: ['Dùng lại nội dung tuyên truyền: m) Dịch vụ công', 'Từ khóa của “m) Dịch vụ công”: thanh toán → thanh toán, dịch vụ công'] },
  ],
  [
    'summary.create (summaries, the weekly job)',
    rec('summary.create', { type: 'summary', id: 2 }, { after: { weekStart: '2026-11-16', version: 2 } }, 'lịch tự động'),
    { user: 'lịch tự động', action: 'Lập tổng hợp tuần', object: 'Tổng hợp tuần 16/11/2026 – 22/11/2026', href: '/summaries/2', changes: ['Tuần: 16/11/2026 – 22/11/2026', 'Lần lập: 2'] },
  ],
  [
    'slot.create (schedule: every field)',
    rec('slot.create', { type: 'slot', id: 3 }, { after: { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 3, 7], durationMinutes: 30, plans: [{ itemId: 1, from: null, to: null, playCount: 2 }, { itemId: 2, from: '2026-11-01', to: '2026-11-30', playCount: 1 }] } }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Thêm buổi phát vào lịch',
      object: 'Buổi phát Bản tin sáng (06:00, Truyền thanh)',
      href: '/schedule',
      changes: [
        'Tên buổi: Bản tin sáng',
        'Kênh: Truyền thanh',
        'Giờ bắt đầu: 06:00',
        'Các ngày phát trong tuần: Thứ Hai, Thứ Tư, Chủ nhật',
        'Thời lượng dự kiến: 30 phút',
        'Tin bài theo lịch: Hướng dẫn nộp hồ sơ trực tuyến (mọi buổi, 2 lượt); Thanh toán phí, lệ phí không dùng tiền mặt (từ 01/11/2026 đến 30/11/2026, 1 lượt)',
      ],
    },
  ],
  ['slot.update (schedule)', rec('slot.update', { type: 'slot', id: 3 }, { before: { start: '06:00', durationMinutes: null }, after: { start: '06:30', durationMinutes: 45 } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Sửa buổi phát trong lịch', object: 'Buổi phát Bản tin sáng (06:00, Truyền thanh)', href: '/schedule', changes: ['Giờ bắt đầu: 06:00 → 06:30', 'Thời lượng dự kiến: trống → 45 phút'] }],
  ['slot.delete (schedule: a slot no longer looked up reads from its record)', rec('slot.delete', { type: 'slot', id: 9 }, { before: { name: '', channel: 'radio', start: '17:00', days: [2], durationMinutes: null, plans: [] } }), { user: 'Nguyễn Thị Biên (bientap)', action: 'Xóa buổi phát khỏi lịch', object: 'Buổi phát (17:00, Truyền thanh)', href: '/schedule', changes: ['Kênh: Truyền thanh', 'Giờ bắt đầu: 17:00', 'Các ngày phát trong tuần: Thứ Ba'] }],
  [
    'import.create (imports: the file and its counts)',
    rec('import.create', { type: 'import', id: 5 }, { after: { fileName: 'nhat-ky-quy-3.xlsx', sha256: 'cd34', rows: 1250, entries: 1200, newItems: 300, reairs: 900, duplicates: 40, errors: 10 } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Nhập từ Excel/CSV', object: 'Lần nhập tệp nhat-ky-quy-3.xlsx', href: '/imports/5', changes: ['Tệp: nhat-ky-quy-3.xlsx', 'Mã kiểm tra SHA-256: cd34', 'Dòng dữ liệu: 1.250', 'Lượt đã nhập: 1.200', 'Tin bài mới: 300', 'Lượt phát lại tin bài đã có: 900', 'Trùng, bỏ qua: 40', 'Dòng lỗi đã bỏ: 10'] },
  ],
  ['import.undo (imports)', rec('import.undo', { type: 'import', id: 5 }, { after: { fileName: 'nhat-ky-quy-3.xlsx', entries: 1200, items: 300 } }, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Hoàn tác lần nhập', object: 'Lần nhập tệp nhat-ky-quy-3.xlsx', href: '/imports/5', changes: ['Tệp: nhat-ky-quy-3.xlsx', 'Lượt đã xóa: 1.200', 'Tin bài đã xóa: 300'] }],
  [
    'plan.update (plan: a task added)',
    rec('plan.update', { type: 'plan', id: 2026 }, { before: { task: null }, after: { task: { id: 't9', number: '9', text: 'Tuyên truyền trên Zalo OA', lead: 'TT DVSNC', partners: '', timeFrame: { kind: 'year' }, counts: { channels: ['zalo-oa'], formats: [], topics: [] }, target: 50, evidence: [] } } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Sửa nhiệm vụ của kế hoạch', object: 'Kế hoạch năm 2026', href: '/plan?year=2026', changes: ['Thêm nhiệm vụ: 9. Tuyên truyền trên Zalo OA'] },
  ],
  [
    'plan.update (plan: a task changed)',
    rec('plan.update', { type: 'plan', id: 2026 }, {
      before: { task: { id: 't9', number: '9', text: 'Tuyên truyền trên Zalo OA', lead: 'TT DVSNC', partners: '', timeFrame: { kind: 'year' }, counts: null, target: null, evidence: [] } },
      after: { task: { id: 't9', number: '9.1', text: 'Tuyên truyền trên Zalo OA', lead: 'TT DVSNC', partners: 'Phòng VH-XH', timeFrame: { kind: 'quarter', quarter: 2 }, counts: { channels: ['zalo-oa'], formats: ['news'], topics: [] }, target: 50, evidence: ['https://zalo.me/anhai'] } },
    }, 'quantri'),
    {
      user: 'Trần Văn Quản (quantri)',
      action: 'Sửa nhiệm vụ của kế hoạch',
      object: 'Kế hoạch năm 2026',
      href: '/plan?year=2026',
      changes: [
        'Nhiệm vụ: 9.1. Tuyên truyền trên Zalo OA',
        'Số thứ tự: 9 → 9.1',
        'Cơ quan phối hợp: trống → Phòng VH-XH',
        'Thời gian thực hiện: Năm 2026 → Quý II/2026',
        'Kết quả tính từ nhật ký: không tính từ nhật ký (ghi kết quả tay) → kênh: Zalo OA; hình thức: Tin; nội dung: mọi nội dung',
        'Chỉ tiêu cả năm: trống → 50',
        'Đường dẫn minh chứng: trống → https://zalo.me/anhai',
      ],
    },
  ],
  ['plan.update (plan: a task removed)', rec('plan.update', { type: 'plan', id: 2026 }, { before: { task: { id: 't9', number: '9', text: 'Tuyên truyền trên Zalo OA', lead: '', partners: '', timeFrame: { kind: 'deadline', date: '2026-06-30' }, counts: null, target: null, evidence: [] } }, after: { task: null } }, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Sửa nhiệm vụ của kế hoạch', object: 'Kế hoạch năm 2026', href: '/plan?year=2026', changes: ['Xóa nhiệm vụ: 9. Tuyên truyền trên Zalo OA'] }],
  ['plan.update (plan: copied from a year)', rec('plan.update', { type: 'plan', id: 2027 }, { after: { copiedFrom: 2026, tasks: 12 } }, 'quantri'), { user: 'Trần Văn Quản (quantri)', action: 'Sửa nhiệm vụ của kế hoạch', object: 'Kế hoạch năm 2027', href: '/plan?year=2027', changes: ['Sao chép từ kế hoạch năm: 2026', 'Số nhiệm vụ: 12'] }],
  [
    'plan.note (the appendix: a note for a period)',
    rec('plan.note', { type: 'plan', id: 2026 }, { before: { taskId: 't2', from: '2026-01-01', to: '2026-03-31', note: '' }, after: { note: 'Đã phát 120 tin' } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Ghi chú kết quả nhiệm vụ', object: 'Kế hoạch năm 2026', href: '/plan?year=2026', changes: ['Nhiệm vụ: 2. Tuyên truyền trên hệ thống truyền thanh', 'Từ ngày: 01/01/2026', 'Đến ngày: 31/03/2026', 'Ghi chú kết quả: trống → Đã phát 120 tin'] },
  ],
  [
    'report.note (the report page: parts II and III for a period)',
    rec('report.note', { type: 'report', id: '2026-01-01/2026-03-31' }, { before: { from: '2026-01-01', to: '2026-03-31', shortcomings: '', nextSteps: 'Tiếp tục' }, after: { shortcomings: 'Loa tổ 5 hỏng', nextSteps: '' } }),
    {
      user: 'Nguyễn Thị Biên (bientap)',
      action: 'Viết nội dung báo cáo',
      object: 'Báo cáo từ ngày 01/01/2026 đến ngày 31/03/2026',
      href: '/reports?from=2026-01-01&to=2026-03-31',
      changes: ['Từ ngày: 01/01/2026', 'Đến ngày: 31/03/2026', 'Tồn tại, hạn chế và nguyên nhân: trống → Loa tổ 5 hỏng', 'Phương hướng, nhiệm vụ kỳ tới: Tiếp tục → trống'],
    },
  ],
  [
    'commune.create (city)',
    rec('commune.create', { type: 'commune', id: 'an-hai' }, { after: { code: 'an-hai', name: 'An Hải', kind: 'phường', at: AT } }, 'quantri'),
    { user: 'Trần Văn Quản (quantri)', action: 'Thêm xã, phường', object: 'Phường An Hải', href: null, changes: ['Mã: an-hai', 'Tên: An Hải', 'Loại đơn vị: phường', 'Thời gian tạo: 22/11/2026 10:00'] },
  ],
  [
    'platform-keys.update (settings: the keys to the platforms, never their values)',
    rec('platform-keys.update', { type: 'settings', id: 'platform-keys' }, { before: { youtubeApiKey: 'chưa có', facebookToken: 'đã lưu', zaloToken: 'đã lưu', facebookPageId: '' }, after: { youtubeApiKey: 'đã lưu', facebookToken: 'đã thay mã mới', zaloToken: 'đã xóa', facebookPageId: '100064123456789' } }, 'quantri'),
    {
      user: 'Trần Văn Quản (quantri)',
      action: 'Sửa khóa kết nối YouTube, Facebook, Zalo OA',
      object: 'Cài đặt',
      href: '/settings',
      changes: ['Khóa YouTube API: chưa có → đã lưu', 'Mã truy cập Trang Facebook: đã lưu → đã thay mã mới', 'Mã Trang Facebook: trống → 100064123456789', 'Mã truy cập Zalo OA: đã lưu → đã xóa'],
    },
  ],
  [
    'metrics.refresh (the views from the platforms, by hand or by the daily job)',
    rec('metrics.refresh', null, { after: { posts: 12, updated: 9, errors: 1, overwrite: false } }, 'lịch tự động'),
    { user: 'lịch tự động', action: 'Cập nhật lượt xem từ YouTube, Facebook, Zalo OA', object: null, href: null, changes: ['Bài đăng đã đọc: 12', 'Bài được cập nhật số liệu: 9', 'Lỗi: 1', 'Ghi đè số nhập tay: không'] },
  ],
  [
    'watch.place.create (settings: a section page watched)',
    rec('watch.place.create', { type: 'watch-place', id: 4 }, { after: { url: 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh', kind: 'page', categoryId: null, channel: 'portal', format: 'news', topics: ['m'], unit: 'tt-dvsnc', autoLog: false } }, 'quantri'),
    {
      user: 'Trần Văn Quản (quantri)',
      action: 'Thêm nơi theo dõi tin bài đăng',
      object: 'Nơi theo dõi tin bài https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh',
      href: '/settings#watch',
      changes: ['Địa chỉ theo dõi: https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh', 'Loại: Trang chuyên mục của Cổng TTĐT', 'Kênh đăng: Cổng TTĐT', 'Hình thức thể hiện: Tin', 'Nội dung tuyên truyền: m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng', 'Đơn vị thực hiện: Trung tâm Dịch vụ sự nghiệp công', 'Tự ghi vào sổ, không cần xác nhận: không'],
    },
  ],
  [
    'watch.place.delete (settings: a vnPortal category no longer watched)',
    rec('watch.place.delete', { type: 'watch-place', id: 5 }, { before: { url: 'https://xa.vnportal.vn/', kind: 'vnportal', categoryId: '12', channel: 'portal', format: 'news', topics: [], unit: 'tt-dvsnc', autoLog: true } }, 'quantri'),
    {
      user: 'Trần Văn Quản (quantri)',
      action: 'Bỏ nơi theo dõi tin bài đăng',
      object: 'Nơi theo dõi tin bài https://xa.vnportal.vn/',
      href: '/settings#watch',
      changes: ['Địa chỉ theo dõi: https://xa.vnportal.vn/', 'Loại: Cổng vnPortal (API công khai, theo mã chuyên mục)', 'Mã chuyên mục vnPortal: 12', 'Kênh đăng: Cổng TTĐT', 'Hình thức thể hiện: Tin', 'Đơn vị thực hiện: Trung tâm Dịch vụ sự nghiệp công', 'Tự ghi vào sổ, không cần xác nhận: có'],
    },
  ],
  [
    'inbox.dismiss (the inbox: a post not logged)',
    rec('inbox.dismiss', { type: 'inbox', id: 31 }, { after: { title: 'Lễ hội Hoa Phượng Đỏ 2026', url: 'https://anhai.haiphong.gov.vn/tin-tuc/le-hoi-810900', channel: 'portal' } }),
    { user: 'Nguyễn Thị Biên (bientap)', action: 'Bỏ qua tin bài mới phát hiện', object: 'Tin bài mới phát hiện “Lễ hội Hoa Phượng Đỏ 2026”', href: '/inbox', changes: ['Tin bài: Lễ hội Hoa Phượng Đỏ 2026', 'Đường dẫn bài đăng: https://anhai.haiphong.gov.vn/tin-tuc/le-hoi-810900', 'Kênh: Cổng TTĐT'] },
  ],
  [
    'export (exports: the log with its filter)',
    rec('export', { type: 'export', id: 'entries.csv' }, { after: { format: 'csv', what: 'entries', from: '2026-01-01', to: '2026-03-31', channel: 'radio', topic: 'm', unit: 'vh-xh', q: 'thuế', missingViews: true, online: true } }, 'lanhdao'),
    {
      user: 'Lê Văn Đạo (lanhdao)',
      action: 'Xuất dữ liệu',
      object: 'Tệp tải về: Danh sách lượt phát/đăng (CSV)',
      href: null,
      changes: ['Nội dung: Danh sách lượt phát/đăng', 'Định dạng tệp: CSV', 'Từ ngày: 01/01/2026', 'Đến ngày: 31/03/2026', 'Lọc theo kênh: Truyền thanh', 'Lọc theo nội dung tuyên truyền: m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng', 'Lọc theo đơn vị: Phòng Văn hóa - Xã hội', 'Tìm theo từ: thuế', 'Chỉ bài chưa có lượt xem: có', 'Chỉ kênh trực tuyến: có'],
    },
  ],
  ['export (exports: the log filtered on a format, which takes the place of the file format)', rec('export', { type: 'export', id: 'entries.xlsx' }, { after: { format: 'news', what: 'entries' } }, 'lanhdao'), { user: 'Lê Văn Đạo (lanhdao)', action: 'Xuất dữ liệu', object: 'Tệp tải về: Danh sách lượt phát/đăng (Excel (.xlsx))', href: null, changes: ['Nội dung: Danh sách lượt phát/đăng', 'Lọc theo hình thức thể hiện: Tin'] }],
  ['export (documents, bundle, logbook: a period)', rec('export', { type: 'export', id: 'appendix.docx' }, { after: { format: 'docx', what: 'appendix', from: '2026-01-01', to: '2026-03-31' } }, 'lanhdao'), { user: 'Lê Văn Đạo (lanhdao)', action: 'Xuất dữ liệu', object: 'Tệp tải về: Phụ lục kết quả theo nhiệm vụ (Word (.docx))', href: null, changes: ['Nội dung: Phụ lục kết quả theo nhiệm vụ', 'Định dạng tệp: Word (.docx)', 'Từ ngày: 01/01/2026', 'Đến ngày: 31/03/2026'] }],
  ['export (summaries: a week)', rec('export', { type: 'summary', id: 2 }, { after: { format: 'xlsx', what: 'summary', weekStart: '2026-11-16', version: 1 } }, 'lanhdao'), { user: 'Lê Văn Đạo (lanhdao)', action: 'Xuất dữ liệu', object: 'Tổng hợp tuần 16/11/2026 – 22/11/2026', href: '/summaries/2', changes: ['Nội dung: Tổng hợp tuần', 'Định dạng tệp: Excel (.xlsx)', 'Tuần: 16/11/2026 – 22/11/2026', 'Lần lập: 1'] }],
];

describe('the audit trail read in Vietnamese', () => {
  it.each(CASES)('reads %s', (_name, record, expected) => {
    expect(read(record)).toStrictEqual(expected);
  });

  it('has a case for every action', () => {
    const covered = new Set(CASES.map(([, r]) => r.action));
    expect(Object.keys(AUDIT_ACTIONS).filter((a) => !covered.has(a as AuditAction))).toEqual([]);
  });

  it('labels every field the code records: item, entry and settings keys included', () => {
    const unlabelled = (action: AuditAction, keys: readonly string[]) => keys.filter((k) => !(k in AUDIT_FIELDS[action])).map((k) => `${action}: ${k}`);
    expect([
      ...unlabelled('item.update', ITEM_FIELD_KEYS),
      ...unlabelled('entry.update', ['itemId', ...ENTRY_FIELD_KEYS]),
      ...unlabelled('settings.update', Object.keys(defaultSettings())),
      ...CASES.flatMap(([, r]) => unlabelled(r.action, [...Object.keys(r.before ?? {}), ...Object.keys(r.after ?? {})])),
    ]).toEqual([]);
  });

  it('shows no key, no code and no JSON in any case', () => {
    for (const [name, record] of CASES) {
      const line = describeAudit(record, vocab, NAMES);
      const shown = [line.user, line.action, line.object?.text ?? '', ...line.changes.map(auditChangeText)].join('\n');
      const keys = [...Object.keys(record.before ?? {}), ...Object.keys(record.after ?? {})].filter((k) => k.length > 3);
      for (const key of keys) expect(shown, name).not.toMatch(new RegExp(`\\b${key}\\b`));
      expect(shown, name).not.toMatch(/[{}[\]"]|null|undefined|true|false|T\d\d:\d\d/);
    }
  });

  it('names what is no longer there plainly, and shows a value of a key no version reads without its key', () => {
    const gone = read(rec('entry.delete', { type: 'entry', id: 99 }), NO_NAMES);
    expect(gone.object).toBe('Lượt phát/đăng không còn trong nhật ký');
    expect(read(rec('entry.update', { type: 'entry', id: 7 }, { before: { itemId: 42 }, after: { itemId: 1 } })).changes).toEqual(['Tin bài: tin bài không còn trong nhật ký → Hướng dẫn nộp hồ sơ trực tuyến']);
    expect(read(rec('settings.update', { type: 'settings', id: 'settings' }, { after: { legacyFlag: 'bật', nested: { a: 1 } } })).changes).toEqual(['Thông tin khác: bật']);
  });

  it('cuts a long title for the table', () => {
    const long = 'Tuyên truyền '.repeat(20).trim();
    const names = { ...NAMES, items: new Map([[1, long]]) };
    const object = describeAudit(rec('item.delete', { type: 'item', id: 1 }), vocab, names).object!.text;
    expect([...object].length).toBe(90);
    expect(object.endsWith('…')).toBe(true);
  });

  it('asks for the names the records point at: entries, items (also those an entry or a slot names), slots and plan years', () => {
    const records = CASES.map(([, r]) => r);
    const wanted = auditLookups(records);
    expect(wanted.entryIds).toEqual([7]);
    expect(wanted.itemIds.sort()).toEqual([1, 2]);
    expect(wanted.slotIds.sort()).toEqual([3, 9]);
    expect(wanted.planYears).toEqual([2026]);
  });
});
