import { LIMITS, type Raw, readDuration, readWhole } from './fields.js';
import type { EntryFields, FieldErrors, ItemFields, Result } from './model.js';
import { validateEntryFields, validateItemFields } from './validation.js';
import { isSinglePlayChannel, type Vocabulary } from './vocabulary.js';

/** The most rows one broadcast may have. */
export const MAX_BROADCAST_ROWS = 100;

/** One row of a broadcast: an existing item aired again, or a new item; with its plays and length. */
export interface BroadcastRowDraft {
  /** The row's place in what was sent (0-based), for messages. */
  index: number;
  item: { existingId: number } | { fields: ItemFields };
  playCount: number;
  /** Null: a re-air takes the item's last duration; a new item has none. */
  durationSeconds: number | null;
  /** Seconds after the broadcast's start that this row went out. */
  offsetSeconds: number;
  /** The user insists: a title like an existing one, or the same airing twice, is wanted. */
  allowDuplicate: boolean;
}

/** A validated broadcast (buổi phát thanh): a channel and start once, then its rows. */
export interface BroadcastDraft {
  channel: string;
  /** The broadcast's start, as stored. */
  at: string;
  note: string;
  rows: BroadcastRowDraft[];
}

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function readItemId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** The item ids a broadcast's rows name, to look them up before validating. */
export function broadcastItemIds(raw: Raw): number[] {
  const rows = Array.isArray(raw.entries) ? raw.entries : [];
  return rows.flatMap((r) => (isObject(r) && r.itemId !== undefined && r.itemId !== '' ? [readItemId(r.itemId)].filter((id): id is number => id !== null) : []));
}

function readRow(row: Raw, index: number, channel: string, ctx: { vocab: Vocabulary; liveItemIds: ReadonlySet<number> }, errors: FieldErrors): BroadcastRowDraft | null {
  const own: FieldErrors = {};
  let item: BroadcastRowDraft['item'] | null = null;
  if (row.itemId !== undefined && row.itemId !== null && row.itemId !== '') {
    const id = readItemId(row.itemId);
    if (id === null || !ctx.liveItemIds.has(id)) own.itemId = 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).';
    else item = { existingId: id };
  } else {
    const fields = validateItemFields(row, ctx.vocab);
    if (fields.ok) item = { fields: fields.value };
    else Object.assign(own, fields.errors);
  }
  const plays = readWhole(row, 'playCount', own, { label: 'Số lượt phát', min: 1, max: LIMITS.playCount });
  const playCount = plays.ok ? (plays.value ?? 1) : 1;
  if (plays.ok && channel && isSinglePlayChannel(channel) && playCount !== 1) own.playCount = 'Tin bài đăng trên kênh này chỉ tính 1 lượt.';
  const durationSeconds = readDuration(row, 'durationSeconds', own);
  const offset = readWhole(row, 'offsetSeconds', own, { label: 'Số giây sau giờ bắt đầu', min: 0, max: 86_399 });
  for (const [k, v] of Object.entries(own)) errors[`entries.${index}.${k}`] = v;
  if (Object.keys(own).length || !item) return null;
  return { index, item, playCount, durationSeconds, offsetSeconds: offset.ok ? (offset.value ?? 0) : 0, allowDuplicate: row.allowDuplicate === true || row.allowDuplicate === 'true' || row.allowDuplicate === 'on' };
}

/**
 * Validates a broadcast from a JSON body or a decoded form: `channel`, `at` (or `date` and
 * `time`), `note`, and `entries`, a list of rows. Errors of a row come back under `entries.N.field`;
 * errors of the broadcast under their own names.
 */
export function validateBroadcast(raw: Raw, ctx: { vocab: Vocabulary; now: Date; liveItemIds: ReadonlySet<number> }): Result<BroadcastDraft> {
  // The shared fields are checked as those of one entry (with one play, which every channel allows).
  const shared = validateEntryFields({ channel: raw.channel, at: raw.at, date: raw.date, time: raw.time, note: raw.note, playCount: 1 }, ctx.vocab, ctx.now);
  const errors: FieldErrors = shared.ok ? {} : { ...shared.errors };
  if (raw.date === undefined && raw.time === undefined) delete errors.date;
  const channel = shared.ok ? shared.value.channel : typeof raw.channel === 'string' && !errors.channel ? raw.channel : '';
  const rows: BroadcastRowDraft[] = [];
  if (!Array.isArray(raw.entries) || raw.entries.length === 0) errors.entries = 'Buổi phát chưa có tin bài nào: thêm ít nhất một dòng.';
  else if (raw.entries.length > MAX_BROADCAST_ROWS) errors.entries = `Một buổi phát có tối đa ${MAX_BROADCAST_ROWS} dòng.`;
  else {
    raw.entries.forEach((row: unknown, index) => {
      if (!isObject(row)) {
        errors[`entries.${index}`] = 'Dòng này không hợp lệ.';
        return;
      }
      const read = readRow(row, index, channel, ctx, errors);
      if (read) rows.push(read);
    });
  }
  if (!shared.ok || Object.keys(errors).length) return { ok: false, errors };
  const fields: EntryFields = shared.value;
  return { ok: true, value: { channel: fields.channel, at: fields.at, note: fields.note, rows } };
}
