/**
 * The audit trail as people read it: who (by name), what was done, the object it was done to by its
 * name (an entry by its item's title and airing time, an account by its holder's name, "Cài đặt"), and
 * each change as "Lượt xem: trống → 120". Pure: the names are looked up before (`auditLookups`).
 */
import { AUDIT_FIELDS, type AuditChange, type AuditContext, type AuditNames, EMPTY, EXPORT_WHAT, FILE_FORMATS, fmtValue, isEmptyValue, shortTitle, userName } from './audit-fields.js';
import { ellipsis } from './audit-lists.js';
import { AUDIT_ACTIONS, type AuditRecord } from './model.js';
import { fmtDate, fmtDateTime, type LocalIso } from './time.js';
import { labelOf, type Vocabulary } from './vocabulary.js';

export type { AuditChange, AuditNames } from './audit-fields.js';
export { NO_NAMES } from './audit-fields.js';

/** What a record is about, named, with the page that shows it (none when there is no such page). */
export interface AuditObject {
  text: string;
  href: string | null;
}

/** One record of the trail, ready to show. */
export interface AuditLine {
  id: number;
  at: LocalIso;
  /** Who did it, by name. */
  user: string;
  action: string;
  object: AuditObject | null;
  changes: AuditChange[];
}

type Fields = Record<string, unknown>;

const field = (r: AuditRecord, key: string): unknown => (r.after && key in r.after ? r.after[key] : r.before?.[key]);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The ids and years whose names the records need, to look up in one go. */
export function auditLookups(records: readonly AuditRecord[]): { entryIds: number[]; itemIds: number[]; slotIds: number[]; planYears: number[] } {
  const entryIds = new Set<number>();
  const itemIds = new Set<number>();
  const slotIds = new Set<number>();
  const planYears = new Set<number>();
  for (const r of records) {
    const id = Number(r.target?.id);
    if (r.target?.type === 'entry' && Number.isSafeInteger(id)) entryIds.add(id);
    if (r.target?.type === 'item' && Number.isSafeInteger(id)) itemIds.add(id);
    if (r.target?.type === 'slot' && Number.isSafeInteger(id)) slotIds.add(id);
    if (r.action === 'plan.note' && Number.isSafeInteger(id)) planYears.add(id);
    for (const side of [r.before, r.after] as (Fields | undefined)[]) {
      if (!side) continue;
      if (r.action.startsWith('entry.') && typeof side.itemId === 'number' && side.itemId > 0) itemIds.add(side.itemId);
      if (Array.isArray(side.plans)) for (const p of side.plans as { itemId?: unknown }[]) if (typeof p?.itemId === 'number') itemIds.add(p.itemId);
    }
  }
  return { entryIds: [...entryIds], itemIds: [...itemIds], slotIds: [...slotIds], planYears: [...planYears] };
}

const capitalized = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The object of a record, by its name. */
export function auditObject(r: AuditRecord, ctx: AuditContext): AuditObject | null {
  const { names, vocab } = ctx;
  const t = r.target;
  if (!t) return null;
  const id = t.id;
  const num = Number(id);
  switch (t.type) {
    case 'entry': {
      const known = names.entries.get(num);
      const itemId = Number(field(r, 'itemId'));
      const title = known?.title ?? names.items.get(itemId);
      const at = known?.at ?? text(field(r, 'at'));
      const channel = known?.channel ?? text(field(r, 'channel'));
      if (!title && !at) return { text: 'Lượt phát/đăng không còn trong nhật ký', href: `/entries/${num}` };
      const airing = [channel ? labelOf(vocab.channels, channel) : '', at ? fmtDateTime(at) : ''].filter(Boolean).join(' ');
      return { text: [title ? shortTitle(title) : 'Lượt phát/đăng', airing].filter(Boolean).join(' · '), href: `/entries/${num}` };
    }
    case 'item': {
      const title = names.items.get(num) ?? text(field(r, 'title'));
      return { text: title ? shortTitle(title) : 'Tin bài không còn trong nhật ký', href: `/items/${num}` };
    }
    case 'user':
      return { text: text(id) ? `Tài khoản ${userName(text(id), names)}` : 'Tài khoản (tên trống)', href: null };
    case 'token': {
      const name = text(field(r, 'name'));
      const owner = text(field(r, 'username'));
      return { text: `Mã API${name ? ` “${name}”` : ''}${owner ? ` của ${userName(owner, names)}` : ''}`, href: null };
    }
    case 'settings':
      return { text: 'Cài đặt', href: '/settings' };
    case 'export': {
      const [what = '', ext = ''] = text(id).split('.');
      return { text: `Tệp tải về: ${EXPORT_WHAT[what] ?? what}${ext ? ` (${FILE_FORMATS[ext] ?? ext})` : ''}`, href: null };
    }
    case 'summary': {
      const week = fmtValue('week', field(r, 'weekStart'), ctx);
      return { text: `Tổng hợp tuần${week ? ` ${week}` : ''}`, href: `/summaries/${num}` };
    }
    case 'slot': {
      const slot = names.slots.get(num) ?? { name: text(field(r, 'name')), start: text(field(r, 'start')), channel: text(field(r, 'channel')) };
      const when = [slot.start, slot.channel ? labelOf(vocab.channels, slot.channel) : ''].filter(Boolean).join(', ');
      return { text: `Buổi phát${slot.name ? ` ${slot.name}` : ''}${when ? ` (${when})` : ''}`, href: '/schedule' };
    }
    case 'import': {
      const file = text(field(r, 'fileName'));
      return { text: `Lần nhập${file ? ` tệp ${file}` : ''}`, href: `/imports/${num}` };
    }
    case 'plan':
      return { text: `Kế hoạch năm ${text(id)}`, href: `/plan?year=${encodeURIComponent(text(id))}` };
    case 'report': {
      const [from = '', to = ''] = [text(field(r, 'from')), text(field(r, 'to'))];
      return { text: from && to ? `Báo cáo từ ngày ${fmtDate(from)} đến ngày ${fmtDate(to)}` : 'Báo cáo', href: from && to ? `/reports?${new URLSearchParams({ from, to })}` : null };
    }
    case 'watch-place': {
      const url = text(field(r, 'url'));
      return { text: `Nơi theo dõi tin bài${url ? ` ${ellipsis(url, 90)}` : ''}`, href: '/settings#watch' };
    }
    case 'inbox': {
      const title = text(field(r, 'title'));
      return { text: `Tin bài mới phát hiện${title ? ` “${shortTitle(title)}”` : ''}`, href: '/inbox' };
    }
    case 'commune': {
      const c = names.communes.get(text(id)) ?? { name: text(field(r, 'name')), kind: text(field(r, 'kind')) };
      return { text: c.name ? `${capitalized(c.kind || 'xã, phường')} ${c.name}` : text(id), href: null };
    }
    default:
      return null;
  }
}

/** The changes of a record, field by field, in the order the fields are read; no key and no JSON. */
export function auditChanges(r: AuditRecord, ctx: AuditContext): AuditChange[] {
  const table = AUDIT_FIELDS[r.action] ?? {};
  const b: Fields = r.before ?? {};
  const a: Fields = r.after ?? {};
  const out: AuditChange[] = [];
  for (const [key, spec] of Object.entries(table)) {
    if (!(key in b) && !(key in a)) continue;
    if (spec === 'hidden') continue;
    if ('expand' in spec) {
      out.push(...spec.expand(b[key], a[key], ctx));
      continue;
    }
    const read = (v: unknown): string => fmtValue(spec.kind, v, ctx);
    if (spec.context) {
      const value = read(key in a ? a[key] : b[key]);
      if (value) out.push({ label: spec.label, value });
    } else if (key in b && key in a) {
      out.push({ label: spec.label, before: read(b[key]) || EMPTY, after: read(a[key]) || EMPTY });
    } else if (key in a) {
      if (!isEmptyValue(a[key])) out.push({ label: spec.label, before: null, after: read(a[key]) || EMPTY });
    } else if (!isEmptyValue(b[key])) {
      out.push({ label: spec.label, before: read(b[key]) || EMPTY, after: null });
    }
  }
  // Keys no version of the app reads (none today): their plain values, never their names.
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key in table) continue;
    const v = key in a ? a[key] : b[key];
    if (typeof v === 'string' || typeof v === 'number') out.push({ label: 'Thông tin khác', value: String(v) });
  }
  return out;
}

/** A change as one line of text: "Lượt xem: trống → 120", "Tiêu đề: …" (added), "Xóa nhiệm vụ: …" (removed). */
export function auditChangeText(c: AuditChange): string {
  if ('value' in c) return `${c.label}: ${c.value}`;
  if (c.before !== null && c.after !== null) return `${c.label}: ${c.before} → ${c.after}`;
  return `${c.label}: ${c.after ?? c.before ?? ''}`;
}

/** A record ready to show, with the vocabulary and names of the commune it belongs to. */
export function describeAudit(r: AuditRecord, vocab: Vocabulary, names: AuditNames): AuditLine {
  const year = r.target?.type === 'plan' ? Number(r.target.id) : 0;
  const ctx: AuditContext = { vocab, names, year };
  return {
    id: r.id,
    at: r.at,
    user: userName(r.user, names),
    action: AUDIT_ACTIONS[r.action] ?? 'Thao tác khác',
    object: auditObject(r, ctx),
    changes: auditChanges(r, ctx),
  };
}
