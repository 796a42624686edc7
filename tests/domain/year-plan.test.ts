import { describe, expect, it } from 'vitest';
import { copyTasks, countsToward, defaultTasks, NOT_BEGUN, type YearPlanTask, taskResult, taskSpan, taskWindow, timeFrameLabel, validateTask } from '../../src/domain/year-plan.js';
import { type Report, reportFromCounts } from '../../src/domain/report.js';
import { Tally } from '../../src/domain/counting.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';
import type { Entry, Item } from '../../src/domain/model.js';

const vocab = vocabularyFrom(defaultSettings());
const task = (over: Partial<YearPlanTask> = {}): YearPlanTask => ({ id: 't1', number: '1', text: 'Phát tin CCHC trên loa', lead: 'TT DVSNC', partners: '', timeFrame: { kind: 'year' }, counts: { channels: ['radio'], formats: [], topics: [] }, target: null, evidence: [], ...over });
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

/** A report of hand-made entries: [channel, item id, plays, views]. */
function reportOf(rows: [string, number, number, number][], period = Q1): Report {
  const tally = new Tally();
  rows.forEach(([channel, itemId, playCount, views], i) => {
    const e = { id: i + 1, itemId, channel, at: '2026-02-01T06:00:00+07:00', playCount, durationSeconds: 120, url: null, views, interactions: null, note: '' } as unknown as Entry;
    tally.add(e, { format: 'news', topics: ['m'], unit: 'tt-dvsnc' } as Item);
  });
  return reportFromCounts(tally.counts(), vocab, period.from, period.to);
}

describe('the plan tasks and the appendix rows they make', () => {
  it('gives each time frame its dates and its words', () => {
    expect(taskWindow(task(), 2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(taskWindow(task({ timeFrame: { kind: 'quarter', quarter: 2 } }), 2026)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(taskWindow(task({ timeFrame: { kind: 'quarter', quarter: 1 } }), 2028)).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(taskWindow(task({ timeFrame: { kind: 'deadline', date: '2026-06-30' } }), 2026)).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(timeFrameLabel({ kind: 'year' }, 2026)).toBe('Năm 2026');
    expect(timeFrameLabel({ kind: 'quarter', quarter: 3 }, 2026)).toBe('Quý III/2026');
    expect(timeFrameLabel({ kind: 'deadline', date: '2026-06-30' }, 2026)).toBe('Trước ngày 30/06/2026');
  });

  it.each([
    // A task of the year counts the whole period, a Decree 09 year's December days of the year before too.
    ['year', { kind: 'year' }, '2026-01-01', '2026-12-31', { from: '2026-01-01', to: '2026-12-31' }],
    ['year, Decree 09 year', { kind: 'year' }, '2025-12-15', '2026-12-14', { from: '2025-12-15', to: '2026-12-14' }],
    ['quarter IV in the year', { kind: 'quarter', quarter: 4 }, '2026-01-01', '2026-12-31', { from: '2026-10-01', to: '2026-12-31' }],
    ['quarter IV in a Decree 09 year', { kind: 'quarter', quarter: 4 }, '2025-12-15', '2026-12-14', { from: '2026-10-01', to: '2026-12-14' }],
    ['quarter I in the first half', { kind: 'quarter', quarter: 1 }, '2026-01-01', '2026-06-30', { from: '2026-01-01', to: '2026-03-31' }],
    ['quarter I in quarter III', { kind: 'quarter', quarter: 1 }, '2026-07-01', '2026-09-30', null],
    ['quarter III in quarter I', { kind: 'quarter', quarter: 3 }, '2026-01-01', '2026-03-31', null],
    ['deadline in the period', { kind: 'deadline', date: '2026-02-28' }, '2026-01-01', '2026-03-31', { from: '2026-01-01', to: '2026-02-28' }],
    ['deadline, Decree 09 quarter', { kind: 'deadline', date: '2026-02-28' }, '2025-12-15', '2026-03-14', { from: '2025-12-15', to: '2026-02-28' }],
    ['deadline before the period', { kind: 'deadline', date: '2026-02-28' }, '2026-04-01', '2026-06-30', null],
  ] as const)('counts a task over the days of the period in its time: %s', (_, timeFrame, from, to, span) => {
    expect(taskSpan({ timeFrame: timeFrame as YearPlanTask['timeFrame'] }, 2026, { from, to })).toEqual(span);
  });

  it('says a task whose time has not come has not begun, with the reason', () => {
    const r = taskResult(task({ timeFrame: { kind: 'quarter', quarter: 3 } }), 2026, Q1, reportOf([['radio', 1, 2, 0]]), { kind: 'phường', mode: 'exact', note: '' });
    expect(r.status).toBe('not-begun');
    expect(r.result).toBe('Chưa thực hiện. Lý do: chưa đến thời gian thực hiện.');
    expect(r.result).toBe(NOT_BEGUN);
  });

  it('writes a counted task from its entries: distinct items and plays on the radio, exact or "trên N", with its target', () => {
    // 12 airings of 12 items, 3 plays each: 12 items, 36 plays.
    const report = reportOf(Array.from({ length: 12 }, (_, i) => ['radio', i + 1, 3, 0] as [string, number, number, number]));
    const exact = taskResult(task({ target: 48 }), 2026, Q1, report, { kind: 'phường', mode: 'exact', note: '' });
    expect(exact.status).toBe('done');
    expect(exact.achieved).toBe(12);
    expect(exact.result).toBe('Đã thực hiện: xây dựng và phát sóng 12 tin bài trên hệ thống truyền thanh phường, với 36 lượt phát (đạt 12/48 theo chỉ tiêu năm, 25%).');
    const over = taskResult(task(), 2026, Q1, report, { kind: 'xã', mode: 'over', note: 'Phát đủ các khung giờ.' });
    expect(over.result).toBe('Đã thực hiện: xây dựng và phát sóng 12 tin bài trên hệ thống truyền thanh xã, với 36 lượt phát. Phát đủ các khung giờ.');
  });

  it('joins the channels of a task that counts several, and says when nothing was logged yet', () => {
    const social = task({ counts: { channels: ['fanpage', 'zalo-oa'], formats: [], topics: [] } });
    const report = reportOf([['fanpage', 1, 1, 100], ['fanpage', 2, 1, 50], ['zalo-oa', 3, 1, 0]]);
    expect(taskResult(social, 2026, Q1, report, { kind: 'phường', mode: 'exact', note: '' }).result).toBe('Đã thực hiện: đăng 2 tin bài trên Fanpage của phường (150 lượt xem); đăng 1 tin bài trên Zalo OA của phường.');
    const none = taskResult(social, 2026, Q1, reportOf([]), { kind: 'phường', mode: 'exact', note: '' });
    expect(none.status).toBe('none-yet');
    expect(none.result).toBe('Chưa có tin bài nào trong kỳ báo cáo.');
  });

  it('reports a task kept by hand with its note only', () => {
    const training = task({ counts: null, text: 'Tập huấn' });
    expect(taskResult(training, 2026, Q1, null, { kind: 'phường', mode: 'exact', note: 'Đã cử 02 cán bộ tham gia tập huấn ngày 12/3/2026.' })).toMatchObject({ status: 'by-hand', result: 'Đã cử 02 cán bộ tham gia tập huấn ngày 12/3/2026.' });
    expect(taskResult(training, 2026, Q1, null, { kind: 'phường', mode: 'exact', note: '' }).result).toBe('');
  });

  it('counts an entry toward a task by channel, format and topic together', () => {
    const counts = { channels: ['radio'], formats: ['news', 'article'], topics: ['m', 'k'] };
    expect(countsToward(counts, { channel: 'radio' }, { format: 'news', topics: ['a', 'k'] })).toBe(true);
    expect(countsToward(counts, { channel: 'portal' }, { format: 'news', topics: ['m'] })).toBe(false);
    expect(countsToward(counts, { channel: 'radio' }, { format: 'video', topics: ['m'] })).toBe(false);
    expect(countsToward(counts, { channel: 'radio' }, { format: 'news', topics: ['a'] })).toBe(false);
    expect(countsToward({ channels: [], formats: [], topics: ['m'] }, { channel: 'banner' }, { format: 'slogan', topics: ['m'] })).toBe(true);
  });

  it('reads a task as typed, refusing what is wrong with Vietnamese messages', () => {
    const ok = validateTask({ number: '2', text: ' Đăng tin  trên Cổng ', lead: 'VP', partners: '', timeFrame: 'deadline', deadline: '30/06/2026', counted: 'log', channels: ['portal'], target: '40', evidence: 'https://anhai.haiphong.gov.vn/cchc\n\nhttps://dichvucong.gov.vn' }, vocab, 2026, 't7');
    expect(ok).toEqual({ ok: true, value: { id: 't7', number: '2', text: 'Đăng tin  trên Cổng', lead: 'VP', partners: '', timeFrame: { kind: 'deadline', date: '2026-06-30' }, counts: { channels: ['portal'], formats: [], topics: [] }, target: 40, evidence: ['https://anhai.haiphong.gov.vn/cchc', 'https://dichvucong.gov.vn'] } });
    const bad = validateTask({ text: '', timeFrame: 'deadline', deadline: '31/06/2026', counted: 'log', channels: ['tv'], target: '-3', evidence: 'không phải link' }, vocab, 2026, 't1');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual(['channels', 'deadline', 'evidence', 'target', 'text']);
    expect(bad.errors.text).toBe('Vui lòng nhập nội dung công việc.');
    expect(validateTask({ text: 'x', timeFrame: 'deadline', deadline: '30/06/2025' }, vocab, 2026, 't1')).toMatchObject({ ok: false, errors: { deadline: 'Hạn hoàn thành phải trong năm 2026 của kế hoạch.' } });
    expect(validateTask({ text: 'x', counted: 'log' }, vocab, 2026, 't1')).toMatchObject({ ok: false, errors: { channels: expect.stringContaining('báo cáo thủ công') } });
    expect(validateTask({ text: 'Tập huấn', counted: 'hand' }, vocab, 2026, 't1')).toMatchObject({ ok: true, value: { counts: null, timeFrame: { kind: 'year' } } });
  });

  it('copies last year\'s tasks with their deadlines moved into the new year (29/02 to 28/02)', () => {
    const copied = copyTasks([task({ timeFrame: { kind: 'deadline', date: '2028-02-29' } }), task({ id: 't2', timeFrame: { kind: 'quarter', quarter: 2 } })], 2029);
    expect(copied.map((t) => t.timeFrame)).toEqual([{ kind: 'deadline', date: '2029-02-28' }, { kind: 'quarter', quarter: 2 }]);
  });

  it('starts a new install from the forms of the An Hải and Lạc Phượng plans, one task kept by hand', () => {
    const tasks = defaultTasks();
    expect(tasks.map((t) => t.counts?.channels ?? null)).toEqual([['radio'], ['portal'], ['fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube'], ['banner', 'noticeboard'], ['meeting'], null]);
    for (const t of tasks) expect(validateTask({ ...t, timeFrame: 'year', counted: t.counts ? 'log' : 'hand', channels: t.counts?.channels ?? [], evidence: '' }, vocab, 2026, t.id).ok).toBe(true);
  });
});
