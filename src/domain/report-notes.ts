import { type Raw, readText } from './fields.js';
import type { FieldErrors, Result } from './model.js';
import type { CommuneKind } from './sentence.js';
import type { Term } from './vocabulary.js';

/** The parts of a report the office writes itself, per report period: II and III. */
export const REPORT_SECTIONS = ['shortcomings', 'nextSteps'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** What the office wrote for each part ('' when nothing). */
export type ReportNotes = Record<ReportSection, string>;

/**
 * The keys of the report's parts in the store of the appendix notes, which keeps a text per year, key
 * and period, audited: reserved keys that no task of a plan has (task ids are t1, t2, …).
 */
export const REPORT_NOTE_KEYS: Readonly<Record<ReportSection, string>> = Object.freeze({ shortcomings: 'report:shortcomings', nextSteps: 'report:next-steps' });

/** The most characters a part may hold. */
export const REPORT_NOTE_MAX = 4000;

/** Each part's heading in the document (and its label on the page). */
export const REPORT_SECTION_TITLES: Readonly<Record<ReportSection, string>> = Object.freeze({
  shortcomings: 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
  nextSteps: 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
});

const LABELS: Record<ReportSection, string> = { shortcomings: 'Phần tồn tại, hạn chế và nguyên nhân', nextSteps: 'Phần phương hướng, nhiệm vụ kỳ tới' };

/** The parts as typed: line breaks kept, each at most `REPORT_NOTE_MAX` characters. */
export function validateReportNotes(raw: Raw): Result<ReportNotes> {
  const errors: FieldErrors = {};
  const notes = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, readText(raw, s, errors, { max: REPORT_NOTE_MAX, label: LABELS[s], multiline: true })])) as ReportNotes;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: notes };
}

/**
 * What the document says where the office wrote nothing: what the log shows (the plan's topics with no
 * item in the period), and for the next period, to go on with the plan and, where some are, those topics.
 */
export function defaultReportNotes(uncovered: readonly Pick<Term, 'label'>[], kind: CommuneKind): ReportNotes {
  const topics = uncovered.map((t) => t.label).join('; ');
  return {
    shortcomings: uncovered.length
      ? `Còn ${uncovered.length} nội dung tuyên truyền theo kế hoạch chưa có tin bài trong kỳ: ${topics}.`
      : 'Trong kỳ, các nội dung tuyên truyền theo kế hoạch đều đã có tin bài; chưa ghi nhận tồn tại, hạn chế.',
    nextSteps: `Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính theo kế hoạch đã đề ra; duy trì phát sóng tin bài trên hệ thống truyền thanh và cập nhật tin bài trên Cổng thông tin điện tử, các trang mạng xã hội của ${kind}${uncovered.length ? '; tập trung tuyên truyền các nội dung chưa có tin bài trong kỳ' : ''}.`,
  };
}

/** The text a part prints: what the office wrote, else the default. */
export const sectionText = (written: ReportNotes, defaults: ReportNotes, section: ReportSection): string => written[section] || defaults[section];
