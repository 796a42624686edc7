import { describe, it, expect } from 'vitest';
import {
  addDays,
  fmtDate,
  fmtDateTime,
  fmtTime,
  fromLocalIso,
  localDateOf,
  localIsoFromParts,
  localToday,
  monthEnd,
  parseIsoDateTime,
  parseLocalDate,
  parseLocalTime,
  rangeBounds,
  toLocalIso,
  weekStart,
} from '../../src/domain/time.js';

// vitest.config.ts runs the tests with TZ=America/Los_Angeles, so every expectation below is an absolute
// string: if the code leaned on the host's zone, these would come out 14 or 15 hours off.

describe('toLocalIso', () => {
  it('writes an instant in Vietnam time with a +07:00 offset', () => {
    expect(toLocalIso(new Date('2026-03-05T00:00:00Z'))).toBe('2026-03-05T07:00:00+07:00');
  });

  it('keeps 16:59 UTC on the same Vietnam day, one minute before midnight', () => {
    expect(toLocalIso(new Date('2026-03-31T16:59:00Z'))).toBe('2026-03-31T23:59:00+07:00');
  });

  it('moves 17:00 UTC to midnight of the next Vietnam day and month', () => {
    expect(toLocalIso(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01T00:00:00+07:00');
  });

  it('crosses the year end in Vietnam before it does in UTC', () => {
    expect(toLocalIso(new Date('2026-12-31T18:30:00Z'))).toBe('2027-01-01T01:30:00+07:00');
  });

  it('drops milliseconds', () => {
    expect(toLocalIso(new Date('2026-03-05T00:00:07.999Z'))).toBe('2026-03-05T07:00:07+07:00');
  });

  it('round-trips through fromLocalIso to the same instant', () => {
    const instant = new Date('2026-06-15T09:41:12Z');
    expect(fromLocalIso(toLocalIso(instant)).getTime()).toBe(instant.getTime());
  });
});

describe('localDateOf and localToday', () => {
  it('takes the Vietnam calendar date of a stored local ISO string', () => {
    expect(localDateOf('2026-04-01T00:00:00+07:00')).toBe('2026-04-01');
  });

  it('gives today in Vietnam, which is already tomorrow in UTC after 17:00 UTC', () => {
    expect(localToday(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
    expect(localToday(new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
  });
});

describe('parseIsoDateTime', () => {
  it.each([
    { input: '2026-03-05T06:30', expected: '2026-03-05T06:30:00+07:00', why: 'no offset and no seconds is Vietnam time' },
    { input: '2026-03-05T06:30:15', expected: '2026-03-05T06:30:15+07:00', why: 'no offset is Vietnam time' },
    { input: '2026-03-05 06:30', expected: '2026-03-05T06:30:00+07:00', why: 'a space may separate date and time' },
    { input: '2026-03-05T06:30:00+07:00', expected: '2026-03-05T06:30:00+07:00', why: 'an explicit +07:00 is kept' },
    { input: '2026-03-05T06:30:00Z', expected: '2026-03-05T13:30:00+07:00', why: 'Z is UTC' },
    { input: '2026-03-05T06:30:00z', expected: '2026-03-05T13:30:00+07:00', why: 'lower-case z is UTC too' },
    { input: '2026-03-31T16:59:00Z', expected: '2026-03-31T23:59:00+07:00', why: 'the last UTC minute of a Vietnam day' },
    { input: '2026-03-31T17:00:00Z', expected: '2026-04-01T00:00:00+07:00', why: 'the first UTC minute of the next Vietnam day' },
    { input: '2026-03-05T06:30:00-05:00', expected: '2026-03-05T18:30:00+07:00', why: 'a negative offset' },
    { input: '2026-03-05T06:30:00+0530', expected: '2026-03-05T08:00:00+07:00', why: 'an offset without a colon, with minutes' },
    { input: '2026-03-05T06:30:00+09', expected: '2026-03-05T04:30:00+07:00', why: 'an hours-only offset' },
    { input: '2026-12-31T20:00:00-05:00', expected: '2027-01-01T08:00:00+07:00', why: 'an offset that crosses the year end' },
    { input: '2026-03-05T06:30:15.250Z', expected: '2026-03-05T13:30:15+07:00', why: 'fractional seconds are dropped' },
    { input: '  2026-03-05T06:30  ', expected: '2026-03-05T06:30:00+07:00', why: 'surrounding blanks are ignored' },
  ])('reads $input as $expected ($why)', ({ input, expected }) => {
    expect(parseIsoDateTime(input)).toBe(expected);
  });

  it.each([
    { input: '2026-02-31T10:00:00', why: 'the 31st of February' },
    { input: '2025-02-29T10:00:00Z', why: 'the 29th of February in a common year' },
    { input: '2026-03-05T25:00:00', why: 'hour 25' },
    { input: '2026-03-05T24:00:00', why: 'hour 24' },
    { input: '2026-03-05T10:60:00', why: 'minute 60' },
    { input: '2026-03-05T10:00:60', why: 'second 60' },
    { input: '2026-13-05T10:00:00', why: 'month 13' },
    { input: '2026-03-05T10:00:00+15:00', why: 'an offset beyond +14:00' },
    { input: '2026-03-05T10:00:00+07:75', why: 'offset minutes beyond 59' },
    { input: '2026-03-05', why: 'a date without a time' },
    { input: '05/03/2026 06:30', why: 'the Vietnamese display format' },
    { input: 'hôm qua', why: 'words' },
    { input: '', why: 'nothing' },
  ])('rejects $input ($why)', ({ input }) => {
    expect(parseIsoDateTime(input)).toBeNull();
  });

  it('accepts the 29th of February in a leap year', () => {
    expect(parseIsoDateTime('2028-02-29T12:00:00')).toBe('2028-02-29T12:00:00+07:00');
  });
});

describe('parseLocalDate', () => {
  it.each([
    { input: '05/03/2026', expected: '2026-03-05', why: 'dd/mm/yyyy' },
    { input: '5/3/2026', expected: '2026-03-05', why: 'd/m/yyyy' },
    { input: '31/12/2026', expected: '2026-12-31', why: 'day first, not month first' },
    { input: '05-03-2026', expected: '2026-03-05', why: 'dashes as separators' },
    { input: '05.03.2026', expected: '2026-03-05', why: 'dots as separators' },
    { input: '2026-03-05', expected: '2026-03-05', why: 'yyyy-mm-dd' },
    { input: ' 05/03/2026 ', expected: '2026-03-05', why: 'surrounding blanks' },
    { input: '29/02/2028', expected: '2028-02-29', why: 'the 29th of February in a leap year' },
    { input: '29/02/2000', expected: '2000-02-29', why: 'a century leap year' },
    { input: '05/03/26', expected: '2026-03-05', why: 'a two-digit year is of this century' },
    { input: '23112026', expected: '2026-11-23', why: 'digits only, as a numeric keypad types them' },
    { input: '231126', expected: '2026-11-23', why: 'digits only with a two-digit year' },
  ])('reads $input as $expected ($why)', ({ input, expected }) => {
    expect(parseLocalDate(input)).toEqual({ ok: true, date: expected });
  });

  it.each([
    { input: '31/02/2026', why: 'the 31st of February' },
    { input: '29/02/2025', why: 'the 29th of February in a common year' },
    { input: '29/02/2100', why: 'the 29th of February in a century common year' },
    { input: '31/04/2026', why: 'the 31st of April' },
    { input: '00/03/2026', why: 'day zero' },
    { input: '05/13/2026', why: 'month 13' },
    { input: '2026-02-30', why: 'an ISO date that is not on the calendar' },
  ])('calls $input a calendar error ($why)', ({ input }) => {
    expect(parseLocalDate(input)).toEqual({ ok: false, reason: 'calendar' });
  });

  it.each([
    { input: 'hôm nay', why: 'words' },
    { input: '', why: 'nothing' },
    { input: '2026/03/05', why: 'year first with slashes' },
    { input: '2026-3-5', why: 'an ISO date without leading zeros' },
    { input: '05/03/2026 06:30', why: 'a date with a time' },
    { input: '123/03/2026', why: 'a three-digit day' },
  ])('calls $input a format error ($why)', ({ input }) => {
    expect(parseLocalDate(input)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('parseLocalTime', () => {
  it.each([
    { input: '06:30', expected: '06:30' },
    { input: '6:30', expected: '06:30' },
    { input: '17:45', expected: '17:45' },
    { input: '00:00', expected: '00:00' },
    { input: '23:59', expected: '23:59' },
    { input: '17h45', expected: '17:45' },
    { input: '17H45', expected: '17:45' },
    { input: '17.45', expected: '17:45' },
    { input: ' 7:05 ', expected: '07:05' },
    // Digits only, as a phone's numeric keypad types them.
    { input: '0630', expected: '06:30' },
    { input: '600', expected: '06:00' },
    { input: '1745', expected: '17:45' },
    { input: '6', expected: '06:00' },
    { input: '6h', expected: '06:00' },
  ])('reads $input as $expected', ({ input, expected }) => {
    expect(parseLocalTime(input)).toBe(expected);
  });

  it.each([
    { input: '24:00', why: 'hour 24' },
    { input: '25:00', why: 'hour 25' },
    { input: '7:60', why: 'minute 60' },
    { input: '25:61', why: 'hour and minute out of range' },
    { input: '7:5', why: 'a one-digit minute' },
    { input: '6:30 PM', why: 'a 12-hour clock' },
    { input: 'sáng', why: 'words' },
    { input: '', why: 'nothing' },
  ])('rejects $input ($why)', ({ input }) => {
    expect(parseLocalTime(input)).toBeNull();
  });
});

describe('localIsoFromParts', () => {
  it('joins a local date and an HH:mm time into a stored +07:00 string', () => {
    expect(localIsoFromParts('2026-03-05', '06:30')).toBe('2026-03-05T06:30:00+07:00');
  });

  it('keeps seconds when the time has them', () => {
    expect(localIsoFromParts('2026-03-05', '06:30:15')).toBe('2026-03-05T06:30:15+07:00');
  });
});

describe('fmtDate, fmtTime and fmtDateTime', () => {
  it('writes a local date as dd/mm/yyyy', () => {
    expect(fmtDate('2026-03-05')).toBe('05/03/2026');
  });

  it('writes the Vietnam date of a stored local ISO string, not the UTC one', () => {
    expect(fmtDate('2026-04-01T00:00:00+07:00')).toBe('01/04/2026');
  });

  it('writes a stored local ISO string as dd/mm/yyyy HH:mm on a 24-hour clock', () => {
    expect(fmtDateTime('2026-03-31T23:59:00+07:00')).toBe('31/03/2026 23:59');
    expect(fmtTime('2026-03-31T17:05:00+07:00')).toBe('17:05');
  });

  it('writes nothing for a missing value', () => {
    expect(fmtDate(null)).toBe('');
    expect(fmtDate(undefined)).toBe('');
    expect(fmtDate('')).toBe('');
    expect(fmtDateTime(null)).toBe('');
    expect(fmtTime(undefined)).toBe('');
  });
});

describe('addDays', () => {
  it.each([
    { date: '2026-03-05', days: 1, expected: '2026-03-06' },
    { date: '2026-12-31', days: 1, expected: '2027-01-01' },
    { date: '2028-02-28', days: 1, expected: '2028-02-29' },
    { date: '2026-02-28', days: 1, expected: '2026-03-01' },
    { date: '2026-03-01', days: -1, expected: '2026-02-28' },
    { date: '2027-01-01', days: -7, expected: '2026-12-25' },
    { date: '2026-01-01', days: 365, expected: '2027-01-01' },
    { date: '2026-03-05', days: 0, expected: '2026-03-05' },
  ])('moves $date by $days days to $expected', ({ date, days, expected }) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('weekStart', () => {
  it.each([
    { date: '2026-03-02', expected: '2026-03-02', why: 'a Monday is its own week start' },
    { date: '2026-03-05', expected: '2026-03-02', why: 'a Thursday' },
    { date: '2026-03-08', expected: '2026-03-02', why: 'a Sunday ends the week that began the Monday before' },
    { date: '2027-01-01', expected: '2026-12-28', why: 'a Friday whose week began in the previous year' },
    { date: '2027-01-03', expected: '2026-12-28', why: 'a Sunday whose week began in the previous year' },
    { date: '2027-01-04', expected: '2027-01-04', why: 'the first Monday of 2027' },
    { date: '2028-03-01', expected: '2028-02-28', why: 'a week across a leap day' },
  ])('puts $date in the week starting $expected ($why)', ({ date, expected }) => {
    expect(weekStart(date)).toBe(expected);
  });
});

describe('monthEnd', () => {
  it.each([
    { date: '2026-02-10', expected: '2026-02-28', why: 'February in a common year' },
    { date: '2028-02-01', expected: '2028-02-29', why: 'February in a leap year' },
    { date: '2000-02-15', expected: '2000-02-29', why: 'February in a century leap year' },
    { date: '2100-02-15', expected: '2100-02-28', why: 'February in a century common year' },
    { date: '2026-04-01', expected: '2026-04-30', why: 'a 30-day month' },
    { date: '2026-12-31', expected: '2026-12-31', why: 'the last day is its own month end' },
    { date: '2026-01-01', expected: '2026-01-31', why: 'the first day of a 31-day month' },
  ])('ends the month of $date on $expected ($why)', ({ date, expected }) => {
    expect(monthEnd(date)).toBe(expected);
  });
});

describe('rangeBounds', () => {
  it('turns an inclusive local date range into a half-open range of stored times', () => {
    expect(rangeBounds('2026-03-01', '2026-03-31')).toEqual({
      start: '2026-03-01T00:00:00+07:00',
      endExclusive: '2026-04-01T00:00:00+07:00',
    });
  });

  it('covers a single day when from and to are equal', () => {
    expect(rangeBounds('2026-12-31', '2026-12-31')).toEqual({
      start: '2026-12-31T00:00:00+07:00',
      endExclusive: '2027-01-01T00:00:00+07:00',
    });
  });

  it('includes the last minute of the last day and excludes the first minute after it, comparing as text', () => {
    const { start, endExclusive } = rangeBounds('2026-03-01', '2026-03-31');
    const lastMinute = toLocalIso(new Date('2026-03-31T16:59:00Z'));
    const nextMidnight = toLocalIso(new Date('2026-03-31T17:00:00Z'));
    const firstMinute = toLocalIso(new Date('2026-02-28T17:00:00Z'));
    const beforeStart = toLocalIso(new Date('2026-02-28T16:59:00Z'));
    expect(start <= firstMinute && firstMinute < endExclusive).toBe(true);
    expect(start <= lastMinute && lastMinute < endExclusive).toBe(true);
    expect(nextMidnight < endExclusive).toBe(false);
    expect(start <= beforeStart).toBe(false);
  });
});
