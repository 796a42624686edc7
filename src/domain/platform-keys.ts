/**
 * A commune's keys to the platforms, as an admin gives them in the settings: a YouTube API key, a
 * Facebook Page access token (and the Page's id), a Zalo OA access token. The secrets are stored
 * sealed (`security/sealing.ts`) and never shown back; the form replaces or removes them. Pure.
 */
import type { FieldErrors, Result } from './model.js';

/** The secret fields. */
export type KeyField = 'youtubeApiKey' | 'facebookToken' | 'zaloToken';

export const KEY_FIELDS: readonly KeyField[] = ['youtubeApiKey', 'facebookToken', 'zaloToken'];

export const KEY_LABELS: Record<KeyField | 'facebookPageId', string> = {
  youtubeApiKey: 'Khóa YouTube API',
  facebookToken: 'Mã truy cập Trang Facebook',
  zaloToken: 'Mã truy cập Zalo OA',
  facebookPageId: 'Mã Trang Facebook',
};

/** The keys as stored: each secret sealed (null when none), the Page id in clear (it is public). */
export interface StoredPlatformKeys {
  youtubeApiKey: string | null;
  facebookToken: string | null;
  facebookPageId: string | null;
  zaloToken: string | null;
}

export const emptyPlatformKeys = (): StoredPlatformKeys => ({ youtubeApiKey: null, facebookToken: null, facebookPageId: null, zaloToken: null });

/** What a submitted form changes: secrets given (in clear, to seal), secrets removed, the Page id (undefined: unchanged). */
export interface KeysChange {
  set: Partial<Record<KeyField, string>>;
  remove: KeyField[];
  facebookPageId?: string | null;
}

const SHAPES: Record<KeyField, { re: RegExp; message: string }> = {
  youtubeApiKey: { re: /^[A-Za-z0-9_-]{20,100}$/, message: 'Khóa YouTube API gồm 20–100 chữ cái không dấu, chữ số, dấu - hoặc _ (thường bắt đầu bằng AIza): hãy dán lại.' },
  facebookToken: { re: /^[\x21-\x7e]{20,2000}$/, message: 'Mã truy cập Trang Facebook là một chuỗi dài (thường bắt đầu bằng EAA), không có dấu cách: hãy dán lại.' },
  zaloToken: { re: /^[\x21-\x7e]{20,2000}$/, message: 'Mã truy cập Zalo OA là một chuỗi dài không có dấu cách: hãy dán lại.' },
};

const isOn = (v: unknown): boolean => v === 'on' || v === '1' || v === true || v === 'true';

/**
 * Reads the keys form: a filled field replaces its key, a ticked "xóa" removes it, an empty one keeps
 * it. Errors never repeat the value typed (the form does not show secrets back).
 */
export function readKeysForm(raw: Record<string, unknown>): Result<KeysChange> {
  const errors: FieldErrors = {};
  const change: KeysChange = { set: {}, remove: [] };
  for (const field of KEY_FIELDS) {
    const value = typeof raw[field] === 'string' ? (raw[field] as string).trim() : '';
    const remove = isOn(raw[`remove_${field}`]);
    if (value && remove) errors[field] = `Chọn một trong hai: dán ${KEY_LABELS[field].toLowerCase()} mới, hoặc xóa mã đã lưu.`;
    else if (value && !SHAPES[field].re.test(value)) errors[field] = SHAPES[field].message;
    else if (value) change.set[field] = value;
    else if (remove) change.remove.push(field);
  }
  if (raw.facebookPageId !== undefined) {
    const id = typeof raw.facebookPageId === 'string' ? raw.facebookPageId.trim() : '';
    if (id && !/^\d{5,30}$/.test(id)) errors.facebookPageId = 'Mã Trang Facebook là một dãy số (5–30 chữ số), xem ở mục "Giới thiệu" → "Tính minh bạch của Trang".';
    else change.facebookPageId = id || null;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: change };
}

/** What the settings show of the keys: whether each is saved, never its value. */
export interface KeysStatus {
  youtubeApiKey: boolean;
  facebookToken: boolean;
  zaloToken: boolean;
  facebookPageId: string | null;
}

export function keysStatus(keys: StoredPlatformKeys): KeysStatus {
  return { youtubeApiKey: keys.youtubeApiKey !== null, facebookToken: keys.facebookToken !== null, zaloToken: keys.zaloToken !== null, facebookPageId: keys.facebookPageId };
}

/**
 * The audit record of a change: for each secret only that it was saved, replaced or removed (never
 * a part of it); the Page id as it was and is. Null when nothing changed.
 */
export function keysAudit(before: StoredPlatformKeys, change: KeysChange): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const field of KEY_FIELDS) {
    const had = before[field] !== null;
    if (change.set[field] !== undefined) {
      b[field] = had ? 'đã lưu' : 'chưa có';
      a[field] = had ? 'đã thay mã mới' : 'đã lưu';
    } else if (change.remove.includes(field) && had) {
      b[field] = 'đã lưu';
      a[field] = 'đã xóa';
    }
  }
  if (change.facebookPageId !== undefined && change.facebookPageId !== before.facebookPageId) {
    b.facebookPageId = before.facebookPageId ?? '';
    a.facebookPageId = change.facebookPageId ?? '';
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
