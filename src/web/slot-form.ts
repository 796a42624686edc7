import type { FieldErrors } from '../domain/model.js';
import { MAX_PLANS, type Slot } from '../domain/schedule.js';
import { fmtDate } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';

/** The slot form as typed: flat names, strings (or lists of strings for checkboxes). */
export type SlotFormValues = Record<string, unknown>;

/** New-item rows a form shows at first, and at most. */
export const NEW_ROWS = 2;
const MAX_NEW_ROWS = 20;

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The slot's form values. */
export function slotValues(slot: Slot): SlotFormValues {
  const values: SlotFormValues = { name: slot.name, channel: slot.channel, start: slot.start, days: slot.days.map(String), durationMinutes: slot.durationMinutes === null ? '' : String(slot.durationMinutes), newRows: String(NEW_ROWS) };
  slot.plans.forEach((p, i) => {
    values[`plans.${i}.itemId`] = String(p.itemId);
    values[`plans.${i}.from`] = p.from ? fmtDate(p.from) : '';
    values[`plans.${i}.to`] = p.to ? fmtDate(p.to) : '';
    values[`plans.${i}.playCount`] = String(p.playCount);
  });
  return values;
}

/** How many new-item rows the form shows: what it showed (`newRows`), one more after "Thêm dòng". */
export function newRowCount(body: SlotFormValues, more = false): number {
  const shown = Number(one(body.newRows));
  const n = Number.isInteger(shown) && shown >= 1 ? shown : NEW_ROWS;
  return Math.min(MAX_NEW_ROWS, n + (more ? 1 : 0));
}

/** The catalogue items checked in the form (`add.itemIds`), each once. */
export const checkedItemIds = (body: SlotFormValues): string[] => [...new Set(list(body['add.itemIds']).filter((v) => /^\d{1,15}$/.test(v)))].slice(0, MAX_PLANS);

/**
 * A slot from the schedule form: its fields, then its plans: the kept ones (`plans.N.*`, not marked
 * `remove`), the catalogue items checked (`add.itemIds`) and the new items typed (`newItems.N.*`, a row
 * without a title is left out), the added ones with the dates and plays given once (`add.from`, `add.to`,
 * `add.playCount`). `origins` says where each plan came from, to put its errors back at its fields.
 */
export function slotRaw(body: SlotFormValues): { raw: Raw; origins: string[] } {
  const raw: Raw = { name: body.name, channel: body.channel, start: body.start, days: body.days ?? [], durationMinutes: body.durationMinutes };
  const plans: Raw[] = [];
  const origins: string[] = [];
  for (let i = 0; i < MAX_PLANS; i++) {
    const id = body[`plans.${i}.itemId`];
    if (id === undefined || body[`plans.${i}.remove`]) continue;
    plans.push({ itemId: id, from: body[`plans.${i}.from`], to: body[`plans.${i}.to`], playCount: body[`plans.${i}.playCount`] });
    origins.push(`plans.${i}`);
  }
  const shared = { from: one(body['add.from']), to: one(body['add.to']), playCount: one(body['add.playCount']) };
  for (const itemId of checkedItemIds(body)) {
    plans.push({ itemId, ...shared });
    origins.push('add');
  }
  for (let j = 0; j < MAX_NEW_ROWS; j++) {
    const title = one(body[`newItems.${j}.title`]);
    if (!title.trim()) continue;
    plans.push({ title, format: one(body[`newItems.${j}.format`]), unit: one(body[`newItems.${j}.unit`]), topics: list(body[`newItems.${j}.topics`]), ...shared });
    origins.push(`newItems.${j}`);
  }
  raw.plans = plans;
  return { raw, origins };
}

/** A new row's message, naming the row as the form shows it: "Tin bài mới 2: vui lòng chọn đơn vị thực hiện." */
const rowMessage = (row: number, message: string): string => `Tin bài mới ${row + 1}: ${message.charAt(0).toLocaleLowerCase('vi')}${message.slice(1)}`;

/** The service's errors (`plans.K.field`, K among the plans sent) put back at the form's fields. */
export function formErrors(errors: FieldErrors, origins: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^plans\.(\d+)\.(\w+)$/.exec(key);
    const origin = m ? origins[Number(m[1])] : undefined;
    if (!m || !origin) {
      out[key] = message;
      continue;
    }
    const field = m[2]!;
    if (origin.startsWith('plans.')) out[`${origin}.${field}`] = message;
    // The dates and plays of the added plans are typed once, for all of them.
    else if (['from', 'to', 'playCount'].includes(field)) out[`add.${field}`] = message;
    else if (origin === 'add') out['add.itemIds'] = message;
    else out[`${origin}.${field}`] = rowMessage(Number(origin.split('.')[1]), message);
  }
  return out;
}
