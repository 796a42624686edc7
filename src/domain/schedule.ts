import { readCode, readText, type Raw } from './fields.js';
import type { FieldErrors, ItemFields, Result } from './model.js';
import { addDays, type LocalDate, type LocalIso, parseLocalDate, parseLocalTime } from './time.js';
import { fmtDuration } from './text.js';
import { validateItemFields } from './validation.js';
import type { Vocabulary } from './vocabulary.js';

/** An item planned for a slot: every time the slot comes (no dates), or from one date to another. */
export interface SlotPlan {
  itemId: number;
  from: LocalDate | null;
  to: LocalDate | null;
  playCount: number;
}

/** A regular broadcast slot of the programme schedule (lịch phát sóng). */
export interface Slot {
  id: number;
  name: string;
  channel: string;
  /** `HH:mm`, Vietnam time. */
  start: string;
  /** Days of the week it runs: 1 (Monday) to 7 (Sunday). */
  days: number[];
  /** Expected length, in minutes. */
  durationMinutes: number | null;
  plans: SlotPlan[];
  createdAt: LocalIso;
  createdBy: string;
  updatedAt: LocalIso;
  updatedBy: string;
  deletedAt: LocalIso | null;
  deletedBy: string | null;
}

/** What a user gives of a slot. */
export type SlotFields = Pick<Slot, 'name' | 'channel' | 'start' | 'days' | 'durationMinutes' | 'plans'>;

/** A plan as given: an item of the catalogue, or a new item (one that has never aired) to be made with the plan. */
export type SlotPlanDraft = SlotPlan | (Omit<SlotPlan, 'itemId'> & { itemId: null; newItem: ItemFields });

/** A slot as validated: its plans may make new items. */
export type SlotDraft = Omit<SlotFields, 'plans'> & { plans: SlotPlanDraft[] };

/** The most plans one slot may have. */
export const MAX_PLANS = 50;

export const WEEKDAYS = [
  { day: 1, label: 'Thứ Hai', short: 'T2' },
  { day: 2, label: 'Thứ Ba', short: 'T3' },
  { day: 3, label: 'Thứ Tư', short: 'T4' },
  { day: 4, label: 'Thứ Năm', short: 'T5' },
  { day: 5, label: 'Thứ Sáu', short: 'T6' },
  { day: 6, label: 'Thứ Bảy', short: 'T7' },
  { day: 7, label: 'Chủ nhật', short: 'CN' },
] as const;

/** The day of the week of a date: 1 (Monday) to 7 (Sunday). */
export function weekdayOf(date: LocalDate): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A slot's window in minutes of the day: from its start, for its length (at least one minute). */
function windowOf(slot: Pick<Slot, 'start' | 'durationMinutes'>): [number, number] {
  const start = minutesOf(slot.start);
  return [start, start + Math.max(1, slot.durationMinutes ?? 1)];
}

/** Whether two slots of one channel would run at the same time on some day. */
export function overlaps(a: Pick<Slot, 'channel' | 'start' | 'days' | 'durationMinutes'>, b: Pick<Slot, 'channel' | 'start' | 'days' | 'durationMinutes'>): boolean {
  if (a.channel !== b.channel || !a.days.some((d) => b.days.includes(d))) return false;
  const [as, ae] = windowOf(a);
  const [bs, be] = windowOf(b);
  return as < be && bs < ae;
}

function readDays(raw: Raw, errors: FieldErrors): number[] {
  const value = raw.days;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : typeof value === 'number' ? [value] : [];
  const days: number[] = [];
  for (const v of list) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[1-7]\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 7) {
      errors.days = 'Ngày trong tuần là số từ 1 (thứ Hai) đến 7 (Chủ nhật).';
      return [];
    }
    if (!days.includes(n)) days.push(n);
  }
  if (!days.length && !errors.days) errors.days = 'Vui lòng chọn ít nhất một ngày trong tuần.';
  return days.sort((a, b) => a - b);
}

/** Whether a plan as given names no catalogue item: it makes a new item from its title and fields. */
export const isNewItemSlotPlan = (r: Raw): boolean => (r.itemId === undefined || r.itemId === null || r.itemId === '') && r.title !== undefined;

function readPlans(raw: Raw, errors: FieldErrors, ctx: { vocab: Vocabulary; liveItemIds: ReadonlySet<number> }): SlotPlanDraft[] {
  const value = raw.plans;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_PLANS) {
    errors.plans = `Danh sách tin bài dự kiến không hợp lệ (tối đa ${MAX_PLANS} tin bài).`;
    return [];
  }
  const plans: SlotPlanDraft[] = [];
  value.forEach((p: unknown, i) => {
    const key = `plans.${i}`;
    const r = (p && typeof p === 'object' && !Array.isArray(p) ? p : {}) as Raw;
    let newItem: ItemFields | null = null;
    let itemId = NaN;
    if (isNewItemSlotPlan(r)) {
      // A person planning a new item gives what the item form asks: a title, a format, a unit and topics.
      const fields = validateItemFields(r, ctx.vocab);
      if (fields.ok) newItem = fields.value;
      else for (const [k, v] of Object.entries(fields.errors)) errors[`${key}.${k}`] = v;
    } else {
      itemId = typeof r.itemId === 'number' ? r.itemId : typeof r.itemId === 'string' && /^\d{1,15}$/.test(r.itemId) ? Number(r.itemId) : NaN;
      if (!ctx.liveItemIds.has(itemId)) errors[`${key}.itemId`] = 'Không tìm thấy tin bài này (có thể đã bị xóa).';
    }
    const dates: (LocalDate | null)[] = (['from', 'to'] as const).map((k) => {
      const text = typeof r[k] === 'string' ? (r[k] as string).trim() : '';
      if (!text) return null;
      const d = parseLocalDate(text);
      if (!d.ok) errors[`${key}.${k}`] = 'Ngày phải có dạng dd/mm/yyyy và có thật.';
      return d.ok ? d.date : null;
    });
    const [from, to] = dates as [LocalDate | null, LocalDate | null];
    if (from && to && to < from) errors[`${key}.to`] = 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.';
    const plays = r.playCount === undefined || r.playCount === '' ? 1 : Number(r.playCount);
    if (!Number.isInteger(plays) || plays < 1 || plays > 1000) errors[`${key}.playCount`] = 'Số lượt phát phải là số nguyên từ 1 đến 1.000.';
    plans.push(newItem ? { itemId: null, newItem, from, to, playCount: plays } : { itemId, from, to, playCount: plays });
  });
  return plans;
}

/**
 * Validates a slot as a form or a JSON body gives it. `others` are the commune's other live slots: a
 * slot that would run at the same time on the same channel and day as one of them is refused. A plan
 * names a live item (`itemId`) or, without one, gives a new item's title, format, unit and topics.
 */
export function validateSlot(raw: Raw, ctx: { vocab: Vocabulary; others: readonly Slot[]; liveItemIds: ReadonlySet<number> }): Result<SlotDraft> {
  const errors: FieldErrors = {};
  const channel = readCode(raw, 'channel', errors, ctx.vocab.channels, 'kênh');
  const startText = typeof raw.start === 'string' ? raw.start : '';
  const start = parseLocalTime(startText);
  if (!startText.trim()) errors.start = 'Vui lòng nhập giờ bắt đầu (HH:mm).';
  else if (!start) errors.start = `Giờ "${startText.trim().slice(0, 20)}" không có thật: giờ từ 00:00 đến 23:59.`;
  const days = readDays(raw, errors);
  let durationMinutes: number | null = null;
  const d = raw.durationMinutes;
  if (d !== undefined && d !== null && d !== '') {
    const n = typeof d === 'number' ? d : typeof d === 'string' && /^\s*\d{1,4}\s*$/.test(d) ? Number(d) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 720) errors.durationMinutes = 'Thời lượng dự kiến là số phút từ 1 đến 720.';
    else durationMinutes = n;
  }
  const name = readText(raw, 'name', errors, { max: 100, label: 'Tên buổi' }) || (start ? `Buổi ${start}` : '');
  const plans = readPlans(raw, errors, ctx);
  if (!Object.keys(errors).length && start) {
    const clash = ctx.others.find((o) => overlaps({ channel, start, days, durationMinutes }, o));
    if (clash) errors.start = `Trùng giờ với buổi "${clash.name}" (${clash.start}${clash.durationMinutes ? `, ${fmtDuration(clash.durationMinutes * 60)}` : ''}) trên cùng kênh và ngày.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { name, channel, start: start!, days, durationMinutes, plans } };
}

/** Whether a slot runs on a date. */
export function runsOn(slot: Slot, date: LocalDate): boolean {
  return !slot.deletedAt && slot.days.includes(weekdayOf(date));
}

/** The items planned for a slot on a date, in their order. */
export function plannedOn(slot: Slot, date: LocalDate): SlotPlan[] {
  return slot.plans.filter((p) => (!p.from || p.from <= date) && (!p.to || p.to >= date));
}

/** The stored-time window of a slot on a date: its start to its end (an hour when its length is not set). */
export function slotWindow(slot: Slot, date: LocalDate): { from: LocalIso; to: LocalIso } {
  const start = minutesOf(slot.start);
  const end = start + (slot.durationMinutes ?? 60);
  const at = (minutes: number): LocalIso => {
    const day = minutes >= 1440 ? addDays(date, 1) : date;
    const m = minutes % 1440;
    return `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+07:00`;
  };
  return { from: at(start), to: at(end) };
}
