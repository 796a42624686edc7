import { describe, it, expect } from 'vitest';
import type { Result } from '../../src/domain/model.js';
import { deadlinePeriods, govQuarter, parsePeriodQuery, periodHeading, PRESETS, quarter, resolvePreset, type Period } from '../../src/domain/periods.js';

// Every expected date below was worked out by hand on a calendar. Days of the week used:
//   2027-01-01 Friday, 2026-12-28 Monday, 2026-03-02 Monday, 2026-03-01 Sunday, 2028-02-10 Thursday.
// 2028 is a leap year (29 days in February); 2026 and 2027 are not.

/** The dates of a resolved preset, failing the test when the preset is unknown. */
function range(preset: string, today: string, year: number, month?: number): { from: string; to: string } {
  const p = resolvePreset(preset, today, year, month);
  expect(p, `preset ${preset}`).not.toBeNull();
  return { from: p!.from, to: p!.to };
}

function ok(result: Result<Period>): Period {
  if (!result.ok) throw new Error(`expected a period, got errors ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorFields(result: Result<Period>): string[] {
  if (result.ok) throw new Error(`expected errors, got the period ${result.value.from}..${result.value.to}`);
  return Object.keys(result.errors).sort();
}

describe('resolvePreset: weeks run Monday to Sunday', () => {
  it('gives this week across the year end when today is Friday 1 January 2027', () => {
    expect(range('this-week', '2027-01-01', 2027)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('gives last week wholly in the old year when today is Friday 1 January 2027', () => {
    expect(range('last-week', '2027-01-01', 2027)).toEqual({ from: '2026-12-21', to: '2026-12-27' });
  });

  it('starts this week today when today is a Monday', () => {
    expect(range('this-week', '2026-03-02', 2026)).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(range('last-week', '2026-03-02', 2026)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('ends this week today when today is a Sunday', () => {
    expect(range('this-week', '2026-03-01', 2026)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(range('last-week', '2026-03-01', 2026)).toEqual({ from: '2026-02-16', to: '2026-02-22' });
  });

  it('ignores the year argument for weeks', () => {
    expect(range('this-week', '2027-01-01', 1999)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });
});

describe('resolvePreset: months', () => {
  it('gives this month from the 1st to its last day', () => {
    expect(range('this-month', '2026-11-22', 2026)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('gives last month as December of the year before when today is in January', () => {
    expect(range('last-month', '2027-01-01', 2027)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('gives last month within the year otherwise', () => {
    expect(range('last-month', '2026-03-31', 2026)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('ends February on the 29th in a leap year', () => {
    expect(range('this-month', '2028-02-10', 2028)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(range('last-month', '2028-03-05', 2028)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('ends February on the 28th in a common year', () => {
    expect(range('this-month', '2026-02-10', 2026)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('ignores the year argument for months', () => {
    expect(range('this-month', '2026-02-10', 2030)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});

describe('resolvePreset: calendar quarters, halves and year', () => {
  it.each([
    ['q1', '2026-01-01', '2026-03-31'],
    ['q2', '2026-04-01', '2026-06-30'],
    ['q3', '2026-07-01', '2026-09-30'],
    ['q4', '2026-10-01', '2026-12-31'],
    ['h1', '2026-01-01', '2026-06-30'],
    ['h2', '2026-07-01', '2026-12-31'],
    ['year', '2026-01-01', '2026-12-31'],
  ])('resolves %s of 2026 to %s..%s', (preset, from, to) => {
    expect(range(preset, '2026-11-22', 2026)).toEqual({ from, to });
  });

  it('takes the year argument, not the year of today', () => {
    expect(range('q2', '2026-11-22', 2024)).toEqual({ from: '2024-04-01', to: '2024-06-30' });
  });

  it('leaves the first quarter and the first half of a leap year unchanged', () => {
    expect(range('q1', '2028-06-01', 2028)).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(range('h1', '2028-06-01', 2028)).toEqual({ from: '2028-01-01', to: '2028-06-30' });
    expect(range('year', '2028-06-01', 2028)).toEqual({ from: '2028-01-01', to: '2028-12-31' });
  });
});

describe('resolvePreset: Decree 09/2019/NĐ-CP reporting periods', () => {
  it.each([
    ['gov-q1', '2025-12-15', '2026-03-14'],
    ['gov-q2', '2026-03-15', '2026-06-14'],
    ['gov-q3', '2026-06-15', '2026-09-14'],
    ['gov-q4', '2026-09-15', '2026-12-14'],
    ['gov-h1', '2025-12-15', '2026-06-14'],
    ['gov-year', '2025-12-15', '2026-12-14'],
  ])('resolves %s of 2026 to %s..%s', (preset, from, to) => {
    expect(range(preset, '2026-11-22', 2026)).toEqual({ from, to });
  });

  it.each([
    ['gov-q1', '2027-12-15', '2028-03-14'],
    ['gov-q2', '2028-03-15', '2028-06-14'],
    ['gov-h1', '2027-12-15', '2028-06-14'],
    ['gov-year', '2027-12-15', '2028-12-14'],
  ])('resolves %s of the leap year 2028 to %s..%s', (preset, from, to) => {
    expect(range(preset, '2028-02-29', 2028)).toEqual({ from, to });
  });

  it('names the preset and the year it reports on, even when it starts the year before', () => {
    const p = resolvePreset('gov-q1', '2026-11-22', 2026);
    expect(p).toMatchObject({ preset: 'gov-q1', year: 2026 });
  });
});

describe('resolvePreset: Decree 09 months, from the 15th of the month before to the 14th', () => {
  it.each([
    [1, '2025-12-15', '2026-01-14'],
    [2, '2026-01-15', '2026-02-14'],
    [3, '2026-02-15', '2026-03-14'],
    [7, '2026-06-15', '2026-07-14'],
    [12, '2026-11-15', '2026-12-14'],
  ])('resolves month %i of 2026 to %s..%s', (month, from, to) => {
    expect(range('gov-month', '2026-11-22', 2026, month)).toEqual({ from, to });
  });

  it('starts month 1 on 15 December of the year before', () => {
    expect(range('gov-month', '2026-11-22', 2027, 1)).toEqual({ from: '2026-12-15', to: '2027-01-14' });
  });

  it('spans 29 February in month 3 of the leap year 2028', () => {
    // 15/02/2028..14/03/2028: 15 days of February (15th to 29th) and 14 of March, 29 days.
    expect(range('gov-month', '2028-06-01', 2028, 3)).toEqual({ from: '2028-02-15', to: '2028-03-14' });
  });

  it('names the month, the year and the range', () => {
    expect(resolvePreset('gov-month', '2026-11-22', 2026, 3)).toMatchObject({
      label: 'Tháng 3 năm 2026 (kỳ báo cáo 15/02/2026–14/03/2026)',
      preset: 'gov-month',
      year: 2026,
    });
    expect(resolvePreset('gov-month', '2026-11-22', 2026, 1)?.label).toBe('Tháng 1 năm 2026 (kỳ báo cáo 15/12/2025–14/01/2026)');
  });

  it('resolves to null without a month or with one outside 1–12', () => {
    expect(resolvePreset('gov-month', '2026-11-22', 2026)).toBeNull();
    expect(resolvePreset('gov-month', '2026-11-22', 2026, 0)).toBeNull();
    expect(resolvePreset('gov-month', '2026-11-22', 2026, 13)).toBeNull();
    expect(resolvePreset('gov-month', '2026-11-22', 2026, 2.5)).toBeNull();
  });
});

describe('resolvePreset: nine months', () => {
  it('gives the calendar nine months as 01/01 to 30/09', () => {
    expect(range('nine-months', '2026-11-22', 2026)).toEqual({ from: '2026-01-01', to: '2026-09-30' });
    expect(range('nine-months', '2026-11-22', 2028)).toEqual({ from: '2028-01-01', to: '2028-09-30' });
    expect(resolvePreset('nine-months', '2026-11-22', 2026)).toMatchObject({ label: '9 tháng đầu năm 2026', preset: 'nine-months', year: 2026 });
  });

  it('gives the Decree 09 nine months as 15/12 of the year before to 14/09', () => {
    expect(range('gov-nine-months', '2026-11-22', 2026)).toEqual({ from: '2025-12-15', to: '2026-09-14' });
    expect(range('gov-nine-months', '2028-02-29', 2028)).toEqual({ from: '2027-12-15', to: '2028-09-14' });
    expect(resolvePreset('gov-nine-months', '2026-11-22', 2026)).toMatchObject({
      label: '9 tháng năm 2026 (kỳ báo cáo 15/12/2025–14/09/2026)',
      preset: 'gov-nine-months',
      year: 2026,
    });
  });
});

describe('resolvePreset: from the start of the year to today', () => {
  it('runs from 01/01 of the year of today to today', () => {
    expect(range('ytd', '2026-06-04', 2026)).toEqual({ from: '2026-01-01', to: '2026-06-04' });
  });

  it('is the one day 01/01 on New Year’s Day', () => {
    expect(range('ytd', '2027-01-01', 2027)).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });

  it('ends on 29/02 when today is 29 February 2028', () => {
    expect(range('ytd', '2028-02-29', 2028)).toEqual({ from: '2028-01-01', to: '2028-02-29' });
  });

  it('ignores the year argument', () => {
    expect(range('ytd', '2026-06-04', 2020)).toEqual({ from: '2026-01-01', to: '2026-06-04' });
    expect(resolvePreset('ytd', '2026-06-04', 2020)?.year).toBe(2026);
  });

  it('is named the way reports write a range, both dates dd/mm/yyyy', () => {
    expect(resolvePreset('ytd', '2026-06-04', 2026)?.label).toBe('Từ ngày 01/01/2026 đến ngày 04/06/2026');
  });
});

describe('resolvePreset: the preset list', () => {
  it('resolves every offered preset except the custom range to a named, ordered range', () => {
    for (const { code } of PRESETS.filter((p) => p.code !== 'custom')) {
      const p = resolvePreset(code, '2026-11-22', 2026, 3);
      expect(p, code).not.toBeNull();
      expect(p!.preset, code).toBe(code);
      expect(p!.label.trim(), code).not.toBe('');
      expect(p!.label, code).not.toContain('undefined');
      expect(p!.from <= p!.to, `${code}: ${p!.from}..${p!.to}`).toBe(true);
    }
  });

  it('asks for a month with the Decree 09 month only, and for a year with it too', () => {
    expect(PRESETS.filter((p) => p.needsMonth).map((p) => p.code)).toEqual(['gov-month']);
    expect(PRESETS.find((p) => p.code === 'gov-month')?.needsYear).toBe(true);
    expect(PRESETS.find((p) => p.code === 'nine-months')?.needsYear).toBe(true);
    expect(PRESETS.find((p) => p.code === 'gov-nine-months')?.needsYear).toBe(true);
    expect(PRESETS.find((p) => p.code === 'ytd')?.needsYear).toBe(false);
  });

  it('returns null for an unknown preset', () => {
    expect(resolvePreset('q5', '2026-11-22', 2026)).toBeNull();
    expect(resolvePreset('gov-q5', '2026-11-22', 2026)).toBeNull();
    expect(resolvePreset('', '2026-11-22', 2026)).toBeNull();
  });
});

describe('parsePeriodQuery: defaults', () => {
  it('gives the current quarter when the query is empty', () => {
    expect(ok(parsePeriodQuery({}, '2026-11-22'))).toMatchObject({ from: '2026-10-01', to: '2026-12-31', preset: 'q4', year: 2026 });
  });

  it('gives the first quarter on the last day of March and the second on the first of April', () => {
    expect(ok(parsePeriodQuery({}, '2026-03-31'))).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(ok(parsePeriodQuery({}, '2026-04-01'))).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
  });

  it('treats from and to without a period as a custom range', () => {
    expect(ok(parsePeriodQuery({ from: '05/01/2026', to: '20/02/2026' }, '2026-11-22'))).toMatchObject({
      from: '2026-01-05',
      to: '2026-02-20',
      preset: 'custom',
    });
  });

  it('uses the year of today for a yearly preset without a year', () => {
    expect(ok(parsePeriodQuery({ period: 'q1' }, '2027-01-01'))).toMatchObject({ from: '2027-01-01', to: '2027-03-31' });
  });

  it('uses the year given for a yearly preset', () => {
    expect(ok(parsePeriodQuery({ period: 'gov-q1', year: '2026' }, '2027-01-01'))).toMatchObject({ from: '2025-12-15', to: '2026-03-14' });
  });

  it('reads the first value of a repeated parameter', () => {
    expect(ok(parsePeriodQuery({ period: ['h2', 'q1'], year: ['2025'] }, '2026-11-22'))).toMatchObject({ from: '2025-07-01', to: '2025-12-31' });
  });

  it('resolves a week preset against today', () => {
    expect(ok(parsePeriodQuery({ period: 'last-week' }, '2027-01-01'))).toMatchObject({ from: '2026-12-21', to: '2026-12-27' });
  });
});

describe('parsePeriodQuery: custom ranges', () => {
  it('reads dd/mm/yyyy dates', () => {
    expect(ok(parsePeriodQuery({ period: 'custom', from: '15/12/2025', to: '14/03/2026' }, '2026-11-22'))).toMatchObject({
      from: '2025-12-15',
      to: '2026-03-14',
      preset: 'custom',
    });
  });

  it('reads yyyy-mm-dd dates', () => {
    expect(ok(parsePeriodQuery({ period: 'custom', from: '2026-02-01', to: '2026-02-28' }, '2026-11-22'))).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('accepts a one-day range', () => {
    expect(ok(parsePeriodQuery({ period: 'custom', from: '29/02/2028', to: '2028-02-29' }, '2028-03-01'))).toMatchObject({
      from: '2028-02-29',
      to: '2028-02-29',
    });
  });

  it('accepts a range of exactly ten years', () => {
    // 1 January 2016 to 31 December 2025: ten whole calendar years, three of them leap years.
    expect(ok(parsePeriodQuery({ from: '01/01/2016', to: '31/12/2025' }, '2026-11-22'))).toMatchObject({ from: '2016-01-01', to: '2025-12-31' });
    // The Decree 09 way: 15/12 to 14/12 ten years on.
    expect(ok(parsePeriodQuery({ from: '15/12/2015', to: '14/12/2025' }, '2026-11-22'))).toMatchObject({ from: '2015-12-15', to: '2025-12-14' });
  });

  it('refuses a range of ten years and a few days with an error on the end date', () => {
    // 2016-01-01..2026-01-04 is ten years (to 2025-12-31 or, generously, 2026-01-01) and three or four days more.
    expect(errorFields(parsePeriodQuery({ from: '01/01/2016', to: '04/01/2026' }, '2026-11-22'))).toEqual(['to']);
  });

  it('refuses a range of ten years and two weeks with an error on the end date', () => {
    expect(errorFields(parsePeriodQuery({ from: '01/01/2016', to: '15/01/2026' }, '2026-11-22'))).toEqual(['to']);
  });
});

describe('parsePeriodQuery: errors keyed by field', () => {
  it('refuses an end date before the start date, on the end date', () => {
    expect(errorFields(parsePeriodQuery({ period: 'custom', from: '10/03/2026', to: '09/03/2026' }, '2026-11-22'))).toEqual(['to']);
  });

  it('refuses 31/02/2026, a date not on the calendar, on the start date', () => {
    const result = parsePeriodQuery({ period: 'custom', from: '31/02/2026', to: '31/03/2026' }, '2026-11-22');
    expect(errorFields(result)).toEqual(['from']);
    expect(!result.ok && result.errors.from).toContain('31/02/2026');
  });

  it('refuses 2026-02-29 as an end date in a common year', () => {
    expect(errorFields(parsePeriodQuery({ from: '01/02/2026', to: '2026-02-29' }, '2026-11-22'))).toEqual(['to']);
  });

  it('refuses a date in an unknown format', () => {
    expect(errorFields(parsePeriodQuery({ from: '1 March 2026', to: '31/03/2026' }, '2026-11-22'))).toEqual(['from']);
  });

  it('asks for the missing end of a custom range', () => {
    expect(errorFields(parsePeriodQuery({ period: 'custom', from: '01/03/2026' }, '2026-11-22'))).toEqual(['to']);
    expect(errorFields(parsePeriodQuery({ period: 'custom' }, '2026-11-22'))).toEqual(['from', 'to']);
  });

  it("refuses the unknown preset 'q5' on the period", () => {
    expect(errorFields(parsePeriodQuery({ period: 'q5', year: '2026' }, '2026-11-22'))).toEqual(['period']);
  });

  it("refuses the year 'abcd' on the year", () => {
    expect(errorFields(parsePeriodQuery({ period: 'q1', year: 'abcd' }, '2026-11-22'))).toEqual(['year']);
  });

  it('refuses a year with other than four digits', () => {
    expect(errorFields(parsePeriodQuery({ period: 'year', year: '26' }, '2026-11-22'))).toEqual(['year']);
  });
});

describe('parsePeriodQuery: the new periods', () => {
  it('reads a Decree 09 month from period, month and year', () => {
    expect(ok(parsePeriodQuery({ period: 'gov-month', month: '3', year: '2026' }, '2026-11-22'))).toMatchObject({
      from: '2026-02-15',
      to: '2026-03-14',
      label: 'Tháng 3 năm 2026 (kỳ báo cáo 15/02/2026–14/03/2026)',
      preset: 'gov-month',
      year: 2026,
    });
  });

  it('reads a month written with a leading zero', () => {
    expect(ok(parsePeriodQuery({ period: 'gov-month', month: '03', year: '2028' }, '2026-11-22'))).toMatchObject({ from: '2028-02-15', to: '2028-03-14' });
  });

  it('reads month 1 of next year as starting in December of this year', () => {
    expect(ok(parsePeriodQuery({ period: 'gov-month', month: '1', year: '2027' }, '2026-11-22'))).toMatchObject({ from: '2026-12-15', to: '2027-01-14', year: 2027 });
  });

  it('uses the year of today for a Decree 09 month without a year', () => {
    expect(ok(parsePeriodQuery({ period: 'gov-month', month: '12' }, '2026-11-22'))).toMatchObject({ from: '2026-11-15', to: '2026-12-14' });
  });

  it('reads the nine months, calendar and Decree 09', () => {
    expect(ok(parsePeriodQuery({ period: 'nine-months', year: '2025' }, '2026-11-22'))).toMatchObject({ from: '2025-01-01', to: '2025-09-30' });
    expect(ok(parsePeriodQuery({ period: 'gov-nine-months', year: '2025' }, '2026-11-22'))).toMatchObject({ from: '2024-12-15', to: '2025-09-14' });
  });

  it('reads ytd against today, whatever the year says', () => {
    expect(ok(parsePeriodQuery({ period: 'ytd' }, '2026-06-04'))).toMatchObject({ from: '2026-01-01', to: '2026-06-04', label: 'Từ ngày 01/01/2026 đến ngày 04/06/2026' });
    expect(ok(parsePeriodQuery({ period: 'ytd', year: '2020' }, '2026-06-04'))).toMatchObject({ from: '2026-01-01', to: '2026-06-04' });
  });

  it('ignores the month for every other preset, even a bad one', () => {
    expect(ok(parsePeriodQuery({ period: 'q1', year: '2026', month: 'abc' }, '2026-11-22'))).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(ok(parsePeriodQuery({ period: 'gov-q1', year: '2026', month: '' }, '2026-11-22'))).toMatchObject({ from: '2025-12-15', to: '2026-03-14' });
  });

  it('asks for the month of a Decree 09 month when it is missing or empty', () => {
    for (const query of [{ period: 'gov-month', year: '2026' }, { period: 'gov-month', year: '2026', month: '' }, { period: 'gov-month', year: '2026', month: '  ' }]) {
      const result = parsePeriodQuery(query, '2026-11-22');
      expect(errorFields(result)).toEqual(['month']);
      expect(!result.ok && result.errors.month).toBe('Vui lòng chọn tháng (1–12).');
    }
  });

  it.each(['0', '13', 'abc', '3.5', '-1', '003'])("refuses the month '%s' on the month", (month) => {
    const result = parsePeriodQuery({ period: 'gov-month', year: '2026', month }, '2026-11-22');
    expect(errorFields(result)).toEqual(['month']);
    expect(!result.ok && result.errors.month).toBe('Tháng phải là số từ 1 đến 12, ví dụ 3.');
  });

  it('reports a bad month and a bad year together', () => {
    expect(errorFields(parsePeriodQuery({ period: 'gov-month', year: '26', month: '13' }, '2026-11-22'))).toEqual(['month', 'year']);
  });
});

describe('periodHeading: the date range is stated once', () => {
  it('keeps a Decree 09 label as it is, since it states its range', () => {
    const heading = periodHeading(govQuarter(2026, 3));
    expect(heading).toBe('Quý III năm 2026 (kỳ báo cáo 15/06/2026–14/09/2026)');
    expect(heading.split('15/06/2026')).toHaveLength(2);
    expect(heading.split('14/09/2026')).toHaveLength(2);
  });

  it('keeps a Decree 09 month as it is', () => {
    expect(periodHeading(resolvePreset('gov-month', '2026-11-22', 2026, 1)!)).toBe('Tháng 1 năm 2026 (kỳ báo cáo 15/12/2025–14/01/2026)');
  });

  it('adds the range once to a calendar quarter', () => {
    expect(periodHeading(quarter(2026, 1))).toBe('Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)');
  });

  it('adds the range to the calendar nine months', () => {
    expect(periodHeading(resolvePreset('nine-months', '2026-11-22', 2026)!)).toBe('9 tháng đầu năm 2026 (từ ngày 01/01/2026 đến ngày 30/09/2026)');
  });

  it('keeps a custom range and ytd as they are', () => {
    expect(periodHeading(ok(parsePeriodQuery({ from: '05/01/2026', to: '20/02/2026' }, '2026-11-22')))).toBe('Từ ngày 05/01/2026 đến ngày 20/02/2026');
    expect(periodHeading(resolvePreset('ytd', '2026-06-04', 2026)!)).toBe('Từ ngày 01/01/2026 đến ngày 04/06/2026');
  });

  it('keeps a week as it is', () => {
    expect(periodHeading(resolvePreset('this-week', '2027-01-01', 2027)!)).toBe('Tuần này (28/12/2026–03/01/2027)');
  });

  it('is the heading every resolved period carries', () => {
    for (const { code } of PRESETS.filter((p) => p.code !== 'custom')) {
      const p = resolvePreset(code, '2026-11-22', 2026, 3)!;
      expect(p.heading, code).toBe(periodHeading(p));
    }
  });
});

describe('deadlinePeriods: what a quarterly report deadline is about', () => {
  it('is the calendar quarter the deadline falls in, and its Decree 09 period', () => {
    for (const [date, q, from, to, govFrom, govTo] of [
      ['2026-03-08', 'q1', '2026-01-01', '2026-03-31', '2025-12-15', '2026-03-14'],
      ['2026-06-20', 'q2', '2026-04-01', '2026-06-30', '2026-03-15', '2026-06-14'],
      ['2026-12-08', 'q4', '2026-10-01', '2026-12-31', '2026-09-15', '2026-12-14'],
    ] as const) {
      const about = deadlinePeriods(date);
      expect(about.quarter, date).toMatchObject({ preset: q, year: 2026, from, to });
      expect(about.gov, date).toMatchObject({ preset: `gov-${q}`, year: 2026, from: govFrom, to: govTo });
    }
  });
});
