import { describe, it, expect } from 'vitest';
import type { EntryFields, FieldErrors, ItemFields, Result } from '../../src/domain/model.js';
import {
  type Raw,
  validateEntryFields,
  validateEntryPatch,
  validateItemFields,
  validateItemPatch,
  validateNewEntry,
} from '../../src/domain/validation.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';

const vocab = defaultVocabulary();
/** Sunday 22/11/2026, 10:00 in Vietnam. */
const NOW = new Date('2026-11-22T03:00:00Z');
const noItems = (): boolean => false;

function newEntry(raw: Raw, itemExists: (id: number) => boolean = noItems) {
  return validateNewEntry(raw, { vocab, now: NOW, itemExists });
}

function errorsOf<T>(result: Result<T>): FieldErrors {
  if (result.ok) throw new Error(`expected field errors, got a valid value: ${JSON.stringify(result.value)}`);
  return result.errors;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a valid value, got errors: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** A complete, valid body of the "new entry" form: strings only, a new item aired 3 times on the radio. */
const FORM: Raw = {
  itemMode: 'new',
  title: 'Hướng dẫn nộp hồ sơ trực tuyến',
  summary: '',
  format: 'news',
  topics: ['m'],
  unit: 'vh-xh',
  author: '',
  sourceUrl: '',
  channel: 'radio',
  date: '20/11/2026',
  time: '06:30',
  playCount: '3',
  durationSeconds: '3:30',
  url: '',
  views: '',
  interactions: '',
  note: '',
};

/** A complete, valid JSON body of the API: a new item posted on the commune portal. */
const API: Raw = {
  title: 'Hướng dẫn nộp hồ sơ trực tuyến',
  format: 'article',
  topics: ['k', 'm'],
  unit: 'tt-phcc',
  channel: 'portal',
  at: '2026-11-20T08:30:00+07:00',
  url: 'https://example.vn/a',
  views: 120,
};

/** The same API body for a radio airing (radio has no views). */
const API_RADIO: Raw = { ...API, channel: 'radio', url: undefined, views: undefined };

const ITEM: ItemFields = {
  title: 'Hướng dẫn nộp hồ sơ trực tuyến',
  summary: 'Các bước nộp hồ sơ trên Cổng dịch vụ công quốc gia.',
  format: 'news',
  topics: ['a', 'm'],
  unit: 'vh-xh',
  author: 'Đài truyền thanh xã',
  sourceUrl: null,
};

const ENTRY: EntryFields = {
  channel: 'radio',
  at: '2026-11-20T06:30:00+07:00',
  playCount: 3,
  durationSeconds: 210,
  url: null,
  views: null,
  interactions: null,
  note: 'Phát bản tin sáng',
};

describe('validateNewEntry: accepting a complete form', () => {
  it('turns the form strings into a new item and a radio entry in Vietnam time', () => {
    expect(valueOf(newEntry(FORM))).toEqual({
      item: {
        fields: {
          title: 'Hướng dẫn nộp hồ sơ trực tuyến',
          summary: '',
          format: 'news',
          topics: ['m'],
          unit: 'vh-xh',
          author: '',
          sourceUrl: null,
        },
      },
      entry: {
        channel: 'radio',
        at: '2026-11-20T06:30:00+07:00',
        playCount: 3,
        durationSeconds: 210,
        url: null,
        views: null,
        interactions: null,
        note: '',
      },
    });
  });

  it('accepts a complete API body for a portal post with a link and views', () => {
    const draft = valueOf(newEntry(API));
    expect(draft.entry).toEqual({
      channel: 'portal',
      at: '2026-11-20T08:30:00+07:00',
      playCount: 1,
      durationSeconds: null,
      url: 'https://example.vn/a',
      views: 120,
      interactions: null,
      note: '',
    });
    expect(draft.item).toEqual({
      fields: {
        title: 'Hướng dẫn nộp hồ sơ trực tuyến',
        summary: '',
        format: 'article',
        topics: ['k', 'm'],
        unit: 'tt-phcc',
        author: '',
        sourceUrl: null,
      },
    });
  });
});

type Rejection = { name: string; patch: Raw; key: string; word: RegExp };

describe('validateNewEntry: rejecting one bad form field', () => {
  const cases: Rejection[] = [
    // item fields
    { name: 'an empty title', patch: { title: '' }, key: 'title', word: /tiêu đề/ },
    { name: 'a title of blanks only', patch: { title: '   ' }, key: 'title', word: /tiêu đề/ },
    { name: 'a title of control characters only', patch: { title: '\u0000\u0007' }, key: 'title', word: /tiêu đề/ },
    { name: 'a title of 301 characters', patch: { title: 'ệ'.repeat(301) }, key: 'title', word: /300 ký tự/ },
    { name: 'a title that is neither text nor number', patch: { title: { a: 1 } }, key: 'title', word: /không hợp lệ/ },
    { name: 'a summary of 2,001 characters', patch: { summary: 'x'.repeat(2001) }, key: 'summary', word: /2\.000 ký tự/ },
    { name: 'an author of 201 characters', patch: { author: 'x'.repeat(201) }, key: 'author', word: /200 ký tự/ },
    { name: 'an unknown format code', patch: { format: 'tv-show' }, key: 'format', word: /hình thức/i },
    { name: 'a missing format', patch: { format: '' }, key: 'format', word: /Vui lòng chọn hình thức/ },
    { name: 'an unknown topic code', patch: { topics: ['m', 'z'] }, key: 'topics', word: /tuyên truyền không hợp lệ/ },
    { name: 'no topic at all', patch: { topics: [] }, key: 'topics', word: /ít nhất một/ },
    { name: 'an absent topics field', patch: { topics: undefined }, key: 'topics', word: /ít nhất một/ },
    { name: 'topics that are not a list', patch: { topics: 5 }, key: 'topics', word: /không hợp lệ/ },
    { name: 'an unknown unit code', patch: { unit: 'ubnd-tinh' }, key: 'unit', word: /đơn vị/i },
    { name: 'a javascript: source link', patch: { sourceUrl: 'javascript:alert(1)' }, key: 'sourceUrl', word: /địa chỉ web/ },
    // entry fields
    { name: 'an unknown channel code', patch: { channel: 'tv' }, key: 'channel', word: /Kênh không hợp lệ/ },
    { name: 'a missing channel', patch: { channel: '' }, key: 'channel', word: /chọn kênh/ },
    { name: 'a play count of zero', patch: { playCount: '0' }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'a negative play count', patch: { playCount: '-1' }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'a fractional play count', patch: { playCount: '1.5' }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count in words', patch: { playCount: 'abc' }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count written with a thousands dot', patch: { playCount: '1.000' }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count of 1,001', patch: { playCount: '1001' }, key: 'playCount', word: /không được quá 1\.000/ },
    { name: 'an emptied play count', patch: { playCount: '' }, key: 'playCount', word: /nhập số lượt phát/ },
    { name: 'a play count of 3 on the portal', patch: { channel: 'portal', playCount: '3' }, key: 'playCount', word: /1 lượt/ },
    { name: 'a play count of 2 in the press', patch: { channel: 'press', playCount: '2' }, key: 'playCount', word: /1 lượt/ },
    { name: 'a date not on the calendar', patch: { date: '31/02/2026' }, key: 'date', word: /không có trên lịch/ },
    { name: 'a date in words', patch: { date: 'hôm qua' }, key: 'date', word: /có dạng dd\/mm\/yyyy/ },
    { name: 'an empty date', patch: { date: '' }, key: 'date', word: /nhập ngày/ },
    { name: 'a time of 25:61', patch: { time: '25:61' }, key: 'time', word: /24 giờ/ },
    { name: 'an empty time', patch: { time: '' }, key: 'time', word: /nhập giờ/ },
    { name: 'a time one day and one minute ahead', patch: { date: '23/11/2026', time: '10:01' }, key: 'date', word: /tương lai/ },
    { name: 'a javascript: link', patch: { url: 'javascript:alert(1)' }, key: 'url', word: /địa chỉ web/ },
    { name: 'an ftp link', patch: { url: 'ftp://x' }, key: 'url', word: /http:\/\/ hoặc https:\/\// },
    { name: 'a link without a scheme', patch: { url: 'example.vn/a' }, key: 'url', word: /địa chỉ web/ },
    { name: 'a link with a blank inside', patch: { url: 'https://example.vn/a b' }, key: 'url', word: /địa chỉ web/ },
    { name: 'a link of more than 2,000 characters', patch: { url: `https://example.vn/${'a'.repeat(2000)}` }, key: 'url', word: /2\.000 ký tự/ },
    { name: 'views on a radio entry', patch: { views: '5' }, key: 'views', word: /kênh trực tuyến/ },
    { name: 'zero views on a radio entry', patch: { views: '0' }, key: 'views', word: /kênh trực tuyến/ },
    { name: 'interactions on a radio entry', patch: { interactions: '2' }, key: 'interactions', word: /trực tuyến/ },
    { name: 'negative views on the portal', patch: { channel: 'portal', playCount: '1', views: '-5' }, key: 'views', word: /số âm/ },
    { name: 'views written with a thousands dot', patch: { channel: 'portal', playCount: '1', views: '12.000' }, key: 'views', word: /số nguyên/ },
    { name: 'views in words on the portal', patch: { channel: 'portal', playCount: '1', views: 'nhiều' }, key: 'views', word: /số nguyên/ },
    { name: 'a duration of "0"', patch: { durationSeconds: '0' }, key: 'durationSeconds', word: /từ 1 giây/ },
    { name: 'a duration in words', patch: { durationSeconds: 'abc' }, key: 'durationSeconds', word: /phút:giây/ },
    { name: 'a duration with 75 seconds', patch: { durationSeconds: '3:75' }, key: 'durationSeconds', word: /phút:giây/ },
    { name: 'a duration over 12 hours', patch: { durationSeconds: '12:00:01' }, key: 'durationSeconds', word: /12 giờ/ },
    { name: 'a note of 2,001 characters', patch: { note: 'x'.repeat(2001) }, key: 'note', word: /2\.000 ký tự/ },
  ];

  it.each(cases)('rejects $name with an error on $key only', ({ patch, key, word }) => {
    const errors = errorsOf(newEntry({ ...FORM, ...patch }));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });
});

describe('validateNewEntry: rejecting one bad API field', () => {
  const cases: Rejection[] = [
    { name: 'a play count of 0', patch: { ...API_RADIO, playCount: 0 }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'a play count of -1', patch: { ...API_RADIO, playCount: -1 }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'a play count of 1.5', patch: { ...API_RADIO, playCount: 1.5 }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count of "abc"', patch: { ...API_RADIO, playCount: 'abc' }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count of 1001', patch: { ...API_RADIO, playCount: 1001 }, key: 'playCount', word: /1\.000/ },
    { name: 'a play count that is a boolean', patch: { ...API_RADIO, playCount: true }, key: 'playCount', word: /số nguyên/ },
    { name: 'a play count of 3 on the portal', patch: { playCount: 3 }, key: 'playCount', word: /1 lượt/ },
    { name: 'negative views', patch: { views: -1 }, key: 'views', word: /số âm/ },
    { name: 'fractional views', patch: { views: 1.5 }, key: 'views', word: /số nguyên/ },
    { name: 'views above one billion', patch: { views: 1_000_000_001 }, key: 'views', word: /1\.000\.000\.000/ },
    { name: 'views on a radio entry', patch: { ...API_RADIO, views: 10 }, key: 'views', word: /trực tuyến/ },
    { name: 'an `at` that is not a date', patch: { at: 'hôm qua lúc 6 giờ' }, key: 'at', word: /ISO 8601/ },
    { name: 'an `at` on the 31st of February', patch: { at: '2026-02-31T06:30:00+07:00' }, key: 'at', word: /có thật/ },
    { name: 'an `at` at hour 25', patch: { at: '2026-11-20T25:00:00+07:00' }, key: 'at', word: /có thật/ },
    { name: 'a missing `at`', patch: { at: undefined }, key: 'at', word: /Vui lòng nhập thời gian/ },
    { name: 'an `at` that is a number', patch: { at: 1763600000000 }, key: 'at', word: /Vui lòng nhập thời gian/ },
    { name: 'an `at` one day and one minute ahead (in UTC)', patch: { at: '2026-11-23T03:01:00Z' }, key: 'at', word: /tương lai/ },
    { name: 'a duration of 0 seconds', patch: { ...API_RADIO, durationSeconds: 0 }, key: 'durationSeconds', word: /từ 1 giây/ },
    { name: 'a fractional duration', patch: { ...API_RADIO, durationSeconds: 1.5 }, key: 'durationSeconds', word: /phút:giây/ },
    { name: 'a link that is not text', patch: { url: 42 }, key: 'url', word: /không hợp lệ/ },
    { name: 'an ftp link', patch: { url: 'ftp://x' }, key: 'url', word: /địa chỉ web/ },
    { name: 'an unknown channel', patch: { channel: 'tiktok' }, key: 'channel', word: /Kênh không hợp lệ/ },
    { name: 'a channel that is not text', patch: { channel: 1 }, key: 'channel', word: /Kênh không hợp lệ/ },
  ];

  it.each(cases)('rejects $name with an error on $key only', ({ patch, key, word }) => {
    const errors = errorsOf(newEntry({ ...API, ...patch }));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });
});

describe('validateNewEntry: limits that are accepted', () => {
  it('accepts a title of exactly 300 characters, counting Vietnamese letters as one each', () => {
    const title = 'ệ'.repeat(300);
    expect(valueOf(newEntry({ ...FORM, title })).item).toEqual({ fields: expect.objectContaining({ title }) });
  });

  it('accepts a play count of 1,000 on the radio', () => {
    expect(valueOf(newEntry({ ...FORM, playCount: '1000' })).entry.playCount).toBe(1000);
  });

  it('accepts a play count of 3 on the radio but not on the portal', () => {
    expect(valueOf(newEntry({ ...FORM, channel: 'radio', playCount: '3' })).entry.playCount).toBe(3);
    expect(errorsOf(newEntry({ ...FORM, channel: 'portal', playCount: '3' }))).toHaveProperty('playCount');
  });

  it('accepts a play count of 1 on the portal', () => {
    expect(valueOf(newEntry({ ...FORM, channel: 'portal', playCount: '1' })).entry.playCount).toBe(1);
  });

  it('defaults an absent play count to 1', () => {
    expect(API.playCount).toBeUndefined();
    expect(valueOf(newEntry(API)).entry.playCount).toBe(1);
    expect(valueOf(newEntry(API_RADIO)).entry.playCount).toBe(1);
  });

  it('accepts a time 23 hours ahead', () => {
    const entry = valueOf(newEntry({ ...FORM, date: '23/11/2026', time: '09:00' })).entry;
    expect(entry.at).toBe('2026-11-23T09:00:00+07:00');
  });

  it('accepts a time exactly one day ahead', () => {
    expect(valueOf(newEntry({ ...FORM, date: '23/11/2026', time: '10:00' })).entry.at).toBe('2026-11-23T10:00:00+07:00');
  });

  it('accepts a date long past', () => {
    expect(valueOf(newEntry({ ...FORM, date: '02/01/2020', time: '07:00' })).entry.at).toBe('2020-01-02T07:00:00+07:00');
  });

  it('names the too-far time and the current time in Vietnam time in the error', () => {
    const errors = errorsOf(newEntry({ ...FORM, date: '24/11/2026', time: '08:15' }));
    expect(errors.date).toMatch(/24\/11\/2026 08:15/);
    expect(errors.date).toMatch(/22\/11\/2026 10:00/);
  });

  it('accepts an https link on the entry and the item', () => {
    const draft = valueOf(newEntry({ ...FORM, url: 'https://example.vn/a', sourceUrl: 'http://example.vn/nguon' }));
    expect(draft.entry.url).toBe('https://example.vn/a');
    expect(draft.item).toEqual({ fields: expect.objectContaining({ sourceUrl: 'http://example.vn/nguon' }) });
  });

  it('accepts zero views on the portal', () => {
    expect(valueOf(newEntry({ ...API, views: 0 })).entry.views).toBe(0);
  });

  it('accepts views and interactions on the portal typed in a form', () => {
    const entry = valueOf(newEntry({ ...FORM, channel: 'portal', playCount: '1', views: '1500', interactions: '12' })).entry;
    expect(entry.views).toBe(1500);
    expect(entry.interactions).toBe(12);
  });
});

describe('validateNewEntry: durations', () => {
  it.each([
    { input: '3:30', expected: 210 },
    { input: '210', expected: 210 },
    { input: ' 210 ', expected: 210 },
    { input: 210, expected: 210 },
    { input: '1:02:03', expected: 3723 },
    { input: '90:00', expected: 5400 },
    { input: '12:00:00', expected: 43200 },
    { input: '', expected: null },
  ])('reads a duration of $input as $expected seconds', ({ input, expected }) => {
    expect(valueOf(newEntry({ ...FORM, durationSeconds: input })).entry.durationSeconds).toBe(expected);
  });

  it.each([{ input: '0' }, { input: 'abc' }, { input: 0 }, { input: -5 }, { input: '1:75:00' }])(
    'rejects a duration of $input',
    ({ input }) => {
      expect(Object.keys(errorsOf(newEntry({ ...FORM, durationSeconds: input })))).toEqual(['durationSeconds']);
    },
  );
});

describe('validateNewEntry: when the entry was aired', () => {
  it('reads a form date and time (d/m/yyyy, H:mm) as Vietnam time', () => {
    expect(valueOf(newEntry({ ...FORM, date: '5/3/2026', time: '6:30' })).entry.at).toBe('2026-03-05T06:30:00+07:00');
  });

  it('reads a form date in yyyy-mm-dd as well', () => {
    expect(valueOf(newEntry({ ...FORM, date: '2026-03-05', time: '17h45' })).entry.at).toBe('2026-03-05T17:45:00+07:00');
  });

  it('reports both a bad date and a bad time at once', () => {
    const errors = errorsOf(newEntry({ ...FORM, date: '31/02/2026', time: '25:61' }));
    expect(Object.keys(errors).sort()).toEqual(['date', 'time']);
  });

  it('asks for a time when the form sends only a date', () => {
    const { time: _time, ...withoutTime } = FORM;
    const errors = errorsOf(newEntry(withoutTime));
    expect(Object.keys(errors)).toEqual(['time']);
    expect(errors.time).toMatch(/nhập giờ/);
  });

  it('reads an API `at` without an offset as Vietnam time', () => {
    expect(valueOf(newEntry({ ...API, at: '2026-11-20T08:30' })).entry.at).toBe('2026-11-20T08:30:00+07:00');
  });

  it('converts an API `at` in UTC to Vietnam time', () => {
    expect(valueOf(newEntry({ ...API, at: '2026-11-20T17:00:00Z' })).entry.at).toBe('2026-11-21T00:00:00+07:00');
  });

  it('converts an API `at` with another offset to Vietnam time', () => {
    expect(valueOf(newEntry({ ...API, at: '2026-11-20T08:30:00+09:00' })).entry.at).toBe('2026-11-20T06:30:00+07:00');
  });

  it('accepts an API `at` 23 hours ahead and rejects one 25 hours ahead', () => {
    expect(valueOf(newEntry({ ...API, at: '2026-11-23T09:00:00+07:00' })).entry.at).toBe('2026-11-23T09:00:00+07:00');
    expect(errorsOf(newEntry({ ...API, at: '2026-11-23T11:00:00+07:00' })).at).toMatch(/tương lai/);
  });
});

describe('validateNewEntry: text is kept as plain text', () => {
  it('accepts markup in the title and note unchanged, leaving escaping to the view', () => {
    const title = '<script>alert("x")</script> & <b>CCHC</b>';
    const draft = valueOf(newEntry({ ...FORM, title, note: '<img src=x onerror=alert(1)>' }));
    expect(draft.item).toEqual({ fields: expect.objectContaining({ title }) });
    expect(draft.entry.note).toBe('<img src=x onerror=alert(1)>');
  });

  it('strips control characters from the title and trims it', () => {
    const draft = valueOf(newEntry({ ...FORM, title: '\u0000 Tuyên truyền\tdịch vụ công\u0007\u001b ' }));
    expect(draft.item).toEqual({ fields: expect.objectContaining({ title: 'Tuyên truyền dịch vụ công' }) });
  });

  it('turns a line break pasted into the title into a space', () => {
    const draft = valueOf(newEntry({ ...FORM, title: 'Dòng một\r\nDòng hai' }));
    expect(draft.item).toEqual({ fields: expect.objectContaining({ title: 'Dòng một Dòng hai' }) });
  });

  it('strips C1 control characters (U+0080–U+009F) from the title as well', () => {
    const draft = valueOf(newEntry({ ...FORM, title: 'Tuyên truyền\u0085\u009b CCHC' }));
    if (!('fields' in draft.item)) throw new Error('expected a new item');
    expect(draft.item.fields.title).not.toMatch(/[\u0080-\u009f]/);
  });

  it('keeps line breaks in the summary and note but drops other control characters', () => {
    const draft = valueOf(newEntry({ ...FORM, summary: 'Ý 1\r\nÝ 2\u0000', note: 'Sáng\rChiều\u0008' }));
    expect(draft.item).toEqual({ fields: expect.objectContaining({ summary: 'Ý 1\nÝ 2' }) });
    expect(draft.entry.note).toBe('Sáng\nChiều');
  });
});

describe('validateNewEntry: existing or new item', () => {
  const existingForm: Raw = { ...FORM, itemMode: 'existing', itemId: '7', title: '', format: '', topics: [], unit: '' };

  it('refers to an existing item by id and ignores the empty new-item fields', () => {
    const seen: number[] = [];
    const draft = valueOf(
      newEntry(existingForm, (id) => {
        seen.push(id);
        return id === 7;
      }),
    );
    expect(draft.item).toEqual({ existingId: 7 });
    expect(seen).toEqual([7]);
  });

  it('rejects an unknown item id with an error on itemId only', () => {
    const errors = errorsOf(newEntry({ ...existingForm, itemId: '999' }, (id) => id === 7));
    expect(Object.keys(errors)).toEqual(['itemId']);
    expect(errors.itemId).toMatch(/Không tìm thấy/);
  });

  it('rejects an item id that is not a number', () => {
    const errors = errorsOf(newEntry({ ...existingForm, itemId: '7abc' }, () => true));
    expect(Object.keys(errors)).toEqual(['itemId']);
    expect(errors.itemId).toMatch(/Không tìm thấy/);
  });

  it('asks to pick an item when "existing" is chosen without an id', () => {
    const errors = errorsOf(newEntry({ ...existingForm, itemId: '' }, () => true));
    expect(Object.keys(errors)).toEqual(['itemId']);
    expect(errors.itemId).toMatch(/Vui lòng chọn/);
  });

  it('treats a numeric itemId in an API body as an existing item', () => {
    const { title: _t, format: _f, topics: _p, unit: _u, ...entryOnly } = API;
    expect(valueOf(newEntry({ ...entryOnly, itemId: 7 }, (id) => id === 7)).item).toEqual({ existingId: 7 });
  });

  it('validates the new-item fields when the mode is "new", even with an itemId present', () => {
    const errors = errorsOf(newEntry({ ...FORM, itemMode: 'new', itemId: '7', title: '' }, () => true));
    expect(Object.keys(errors)).toEqual(['title']);
  });

  it('returns item and entry errors together', () => {
    const errors = errorsOf(
      newEntry({ ...FORM, title: '', topics: [], channel: 'tv', playCount: '0', date: '31/02/2026' }),
    );
    expect(Object.keys(errors).sort()).toEqual(['channel', 'date', 'playCount', 'title', 'topics']);
    expect(errors.title).toMatch(/tiêu đề/);
    expect(errors.topics).toMatch(/nội dung/);
    expect(errors.channel).toMatch(/Kênh/);
    expect(errors.playCount).toMatch(/lượt phát/);
    expect(errors.date).toMatch(/lịch/);
  });

  it('returns an unknown item id together with entry errors', () => {
    const errors = errorsOf(newEntry({ ...existingForm, itemId: '999', time: '24:00' }));
    expect(Object.keys(errors).sort()).toEqual(['itemId', 'time']);
  });
});

describe('validateItemFields', () => {
  it('accepts a complete item and trims its text', () => {
    const result = validateItemFields(
      { title: '  Chuyển đổi số  ', summary: ' Tóm tắt ', format: ' video ', topics: 'k', unit: 'mttq', author: ' Ban biên tập ', sourceUrl: 'https://example.vn/a' },
      vocab,
    );
    expect(valueOf(result)).toEqual({
      title: 'Chuyển đổi số',
      summary: 'Tóm tắt',
      format: 'video',
      topics: ['k'],
      unit: 'mttq',
      author: 'Ban biên tập',
      sourceUrl: 'https://example.vn/a',
    });
  });

  it('reads topics sent as a comma list, drops duplicates and keeps the plan order', () => {
    const result = validateItemFields({ ...ITEM, topics: 'm,a, dd,a' }, vocab);
    expect(valueOf(result).topics).toEqual(['a', 'dd', 'm']);
  });

  it('keeps the plan order whatever order the boxes were ticked in', () => {
    expect(valueOf(validateItemFields({ ...ITEM, topics: ['n', 'c', 'a'] }, vocab)).topics).toEqual(['a', 'c', 'n']);
  });

  it('accepts a title given as a number', () => {
    expect(valueOf(validateItemFields({ ...ITEM, title: 2026 }, vocab)).title).toBe('2026');
  });

  const cases: Rejection[] = [
    { name: 'an empty title', patch: { title: '' }, key: 'title', word: /Vui lòng nhập tiêu đề/ },
    { name: 'a missing title', patch: { title: undefined }, key: 'title', word: /tiêu đề/ },
    { name: 'a 301-character title', patch: { title: 'a'.repeat(301) }, key: 'title', word: /dài quá 300/ },
    { name: 'an unknown format', patch: { format: 'podcast' }, key: 'format', word: /Hình thức thể hiện không hợp lệ/ },
    { name: 'a format that is not text', patch: { format: 3 }, key: 'format', word: /không hợp lệ/ },
    { name: 'an unknown topic', patch: { topics: ['f'] }, key: 'topics', word: /tuyên truyền/ },
    { name: 'an empty topic list', patch: { topics: [] }, key: 'topics', word: /ít nhất một/ },
    { name: 'topics that are not text', patch: { topics: [1] }, key: 'topics', word: /không hợp lệ/ },
    { name: 'an unknown unit', patch: { unit: 'cong-an' }, key: 'unit', word: /Đơn vị thực hiện không hợp lệ/ },
    { name: 'a missing unit', patch: { unit: undefined }, key: 'unit', word: /chọn đơn vị/ },
    { name: 'a javascript: source link', patch: { sourceUrl: 'javascript:alert(1)' }, key: 'sourceUrl', word: /địa chỉ web/ },
    { name: 'an ftp source link', patch: { sourceUrl: 'ftp://x' }, key: 'sourceUrl', word: /địa chỉ web/ },
  ];

  it.each(cases)('rejects $name with an error on $key only', ({ patch, key, word }) => {
    const errors = errorsOf(validateItemFields({ ...ITEM, ...patch }, vocab));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });

  it.each([{ topics: [] }, { topics: '' }, { topics: undefined }])('leaves an imported item unclassified when it has no topic ($topics)', (patch) => {
    expect(valueOf(validateItemFields({ ...ITEM, ...patch }, vocab, undefined, { allowUnclassified: true })).topics).toEqual([]);
  });

  it('still refuses an unknown topic on an item that may stay unclassified', () => {
    expect(Object.keys(errorsOf(validateItemFields({ ...ITEM, topics: ['a', 'q'] }, vocab, undefined, { allowUnclassified: true })))).toEqual(['topics']);
  });
});

describe('validateEntryFields', () => {
  it('reads a form body into entry fields', () => {
    expect(valueOf(validateEntryFields(FORM, vocab, NOW))).toEqual({
      channel: 'radio',
      at: '2026-11-20T06:30:00+07:00',
      playCount: 3,
      durationSeconds: 210,
      url: null,
      views: null,
      interactions: null,
      note: '',
    });
  });

  it('ignores item fields, which are not its business', () => {
    expect(validateEntryFields({ ...FORM, title: '', topics: 'zzz' }, vocab, NOW).ok).toBe(true);
  });

  it('judges "the future" against the now it is given', () => {
    const raw = { ...API, at: '2026-11-24T08:00:00+07:00' };
    expect(errorsOf(validateEntryFields(raw, vocab, NOW))).toHaveProperty('at');
    expect(valueOf(validateEntryFields(raw, vocab, new Date('2026-11-23T12:00:00Z'))).at).toBe('2026-11-24T08:00:00+07:00');
  });

  const cases: Rejection[] = [
    { name: 'play count 0', patch: { playCount: 0 }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'play count -1', patch: { playCount: -1 }, key: 'playCount', word: /từ 1 trở lên/ },
    { name: 'play count 1.5', patch: { playCount: 1.5 }, key: 'playCount', word: /số nguyên/ },
    { name: 'play count "abc"', patch: { playCount: 'abc' }, key: 'playCount', word: /số nguyên/ },
    { name: 'play count 1001', patch: { playCount: 1001 }, key: 'playCount', word: /quá 1\.000/ },
    { name: 'views on the radio', patch: { views: 3 }, key: 'views', word: /trực tuyến/ },
    { name: 'garbage in `at`', patch: { at: 'not a time' }, key: 'at', word: /ISO 8601/ },
    { name: 'a `javascript:` url', patch: { url: 'javascript:alert(1)' }, key: 'url', word: /http/ },
  ];

  it.each(cases)('rejects $name with an error on $key only', ({ patch, key, word }) => {
    const errors = errorsOf(validateEntryFields({ ...API_RADIO, ...patch }, vocab, NOW));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });

  it('accepts a play count of 1000', () => {
    expect(valueOf(validateEntryFields({ ...API_RADIO, playCount: 1000 }, vocab, NOW)).playCount).toBe(1000);
  });
});

describe('validateEntryPatch', () => {
  const patch = (raw: Raw, current: EntryFields = ENTRY) => validateEntryPatch(raw, current, { vocab, now: NOW });

  it('keeps every unchanged field and applies the changed one', () => {
    expect(valueOf(patch({ playCount: 5 }))).toEqual({ ...ENTRY, playCount: 5 });
  });

  it('returns the current fields for an empty patch', () => {
    expect(valueOf(patch({}))).toEqual(ENTRY);
  });

  it('reads a new `at` without an offset as Vietnam time', () => {
    expect(valueOf(patch({ at: '2026-11-21T06:30' })).at).toBe('2026-11-21T06:30:00+07:00');
  });

  it('clears the duration when it is sent as null', () => {
    expect(valueOf(patch({ durationSeconds: null }))).toEqual({ ...ENTRY, durationSeconds: null });
  });

  it.each([
    { field: 'title', value: 'Tiêu đề mới' },
    { field: 'summary', value: 'Tóm tắt mới' },
    { field: 'format', value: 'news' },
    { field: 'topics', value: ['a'] },
    { field: 'unit', value: 'vh-xh' },
    { field: 'author', value: 'Ai đó' },
    { field: 'sourceUrl', value: 'https://example.vn' },
  ])('refuses the item field $field with an error on it', ({ field, value }) => {
    const errors = errorsOf(patch({ [field]: value }));
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(/thuộc tin bài/);
  });

  it('refuses an item field even alongside a valid entry change', () => {
    const errors = errorsOf(patch({ title: 'Mới', playCount: 4 }));
    expect(Object.keys(errors)).toEqual(['title']);
  });

  it('reports refused item fields together with entry errors', () => {
    const errors = errorsOf(patch({ title: 'Mới', playCount: 0 }));
    expect(Object.keys(errors).sort()).toEqual(['playCount', 'title']);
  });

  it('validates the merged entry, so moving a 3-play radio entry to the portal is refused on playCount', () => {
    const errors = errorsOf(patch({ channel: 'portal' }));
    expect(Object.keys(errors)).toEqual(['playCount']);
    expect(errors.playCount).toMatch(/1 lượt/);
  });

  it('accepts a move to the portal when the play count and views fit', () => {
    expect(valueOf(patch({ channel: 'portal', playCount: 1, views: 40, url: 'https://example.vn/a' }))).toEqual({
      ...ENTRY,
      channel: 'portal',
      playCount: 1,
      views: 40,
      url: 'https://example.vn/a',
    });
  });

  it.each<Rejection>([
    { name: 'play count 0', patch: { playCount: 0 }, key: 'playCount', word: /từ 1/ },
    { name: 'views on a radio entry', patch: { views: 10 }, key: 'views', word: /trực tuyến/ },
    { name: 'garbage in `at`', patch: { at: 'xyz' }, key: 'at', word: /ISO 8601/ },
    { name: 'an `at` two days ahead', patch: { at: '2026-11-24T10:00:00+07:00' }, key: 'at', word: /tương lai/ },
    { name: 'an unknown channel', patch: { channel: 'tv' }, key: 'channel', word: /Kênh/ },
    { name: 'an ftp url', patch: { url: 'ftp://x' }, key: 'url', word: /địa chỉ web/ },
  ])('rejects $name with an error on $key only', ({ patch: raw, key, word }) => {
    const errors = errorsOf(patch(raw));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });
});

describe('validateItemPatch', () => {
  const patch = (raw: Raw) => validateItemPatch(raw, ITEM, vocab);

  it('keeps every unchanged field and applies the changed one', () => {
    expect(valueOf(patch({ title: 'Tiêu đề mới' }))).toEqual({ ...ITEM, title: 'Tiêu đề mới' });
  });

  it('returns the current fields for an empty patch', () => {
    expect(valueOf(patch({}))).toEqual(ITEM);
  });

  it('puts changed topics in plan order', () => {
    expect(valueOf(patch({ topics: ['n', 'b'] }))).toEqual({ ...ITEM, topics: ['b', 'n'] });
  });

  it('clears the source link when it is sent as null', () => {
    const current: ItemFields = { ...ITEM, sourceUrl: 'https://example.vn/a' };
    expect(valueOf(validateItemPatch({ sourceUrl: null }, current, vocab)).sourceUrl).toBeNull();
  });

  it('ignores entry fields', () => {
    expect(valueOf(patch({ channel: 'tv', playCount: 0 }))).toEqual(ITEM);
  });

  it('lets an unclassified item stay unclassified, or be classified', () => {
    const unclassified: ItemFields = { ...ITEM, topics: [] };
    expect(valueOf(validateItemPatch({ title: 'Tiêu đề mới' }, unclassified, vocab))).toEqual({ ...unclassified, title: 'Tiêu đề mới' });
    expect(valueOf(validateItemPatch({ topics: [] }, unclassified, vocab)).topics).toEqual([]);
    expect(valueOf(validateItemPatch({ topics: ['k', 'a'] }, unclassified, vocab)).topics).toEqual(['a', 'k']);
  });

  it.each<Rejection>([
    { name: 'an emptied title', patch: { title: '' }, key: 'title', word: /tiêu đề/ },
    { name: 'a 301-character title', patch: { title: 'x'.repeat(301) }, key: 'title', word: /300/ },
    { name: 'an unknown format', patch: { format: 'tv' }, key: 'format', word: /hình thức/i },
    { name: 'an emptied topic list', patch: { topics: [] }, key: 'topics', word: /ít nhất một/ },
    { name: 'an unknown topic', patch: { topics: ['a', 'q'] }, key: 'topics', word: /không hợp lệ/ },
    { name: 'an unknown unit', patch: { unit: 'x' }, key: 'unit', word: /đơn vị/i },
    { name: 'a javascript: source link', patch: { sourceUrl: 'javascript:alert(1)' }, key: 'sourceUrl', word: /địa chỉ web/ },
  ])('rejects $name with an error on $key only', ({ patch: raw, key, word }) => {
    const errors = errorsOf(patch(raw));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(word);
  });
});
