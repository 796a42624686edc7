import { describe, expect, it } from 'vitest';
import { rangeOf, webAddress } from '../../src/ingest/xlsx-marks.js';
import { excelDate, isDateFormat, isoCellDate } from '../../src/ingest/xlsx-styles.js';

describe('which number formats show dates and times', () => {
  it.each([
    ['dd/mm/yyyy', true],
    ['[$-42A]dd/mm/yyyy', true],
    ['[$-1010000]d/m/yyyy;@', true],
    ['DD/MM/YYYY', true],
    ['h:mm', true],
    ['hh:mm AM/PM', true],
    ['[$-409]h:mm AM/PM;@', true],
    ['HH:MM', true],
    ['[h]:mm:ss', true],
    ['mm:ss', true],
    ['General', false],
    ['0', false],
    ['#,##0.00', false],
    ['0.00E+00', false],
    ['[Red]#,##0;[Blue]-#,##0', false],
    ['#,##0" ngày"', false],
    ['#,##0\\ \\h', false],
    ['_-* #,##0_-;-* #,##0_-;_-* "-"??_-;_-@_-', false],
    ['#,##0 [$₫-42A]', false],
    ['@', false],
  ])('%s is a date or time format: %s', (code, date) => {
    expect(isDateFormat(code)).toBe(date);
  });
});

describe('serial numbers as dates', () => {
  it('reads a day, a day and time, and a time alone as the wall clock, a time alone on 30/12/1899 in either date system', () => {
    expect(excelDate(46027, false)).toEqual(new Date(Date.UTC(2026, 0, 5)));
    expect(excelDate(46027.25, false)).toEqual(new Date(Date.UTC(2026, 0, 5, 6)));
    expect(excelDate(0.25, false)).toEqual(new Date(Date.UTC(1899, 11, 30, 6)));
    expect(excelDate(0.25, true)).toEqual(new Date(Date.UTC(1899, 11, 30, 6)));
    // 1904 system: 44565 days after 1/1/1904.
    expect(excelDate(44565, true)).toEqual(new Date(Date.UTC(2026, 0, 5)));
  });

  it('rounds to the second, so that a last digit off does not take a minute away', () => {
    // ExcelJS writes 06:30 as 0.2708333333321207; 07:01 on 5/1/2026 written to 15 digits is 46027.2923611111.
    expect(excelDate(0.2708333333321207, false)).toEqual(new Date(Date.UTC(1899, 11, 30, 6, 30)));
    expect(excelDate(46027.2923611111, false)).toEqual(new Date(Date.UTC(2026, 0, 5, 7, 1)));
  });

  it('reads ISO dates of `t="d"` cells as the wall clock when they carry no zone, whatever the server zone', () => {
    expect(isoCellDate('2026-11-20T06:00:00')).toEqual(new Date(Date.UTC(2026, 10, 20, 6)));
    expect(isoCellDate('2026-11-20 06:00')).toEqual(new Date(Date.UTC(2026, 10, 20, 6)));
    expect(isoCellDate('2026-11-20')).toEqual(new Date(Date.UTC(2026, 10, 20)));
    expect(isoCellDate('2026-11-20T06:00:00+07:00')).toEqual(new Date(Date.UTC(2026, 10, 19, 23)));
    expect(isoCellDate('06:30:00')).toEqual(new Date(Date.UTC(1899, 11, 30, 6, 30)));
    expect(isoCellDate('ngày 20')).toBeNull();
  });
});

describe('cell ranges and web addresses', () => {
  it('reads cells and ranges in any corner order, and nothing else', () => {
    expect(rangeOf('B5')).toEqual({ r1: 5, r2: 5, c1: 1, c2: 1 });
    expect(rangeOf('A4:A2')).toEqual({ r1: 2, r2: 4, c1: 0, c2: 0 });
    expect(rangeOf('$C$3:AA7')).toEqual({ r1: 3, r2: 7, c1: 2, c2: 26 });
    expect(rangeOf('XFD1048576')).toEqual({ r1: 1_048_576, r2: 1_048_576, c1: 16_383, c2: 16_383 });
    for (const bad of ['', 'A', '5', 'A0', 'XFE1', 'A1:B2:C3', 'A1048577', undefined]) expect(rangeOf(bad)).toBeNull();
  });

  it('takes external http(s) hyperlinks only, with their place in the page, within a length', () => {
    const rel = (target: string, external = true, type = 'hyperlink') => ({ target, external, type });
    expect(webAddress(rel('https://cong.example.vn/tin-a'))).toBe('https://cong.example.vn/tin-a');
    expect(webAddress(rel(' http://Cong.Example.vn/tin tức '))).toBe('http://cong.example.vn/tin%20t%E1%BB%A9c');
    expect(webAddress(rel('https://cong.example.vn/tin-a'), 'muc-2')).toBe('https://cong.example.vn/tin-a#muc-2');
    expect(webAddress(rel(`https://cong.example.vn/${'a'.repeat(2_000)}`))).toBeUndefined();
    for (const target of ['mailto:vanthu@xa.gov.vn', 'javascript:alert(1)', 'file:///C:/tin.docx', '../tin.docx', 'https://']) expect(webAddress(rel(target))).toBeUndefined();
    expect(webAddress(rel('https://cong.example.vn/', false))).toBeUndefined();
    expect(webAddress(rel('https://cong.example.vn/', true, 'image'))).toBeUndefined();
    expect(webAddress(undefined)).toBeUndefined();
  });
});
