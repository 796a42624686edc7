import { readText, readUrl, readWhole, type Raw } from './fields.js';
import type { FieldErrors, Result } from './model.js';
import type { Report } from './report.js';
import { channelClause, type CommuneKind, type CountMode, writeCount } from './sentence.js';
import { fmtDate, type LocalDate, monthEnd, parseLocalDate } from './time.js';
import { hasCode, type Vocabulary } from './vocabulary.js';

/** When a task of the plan is carried out: all year, one quarter, or by a deadline. */
export type TimeFrame = { kind: 'year' } | { kind: 'quarter'; quarter: 1 | 2 | 3 | 4 } | { kind: 'deadline'; date: LocalDate };

/** What of the log counts toward a task; null for a task reported by hand (training, meetings kept elsewhere). */
export interface TaskCounts {
  channels: string[];
  formats: string[];
  topics: string[];
}

/** One row of the year's plan (Nhiệm vụ của kế hoạch), as in the appendix of the report. */
export interface YearPlanTask {
  /** Stable within the year: notes are kept under it. */
  id: string;
  /** As the plan numbers it: "1", "2.1". */
  number: string;
  text: string;
  lead: string;
  partners: string;
  timeFrame: TimeFrame;
  counts: TaskCounts | null;
  /** Entries to reach in the year (distinct items on the radio), when the plan sets one. */
  target: number | null;
  /** Links that back the task (e.g. the portal's CCHC section). */
  evidence: string[];
}

/** A note of the office on a task for one report period (kept with the report, audited). */
export interface TaskNote {
  year: number;
  /** A task of the year's plan, or a reserved key of a part of the report itself (`REPORT_NOTE_KEYS`). */
  taskId: string;
  from: LocalDate;
  to: LocalDate;
  text: string;
}

export const TASK_LIMITS = { number: 20, text: 2000, unit: 300, evidence: 10, tasks: 100, note: 2000 } as const;

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The dates a task runs over in its year. */
export function taskWindow(task: Pick<YearPlanTask, 'timeFrame'>, year: number): { from: LocalDate; to: LocalDate } {
  const tf = task.timeFrame;
  if (tf.kind === 'quarter') {
    const first = (tf.quarter - 1) * 3 + 1;
    const from = `${year}-${String(first).padStart(2, '0')}-01`;
    return { from, to: monthEnd(`${year}-${String(first + 2).padStart(2, '0')}-01`) };
  }
  if (tf.kind === 'deadline') return { from: `${year}-01-01`, to: tf.date };
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The part of a report period whose entries count toward a task: for a quarter's task, the days of the
 * period in that quarter; for a task with a deadline, those up to it; for a task of the year, the whole
 * period (a Decree 09 period starts on the 15th of the month before, and its figures with it). Null when
 * no day of the period falls in the task's time: nothing of the period is the task's.
 */
export function taskSpan(task: Pick<YearPlanTask, 'timeFrame'>, year: number, period: { from: LocalDate; to: LocalDate }): { from: LocalDate; to: LocalDate } | null {
  if (task.timeFrame.kind === 'year') return { from: period.from, to: period.to };
  const window = taskWindow(task, year);
  const from = task.timeFrame.kind === 'quarter' && window.from > period.from ? window.from : period.from;
  const to = window.to < period.to ? window.to : period.to;
  return from <= to ? { from, to } : null;
}

/** "Năm 2026", "Quý II/2026", "Trước ngày 30/06/2026": the time frame as the appendix writes it. */
export function timeFrameLabel(tf: TimeFrame, year: number): string {
  if (tf.kind === 'quarter') return `Quý ${ROMAN[tf.quarter - 1]}/${year}`;
  if (tf.kind === 'deadline') return `Trước ngày ${fmtDate(tf.date)}`;
  return `Năm ${year}`;
}

/** Whether an entry (its channel, its item's format and topics) counts toward a task. */
export function countsToward(counts: TaskCounts, entry: { channel: string }, item: { format: string; topics: readonly string[] }): boolean {
  if (counts.channels.length && !counts.channels.includes(entry.channel)) return false;
  if (counts.formats.length && !counts.formats.includes(item.format)) return false;
  if (counts.topics.length && !item.topics.some((t) => counts.topics.includes(t))) return false;
  return true;
}

/** What is measured against a task's target: distinct items when it counts only the radio, entries otherwise. */
export function achievedOf(task: Pick<YearPlanTask, 'counts'>, report: Pick<Report, 'totals'>): number {
  const radioOnly = task.counts?.channels.length === 1 && task.counts.channels[0] === 'radio';
  return radioOnly ? report.totals.items : report.totals.entries;
}

export type TaskStatus = 'not-begun' | 'done' | 'none-yet' | 'by-hand';

/** One row of the appendix by task: the task, its status in the period and the sentence of its result. */
export interface TaskResult {
  task: YearPlanTask;
  timeFrame: string;
  status: TaskStatus;
  /** The composed result ("Kết quả thực hiện"), with the office's note after it. */
  result: string;
  note: string;
  achieved: number | null;
}

export const NOT_BEGUN = 'Chưa thực hiện. Lý do: chưa đến thời gian thực hiện.';

/**
 * The result of a task for a period. A task whose time frame begins after the period has not begun.
 * A task counted from the log says what was done ("Đã thực hiện: …", one clause per channel, figures
 * exact or "trên N"), with its target when it has one; a task reported by hand is its note.
 * `report` counts the live entries of the period that count toward the task, within its time
 * (`taskSpan`).
 */
export function taskResult(task: YearPlanTask, year: number, period: { from: LocalDate; to: LocalDate }, report: Report | null, opts: { kind: CommuneKind; mode: CountMode; note: string }): TaskResult {
  const window = taskWindow(task, year);
  const base = { task, timeFrame: timeFrameLabel(task.timeFrame, year), note: opts.note };
  const withNote = (text: string): string => [text, opts.note].filter(Boolean).join(' ');
  if (window.from > period.to) return { ...base, status: 'not-begun', result: withNote(NOT_BEGUN), achieved: null };
  if (!task.counts || !report) return { ...base, status: 'by-hand', result: opts.note, achieved: null };
  const achieved = achievedOf(task, report);
  if (report.totals.entries === 0) return { ...base, status: 'none-yet', result: withNote('Chưa có tin bài nào trong kỳ báo cáo.'), achieved };
  const clauses = report.byChannel.filter((r) => r.entries > 0).map((r) => channelClause(r, opts.kind, opts.mode));
  const target = task.target ? ` (đạt ${writeCount(achieved, 'exact')}/${writeCount(task.target, 'exact')} theo chỉ tiêu năm, ${Math.round((achieved / task.target) * 100)}%)` : '';
  return { ...base, status: 'done', result: withNote(`Đã thực hiện: ${clauses.join('; ')}${target}.`), achieved };
}

const readList = (raw: Raw, key: string): string[] => {
  const v = raw[key];
  const list = Array.isArray(v) ? v : typeof v === 'string' && v.trim() ? v.split(',') : [];
  return [...new Set(list.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean))];
};

/**
 * Reads a task from a form or JSON: `number`, `text`, `lead`, `partners`, `timeFrame` ("year", "q1"–"q4"
 * or "deadline" with `deadline` as dd/mm/yyyy in `year`), `counted` ("log" or "hand"), `channels`,
 * `formats`, `topics` (codes), `target` (whole number or empty), `evidence` (one link per line).
 */
export function validateTask(raw: Raw, vocab: Vocabulary, year: number, id: string): Result<YearPlanTask> {
  const errors: FieldErrors = {};
  const number = readText(raw, 'number', errors, { max: TASK_LIMITS.number, label: 'Số thứ tự' });
  const text = readText(raw, 'text', errors, { max: TASK_LIMITS.text, label: 'Nội dung công việc', multiline: true });
  if (!text && !errors.text) errors.text = 'Vui lòng nhập nội dung công việc.';
  const lead = readText(raw, 'lead', errors, { max: TASK_LIMITS.unit, label: 'Cơ quan chủ trì' });
  const partners = readText(raw, 'partners', errors, { max: TASK_LIMITS.unit, label: 'Cơ quan phối hợp' });
  const tfText = typeof raw.timeFrame === 'string' ? raw.timeFrame : 'year';
  let timeFrame: TimeFrame = { kind: 'year' };
  if (/^q[1-4]$/.test(tfText)) timeFrame = { kind: 'quarter', quarter: Number(tfText[1]) as 1 | 2 | 3 | 4 };
  else if (tfText === 'deadline') {
    const parsed = typeof raw.deadline === 'string' && raw.deadline.trim() ? parseLocalDate(raw.deadline.trim()) : null;
    if (!parsed) errors.deadline = 'Vui lòng nhập hạn hoàn thành (dd/mm/yyyy).';
    else if (!parsed.ok) errors.deadline = 'Hạn hoàn thành phải là một ngày có trên lịch, dạng dd/mm/yyyy.';
    else if (!parsed.date.startsWith(`${year}-`)) errors.deadline = `Hạn hoàn thành phải trong năm ${year} của kế hoạch.`;
    else timeFrame = { kind: 'deadline', date: parsed.date };
  } else if (tfText !== 'year') errors.timeFrame = 'Thời gian thực hiện không hợp lệ.';
  let counts: TaskCounts | null = null;
  if (raw.counted !== 'hand') {
    counts = { channels: readList(raw, 'channels'), formats: readList(raw, 'formats'), topics: readList(raw, 'topics') };
    if (counts.channels.some((c) => !hasCode(vocab.channels, c))) errors.channels = 'Kênh không hợp lệ.';
    if (counts.formats.some((c) => !hasCode(vocab.formats, c))) errors.formats = 'Hình thức không hợp lệ.';
    if (counts.topics.some((c) => !hasCode(vocab.topics, c))) errors.topics = 'Nội dung tuyên truyền không hợp lệ.';
    if (!counts.channels.length && !counts.formats.length && !counts.topics.length) errors.channels = 'Chọn ít nhất một kênh, hình thức hoặc nội dung được tính, hoặc chọn "báo cáo thủ công".';
  }
  const target = readWhole(raw, 'target', errors, { label: 'Chỉ tiêu', min: 1, max: 1_000_000 });
  const lines = typeof raw.evidence === 'string' ? raw.evidence.split(/\r?\n/) : Array.isArray(raw.evidence) ? raw.evidence : [];
  const evidence: string[] = [];
  lines
    .filter((l): l is string => typeof l === 'string' && l.trim() !== '')
    .forEach((line, i) => {
      const url = readUrl({ url: line.trim() }, 'url', errors, `Đường dẫn minh chứng thứ ${i + 1}`);
      if (errors.url) {
        errors.evidence = errors.url;
        delete errors.url;
      } else if (url) evidence.push(url);
    });
  if (evidence.length > TASK_LIMITS.evidence) errors.evidence = `Tối đa ${TASK_LIMITS.evidence} đường dẫn minh chứng.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { id, number, text, lead, partners, timeFrame, counts, target: target.ok ? target.value : null, evidence } };
}

/** The form values of a task, for editing it again. */
export function taskForm(task: YearPlanTask): Record<string, string | string[]> {
  const tf = task.timeFrame;
  return {
    number: task.number,
    text: task.text,
    lead: task.lead,
    partners: task.partners,
    timeFrame: tf.kind === 'quarter' ? `q${tf.quarter}` : tf.kind,
    deadline: tf.kind === 'deadline' ? fmtDate(tf.date) : '',
    counted: task.counts ? 'log' : 'hand',
    channels: task.counts?.channels ?? [],
    formats: task.counts?.formats ?? [],
    topics: task.counts?.topics ?? [],
    target: task.target === null ? '' : String(task.target),
    evidence: task.evidence.join('\n'),
  };
}

/** A task's id not yet used in the list: t1, t2, … */
export function nextTaskId(tasks: readonly YearPlanTask[]): string {
  const used = new Set(tasks.map((t) => t.id));
  let n = tasks.length + 1;
  while (used.has(`t${n}`)) n++;
  return `t${n}`;
}

/** Last year's tasks for a new year: same rows, deadlines moved to the same day of the new year (28/02 for 29/02). */
export function copyTasks(tasks: readonly YearPlanTask[], toYear: number): YearPlanTask[] {
  return tasks.map((t) => {
    if (t.timeFrame.kind !== 'deadline') return structuredClone(t);
    const md = t.timeFrame.date.slice(5);
    const leap = (toYear % 4 === 0 && toYear % 100 !== 0) || toYear % 400 === 0;
    const date = md === '02-29' && !leap ? `${toYear}-02-28` : `${toYear}-${md}`;
    return { ...structuredClone(t), timeFrame: { kind: 'deadline', date } };
  });
}

/**
 * The tasks a new install starts from, after the forms of propaganda of the An Hải and Lạc Phượng
 * plans: the radio, the portal, social pages, visual propaganda, meetings (counted from the log) and
 * training (reported by hand).
 */
export function defaultTasks(): YearPlanTask[] {
  const others = 'Các cơ quan, đơn vị có liên quan';
  const task = (id: string, text: string, lead: string, counts: TaskCounts | null, partners = others): YearPlanTask => ({ id, number: id.slice(1), text, lead, partners, timeFrame: { kind: 'year' }, counts, target: null, evidence: [] });
  const only = (...channels: string[]): TaskCounts => ({ channels, formats: [], topics: [] });
  return [
    task('t1', 'Xây dựng tin, bài, phóng sự, file âm thanh tuyên truyền cải cách hành chính; phát trên hệ thống truyền thanh theo khung giờ định kỳ và lập nhật ký chương trình phát thanh.', 'Trung tâm Dịch vụ sự nghiệp công', only('radio')),
    task('t2', 'Duy trì chuyên mục "Cải cách hành chính" trên Cổng Thông tin điện tử; đăng tải kịp thời tin, bài, hình ảnh, video hướng dẫn thực hiện thủ tục hành chính, dịch vụ công trực tuyến.', 'Văn phòng HĐND và UBND', only('portal')),
    task('t3', 'Đẩy mạnh tuyên truyền cải cách hành chính trên mạng xã hội (Fanpage, Zalo OA, Zalo mini app, YouTube) để người dân, doanh nghiệp kịp thời tiếp cận thông tin.', 'Trung tâm Dịch vụ sự nghiệp công', only('fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube')),
    task('t4', 'Tổ chức tuyên truyền cổ động trực quan về cải cách hành chính: băng rôn, khẩu hiệu trên trục đường chính, trụ sở cơ quan, bảng tin tại khu dân cư.', 'Trung tâm Dịch vụ sự nghiệp công', only('banner', 'noticeboard')),
    task('t5', 'Lồng ghép tuyên truyền cải cách hành chính qua các hội nghị, buổi giao ban, họp tổ dân phố, thôn và sinh hoạt đoàn thể.', 'Các cơ quan, đơn vị, thôn, tổ dân phố', only('meeting'), 'Ủy ban MTTQ Việt Nam và các đoàn thể'),
    task('t6', 'Cử cán bộ thực hiện nhiệm vụ tuyên truyền tham gia các lớp tập huấn về công tác tuyên truyền cải cách hành chính do thành phố tổ chức (nếu có).', 'Phòng Văn hóa - Xã hội', null),
  ];
}

/** Checks a stored list of tasks (shape only), for the engines' file checks. */
export function isTaskList(value: unknown): value is YearPlanTask[] {
  return Array.isArray(value) && value.every((t) => !!t && typeof t === 'object' && typeof (t as YearPlanTask).id === 'string' && typeof (t as YearPlanTask).text === 'string' && typeof (t as YearPlanTask).timeFrame === 'object');
}

export type { CommuneKind };
