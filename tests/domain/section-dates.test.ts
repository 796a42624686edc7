import { describe, expect, it } from 'vitest';
import { dateInRange } from '../../src/domain/section-dates.js';

const week = { from: '2026-03-09', to: '2026-03-15' };
const newYear = { from: '2025-12-29', to: '2026-01-04' };
const march = { from: '2026-03-01', to: '2026-03-31' };

describe('the date a section gives the rows under it', () => {
  it.each([
    ['', { from: '2026-03-10', to: '2026-03-10' }, '2026-03-10'],
    ['', week, null],
    ['10/03', week, '2026-03-10'],
    ['10-3', week, '2026-03-10'],
    ['02/01', newYear, '2026-01-02'],
    ['30/12', newYear, '2025-12-30'],
    ['Thứ Hai', week, '2026-03-09'],
    ['thu 6', week, '2026-03-13'],
    ['T7', week, '2026-03-14'],
    ['CN', week, '2026-03-15'],
    ['Chủ nhật', newYear, '2026-01-04'],
    ['Thứ Hai, 10/03', week, null],
    ['Thứ Ba, 10/03', week, '2026-03-10'],
    ['Thứ Hai', march, null],
    ['20/03', week, null],
    ['hôm qua', week, null],
  ])('reads "%s" in %j as %s', (written, range, date) => {
    expect(dateInRange(written, range)).toBe(date);
  });
});
