import type { Entry, FieldErrors, Item } from '../domain/model.js';
import { MAX_BROADCAST_ROWS } from '../domain/broadcast.js';
import { fmtDuration } from '../domain/text.js';
import type { Raw } from '../domain/validation.js';

/** One row of the broadcast form as typed (strings, as a form holds them). */
export type RowValues = Record<string, string | string[]>;

/** The broadcast form as typed: the shared fields and the rows. */
export interface BroadcastValues {
  channel: string;
  date: string;
  time: string;
  note: string;
  slotId: string;
  rows: RowValues[];
}

const ROW_FIELDS = ['itemId', 'title', 'format', 'unit', 'topics', 'summary', 'playCount', 'durationSeconds', 'allowDuplicate'] as const;
const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Reads the broadcast form's flat `entries.N.field` names back into rows, in the order of N. */
export function readBroadcastForm(body: Raw): BroadcastValues {
  const rows = new Map<number, RowValues>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^entries\.(\d{1,3})\.([a-zA-Z]+)$/.exec(key);
    if (!m || !(ROW_FIELDS as readonly string[]).includes(m[2]!)) continue;
    const n = Number(m[1]);
    if (n >= MAX_BROADCAST_ROWS * 2) continue;
    const row = rows.get(n) ?? {};
    row[m[2]!] = m[2] === 'topics' ? (Array.isArray(value) ? value.map(String) : [String(value)]) : one(value);
    rows.set(n, row);
  }
  return {
    channel: one(body.channel),
    date: one(body.date),
    time: one(body.time),
    note: one(body.note),
    slotId: one(body.slotId),
    rows: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
  };
}

/** A row nobody typed in: no item chosen, no title. */
export const isBlankRow = (row: RowValues): boolean => !one(row.itemId).trim() && !one(row.title).trim();

/** The broadcast body the service reads: blank rows dropped; the indexes of the rows kept, to map errors back. */
export function broadcastBody(values: BroadcastValues): { raw: Raw; kept: number[] } {
  const kept: number[] = [];
  const entries: Raw[] = [];
  values.rows.forEach((row, i) => {
    if (isBlankRow(row)) return;
    kept.push(i);
    const r: Raw = { playCount: one(row.playCount), durationSeconds: one(row.durationSeconds), allowDuplicate: one(row.allowDuplicate) };
    if (one(row.itemId).trim()) r.itemId = one(row.itemId).trim();
    else Object.assign(r, { title: one(row.title), format: one(row.format), unit: one(row.unit), summary: one(row.summary), topics: row.topics ?? [] });
    entries.push(r);
  });
  return { raw: { channel: values.channel, date: values.date, time: values.time, note: values.note, entries }, kept };
}

/** A row's message, naming the row as the form shows it: "Tin bài 3: vui lòng chọn đơn vị thực hiện." */
const rowMessage = (row: number, message: string): string => `Tin bài ${row + 1}: ${message.charAt(0).toLocaleLowerCase('vi')}${message.slice(1)}`;

/** Errors of the service (`entries.K.field`, K among the rows sent) renamed to the rows of the form, each naming its row. */
export function formErrors(errors: FieldErrors, kept: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^entries\.(\d+)(\..+)?$/.exec(key);
    if (!m) {
      out[key] = message;
      continue;
    }
    const row = kept[Number(m[1])] ?? Number(m[1]);
    out[`entries.${row}${m[2] ?? ''}`] = rowMessage(row, message);
  }
  return out;
}

/** A row for an existing item, its plays and last length filled in. */
export function rowOfItem(item: Item, playCount: number, last: Entry | null | undefined): RowValues {
  return { itemId: String(item.id), title: item.title, format: item.format, unit: item.unit, topics: [...item.topics], playCount: String(playCount), durationSeconds: last ? fmtDuration(last.durationSeconds) : '' };
}

/** An empty row that takes the format, unit and topics of `seed` (what the user logged last), or none. */
export function blankRowLike(seed?: RowValues): RowValues {
  return { itemId: '', title: '', format: one(seed?.format), unit: one(seed?.unit), topics: Array.isArray(seed?.topics) ? [...seed.topics] : [], playCount: '1', durationSeconds: '' };
}

/** The rows below row `n` that are new items take its format, unit and topics; rows of existing items keep theirs. */
function applyBelow(rows: RowValues[], n: number): void {
  const from = rows[n];
  if (!from || one(from.itemId).trim()) return;
  for (let i = n + 1; i < rows.length; i++) {
    if (one(rows[i]!.itemId).trim()) continue;
    rows[i] = { ...rows[i]!, format: one(from.format), unit: one(from.unit), topics: Array.isArray(from.topics) ? [...from.topics] : [] };
  }
}

/**
 * Applies an edit of the form asked without JavaScript (the page's JavaScript does the same in place):
 * `add` (an empty row: it never takes the topics of the row above unasked), `remove:N`, `up:N`, `down:N`, `clear:N` (choose another
 * item), `apply:N` (row N's format, unit and topics to the new rows below it), or `reuse:N:itemId` (the row airs the existing item it duplicated).
 */
export function applyEdit(values: BroadcastValues, action: string, items: ReadonlyMap<number, Item>): BroadcastValues {
  const rows = [...values.rows];
  const [verb, a, b] = action.split(':');
  const n = Number(a);
  if (verb === 'add' && rows.length < MAX_BROADCAST_ROWS) rows.push(blankRowLike());
  else if (verb === 'remove' && rows[n]) rows.splice(n, 1);
  else if (verb === 'up' && n > 0 && rows[n]) [rows[n - 1], rows[n]] = [rows[n]!, rows[n - 1]!];
  else if (verb === 'down' && rows[n + 1]) [rows[n + 1], rows[n]] = [rows[n]!, rows[n + 1]!];
  else if (verb === 'clear' && rows[n]) rows[n] = { ...rows[n]!, itemId: '' };
  else if (verb === 'apply') applyBelow(rows, n);
  else if (verb === 'reuse' && rows[n]) {
    const item = items.get(Number(b));
    if (item) rows[n] = { ...rowOfItem(item, Number(one(rows[n]!.playCount)) || 1, null), durationSeconds: one(rows[n]!.durationSeconds) };
  }
  return { ...values, rows };
}
