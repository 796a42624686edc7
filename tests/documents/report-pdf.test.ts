/**
 * The report and the appendix of a quarter of 60 airings, as the office reads them before signing:
 * converted by LibreOffice (both by one start of it) and read back from the PDF.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { YearPlanTask } from '../../src/domain/year-plan.js';
import { makeApp, type TestApp } from '../helpers.js';
import { binary } from '../zip.js';
import { cutAcrossLines, folded } from './cut-lines.js';
import { logQuarter } from './quarter.js';
import { docxToPdfs, lineWith, type PdfRead } from './pdf.js';

/** Quarter I of phường An Hải (see `logQuarter`); no target is set. */
async function quarter(): Promise<TestApp> {
  const app = await makeApp();
  const settings = await app.store.settings();
  await app.store.updateSettings({ ...settings, communeKind: 'phường', communeName: 'An Hải' }, 'admin');
  await logQuarter(app.store);
  return app;
}

const docx = async (app: TestApp, path: string): Promise<Buffer> => (await app.web.get(path).buffer(true).parse(binary).expect(200)).body as Buffer;

// Both documents, each of a log of its own, made first and converted by one start of LibreOffice (a start
// costs some 4 s of CPU); each test then reads its own.
let printed: { report: PdfRead; appendix: PdfRead };

beforeAll(async () => {
  const reportApp = await quarter();
  const reportDocx = await docx(reportApp, '/export/report.docx?period=q1&year=2026&mode=over');
  // The appendix: three tasks, one with nothing in the period, one not yet due.
  const app = await quarter();
  const task = (over: Partial<YearPlanTask>): YearPlanTask => ({ id: 't1', number: '1', text: 'Nhiệm vụ', lead: 'Trung tâm Dịch vụ sự nghiệp công', partners: 'Các cơ quan, đơn vị có liên quan', timeFrame: { kind: 'year' }, counts: null, target: null, evidence: [], ...over });
  await app.store.commune.transaction((tx) =>
    tx.putPlanTasks(2026, [
      task({ id: 't1', number: '1', text: 'Phát tin, bài CCHC trên hệ thống truyền thanh', counts: { channels: ['radio'], formats: [], topics: [] } }),
      task({ id: 't2', number: '2', text: 'Đăng video CCHC trên YouTube', counts: { channels: ['youtube'], formats: [], topics: [] } }),
      task({ id: 't3', number: '3', text: 'Tuyên truyền đợt cao điểm quý III', timeFrame: { kind: 'quarter', quarter: 3 }, counts: { channels: ['radio'], formats: [], topics: [] } }),
    ]),
  );
  const [report, appendix] = await docxToPdfs([
    { bytes: reportDocx, name: 'bao-cao' },
    { bytes: await docx(app, '/export/appendix.docx?period=q1&year=2026'), name: 'phu-luc' },
  ]);
  printed = { report: report!, appendix: appendix! };
}, 300_000);

describe('the report of a quarter, printed', () => {
  it('prints the heading on whole lines, parts I–III, only the figures that mean something, and a sentence that matches its tables', () => {
    const read = printed.report;
    // Measured: 2 pages (the tables on the first, parts II and III and the signature on the second).
    expect(read.pages).toBeGreaterThanOrEqual(1);
    expect(read.pages).toBeLessThanOrEqual(2);

    // The heading: the motto on one printed line, beside the issuing body; the number and the date each on one.
    const motto = lineWith(read, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(motto?.replace(/\s+/g, ' ')).toBe('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lineWith(read, 'PHƯỜNG AN HẢI Độc lập - Tự do - Hạnh phúc')).toBeDefined();
    expect(lineWith(read, 'Số: /BC-UBND An Hải, ngày tháng năm 2026')).toBeDefined();
    expect(cutAcrossLines(read)).toEqual([]);

    // Parts I–III, and no target part when no target is set.
    for (const part of ['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI']) expect(lineWith(read, part), part).toBeDefined();
    expect(read.text).not.toContain('Chưa đặt chỉ tiêu');
    expect(read.text).not.toContain('chỉ tiêu');

    // The radio: items, airings and plays; no air time (no length recorded), no views.
    expect(lineWith(read, 'Kênh Tin bài Lượt phát sóng Lượt phát')?.replace(/\s+/g, ' ')).toBe('Kênh Tin bài Lượt phát sóng Lượt phát');
    expect(lineWith(read, 'Truyền thanh ')?.replace(/\s+/g, ' ')).toBe('Truyền thanh 20 60 120');
    expect(read.text).not.toContain('0:00:00');
    expect(read.text).not.toContain('Thời lượng');
    // The online channels: posts and views, a dash for the post whose views nobody recorded.
    expect(lineWith(read, 'Cổng TTĐT')?.replace(/\s+/g, ' ')).toBe('Cổng TTĐT 3 363');
    expect(lineWith(read, 'Fanpage ')?.replace(/\s+/g, ' ')).toBe('Fanpage 1 –');

    // The sentence says what the tables show: 20 items exact (100 or less), 120 plays "trên 100", 3 posts, 363 views "trên 350"; no air time.
    expect(folded(read)).toContain(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 20 tin bài trên hệ thống truyền thanh phường, với trên 100 lượt phát; cập nhật 3 tin bài trên Cổng thông tin điện tử phường (trên 350 lượt xem); đăng 1 tin bài trên Fanpage của phường.',
    );
    expect(folded(read)).not.toContain('thời lượng');
    // Parts II and III say something where the office wrote nothing.
    expect(folded(read)).toMatch(/II\. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN Còn \d+ nội dung tuyên truyền theo kế hoạch chưa có tin bài trong kỳ/);
    expect(folded(read)).toContain('III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính');
    expect(lineWith(read, 'TM. ỦY BAN NHÂN DÂN')).toBeDefined();
  });

  it('prints the appendix as before: a task with nothing in the period reads as it did', () => {
    const read = printed.appendix;
    expect(read.pages).toBe(1);
    expect(lineWith(read, 'PHỤ LỤC')).toBeDefined();
    // Each task's result, its words in order (pdftotext lays the table's columns side by side, so the
    // lines of a cell are interleaved with those of the cells beside it).
    const words = folded(read).split(' ');
    const reads = (result: string): boolean => {
      let i = 0;
      for (const w of result.split(' ')) {
        i = words.indexOf(w, i);
        if (i < 0) return false;
        i += 1;
      }
      return true;
    };
    expect(reads('1 Phát tin, bài CCHC Đã thực hiện: xây dựng và phát sóng 20 tin bài trên hệ thống truyền thanh phường, với 120 lượt phát.')).toBe(true);
    expect(lineWith(read, 'Chưa có tin bài nào trong kỳ báo cáo.')?.replace(/\s+/g, ' ')).toMatch(/^2 Đăng video CCHC trên YouTube .*Năm 2026 Chưa có tin bài nào trong kỳ báo cáo\.$/);
    expect(reads('3 Tuyên truyền đợt cao điểm quý III Quý III/2026 Chưa thực hiện. Lý do: chưa đến thời gian thực hiện.')).toBe(true);
    expect(reads('3 Tuyên truyền Chưa có tin bài nào')).toBe(false);
    expect(cutAcrossLines(read)).toEqual([]);
  });
});
