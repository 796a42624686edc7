import { has, LIMITS, type Raw, readAt, readCode, readDuration, readText, readTopics, readUrl, readWhole } from './fields.js';
import type { EntryFields, FieldErrors, ItemFields, Result } from './model.js';
import { isOnlineChannel, isSinglePlayChannel, type Vocabulary } from './vocabulary.js';

export { LIMITS, type Raw };

export interface ItemFieldOptions {
  /**
   * The item may have no topic: it stays "Chưa phân loại" until someone classifies it. For items that
   * come from an import (a spreadsheet rarely says), and for an edit of an item that has none; a person
   * typing a new item chooses at least one.
   */
  allowUnclassified?: boolean;
}

/** Validates the fields of a content item. `current` (an edit) may keep codes that were retired since. */
export function validateItemFields(raw: Raw, vocab: Vocabulary, current?: ItemFields, options: ItemFieldOptions = {}): Result<ItemFields> {
  const errors: FieldErrors = {};
  const title = readText(raw, 'title', errors, { max: LIMITS.title, label: 'Tiêu đề' });
  if (!title && !errors.title) errors.title = 'Vui lòng nhập tiêu đề tin bài.';
  const fields: ItemFields = {
    title,
    summary: readText(raw, 'summary', errors, { max: LIMITS.summary, label: 'Tóm tắt', multiline: true }),
    format: readCode(raw, 'format', errors, vocab.formats, 'hình thức thể hiện', current?.format),
    topics: readTopics(raw, errors, vocab, current?.topics, options.allowUnclassified),
    unit: readCode(raw, 'unit', errors, vocab.units, 'đơn vị thực hiện', current?.unit),
    author: readText(raw, 'author', errors, { max: LIMITS.author, label: 'Tác giả/nguồn' }),
    sourceUrl: readUrl(raw, 'sourceUrl', errors, 'Link nguồn'),
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: fields };
}

/** Validates the fields of one airing/posting. */
export function validateEntryFields(raw: Raw, vocab: Vocabulary, now: Date): Result<EntryFields> {
  const errors: FieldErrors = {};
  const channel = readCode(raw, 'channel', errors, vocab.channels, 'kênh');
  const at = readAt(raw, errors, now);
  const plays = readWhole(raw, 'playCount', errors, { label: 'Số lượt phát', min: 1, max: LIMITS.playCount });
  let playCount = plays.ok ? plays.value : null;
  if (plays.ok && playCount === null) {
    if (raw.playCount === '') errors.playCount = 'Vui lòng nhập số lượt phát.';
    else playCount = 1;
  }
  if (channel && isSinglePlayChannel(channel) && playCount !== null && playCount !== 1) {
    errors.playCount = 'Tin bài đăng trên kênh này chỉ tính 1 lượt.';
  }
  const durationSeconds = readDuration(raw, 'durationSeconds', errors);
  const url = readUrl(raw, 'url', errors, 'Đường dẫn bài đăng');
  const views = readWhole(raw, 'views', errors, { label: 'Lượt xem', min: 0, max: LIMITS.views });
  const interactions = readWhole(raw, 'interactions', errors, { label: 'Lượt tương tác', min: 0, max: LIMITS.views });
  if (channel && !isOnlineChannel(channel)) {
    if (views.ok && views.value !== null) errors.views = 'Lượt xem chỉ ghi cho kênh trực tuyến (Cổng TTĐT, Fanpage, Zalo, YouTube).';
    if (interactions.ok && interactions.value !== null) errors.interactions = 'Lượt tương tác chỉ ghi cho kênh trực tuyến.';
  }
  const note = readText(raw, 'note', errors, { max: LIMITS.note, label: 'Ghi chú', multiline: true });
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      channel,
      at,
      playCount: playCount ?? 1,
      durationSeconds,
      url,
      views: views.ok ? views.value : null,
      interactions: interactions.ok ? interactions.value : null,
      note,
    },
  };
}

/** A validated new entry: an existing item by id, or the fields of a new one. */
export interface NewEntryDraft {
  item: { existingId: number } | { fields: ItemFields };
  entry: EntryFields;
}

/** The id of the existing item a new entry names, when it names one (to look it up before validating). */
export function requestedItemId(raw: Raw): number | null {
  const v = raw.itemId;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return null;
}

/**
 * Validates a new entry with either an existing item (`itemId`) or a new one (title, format, ...).
 * `itemExists` tells whether an id names a live item. Errors from both halves come back together.
 */
export function validateNewEntry(
  raw: Raw,
  ctx: { vocab: Vocabulary; now: Date; itemExists: (id: number) => boolean },
): Result<NewEntryDraft> {
  const entry = validateEntryFields(raw, ctx.vocab, ctx.now);
  // Item errors first, in the order of the form, so the summary reads top to bottom.
  const errors: FieldErrors = {};
  const wantsExisting = raw.itemMode === 'existing' || (raw.itemMode === undefined && raw.itemId !== undefined && raw.itemId !== null && raw.itemId !== '');
  let item: NewEntryDraft['item'] | null = null;
  if (wantsExisting) {
    const id = typeof raw.itemId === 'number' ? raw.itemId : typeof raw.itemId === 'string' && /^\d+$/.test(raw.itemId.trim()) ? Number(raw.itemId) : NaN;
    if (raw.itemId === undefined || raw.itemId === '' || raw.itemId === null) errors.itemId = 'Vui lòng chọn một tin bài có sẵn, hoặc chọn "Tin bài mới".';
    else if (!Number.isInteger(id) || !ctx.itemExists(id)) errors.itemId = 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).';
    else item = { existingId: id };
  } else {
    const fields = validateItemFields(raw, ctx.vocab);
    if (fields.ok) item = { fields: fields.value };
    else Object.assign(errors, fields.errors);
  }
  if (!entry.ok) Object.assign(errors, entry.errors);
  if (!entry.ok || !item || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { item, entry: entry.value } };
}

const ITEM_FIELD_NAMES = ['title', 'summary', 'format', 'topics', 'unit', 'author', 'sourceUrl'];

/**
 * Validates a partial change of an entry: the given fields replace the current ones and the result
 * is validated like a create. Item fields belong to the item and are refused here.
 */
export function validateEntryPatch(raw: Raw, current: EntryFields, ctx: { vocab: Vocabulary; now: Date }): Result<EntryFields> {
  const errors: FieldErrors = {};
  for (const name of ITEM_FIELD_NAMES) {
    if (has(raw, name)) errors[name] = 'Trường này thuộc tin bài: sửa qua PATCH /api/v1/items/:id.';
  }
  const merged: Raw = { ...current };
  // A form sends the date and time as typed; they stand for `at`.
  for (const key of ['channel', 'at', 'date', 'time', 'playCount', 'durationSeconds', 'url', 'views', 'interactions', 'note']) {
    if (has(raw, key)) merged[key] = raw[key];
  }
  const result = validateEntryFields(merged, ctx.vocab, ctx.now);
  if (!result.ok) Object.assign(errors, result.errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return result;
}

/** Validates a partial change of an item's fields. An item without a topic may stay so; one with topics keeps at least one. */
export function validateItemPatch(raw: Raw, current: ItemFields, vocab: Vocabulary): Result<ItemFields> {
  const merged: Raw = { ...current };
  for (const key of ITEM_FIELD_NAMES) if (has(raw, key)) merged[key] = raw[key];
  return validateItemFields(merged, vocab, current, { allowUnclassified: current.topics.length === 0 });
}
