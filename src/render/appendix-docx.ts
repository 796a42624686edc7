import type { Period } from '../domain/periods.js';
import type { TaskResult } from '../domain/year-plan.js';
import type { Settings } from '../domain/settings.js';
import { decree30Document, docxBuffer, para, table, textWidth } from './docx-layout.js';

/** Who the document is about: "phường An Hải", or the kind alone before a name is set. */
export const communeOf = (settings: Pick<Settings, 'communeKind' | 'communeName'>): string => `${settings.communeKind}${settings.communeName ? ` ${settings.communeName}` : ' …'}`;

/**
 * The appendix by task as a Word document: A4 landscape, the heading block of the report appendices
 * ("PHỤ LỤC", what it reports, "(Kèm theo Báo cáo số …/BC-UBND ngày … của Ủy ban nhân dân …)" with
 * blanks to fill) and one row per task, the header row repeated on every page.
 */
export async function appendixDocx(period: Period, rows: readonly TaskResult[], settings: Settings): Promise<Buffer> {
  const commune = communeOf(settings);
  const width = textWidth(true);
  const body = rows.map((r) => [r.task.number, r.task.text, r.task.lead, r.task.partners, r.timeFrame, [r.result, ...r.task.evidence].filter(Boolean).join('\n')]);
  const doc = decree30Document({
    title: `Phụ lục kết quả tuyên truyền CCHC ${period.label}`,
    landscape: true,
    children: [
      para('PHỤ LỤC', { bold: true, align: 'center' }),
      para(`Kết quả thực hiện nhiệm vụ công tác tuyên truyền cải cách hành chính ${commune} năm ${period.year}`, { bold: true, align: 'center' }),
      para(`(Kèm theo Báo cáo số        /BC-UBND ngày     /     /${period.year} của Ủy ban nhân dân ${commune})`, { italics: true, align: 'center' }),
      para(period.heading, { italics: true, align: 'center', after: 6 }),
      table(['TT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện/hoàn thành', 'Kết quả thực hiện'], body.length ? body : [['', `Kế hoạch năm ${period.year} chưa có nhiệm vụ nào.`, '', '', '', '']], {
        textWidth: width,
        widths: [0.6, 5, 2.2, 2.2, 1.8, 5.2],
        align: ['center', 'left', 'left', 'left', 'center', 'left'],
      }),
    ],
  });
  return docxBuffer(doc);
}
