import { formVariety, planCompletion } from '../domain/par.js';
import type { YearPlanTask } from '../domain/year-plan.js';
import { type Report, unclassifiedRow } from '../domain/report.js';
import type { Period } from '../domain/periods.js';
import { appendixByTask } from './year-plan.js';
import { figuresFor } from './reports.js';
import type { Scope } from './scope.js';

/** The documents the evidence bundle of a period holds, as the PAR view names them. */
export const BUNDLE_DOCUMENTS = [
  'Báo cáo kết quả tuyên truyền CCHC (.docx, .xlsx)',
  'Phụ lục kết quả thực hiện nhiệm vụ theo kế hoạch (.docx, .html)',
  'Sổ nhật ký chương trình phát thanh của từng tháng (.docx)',
  'Nhật ký các lượt phát, tin bài đăng của kỳ (.xlsx, .csv) và các tệp minh chứng đính kèm',
];

/** Items of the period without a topic, when a task counts by topic: they count toward no such task yet. */
function unclassifiedNotes(report: Report, tasks: readonly YearPlanTask[]): string[] {
  const row = unclassifiedRow(report);
  if (!row || !tasks.some((t) => t.counts?.topics.length)) return [];
  return [`${row.items} tin bài trong kỳ chưa phân loại nội dung tuyên truyền, nên chưa được tính cho các nhiệm vụ tính theo nội dung (trang Phân loại nội dung).`];
}

/**
 * The estimate of the two propaganda criteria of the PAR Index for a period (usually the year): 4.1
 * from the plan's tasks (as the appendix writes them), 4.2 from the forms the log shows, each with what
 * backs it and what is still missing.
 */
export async function parEstimate(scope: Scope, period: Pick<Period, 'from' | 'to' | 'year'>) {
  const [appendix, report] = await Promise.all([appendixByTask(scope, period, 'exact'), figuresFor(scope, period.from, period.to)]);
  const completion = planCompletion(appendix.rows);
  const variety = formVariety(report);
  const missing = [
    ...completion.tasks.filter((t) => t.due && t.score < 1).map((t) => `Nhiệm vụ ${t.task.number}: ${t.reason}`),
    ...variety.forms.filter((f) => !f.used).map((f) => `Chưa có tin bài nào theo hình thức "${f.label}" trong kỳ.`),
    ...(appendix.plan.source === 'stored' ? [] : [`Chưa nhập nhiệm vụ của kế hoạch năm ${period.year} (đang dùng nhiệm vụ mẫu).`]),
    ...unclassifiedNotes(report, appendix.plan.tasks),
  ];
  const links = appendix.plan.tasks.flatMap((t) => t.evidence.map((url) => ({ task: t.number, url })));
  return { completion, variety, total: Math.round((completion.points + variety.points) * 100) / 100, missing, links, documents: BUNDLE_DOCUMENTS, plan: appendix.plan };
}
