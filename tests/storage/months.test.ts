import { describe, expect, it } from 'vitest';
import { splitMonths } from '../../src/storage/postgres/months.js';

const day = (d: string) => `${d}T00:00:00+07:00`;

describe('a report period split into whole months and edge days (PostgreSQL rollup)', () => {
  it('reads a year or a quarter from whole months only', () => {
    expect(splitMonths('2026-01-01', '2026-12-31')).toEqual({ months: { first: '2026-01', last: '2026-12' }, edges: [] });
    expect(splitMonths('2026-04-01', '2026-06-30')).toEqual({ months: { first: '2026-04', last: '2026-06' }, edges: [] });
    expect(splitMonths('2024-02-01', '2024-02-29')).toEqual({ months: { first: '2024-02', last: '2024-02' }, edges: [] });
  });

  it('takes the days before the first and after the last whole month from the entries', () => {
    expect(splitMonths('2026-01-15', '2026-03-10')).toEqual({
      months: { first: '2026-02', last: '2026-02' },
      edges: [
        [day('2026-01-15'), day('2026-02-01')],
        [day('2026-03-01'), day('2026-03-11')],
      ],
    });
    expect(splitMonths('2025-12-31', '2026-01-31')).toEqual({ months: { first: '2026-01', last: '2026-01' }, edges: [[day('2025-12-31'), day('2026-01-01')]] });
  });

  it('reads a period inside one month, or across two with no whole month, from the entries only', () => {
    expect(splitMonths('2026-11-16', '2026-11-22')).toEqual({ months: null, edges: [[day('2026-11-16'), day('2026-11-23')]] });
    expect(splitMonths('2026-01-15', '2026-02-14')).toEqual({ months: null, edges: [[day('2026-01-15'), day('2026-02-15')]] });
    expect(splitMonths('2026-11-20', '2026-11-20')).toEqual({ months: null, edges: [[day('2026-11-20'), day('2026-11-21')]] });
    expect(splitMonths('2026-11-21', '2026-11-20')).toEqual({ months: null, edges: [] });
  });
});
