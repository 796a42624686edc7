import type { FieldErrors, Result } from './model.js';
import { type Figures, type Report, type Row, uncoveredTopics } from './report.js';
import { addDays, fmtDate, type LocalDate, localToday, parseLocalDate, weekStart } from './time.js';
import type { Term, Vocabulary } from './vocabulary.js';

/** A weekly summary: the figures as they were when it was made, never changed afterwards. */
export interface Summary {
  id: number;
  weekStart: LocalDate;
  /** 1 for the first summary of a week; a later one made on demand is a newer version. */
  version: number;
  createdAt: string;
  /** A username, or 'lịch tự động' for the schedule. */
  createdBy: string;
  figures: WeeklyFigures;
  /** E-mail delivery, when configured: tried, delivered or failed (the summary is kept regardless). */
  delivery: SummaryDelivery;
}

export interface SummaryDelivery {
  status: 'none' | 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  at: string | null;
}

/** A report deadline: the day, and what is due. */
export interface Deadline {
  date: LocalDate;
  label: string;
  /** The calendar quarter the report is about. */
  from: LocalDate;
  to: LocalDate;
}

/** Every report deadline between two dates (inclusive): the `day` of March, June, September, December. */
export function deadlinesBetween(from: LocalDate, to: LocalDate, day: number): Deadline[] {
  const out: Deadline[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const [m, label] of [[3, `Báo cáo quý I năm ${y}`], [6, `Báo cáo quý II và 6 tháng năm ${y}`], [9, `Báo cáo quý III năm ${y}`], [12, `Báo cáo quý IV và năm ${y}`]] as const) {
      const date = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      if (date < from || date > to) continue;
      const lastDay = m === 3 ? '31' : m === 6 ? '30' : m === 9 ? '30' : '31';
      out.push({ date, label, from: `${y}-${String(m - 2).padStart(2, '0')}-01`, to: `${y}-${String(m).padStart(2, '0')}-${lastDay}` });
    }
  }
  return out;
}

/** The week's figures as they were when the summary was made. */
export interface WeeklyFigures {
  weekStart: LocalDate;
  weekEnd: LocalDate;
  totals: Figures;
  /** The week before, for the change. */
  previous: Figures;
  byChannel: Row[];
  byFormat: Row[];
  byTopic: Row[];
  /** Items aired or posted for the first time this week. */
  newItems: number;
  /** Entries of items that had gone out before (entries minus first airings). */
  reairs: number;
  uncoveredTopics: Term[];
  /** Progress of the week's year towards its targets, as the reports compute it. */
  targets: { year: number; rows: { code: string; label: string; unit: string; target: number; achieved: number; percent: number }[] };
  /** Deadlines in the week after this one, when the summary is read. */
  deadlines: Deadline[];
}

export interface SummaryInput {
  weekStart: LocalDate;
  /** The report of the week, and of the week before. */
  week: Report;
  previous: Report;
  /** Items aired or posted for the first time (ever) in the week. */
  newItems: number;
  vocab: Vocabulary;
  targets: WeeklyFigures['targets'];
  deadlineDay: number;
}

/** Builds the figures of one Monday–Sunday week (pure: the job counts the entries). */
export function weeklyFigures(input: SummaryInput): WeeklyFigures {
  const weekEnd = addDays(input.weekStart, 6);
  const report = input.week;
  return {
    weekStart: input.weekStart,
    weekEnd,
    totals: report.totals,
    previous: input.previous.totals,
    byChannel: report.byChannel,
    byFormat: report.byFormat,
    byTopic: report.byTopic,
    newItems: input.newItems,
    reairs: report.totals.entries - input.newItems,
    uncoveredTopics: uncoveredTopics(report, input.vocab.topics).map(({ code, label }) => ({ code, label })),
    targets: input.targets,
    deadlines: deadlinesBetween(addDays(weekEnd, 1), addDays(weekEnd, 7), input.deadlineDay),
  };
}

const FIGURE_KEYS = ['entries', 'plays', 'items', 'airtimeSeconds', 'views', 'interactions'] as const;

/** One line per figure a summary counts, by code: labels, targets and deadlines left out (renaming a topic changes no count). */
function countedLines(f: WeeklyFigures): string[] {
  const line = (key: string, x: Figures): string => `${key} ${FIGURE_KEYS.map((k) => x[k]).join(' ')}`;
  const rows = (name: string, list: Row[]): string[] => list.filter((r) => r.entries > 0).map((r) => line(`${name}:${r.code}`, r));
  return [line('totals', f.totals), line('previous', f.previous), `new ${f.newItems} ${f.reairs}`, ...rows('channel', f.byChannel), ...rows('format', f.byFormat), ...rows('topic', f.byTopic)].sort();
}

/** Whether the figures of a week counted now differ from those a summary keeps (entries of the week or the week before recorded, changed or deleted since). */
export function figuresDiffer(kept: WeeklyFigures, now: WeeklyFigures): boolean {
  const a = countedLines(kept);
  const b = countedLines(now);
  return a.length !== b.length || a.some((x, i) => x !== b[i]);
}

/** The Monday of the last completed week before `now`'s week. */
export function lastCompletedWeek(now: Date): LocalDate {
  return addDays(weekStart(localToday(now)), -7);
}

/** Checks a week asked for on demand: a Monday, of a week that has ended. */
export function validateWeekStart(raw: unknown, now: Date): Result<LocalDate> {
  const errors: FieldErrors = {};
  const text = typeof raw === 'string' ? raw.trim() : '';
  const parsed = text ? parseLocalDate(text) : null;
  if (!text) errors.weekStart = 'Vui lòng chọn tuần (ngày thứ Hai đầu tuần, YYYY-MM-DD hoặc dd/mm/yyyy).';
  else if (!parsed || !parsed.ok) errors.weekStart = `Ngày ${text} không hợp lệ.`;
  else if (weekStart(parsed.date) !== parsed.date) errors.weekStart = `Ngày ${fmtDate(parsed.date)} không phải thứ Hai: tuần bắt đầu từ thứ Hai (${fmtDate(weekStart(parsed.date))}).`;
  else if (parsed.date > lastCompletedWeek(now)) {
    errors.weekStart = parsed.date === weekStart(localToday(now)) ? 'Tuần này chưa kết thúc: chỉ tổng hợp được các tuần đã qua.' : 'Tuần này ở tương lai: chỉ tổng hợp được các tuần đã qua.';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: (parsed as { date: string }).date };
}
