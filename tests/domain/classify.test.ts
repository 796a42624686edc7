import { describe, expect, it } from 'vitest';
import { MAX_CLASSIFY, parseUnclassifiedQuery, suggestTopics, unclassifiedQueryString, validateClassification } from '../../src/domain/classify.js';
import { defaultSettings, vocabularyFrom } from '../../src/domain/settings.js';

const vocab = vocabularyFrom(defaultSettings());

describe('parseUnclassifiedQuery', () => {
  it('reads the import, the period (dd/mm/yyyy or ISO), the words and the paging', () => {
    const parsed = parseUnclassifiedQuery({ importId: '7', from: '01/03/2026', to: '2026-03-31', q: ' thanh toán ', page: '2', pageSize: '200' });
    expect(parsed).toEqual({ ok: true, value: { filter: { from: '2026-03-01', to: '2026-03-31', q: 'thanh toán' }, importId: 7, paging: { page: 2, pageSize: 200 } } });
  });

  it('gives 50 a page and no filter for an empty query', () => {
    expect(parseUnclassifiedQuery({})).toEqual({ ok: true, value: { filter: {}, importId: null, paging: { page: 1, pageSize: 50 } } });
  });

  it.each([
    [{ from: '30/02/2026' }, 'from', 'Ngày 30/02/2026 không có trên lịch.'],
    [{ to: 'hôm qua' }, 'to', 'Ngày phải có dạng dd/mm/yyyy.'],
    [{ from: '2026-03-31', to: '2026-03-01' }, 'to', 'Ngày kết thúc phải sau ngày bắt đầu.'],
    [{ importId: 'abc' }, 'importId', 'Lần nhập không hợp lệ.'],
    [{ page: '0' }, 'page', 'Số trang không hợp lệ.'],
    [{ pageSize: '201' }, 'pageSize', 'Số dòng mỗi trang phải từ 1 đến 200.'],
  ])('refuses %j with a message on its field', (query, key, message) => {
    expect(parseUnclassifiedQuery(query)).toEqual({ ok: false, errors: { [key]: message } });
  });

  it('writes a filter back as the query of its links', () => {
    expect(unclassifiedQueryString({ filter: { from: '2026-03-01', q: 'dịch vụ' }, importId: 3 }, { page: '2' })).toBe('importId=3&from=2026-03-01&q=d%E1%BB%8Bch+v%E1%BB%A5&page=2');
  });
});

describe('validateClassification', () => {
  it('reads item ids (numbers or form strings, each once) and topics in the plan order', () => {
    expect(validateClassification({ itemIds: ['12', 5, '12'], topics: ['k', 'a'] }, vocab)).toEqual({ ok: true, value: { itemIds: [12, 5], topics: ['a', 'k'] } });
    expect(validateClassification({ itemIds: '9', topics: 'm' }, vocab)).toEqual({ ok: true, value: { itemIds: [9], topics: ['m'] } });
  });

  it.each([
    [{ topics: ['a'] }, { itemIds: 'Vui lòng đánh dấu ít nhất một tin bài để phân loại.' }],
    [{ itemIds: [1, 'x'], topics: ['a'] }, { itemIds: 'Mã tin bài không hợp lệ.' }],
    [{ itemIds: [0], topics: ['a'] }, { itemIds: 'Mã tin bài không hợp lệ.' }],
    [{ itemIds: Array.from({ length: MAX_CLASSIFY + 1 }, (_, i) => i + 1), topics: ['a'] }, { itemIds: 'Mỗi lần lưu phân loại tối đa 500 tin bài.' }],
    [{ itemIds: [1] }, { topics: 'Vui lòng chọn ít nhất một nội dung tuyên truyền.' }],
    [{ itemIds: [1], topics: ['a', 'zz'] }, { topics: 'Nội dung tuyên truyền không hợp lệ.' }],
    [{ itemIds: [1], topics: [3] }, { topics: 'Nội dung tuyên truyền không hợp lệ.' }],
  ])('refuses %j', (raw, errors) => {
    expect(validateClassification(raw, vocab)).toEqual({ ok: false, errors });
  });

  it('refuses a retired topic', () => {
    const settings = defaultSettings();
    settings.topics = settings.topics.map((t) => (t.code === 'n' ? { ...t, retired: true } : t));
    expect(validateClassification({ itemIds: [1], topics: ['n'] }, vocabularyFrom(settings))).toEqual({ ok: false, errors: { topics: 'Có nội dung tuyên truyền đã ngừng dùng; vui lòng bỏ chọn.' } });
  });
});

describe('suggestTopics', () => {
  const topics = [
    { code: 'm', label: 'm) Dịch vụ công trực tuyến', description: '', keywords: ['dịch vụ công', 'thanh toan truc tuyen'] },
    { code: 'k', label: 'k) Chuyển đổi số', description: '', keywords: ['chuyển đổi số', 'số'] },
    { code: 'n', label: 'n) Cuộc thi', description: '', keywords: ['cuộc thi'], retired: true },
    { code: 'a', label: 'a) Chủ trương', description: '' },
  ];

  it.each([
    ['Hướng dẫn nộp hồ sơ trên DỊCH VỤ CÔNG trực tuyến', ['m']],
    // A key word typed without diacritics matches with or without them.
    ['Thanh toán trực tuyến, chuyển đổi số ở phường', ['m', 'k']],
    // Whole words, with their diacritics: "số" is not "sổ" nor "sơ", and "dịch vụ" alone is not "dịch vụ công".
    ['Sổ tay hồ sơ dịch vụ', []],
    ['Đề án số 06', ['k']],
    // A retired topic is not suggested.
    ['Cuộc thi tìm hiểu CCHC', []],
    ['Tin tuần 12', []],
  ])('suggests for "%s": %j', (title, codes) => {
    expect(suggestTopics(title, topics)).toEqual(codes);
  });
});
