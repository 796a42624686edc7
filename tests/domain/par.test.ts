import { describe, expect, it } from 'vitest';
import { FORMS, formVariety, planCompletion, pointsOfPercent, taskScore } from '../../src/domain/par.js';
import type { YearPlanTask, TaskResult } from '../../src/domain/year-plan.js';

const task = (id: string, over: Partial<YearPlanTask> = {}): YearPlanTask => ({ id, number: id, text: `Nhiệm vụ ${id}`, lead: '', partners: '', timeFrame: { kind: 'year' }, counts: { channels: ['radio'], formats: [], topics: [] }, target: null, evidence: [], ...over });
const row = (t: YearPlanTask, status: TaskResult['status'], achieved: number | null, note = ''): TaskResult => ({ task: t, timeFrame: '', status, result: '', note, achieved });
const channels = (entries: Record<string, number>) => ({ byChannel: Object.entries(entries).map(([code, n]) => ({ code, label: code, entries: n, plays: n, items: n, airtimeSeconds: 0, views: 0, interactions: 0 })) });

describe('the PAR estimate for propaganda', () => {
  it('gives 4.1 its points: full at 100%, pro rata from 90%, nothing below', () => {
    expect(pointsOfPercent(100, 100)).toEqual({ percent: 100, points: 1 });
    expect(pointsOfPercent(95, 100)).toEqual({ percent: 95, points: 0.95 });
    expect(pointsOfPercent(90, 100)).toEqual({ percent: 90, points: 0.9 });
    expect(pointsOfPercent(89, 100)).toEqual({ percent: 89, points: 0 });
    expect(pointsOfPercent(12, 10)).toMatchObject({ points: 1 });
  });

  it('computes the plan\'s completion from its due tasks: targets pro rata, others done or not', () => {
    // Ten due tasks; nine done in full, one at 50% of its target: (9 + 0.5) / 10 = 95%.
    const rows = [
      ...Array.from({ length: 9 }, (_, i) => row(task(`t${i + 1}`), 'done', 3)),
      row(task('t10', { target: 40 }), 'done', 20),
      // Not due yet: left out of the count.
      row(task('t11', { timeFrame: { kind: 'quarter', quarter: 4 } }), 'not-begun', null),
    ];
    const c = planCompletion(rows);
    expect(c.percent).toBeCloseTo(95, 10);
    expect(c.points).toBe(0.95);
    expect(c.tasks.filter((t) => t.due)).toHaveLength(10);
    // 100%: every due task done, a target exceeded counts as met (capped).
    expect(planCompletion([row(task('a', { target: 10 }), 'done', 12), row(task('b'), 'done', 1)]).points).toBe(1);
    // 90%: nine of ten.
    expect(planCompletion([...Array.from({ length: 9 }, (_, i) => row(task(`d${i}`), 'done', 1)), row(task('x'), 'none-yet', 0)]).points).toBe(0.9);
    // 89%: 8.9 of 10 (a target at 90%): no point at all.
    const eighty9 = planCompletion([...Array.from({ length: 8 }, (_, i) => row(task(`d${i}`), 'done', 1)), row(task('y', { target: 10 }), 'done', 9), row(task('x'), 'none-yet', 0)]);
    expect(eighty9.percent).toBeCloseTo(89, 10);
    expect(eighty9.points).toBe(0);
    expect(planCompletion([row(task('q'), 'not-begun', null)])).toMatchObject({ percent: null, points: 0 });
  });

  it('counts a task reported by hand as done when the office wrote its result', () => {
    const hand = task('h', { counts: null });
    expect(taskScore(row(hand, 'by-hand', null, 'Đã cử 02 cán bộ dự tập huấn.'))).toMatchObject({ due: true, score: 1 });
    expect(taskScore(row(hand, 'by-hand', null, ''))).toMatchObject({ due: true, score: 0, reason: 'Chưa có ghi chú kết quả (nhiệm vụ báo cáo thủ công).' });
  });

  it('gives 4.2 a quarter point each for boards and for the web, and a third of a half each for meetings, loudspeakers and banners', () => {
    expect(FORMS.reduce((a, f) => a + f.share, 0)).toBeCloseTo(1, 10);
    expect(formVariety(channels({ radio: 40, portal: 12, fanpage: 3, noticeboard: 1, banner: 2, meeting: 1 })).points).toBe(1);
    // The web and the loudspeakers only: 0.25 + 0.1667.
    const some = formVariety(channels({ radio: 40, zalo: 0, 'zalo-oa': 5 }));
    expect(some.points).toBe(0.42);
    expect(some.forms.filter((f) => f.used).map((f) => f.key)).toEqual(['web', 'loudspeakers']);
    expect(formVariety(channels({})).points).toBe(0);
  });
});
