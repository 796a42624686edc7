import { describe, expect, it } from 'vitest';
import { defaultReportNotes, REPORT_NOTE_KEYS, sectionText, validateReportNotes } from '../../src/domain/report-notes.js';

describe('validateReportNotes', () => {
  it('keeps the parts as typed: line breaks kept, spaces around trimmed, control characters dropped', () => {
    expect(validateReportNotes({ shortcomings: '  Loa tổ 5 hỏng.\r\nĐã báo sửa.\u0007  ', nextSteps: undefined })).toEqual({ ok: true, value: { shortcomings: 'Loa tổ 5 hỏng.\nĐã báo sửa.', nextSteps: '' } });
  });

  it('takes 4,000 characters (code points) and refuses 4,001, naming the part', () => {
    expect(validateReportNotes({ shortcomings: 'ệ'.repeat(4000), nextSteps: '😀'.repeat(4000) }).ok).toBe(true);
    expect(validateReportNotes({ shortcomings: 'x'.repeat(4001), nextSteps: 'y'.repeat(4001) })).toEqual({
      ok: false,
      errors: { shortcomings: 'Phần tồn tại, hạn chế và nguyên nhân không được dài quá 4.000 ký tự.', nextSteps: 'Phần phương hướng, nhiệm vụ kỳ tới không được dài quá 4.000 ký tự.' },
    });
  });

  it('refuses a part that is not text', () => {
    expect(validateReportNotes({ shortcomings: ['a', 'b'] })).toEqual({ ok: false, errors: { shortcomings: 'Phần tồn tại, hạn chế và nguyên nhân không hợp lệ.' } });
  });
});

describe('defaultReportNotes', () => {
  it('names the plan topics with no item in the period, and says to cover them next', () => {
    const d = defaultReportNotes([{ label: 'k) Chính quyền số' }, { label: 'n) Cuộc thi về CCHC' }], 'xã');
    expect(d.shortcomings).toBe('Còn 2 nội dung tuyên truyền theo kế hoạch chưa có tin bài trong kỳ: k) Chính quyền số; n) Cuộc thi về CCHC.');
    expect(d.nextSteps).toBe('Tiếp tục thực hiện các nhiệm vụ tuyên truyền cải cách hành chính theo kế hoạch đã đề ra; duy trì phát sóng tin bài trên hệ thống truyền thanh và cập nhật tin bài trên Cổng thông tin điện tử, các trang mạng xã hội của xã; tập trung tuyên truyền các nội dung chưa có tin bài trong kỳ.');
  });

  it('says every topic was covered when none is missing', () => {
    const d = defaultReportNotes([], 'phường');
    expect(d.shortcomings).toBe('Trong kỳ, các nội dung tuyên truyền theo kế hoạch đều đã có tin bài; chưa ghi nhận tồn tại, hạn chế.');
    expect(d.nextSteps).toContain('các trang mạng xã hội của phường.');
    expect(d.nextSteps).not.toContain('chưa có tin bài');
  });

  it('prints what was written, else the default', () => {
    const d = defaultReportNotes([], 'xã');
    expect(sectionText({ shortcomings: 'Viết tay', nextSteps: '' }, d, 'shortcomings')).toBe('Viết tay');
    expect(sectionText({ shortcomings: 'Viết tay', nextSteps: '' }, d, 'nextSteps')).toBe(d.nextSteps);
  });

  it('keeps the parts under keys no plan task can have (tasks are t1, t2, …)', () => {
    expect(Object.values(REPORT_NOTE_KEYS).every((k) => !/^t\d+$/.test(k))).toBe(true);
    expect(new Set(Object.values(REPORT_NOTE_KEYS)).size).toBe(2);
  });
});
