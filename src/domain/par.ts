import type { YearPlanTask, TaskResult } from './year-plan.js';
import type { Report } from './report.js';
import { completion } from './settings.js';

// The estimate of the commune's PAR Index points for propaganda, after the published commune-level
// criteria (Xuân Lộc, Đồng Nai, 2022): 4.1 plan completion (1 point: full at 100%, pro rata from 90%,
// nothing below) and 4.2 variety of forms (1 point: 0.5 online — 0.25 screens and boards, 0.25 website
// and social pages — and 0.5 traditional: meetings, loudspeakers, banners, a third each).

/** How far one task of the plan is done: its share (0–1) and why. */
export interface TaskScore {
  task: YearPlanTask;
  /** Due: its time frame has begun within the period. */
  due: boolean;
  score: number;
  reason: string;
}

/**
 * A task's share of completion: with a target, what it achieved against it (capped at 1); counted
 * without a target, done when the log has an entry for it; by hand, done when the office wrote a note.
 */
export function taskScore(row: TaskResult): TaskScore {
  const { task } = row;
  if (row.status === 'not-begun') return { task, due: false, score: 0, reason: 'Chưa đến thời gian thực hiện.' };
  if (row.status === 'by-hand') return row.note ? { task, due: true, score: 1, reason: 'Có ghi chú kết quả.' } : { task, due: true, score: 0, reason: 'Chưa có ghi chú kết quả (nhiệm vụ báo cáo thủ công).' };
  const achieved = row.achieved ?? 0;
  if (task.target) {
    const score = Math.min(1, achieved / task.target);
    return { task, due: true, score, reason: `Đạt ${achieved}/${task.target} theo chỉ tiêu.` };
  }
  return achieved > 0 ? { task, due: true, score: 1, reason: 'Đã có tin bài trong nhật ký.' } : { task, due: true, score: 0, reason: 'Chưa có tin bài nào trong nhật ký.' };
}

export interface Criterion {
  code: '4.1' | '4.2';
  title: string;
  max: number;
  points: number;
}

/** 4.1: the plan's completion, as a percent of the due tasks' shares, and its points. */
export function planCompletion(rows: readonly TaskResult[]): Criterion & { percent: number | null; tasks: TaskScore[] } {
  const tasks = rows.map(taskScore);
  const due = tasks.filter((t) => t.due);
  const base = { code: '4.1' as const, title: 'Mức độ hoàn thành kế hoạch tuyên truyền CCHC', max: 1, tasks };
  if (!due.length) return { ...base, points: 0, percent: null };
  return { ...base, ...pointsOfPercent(due.reduce((a, t) => a + t.score, 0), due.length) };
}

/** Points of a completion: 1 at 100% or more, the percent pro rata from 90%, nothing below 90%. */
export function pointsOfPercent(done: number, of: number): { points: number; percent: number } {
  const { percent, scoreShare } = completion(done, of);
  return { percent, points: Math.round(scoreShare * 100) / 100 };
}

/** The forms of 4.2, each with its share of the point and the channels that show it. */
export const FORMS: readonly { key: string; group: 'online' | 'traditional'; label: string; channels: readonly string[]; share: number }[] = [
  { key: 'boards', group: 'online', label: 'Màn hình, bảng tin điện tử', channels: ['noticeboard'], share: 0.25 },
  { key: 'web', group: 'online', label: 'Cổng thông tin điện tử, trang mạng xã hội', channels: ['portal', 'fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube'], share: 0.25 },
  { key: 'meetings', group: 'traditional', label: 'Hội nghị, họp dân, sinh hoạt đoàn thể', channels: ['meeting'], share: 0.5 / 3 },
  { key: 'loudspeakers', group: 'traditional', label: 'Hệ thống truyền thanh (loa)', channels: ['radio'], share: 0.5 / 3 },
  { key: 'banners', group: 'traditional', label: 'Băng rôn, khẩu hiệu, pano', channels: ['banner'], share: 0.5 / 3 },
];

export interface FormUse {
  key: string;
  group: 'online' | 'traditional';
  label: string;
  share: number;
  /** Live entries of the period on the form's channels. */
  entries: number;
  used: boolean;
}

/** 4.2: which forms the log shows in the period, and the points they earn. */
export function formVariety(report: Pick<Report, 'byChannel'>): Criterion & { forms: FormUse[] } {
  const entriesOn = new Map(report.byChannel.map((r) => [r.code, r.entries]));
  const forms = FORMS.map((f) => {
    const entries = f.channels.reduce((a, c) => a + (entriesOn.get(c) ?? 0), 0);
    return { key: f.key, group: f.group, label: f.label, share: f.share, entries, used: entries > 0 };
  });
  const points = Math.round(forms.reduce((a, f) => a + (f.used ? f.share : 0), 0) * 100) / 100;
  return { code: '4.2', title: 'Đa dạng hình thức tuyên truyền', max: 1, points, forms };
}
