import { describe, it, expect } from 'vitest';
import { entryRecord, itemRecord } from '../fixtures.js';
import type { Entry, FieldErrors, Item, Result } from '../../src/domain/model.js';
import {
  type EntryFilter,
  entrySearchText,
  filterToQuery,
  matchesFilter,
  parseEntryQuery,
} from '../../src/domain/filters.js';
import { foldText } from '../../src/domain/text.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';

const vocab = defaultVocabulary();

function errorsOf<T>(result: Result<T>): FieldErrors {
  if (result.ok) throw new Error(`expected errors, got a valid value: ${JSON.stringify(result.value)}`);
  return result.errors;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a valid value, got errors: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function makeItem(over: Partial<Item> = {}): Item {
  return itemRecord(1, {
    title: 'Hướng dẫn nộp hồ sơ trực tuyến',
    summary: 'Các bước trên Cổng dịch vụ công quốc gia',
    topics: ['a', 'm'],
    unit: 'vh-xh',
    author: 'Đài truyền thanh xã',
    ...over,
  });
}

function makeEntry(over: Partial<Entry> = {}): Entry {
  return entryRecord(10, { at: '2026-11-20T06:30:00+07:00', playCount: 3, durationSeconds: 210, note: 'Phát bản tin sáng', ...over });
}

describe('parseEntryQuery', () => {
  it('gives an empty filter and the first page of 50 for an empty query', () => {
    expect(valueOf(parseEntryQuery({}, vocab))).toEqual({ filter: {}, paging: { page: 1, pageSize: 50 } });
  });

  it('reads dates typed as dd/mm/yyyy and as yyyy-mm-dd', () => {
    const { filter } = valueOf(parseEntryQuery({ from: '01/03/2026', to: '2026-03-31' }, vocab));
    expect(filter).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('reads d/m/yyyy too', () => {
    expect(valueOf(parseEntryQuery({ from: '1/3/2026' }, vocab)).filter).toEqual({ from: '2026-03-01' });
  });

  it('accepts a range of a single day', () => {
    expect(valueOf(parseEntryQuery({ from: '05/03/2026', to: '05/03/2026' }, vocab)).filter).toEqual({
      from: '2026-03-05',
      to: '2026-03-05',
    });
  });

  it('rejects an end date before the start date with an error on `to`', () => {
    const errors = errorsOf(parseEntryQuery({ from: '31/03/2026', to: '01/03/2026' }, vocab));
    expect(Object.keys(errors)).toEqual(['to']);
    expect(errors.to).toMatch(/sau ngày bắt đầu/);
  });

  it('compares dates across years, not as typed text', () => {
    // As typed, "01/01/2027" < "31/12/2026"; as dates it is later.
    expect(valueOf(parseEntryQuery({ from: '31/12/2026', to: '01/01/2027' }, vocab)).filter).toEqual({
      from: '2026-12-31',
      to: '2027-01-01',
    });
  });

  it.each([
    { query: { from: '31/02/2026' }, key: 'from', word: /không có trên lịch/ },
    { query: { to: '29/02/2025' }, key: 'to', word: /không có trên lịch/ },
    { query: { from: 'hôm qua' }, key: 'from', word: /có dạng dd\/mm\/yyyy/ },
    { query: { channel: 'tv' }, key: 'channel', word: /không có trong danh mục/ },
    { query: { format: 'podcast' }, key: 'format', word: /Hình thức "podcast"/ },
    { query: { topic: 'f' }, key: 'topic', word: /Nội dung "f"/ },
    { query: { unit: 'cong-an' }, key: 'unit', word: /Đơn vị "cong-an"/ },
    { query: { page: '0' }, key: 'page', word: /Số trang/ },
    { query: { page: '-1' }, key: 'page', word: /Số trang/ },
    { query: { page: 'abc' }, key: 'page', word: /Số trang/ },
    { query: { page: '1.5' }, key: 'page', word: /Số trang/ },
    { query: { pageSize: '0' }, key: 'pageSize', word: /từ 1 đến 500/ },
    { query: { pageSize: '501' }, key: 'pageSize', word: /từ 1 đến 500/ },
    { query: { pageSize: 'all' }, key: 'pageSize', word: /mỗi trang/ },
  ])('rejects $query with an error on $key only', ({ query, key, word }) => {
    const errors = errorsOf(parseEntryQuery(query, vocab));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });

  it('reports every bad parameter at once', () => {
    const errors = errorsOf(parseEntryQuery({ from: 'x', channel: 'tv', page: '0', pageSize: '9999' }, vocab));
    expect(Object.keys(errors).sort()).toEqual(['channel', 'from', 'page', 'pageSize']);
  });

  it('keeps known codes of every vocabulary', () => {
    const { filter } = valueOf(parseEntryQuery({ channel: 'zalo-oa', format: 'video', topic: 'dd', unit: 'mttq' }, vocab));
    expect(filter).toEqual({ channel: 'zalo-oa', format: 'video', topic: 'dd', unit: 'mttq' });
  });

  it('reads page and page size', () => {
    expect(valueOf(parseEntryQuery({ page: '3', pageSize: '20' }, vocab)).paging).toEqual({ page: 3, pageSize: 20 });
    expect(valueOf(parseEntryQuery({ pageSize: '500' }, vocab)).paging).toEqual({ page: 1, pageSize: 500 });
  });

  it('keeps the free text as typed, trimmed', () => {
    expect(valueOf(parseEntryQuery({ q: '  Cải cách hành chính ' }, vocab)).filter).toEqual({ q: 'Cải cách hành chính' });
  });

  it('cuts a very long free text to 200 characters', () => {
    const q = valueOf(parseEntryQuery({ q: 'a'.repeat(250) }, vocab)).filter.q;
    expect(q).toBe('a'.repeat(200));
  });

  it('ignores empty parameters', () => {
    const result = parseEntryQuery({ from: '', to: '  ', channel: '', q: '', page: '', pageSize: '' }, vocab);
    expect(valueOf(result)).toEqual({ filter: {}, paging: { page: 1, pageSize: 50 } });
  });

  it('takes the first value of a repeated parameter', () => {
    expect(valueOf(parseEntryQuery({ channel: ['radio', 'portal'], page: ['2', '5'] }, vocab))).toEqual({
      filter: { channel: 'radio' },
      paging: { page: 2, pageSize: 50 },
    });
  });
});

describe('entrySearchText', () => {
  it('folds the item title, summary and author with the entry note and link', () => {
    const text = entrySearchText(
      makeEntry({ note: 'Phát lại buổi chiều', url: 'https://example.vn/tin-1' }),
      makeItem({ title: 'Chuyển đổi số', summary: 'Đề án 06', author: 'Ủy ban MTTQ' }),
    );
    expect(text).toBe('chuyen doi so de an 06 uy ban mttq phat lai buoi chieu https://example.vn/tin-1');
  });
});

describe('matchesFilter', () => {
  const item = makeItem();
  const entry = makeEntry();
  const search = (): string => entrySearchText(entry, item);
  const matches = (filter: EntryFilter): boolean => matchesFilter(entry, item, filter, foldText(filter.q ?? ''), search);

  it('passes every entry through an empty filter', () => {
    expect(matches({})).toBe(true);
  });

  it.each([
    { filter: { channel: 'radio' }, expected: true },
    { filter: { channel: 'portal' }, expected: false },
    { filter: { format: 'news' }, expected: true },
    { filter: { format: 'video' }, expected: false },
    { filter: { topic: 'm' }, expected: true },
    { filter: { topic: 'a' }, expected: true },
    { filter: { topic: 'c' }, expected: false },
    { filter: { unit: 'vh-xh' }, expected: true },
    { filter: { unit: 'mttq' }, expected: false },
    { filter: { channel: 'radio', format: 'news', topic: 'm', unit: 'vh-xh' }, expected: true },
    { filter: { channel: 'radio', format: 'news', topic: 'm', unit: 'mttq' }, expected: false },
  ])('returns $expected for $filter', ({ filter, expected }) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each([
    { q: 'ho so truc tuyen', expected: true, why: 'words of the title, typed without diacritics' },
    { q: 'HỒ SƠ', expected: true, why: 'capitals and diacritics' },
    { q: 'cong dich vu', expected: true, why: 'words of the summary, in any order' },
    { q: 'dai truyen thanh', expected: true, why: 'the author' },
    { q: 'ban tin sang', expected: true, why: 'the entry note' },
    { q: 'ho so zalo', expected: false, why: 'one word missing' },
    { q: 'bao chi', expected: false, why: 'no word present' },
  ])('matches free text "$q": $expected ($why)', ({ q, expected }) => {
    expect(matches({ q })).toBe(expected);
  });

  it('finds an entry by its link', () => {
    const posted = makeEntry({ channel: 'portal', url: 'https://anhai.gov.vn/tin/123' });
    expect(matchesFilter(posted, item, { q: 'anhai' }, 'anhai', () => entrySearchText(posted, item))).toBe(true);
  });

  it('does not build the search text when there is no free text', () => {
    let calls = 0;
    const counted = (): string => {
      calls += 1;
      return search();
    };
    expect(matchesFilter(entry, item, { channel: 'radio' }, '', counted)).toBe(true);
    expect(calls).toBe(0);
    expect(matchesFilter(entry, item, { q: 'ho so' }, 'ho so', counted)).toBe(true);
    expect(calls).toBe(1);
  });

  it('requires the free text and the codes to match together', () => {
    expect(matches({ channel: 'portal', q: 'ho so' })).toBe(false);
    expect(matches({ channel: 'radio', q: 'zalo' })).toBe(false);
    expect(matches({ channel: 'radio', q: 'ho so' })).toBe(true);
  });
});

describe('filterToQuery', () => {
  it('writes nothing for an empty filter', () => {
    expect(filterToQuery({})).toBe('');
  });

  it('leaves out empty and missing values', () => {
    expect(filterToQuery({ channel: undefined, q: '', unit: 'mttq' })).toBe('unit=mttq');
  });

  it('adds extra parameters such as the page', () => {
    expect(filterToQuery({ channel: 'radio' }, { page: 2 })).toBe('channel=radio&page=2');
  });

  it('encodes free text so it survives a link', () => {
    const query = filterToQuery({ q: 'a&b=c d' });
    expect(query).not.toContain('&b=');
    expect(new URLSearchParams(query).get('q')).toBe('a&b=c d');
  });

  it('round-trips through parseEntryQuery to the same filter and paging', () => {
    const filter: EntryFilter = {
      from: '2026-03-01',
      to: '2026-03-31',
      channel: 'zalo-mini-app',
      format: 'infographic',
      topic: 'dd',
      unit: 'tt-phcc',
      q: 'Cải cách & "hành chính"',
    };
    const query = filterToQuery(filter, { page: 3, pageSize: 20 });
    const parsed = parseEntryQuery(Object.fromEntries(new URLSearchParams(query)), vocab);
    expect(valueOf(parsed)).toEqual({ filter, paging: { page: 3, pageSize: 20 } });
  });
});
