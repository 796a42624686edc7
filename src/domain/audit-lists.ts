/**
 * The parts of the audit trail's reading that lists and maps need: units and topics read term by
 * term, a year's targets, a plan task field by field, an export's format.
 */
import { type TaskCounts, type TimeFrame, timeFrameLabel } from './year-plan.js';
import { fmtNumber } from './text.js';
import type { LocalIso } from './time.js';
import { labelOf, type Vocabulary } from './vocabulary.js';

/** The names the records point at by code or id, looked up before reading (a missing one reads as such). */
export interface AuditNames {
  /** username → full name */
  users: ReadonlyMap<string, string>;
  /** item id → title */
  items: ReadonlyMap<number, string>;
  entries: ReadonlyMap<number, { title: string; channel: string; at: LocalIso }>;
  slots: ReadonlyMap<number, { name: string; start: string; channel: string }>;
  communes: ReadonlyMap<string, { name: string; kind: string }>;
  /** `year/taskId` → "2.1. Nội dung công việc" */
  tasks: ReadonlyMap<string, string>;
}

export const NO_NAMES: AuditNames = { users: new Map(), items: new Map(), entries: new Map(), slots: new Map(), communes: new Map(), tasks: new Map() };

export interface AuditContext {
  vocab: Vocabulary;
  names: AuditNames;
  /** The year of a plan record (its target), for the time frames of its tasks. */
  year: number;
}

/**
 * One line of the changes of a record: a value that names what the record is about (`value`), or a
 * field's value before and after (null: the record has none on that side).
 */
export type AuditChange = { label: string; value: string } | { label: string; before: string | null; after: string | null };

/** A field read into several lines (lists and maps whose parts changed one by one). */
export interface ExpandSpec {
  expand: (before: unknown, after: unknown, ctx: AuditContext) => AuditChange[];
}

export const EMPTY = 'trống';


export const ellipsis = (text: string, max: number): string => ([...text].length > max ? `${[...text].slice(0, max - 1).join('').trimEnd()}…` : text);

export const FILE_FORMATS: Record<string, string> = { csv: 'CSV', xlsx: 'Excel (.xlsx)', docx: 'Word (.docx)', zip: 'ZIP' };


function fmtCounts(counts: TaskCounts | null, vocab: Vocabulary): string {
  if (!counts) return 'không tính từ nhật ký (ghi kết quả tay)';
  const list = (codes: string[], terms: Vocabulary['channels'] | Vocabulary['formats'], all: string) => (codes.length ? codes.map((c) => labelOf(terms, c)).join(', ') : all);
  return `kênh: ${list(counts.channels, vocab.channels, 'mọi kênh')}; hình thức: ${list(counts.formats, vocab.formats, 'mọi hình thức')}; nội dung: ${list(counts.topics, vocab.topics, 'mọi nội dung')}`;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const or = (text: string): string => text || EMPTY;

interface Term { code: string; label: string; retired?: boolean; keywords?: string[]; description?: string }

/** A list of units or topics, read term by term: added, renamed, retired, used again, key words. */
export function termChanges(noun: string): ExpandSpec {
  return {
    expand(before, after) {
      const b = (Array.isArray(before) ? before : []) as Term[];
      const a = (Array.isArray(after) ? after : []) as Term[];
      const out: AuditChange[] = [];
      for (const t of a) {
        const o = b.find((x) => x.code === t.code);
        if (!o) {
          out.push({ label: `Thêm ${noun}`, before: null, after: t.label });
          continue;
        }
        if (o.label !== t.label) out.push({ label: `Đổi tên ${noun}`, before: o.label, after: t.label });
        if (!!o.retired !== !!t.retired) out.push({ label: `${t.retired ? 'Ngừng dùng' : 'Dùng lại'} ${noun}`, before: null, after: t.label });
        if (!same(o.keywords ?? [], t.keywords ?? [])) out.push({ label: `Từ khóa của “${t.label}”`, before: or((o.keywords ?? []).join(', ')), after: or((t.keywords ?? []).join(', ')) });
        if ((o.description ?? '') !== (t.description ?? '') && o.label === t.label) out.push({ label: `Mô tả của “${t.label}”`, before: or(o.description ?? ''), after: or(t.description ?? '') });
      }
      for (const o of b) if (!a.some((t) => t.code === o.code)) out.push({ label: `Bỏ ${noun}`, before: o.label, after: null });
      return out;
    },
  };
}

/** "Truyền thanh 120, Cổng TTĐT 60": a year's targets in the order of the channels. */
export function fmtTargets(targets: unknown, vocab: Vocabulary): string {
  if (!targets || typeof targets !== 'object') return '';
  const map = targets as Record<string, number>;
  const codes = [...vocab.channels.map((c) => c.code).filter((c) => c in map), ...Object.keys(map).filter((c) => !vocab.channels.some((x) => x.code === c))];
  return codes.map((c) => `${labelOf(vocab.channels, c)} ${fmtNumber(Number(map[c]))}`).join(', ');
}

export const targetChanges: ExpandSpec = {
  expand(before, after, { vocab }) {
    const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
    const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
    const years = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return years.filter((y) => !same(b[y], a[y])).map((y) => ({ label: `Chỉ tiêu ${y}`, before: or(fmtTargets(b[y], vocab)), after: or(fmtTargets(a[y], vocab)) }));
  },
};

interface Task { id: string; number: string; text: string; lead: string; partners: string; timeFrame: TimeFrame; counts: TaskCounts | null; target: number | null; evidence: string[] }

const TASK_FIELDS: [keyof Task, string, (t: Task, ctx: AuditContext) => string][] = [
  ['number', 'Số thứ tự', (t) => t.number],
  ['text', 'Nội dung công việc', (t) => t.text],
  ['lead', 'Cơ quan chủ trì', (t) => t.lead],
  ['partners', 'Cơ quan phối hợp', (t) => t.partners],
  ['timeFrame', 'Thời gian thực hiện', (t, ctx) => (t.timeFrame ? timeFrameLabel(t.timeFrame, ctx.year) : '')],
  ['counts', 'Kết quả tính từ nhật ký', (t, ctx) => fmtCounts(t.counts ?? null, ctx.vocab)],
  ['target', 'Chỉ tiêu cả năm', (t) => (t.target === null || t.target === undefined ? '' : fmtNumber(t.target))],
  ['evidence', 'Đường dẫn minh chứng', (t) => (t.evidence ?? []).join(', ')],
];

const taskTitle = (t: Task): string => ellipsis(`${t.number}. ${t.text}`, 120);

/** A task of the plan added, removed, or changed field by field. */
export const taskChanges: ExpandSpec = {
  expand(before, after, ctx) {
    const b = before && typeof before === 'object' ? (before as Task) : null;
    const a = after && typeof after === 'object' ? (after as Task) : null;
    if (!b && a) return [{ label: 'Thêm nhiệm vụ', before: null, after: taskTitle(a) }];
    if (b && !a) return [{ label: 'Xóa nhiệm vụ', before: taskTitle(b), after: null }];
    if (!a || !b) return [];
    const out: AuditChange[] = [{ label: 'Nhiệm vụ', value: taskTitle(a) }];
    for (const [key, label, read] of TASK_FIELDS) if (!same(b[key], a[key])) out.push({ label, before: or(read(b, ctx)), after: or(read(a, ctx)) });
    return out;
  },
};

/** An export's `format`: the file's, or (for the log's export, whose filter is spread over it) the items' format filtered on. */
export const exportFormat: ExpandSpec = {
  expand(_before, after, { vocab }) {
    const code = String(after ?? '');
    if (!code) return [];
    return [code in FILE_FORMATS ? { label: 'Định dạng tệp', before: null, after: FILE_FORMATS[code]! } : { label: 'Lọc theo hình thức thể hiện', before: null, after: labelOf(vocab.formats, code) }];
  },
};
