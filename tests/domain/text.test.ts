import { describe, it, expect } from 'vitest';
import { fmtDuration, fmtHms, fmtNumber, foldText, matchesQuery } from '../../src/domain/text.js';

describe('foldText', () => {
  it.each([
    { input: 'Cải cách hành chính', expected: 'cai cach hanh chinh', why: 'tone and vowel marks go' },
    { input: 'Đường', expected: 'duong', why: 'capital Đ becomes d' },
    { input: 'đường dây nóng', expected: 'duong day nong', why: 'small đ becomes d' },
    { input: 'ĐỔI MỚI', expected: 'doi moi', why: 'capitals are lowered' },
    { input: 'Ủy ban MTTQ Việt Nam', expected: 'uy ban mttq viet nam', why: 'capital vowels with marks' },
    { input: '  Cải   cách\n\thành  chính ', expected: 'cai cach hanh chinh', why: 'runs of blanks collapse and ends are trimmed' },
    { input: 'cai cach', expected: 'cai cach', why: 'plain text is unchanged' },
    { input: '', expected: '', why: 'empty stays empty' },
  ])('folds "$input" to "$expected" ($why)', ({ input, expected }) => {
    expect(foldText(input)).toBe(expected);
  });

  it('folds decomposed (NFD) and composed (NFC) input the same way', () => {
    const composed = 'Chuyển đổi số'.normalize('NFC');
    const decomposed = 'Chuyển đổi số'.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldText(decomposed)).toBe('chuyen doi so');
    expect(foldText(composed)).toBe('chuyen doi so');
  });
});

describe('matchesQuery', () => {
  const haystack = 'huong dan dich vu cong truc tuyen tren cong ttdt';

  it('matches when every word of the query occurs, in any order', () => {
    expect(matchesQuery(haystack, 'truc tuyen dich vu')).toBe(true);
  });

  it('does not match when one word of the query is missing', () => {
    expect(matchesQuery(haystack, 'dich vu zalo')).toBe(false);
  });

  it('matches a word that is part of a longer word', () => {
    expect(matchesQuery(haystack, 'tuye')).toBe(true);
  });

  it('matches everything when the query is empty', () => {
    expect(matchesQuery(haystack, '')).toBe(true);
    expect(matchesQuery('', '')).toBe(true);
  });

  it('does not match an empty haystack against a real word', () => {
    expect(matchesQuery('', 'cai')).toBe(false);
  });

  it('finds a query typed without diacritics once both sides are folded', () => {
    expect(matchesQuery(foldText('Cải cách hành chính'), foldText('Hanh  Chinh'))).toBe(true);
  });
});

describe('fmtNumber', () => {
  it.each([
    { n: 0, expected: '0' },
    { n: 7, expected: '7' },
    { n: 999, expected: '999' },
    { n: 1000, expected: '1.000' },
    { n: 1234, expected: '1.234' },
    { n: 100000, expected: '100.000' },
    { n: 1234567, expected: '1.234.567' },
    { n: 1000000000, expected: '1.000.000.000' },
    { n: -1234, expected: '-1.234' },
  ])('writes $n as $expected with dots between thousands', ({ n, expected }) => {
    expect(fmtNumber(n)).toBe(expected);
  });

  it('drops the fraction of a non-whole number rather than writing a decimal point', () => {
    expect(fmtNumber(1234.9)).toBe('1.234');
  });
});

describe('fmtDuration', () => {
  it.each([
    { seconds: 210, expected: '3:30' },
    { seconds: 3725, expected: '1:02:05' },
    { seconds: 59, expected: '0:59' },
    { seconds: 60, expected: '1:00' },
    { seconds: 3599, expected: '59:59' },
    { seconds: 3600, expected: '1:00:00' },
    { seconds: 43200, expected: '12:00:00' },
  ])('writes $seconds seconds as $expected', ({ seconds, expected }) => {
    expect(fmtDuration(seconds)).toBe(expected);
  });

  it('writes nothing when there is no duration', () => {
    expect(fmtDuration(null)).toBe('');
    expect(fmtDuration(undefined)).toBe('');
  });
});

describe('fmtHms', () => {
  it.each([
    { seconds: 59, expected: '0:00:59' },
    { seconds: 210, expected: '0:03:30' },
    { seconds: 3600, expected: '1:00:00' },
    // 68 h 42 min 50 s: 68 × 3600 + 42 × 60 + 50; hours go past 24.
    { seconds: 247370, expected: '68:42:50' },
    { seconds: 0, expected: '0:00:00' },
  ])('writes $seconds seconds as $expected', ({ seconds, expected }) => {
    expect(fmtHms(seconds)).toBe(expected);
  });

  it('writes nothing when there is no duration', () => {
    expect(fmtHms(null)).toBe('');
  });
});
