import { LIMITS, readWhole } from '../domain/fields.js';
import { changedFields, type Entry, type FieldErrors, isLive, type Result } from '../domain/model.js';
import { fmtDate, fmtTime, toLocalIso } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';
import { isOnlineChannel } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import type { Scope } from './scope.js';

/** The most rows one bulk update may change. */
export const MAX_VIEW_UPDATES = 500;

interface ViewUpdate {
  index: number;
  id: number;
  views?: number | null;
  interactions?: number | null;
}

function readUpdates(raw: Raw, errors: FieldErrors): ViewUpdate[] {
  const list = raw.updates;
  if (!Array.isArray(list) || !list.length) {
    errors.updates = 'Không có dòng nào để cập nhật.';
    return [];
  }
  if (list.length > MAX_VIEW_UPDATES) {
    errors.updates = `Mỗi lần cập nhật tối đa ${MAX_VIEW_UPDATES} dòng.`;
    return [];
  }
  const out: ViewUpdate[] = [];
  list.forEach((row: unknown, index) => {
    const key = `updates.${index}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      errors[key] = 'Dòng này không hợp lệ.';
      return;
    }
    const r = row as Raw;
    const id = typeof r.id === 'number' ? r.id : typeof r.id === 'string' && /^\d{1,15}$/.test(r.id) ? Number(r.id) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) {
      errors[`${key}.id`] = 'Mã lượt phát/đăng không hợp lệ.';
      return;
    }
    const own: FieldErrors = {};
    const update: ViewUpdate = { index, id };
    for (const [field, label] of [['views', 'Lượt xem'], ['interactions', 'Lượt tương tác']] as const) {
      if (!Object.prototype.hasOwnProperty.call(r, field)) continue;
      const read = readWhole(r, field, own, { label, min: 0, max: LIMITS.views });
      if (read.ok) update[field] = read.value;
    }
    for (const [k, v] of Object.entries(own)) errors[`${key}.${k}`] = v;
    out.push(update);
  });
  return out;
}

/**
 * Fills in the views and interactions of many online posts at once: all of them or, on any bad row,
 * none. Each changed entry gets its own audit record, as an edit does. Returns how many changed.
 */
export async function updateViewCounts(scope: Scope, raw: Raw, actor: string): Promise<Result<{ changed: number }>> {
  const errors: FieldErrors = {};
  const updates = readUpdates(raw, errors);
  if (errors.updates) return { ok: false, errors };
  return scope.commune.transaction(async (tx) => {
    const nexts: { old: Entry; next: Entry }[] = [];
    const now = toLocalIso(scope.clock());
    const seen = new Set<number>();
    for (const u of updates) {
      const key = `updates.${u.index}`;
      const current = await tx.entry(u.id);
      if (!current || !isLive(current)) errors[`${key}.id`] = 'Không tìm thấy lượt phát/đăng của dòng này (có thể đã bị xóa).';
      else if (!isOnlineChannel(current.channel)) errors[`${key}.id`] = 'Lượt xem chỉ ghi cho kênh trực tuyến (Cổng TTĐT, Fanpage, Zalo, YouTube).';
      else if (seen.has(u.id)) errors[`${key}.id`] = `Lượt đăng "${current.item.title}" lúc ${fmtTime(current.at)} ngày ${fmtDate(current.at)} có hai dòng trong cùng một lần cập nhật.`;
      if (!current || errors[`${key}.id`]) continue;
      seen.add(u.id);
      const { item: _item, ...old } = current;
      const next: Entry = { ...old, views: u.views !== undefined ? u.views : old.views, interactions: u.interactions !== undefined ? u.interactions : old.interactions, updatedAt: now, updatedBy: actor };
      nexts.push({ old, next });
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    let changed = 0;
    for (const { old, next } of nexts) {
      const diff = changedFields<Entry>(old, next, ['views', 'interactions']);
      if (!diff) continue;
      await tx.replaceEntry(next);
      await audit(tx, scope, actor, 'entry.update', { type: 'entry', id: next.id }, diff);
      changed++;
    }
    return { ok: true, value: { changed } };
  });
}
