import { describe, it, expect } from 'vitest';
import type { Result } from '../../src/domain/model.js';
import { codeFor, completion, defaultSettings, editKeywords, editTerms, type ManagedTerm, nextDeadline, validateCommune, validateExportSettings, validateTargets } from '../../src/domain/settings.js';
import { CHANNELS } from '../../src/domain/vocabulary.js';

const UNIT_CODES = ['tt-dvsnc', 'vp-hdnd-ubnd', 'tt-phcc', 'vh-xh', 'kt-ht-dt', 'mttq'];

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got errors ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorFields<T>(result: Result<T>): string[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return Object.keys(result.errors).sort();
}

describe('codeFor', () => {
  it('folds Vietnamese diacritics and đ into a hyphenated lower-case code', () => {
    expect(codeFor('Phòng Tư pháp', [])).toBe('phong-tu-phap');
    expect(codeFor('Đoàn Thanh niên', [])).toBe('doan-thanh-nien');
    expect(codeFor('Ủy ban MTTQ Việt Nam', [])).toBe('uy-ban-mttq-viet-nam');
  });

  it('turns punctuation and repeated spaces into one hyphen and trims the ends', () => {
    expect(codeFor('  Hội Cựu chiến binh, Hội Nông dân!  ', [])).toBe('hoi-cuu-chien-binh-hoi-nong-dan');
    expect(codeFor('Kinh tế - Hạ tầng', [])).toBe('kinh-te-ha-tang');
  });

  it('adds -2, then -3, when the code is taken', () => {
    expect(codeFor('Phòng Tư pháp', ['phong-tu-phap'])).toBe('phong-tu-phap-2');
    expect(codeFor('Phòng Tư pháp', ['phong-tu-phap', 'phong-tu-phap-2'])).toBe('phong-tu-phap-3');
  });

  it('falls back to "muc" for a label with no letter or digit', () => {
    expect(codeFor('!!!', [])).toBe('muc');
    expect(codeFor('---', ['muc'])).toBe('muc-2');
  });

  it('cuts long labels to 40 characters', () => {
    expect(codeFor('Trung tâm Phục vụ hành chính công phường An Hải', [])).toBe('trung-tam-phuc-vu-hanh-chinh-cong-phuong');
  });
});

describe('codeFor: the cut', () => {
  it('never ends a code with a hyphen when the cut falls on a word break', () => {
    // 39 letters, a space, more letters: the 40th character of the code is the hyphen.
    const code = codeFor(`${'a'.repeat(39)} bcd`, []);
    expect(code).toBe('a'.repeat(39));
  });
});

describe('validateCommune', () => {
  it.each(['xã', 'phường', 'đặc khu'])('accepts the kind %s', (kind) => {
    expect(value(validateCommune({ communeName: 'An Hải', communeKind: kind, deadlineDay: '8' }))).toEqual({ communeName: 'An Hải', communeKind: kind, deadlineDay: 8 });
  });

  it.each(['thị trấn', 'huyện', 'Phường', '', undefined])('refuses the kind %s', (kind) => {
    expect(errorFields(validateCommune({ communeName: 'An Hải', communeKind: kind, deadlineDay: '8' }))).toEqual(['communeKind']);
  });

  it('refuses an empty or blank name', () => {
    expect(errorFields(validateCommune({ communeName: '', communeKind: 'xã' }))).toEqual(['communeName']);
    expect(errorFields(validateCommune({ communeName: '   ', communeKind: 'xã' }))).toEqual(['communeName']);
    expect(errorFields(validateCommune({ communeKind: 'xã' }))).toEqual(['communeName']);
  });

  it('trims the name', () => {
    expect(value(validateCommune({ communeName: '  Lạc Phượng ', communeKind: 'xã', deadlineDay: '8' })).communeName).toBe('Lạc Phượng');
  });

  it('accepts a name of 100 characters and refuses one of 101', () => {
    expect(value(validateCommune({ communeName: 'ư'.repeat(100), communeKind: 'xã' })).communeName).toHaveLength(100);
    expect(errorFields(validateCommune({ communeName: 'ư'.repeat(101), communeKind: 'xã' }))).toEqual(['communeName']);
  });

  it.each([
    ['1', 1],
    ['28', 28],
    ['08', 8],
    [15, 15],
  ])('accepts the deadline day %s', (day, expected) => {
    expect(value(validateCommune({ communeName: 'An Hải', communeKind: 'phường', deadlineDay: day })).deadlineDay).toBe(expected);
  });

  it('defaults the deadline day to the 8th', () => {
    expect(value(validateCommune({ communeName: 'An Hải', communeKind: 'phường' })).deadlineDay).toBe(8);
    expect(value(validateCommune({ communeName: 'An Hải', communeKind: 'phường', deadlineDay: '' })).deadlineDay).toBe(8);
  });

  it.each(['0', '29', '31', '-1', '8.5', 'abc', 0, 29])('refuses the deadline day %s', (day) => {
    expect(errorFields(validateCommune({ communeName: 'An Hải', communeKind: 'phường', deadlineDay: day }))).toEqual(['deadlineDay']);
  });

  it('reports every bad field at once', () => {
    expect(errorFields(validateCommune({ communeName: '', communeKind: 'tỉnh', deadlineDay: '30' }))).toEqual(['communeKind', 'communeName', 'deadlineDay']);
  });
});

describe('editTerms', () => {
  const units = (): ManagedTerm[] => defaultSettings().units;
  const make = (code: string, label: string): ManagedTerm => ({ code, label, retired: false });

  it('renames a term and leaves the others as they were', () => {
    const next = value(editTerms(units(), { label_mttq: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường' }, make));
    expect(next.find((t) => t.code === 'mttq')).toEqual({ code: 'mttq', label: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường', retired: false });
    expect(next.filter((t) => t.code !== 'mttq')).toEqual(units().filter((t) => t.code !== 'mttq'));
  });

  it('retires a checked term on the list form and keeps the unchecked ones in use', () => {
    const next = value(editTerms(units(), { listForm: '1', 'retired_vh-xh': 'on' }, make));
    expect(next.map((t) => [t.code, t.retired])).toEqual([
      ['tt-dvsnc', false],
      ['vp-hdnd-ubnd', false],
      ['tt-phcc', false],
      ['vh-xh', true],
      ['kt-ht-dt', false],
      ['mttq', false],
    ]);
  });

  it('brings a retired term back when its box is unchecked on the list form', () => {
    const list = units().map((t) => (t.code === 'mttq' ? { ...t, retired: true } : t));
    const next = value(editTerms(list, { listForm: '1' }, make));
    expect(next.find((t) => t.code === 'mttq')?.retired).toBe(false);
  });

  it('keeps a retired term retired when the edit is not the list form', () => {
    const list = units().map((t) => (t.code === 'mttq' ? { ...t, retired: true } : t));
    const next = value(editTerms(list, { newLabel: 'Phòng Tư pháp' }, make));
    expect(next.find((t) => t.code === 'mttq')?.retired).toBe(true);
  });

  it('adds a new term at the end with a code made from its label', () => {
    const next = value(editTerms(units(), { newLabel: '  Phòng Tư pháp  ' }, make));
    expect(next.map((t) => t.code)).toEqual([...UNIT_CODES, 'phong-tu-phap']);
    expect(next[6]).toEqual({ code: 'phong-tu-phap', label: 'Phòng Tư pháp', retired: false });
  });

  it('makes the new code unique when the code is taken by a renamed term', () => {
    const list = [...units(), { code: 'phong-tu-phap', label: 'Phòng Tư pháp - Hộ tịch', retired: false }];
    const next = value(editTerms(list, { newLabel: 'Phòng Tư pháp' }, make));
    expect(next.map((t) => t.code)).toEqual([...UNIT_CODES, 'phong-tu-phap', 'phong-tu-phap-2']);
  });

  it('refuses a new label that an existing term has, whatever the case and diacritics', () => {
    expect(errorFields(editTerms(units(), { newLabel: 'Phòng Văn hóa - Xã hội' }, make))).toEqual(['newLabel']);
    expect(errorFields(editTerms(units(), { newLabel: 'phong van hoa - xa hoi' }, make))).toEqual(['newLabel']);
  });

  it('refuses a new label that a retired term has', () => {
    const list = units().map((t) => (t.code === 'mttq' ? { ...t, retired: true } : t));
    expect(errorFields(editTerms(list, { newLabel: 'Ủy ban MTTQ Việt Nam' }, make))).toEqual(['newLabel']);
  });

  it('refuses renaming a term to the label of another term', () => {
    expect(errorFields(editTerms(units(), { label_mttq: 'Phòng Văn hóa - Xã hội' }, make))).toEqual(['label_mttq']);
  });

  it('refuses an empty label on the term being renamed', () => {
    expect(errorFields(editTerms(units(), { label_mttq: '   ' }, make))).toEqual(['label_mttq']);
  });

  it('ignores an empty new label', () => {
    expect(value(editTerms(units(), { newLabel: '  ' }, make)).map((t) => t.code)).toEqual(UNIT_CODES);
  });

  it('refuses to retire every term', () => {
    const raw: Record<string, unknown> = { listForm: '1' };
    for (const code of UNIT_CODES) raw[`retired_${code}`] = 'on';
    expect(errorFields(editTerms(units(), raw, make))).toEqual(['list']);
  });

  it('accepts retiring all but one term', () => {
    const raw: Record<string, unknown> = { listForm: '1' };
    for (const code of UNIT_CODES.slice(1)) raw[`retired_${code}`] = 'on';
    expect(value(editTerms(units(), raw, make)).filter((t) => !t.retired).map((t) => t.code)).toEqual(['tt-dvsnc']);
  });

  it('never removes a code, whatever is renamed, retired or sent for an unknown code', () => {
    const next = value(
      editTerms(units(), { listForm: '1', label_mttq: 'Mặt trận', 'retired_tt-phcc': 'on', 'label_khong-co': 'Lạ', 'retired_khong-co': 'on' }, make),
    );
    expect(next.map((t) => t.code)).toEqual(UNIT_CODES);
  });
});

describe('validateExportSettings', () => {
  it('defaults the CSV separator to a comma', () => {
    expect(defaultSettings().csvSeparator).toBe(',');
  });

  it.each([',', ';'])('takes %j as the CSV separator', (separator) => {
    expect(value(validateExportSettings({ csvSeparator: separator }))).toEqual({ csvSeparator: separator });
  });

  it.each([['a tab', '\t'], ['a pipe', '|'], ['a comma with a space', ', '], ['nothing', undefined], ['an empty choice', ''], ['a list', [',', ';']]])('refuses %s with a Vietnamese message', (_what, separator) => {
    const result = validateExportSettings({ csvSeparator: separator });
    expect(errorFields(result)).toEqual(['csvSeparator']);
    expect(result.ok ? '' : result.errors.csvSeparator).toBe('Vui lòng chọn dấu ngăn cách cột: dấu phẩy (,) hoặc dấu chấm phẩy (;).');
  });
});

describe('validateTargets', () => {
  const codes = CHANNELS.map((c) => c.code);

  it('reads whole numbers, trimming spaces, and leaves out empty and zero targets', () => {
    expect(value(validateTargets({ target_radio: '120', target_portal: ' 48 ', target_fanpage: '', target_youtube: '0', target_meeting: 6 }, codes))).toEqual({
      radio: 120,
      portal: 48,
      meeting: 6,
    });
  });

  it('gives no targets for an empty form', () => {
    expect(value(validateTargets({}, codes))).toEqual({});
  });

  it('ignores a target for a channel not offered', () => {
    expect(value(validateTargets({ target_radio: '5', target_loa: '9' }, codes))).toEqual({ radio: 5 });
  });

  it.each(['1.200', '-5', '12,5', 'abc', '12345678'])('refuses the target "%s" on its field', (text) => {
    expect(errorFields(validateTargets({ target_radio: '10', target_portal: text }, codes))).toEqual(['target_portal']);
  });

  it('accepts a seven-digit target', () => {
    expect(value(validateTargets({ target_radio: '1234567' }, codes))).toEqual({ radio: 1234567 });
  });
});

describe('nextDeadline', () => {
  // Days counted by hand, e.g. 09/03 → 08/06: 23 days to 01/04, +30 → 01/05, +31 → 01/06, +7 = 91.
  it.each([
    ['2026-01-01', '2026-03-08', 66, 'Báo cáo quý I năm 2026'],
    ['2026-03-07', '2026-03-08', 1, 'Báo cáo quý I năm 2026'],
    ['2026-03-08', '2026-03-08', 0, 'Báo cáo quý I năm 2026'],
    ['2026-03-09', '2026-06-08', 91, 'Báo cáo quý II và 6 tháng năm 2026'],
    ['2026-06-07', '2026-06-08', 1, 'Báo cáo quý II và 6 tháng năm 2026'],
    ['2026-06-08', '2026-06-08', 0, 'Báo cáo quý II và 6 tháng năm 2026'],
    ['2026-06-09', '2026-09-08', 91, 'Báo cáo quý III năm 2026'],
    ['2026-09-07', '2026-09-08', 1, 'Báo cáo quý III năm 2026'],
    ['2026-09-08', '2026-09-08', 0, 'Báo cáo quý III năm 2026'],
    ['2026-09-09', '2026-12-08', 90, 'Báo cáo quý IV và năm 2026'],
    ['2026-12-07', '2026-12-08', 1, 'Báo cáo quý IV và năm 2026'],
    ['2026-12-08', '2026-12-08', 0, 'Báo cáo quý IV và năm 2026'],
    ['2026-12-09', '2027-03-08', 89, 'Báo cáo quý I năm 2027'],
    ['2027-12-09', '2028-03-08', 90, 'Báo cáo quý I năm 2028'],
  ])('from %s the next deadline on the 8th is %s, %i days away', (today, date, daysLeft, label) => {
    expect(nextDeadline(today, 8)).toEqual({ date, daysLeft, label });
  });

  it('uses the deadline day of the settings', () => {
    expect(nextDeadline('2026-03-10', 15)).toMatchObject({ date: '2026-03-15', daysLeft: 5 });
    expect(nextDeadline('2026-03-16', 15)).toMatchObject({ date: '2026-06-15', daysLeft: 91 });
  });
});

describe('completion', () => {
  it('gives the full score share at 100%', () => {
    expect(completion(100, 100)).toEqual({ percent: 100, scoreShare: 1 });
  });

  it('gives the full score share above 100%', () => {
    expect(completion(130, 100)).toEqual({ percent: 130, scoreShare: 1 });
  });

  it('gives a pro rata share of 0.95 at 95%', () => {
    const c = completion(95, 100);
    expect(c.percent).toBeCloseTo(95, 10);
    expect(c.scoreShare).toBeCloseTo(0.95, 10);
  });

  it('gives a share of 0.9 at exactly 90%', () => {
    expect(completion(45, 50).scoreShare).toBeCloseTo(0.9, 10);
  });

  it('gives no share at 89.9%', () => {
    const c = completion(899, 1000);
    expect(c.percent).toBeCloseTo(89.9, 10);
    expect(c.scoreShare).toBe(0);
  });

  it('gives 0% and no share for a target of 0', () => {
    expect(completion(12, 0)).toEqual({ percent: 0, scoreShare: 0 });
  });
});

describe('editKeywords', () => {
  const topics = () => defaultSettings().topics;

  it('reads key words separated by commas, semicolons or lines, trimmed, each once whatever its case or diacritics', () => {
    const next = editKeywords(topics(), { keywords_m: ' dịch vụ công; Dich vu cong,\nthanh toán trực tuyến ,, ' });
    expect(next.ok && next.value.find((t) => t.code === 'm')!.keywords).toEqual(['dịch vụ công', 'thanh toán trực tuyến']);
  });

  it('keeps the key words of a topic whose field is absent, and clears them with an empty field', () => {
    const withWords = topics().map((t) => (t.code === 'k' ? { ...t, keywords: ['chuyển đổi số'] } : t));
    const kept = editKeywords(withWords, { keywords_m: 'dịch vụ công' });
    expect(kept.ok && kept.value.find((t) => t.code === 'k')!.keywords).toEqual(['chuyển đổi số']);
    const cleared = editKeywords(withWords, { keywords_k: '  ' });
    expect(cleared.ok && 'keywords' in cleared.value.find((t) => t.code === 'k')!).toBe(false);
  });

  it('refuses more than 20 key words or one over 60 characters', () => {
    expect(editKeywords(topics(), { keywords_a: Array.from({ length: 21 }, (_, i) => `từ ${i}`).join(',') })).toEqual({ ok: false, errors: { keywords_a: 'Mỗi nội dung có tối đa 20 từ khóa, mỗi từ khóa tối đa 60 ký tự.' } });
    expect(editKeywords(topics(), { keywords_a: 'x'.repeat(61) }).ok).toBe(false);
  });
});
