import type { FieldErrors } from './model.js';
import { cleanLine, cleanMultiline, dropNonCharacters, fmtNumber } from './text.js';
import { fmtDate, localIsoFromParts, parseIsoDateTime, parseLocalDate, parseLocalTime, toLocalIso } from './time.js';
import { hasCode, isChoosable, type Vocabulary } from './vocabulary.js';

// The readers of single fields of a form or a JSON body: each reads one value, adds its Vietnamese
// message to `errors` when the value is wrong, and never throws on user input.

export const LIMITS = {
  title: 300,
  summary: 2000,
  author: 200,
  note: 2000,
  url: 2000,
  playCount: 1000,
  durationSeconds: 12 * 3600,
  views: 1_000_000_000,
  futureMs: 24 * 3600 * 1000,
} as const;

/** Untrusted input: a parsed form body or a JSON body. */
export type Raw = Record<string, unknown>;

export const has = (raw: Raw, key: string): boolean => Object.prototype.hasOwnProperty.call(raw, key) && raw[key] !== undefined;

// Control and format characters never belong in the log; line breaks are kept only where the field is multi-line.
export function cleanText(value: string, multiline: boolean): string {
  return multiline ? cleanMultiline(value) : cleanLine(value);
}

export function readText(raw: Raw, key: string, errors: FieldErrors, opts: { max: number; label: string; multiline?: boolean }): string {
  const value = raw[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number') {
    errors[key] = `${opts.label} không hợp lệ.`;
    return '';
  }
  const text = cleanText(String(value), opts.multiline ?? false);
  if ([...text].length > opts.max) errors[key] = `${opts.label} không được dài quá ${fmtNumber(opts.max)} ký tự.`;
  return text;
}

export function readCode(raw: Raw, key: string, errors: FieldErrors, terms: Vocabulary[keyof Vocabulary], what: string, current?: string): string {
  const value = raw[key];
  if (value === undefined || value === null || value === '') {
    errors[key] = `Vui lòng chọn ${what}.`;
    return '';
  }
  if (typeof value !== 'string' || !hasCode(terms, value.trim())) {
    errors[key] = `${what[0]!.toUpperCase()}${what.slice(1)} không hợp lệ.`;
    return '';
  }
  if (!isChoosable(terms, value.trim(), current)) {
    errors[key] = `${what[0]!.toUpperCase()}${what.slice(1)} này đã ngừng dùng; vui lòng chọn mục khác.`;
    return '';
  }
  return value.trim();
}

type NumberRead = { ok: true; value: number | null } | { ok: false };

/**
 * Reads an optional whole number typed in a form or sent as JSON. "12.000" is refused, not read as 12:
 * in Vietnamese it means twelve thousand, so a separator is ambiguous and must be typed away.
 */
export function readWhole(raw: Raw, key: string, errors: FieldErrors, opts: { label: string; min: number; max: number }): NumberRead {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) n = Number(value);
  else if (typeof value === 'string' && /^\s*\d{1,3}([.,]\d{3})+\s*$/.test(value)) {
    errors[key] = `${opts.label} phải là một số nguyên viết liền, không có dấu chấm hay phẩy (ví dụ 12000).`;
    return { ok: false };
  } else {
    errors[key] = `${opts.label} phải là một số nguyên.`;
    return { ok: false };
  }
  if (!Number.isFinite(n) || !Number.isInteger(n)) {
    errors[key] = `${opts.label} phải là một số nguyên.`;
    return { ok: false };
  }
  if (n < opts.min) {
    errors[key] = opts.min === 0 ? `${opts.label} không được là số âm.` : `${opts.label} phải từ ${fmtNumber(opts.min)} trở lên.`;
    return { ok: false };
  }
  if (n > opts.max) {
    errors[key] = `${opts.label} không được quá ${fmtNumber(opts.max)}.`;
    return { ok: false };
  }
  return { ok: true, value: n };
}

/** Reads a duration as seconds: a number, "210", "3:30" or "1:02:03". */
export function readDuration(raw: Raw, key: string, errors: FieldErrors): number | null {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return null;
  let seconds: number | null = null;
  if (typeof value === 'number' && Number.isInteger(value)) seconds = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+$/.test(text)) seconds = Number(text);
    else {
      const m = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(text);
      if (m && Number(m[3]) < 60 && (m[1] === undefined || Number(m[2]) < 60)) {
        seconds = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      }
      // "3 phút 30 giây", "3 phút", "30 giây", "3p30", "3p30s" as staff write them.
      const w = /^(?:(\d{1,3})\s*(?:phút|phut|p)\s*)?(?:(\d{1,4})\s*(?:giây|giay|s|g)?)?$/i.exec(text.normalize('NFC'));
      if (seconds === null && w && (w[1] !== undefined || /giây|giay|s|g$/i.test(text)) && (w[1] !== undefined || w[2] !== undefined)) {
        const mins = Number(w[1] ?? 0);
        const secs = Number(w[2] ?? 0);
        if (w[1] === undefined || secs < 60) seconds = mins * 60 + secs;
      }
    }
  }
  if (seconds === null) {
    errors[key] = 'Thời lượng phải là số giây (210) hoặc phút:giây (3:30).';
    return null;
  }
  if (seconds < 1) {
    errors[key] = 'Thời lượng phải từ 1 giây trở lên.';
    return null;
  }
  if (seconds > LIMITS.durationSeconds) {
    errors[key] = 'Thời lượng một lần phát không được quá 12 giờ.';
    return null;
  }
  return seconds;
}

/** Reads an optional http(s) link. */
export function readUrl(raw: Raw, key: string, errors: FieldErrors, label: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'string' ? dropNonCharacters(value).trim() : '';
  if (!text) {
    if (typeof value !== 'string') errors[key] = `${label} không hợp lệ.`;
    return null;
  }
  if (text.length > LIMITS.url) {
    errors[key] = `${label} không được dài quá ${fmtNumber(LIMITS.url)} ký tự.`;
    return null;
  }
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || /[\s\p{Cc}]/u.test(text)) {
    errors[key] = `${label} phải là địa chỉ web bắt đầu bằng http:// hoặc https://.`;
    return null;
  }
  return text;
}

/** Reads the topics (codes, as a list or comma-separated); none is an error unless `allowNone` (the item stays unclassified). */
export function readTopics(raw: Raw, errors: FieldErrors, vocab: Vocabulary, current?: readonly string[], allowNone = false): string[] {
  const value = raw.topics;
  let list: unknown[];
  if (value === undefined || value === null || value === '') list = [];
  else if (Array.isArray(value)) list = value;
  else if (typeof value === 'string') list = value.split(',');
  else {
    errors.topics = 'Nội dung tuyên truyền không hợp lệ.';
    return [];
  }
  const codes: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string' || !hasCode(vocab.topics, v.trim())) {
      errors.topics = 'Nội dung tuyên truyền không hợp lệ.';
      return [];
    }
    if (!isChoosable(vocab.topics, v.trim(), current)) {
      errors.topics = 'Có nội dung tuyên truyền đã ngừng dùng; vui lòng bỏ chọn.';
      return [];
    }
    if (!codes.includes(v.trim())) codes.push(v.trim());
  }
  if (codes.length === 0 && !allowNone) errors.topics = 'Vui lòng chọn ít nhất một nội dung tuyên truyền.';
  // Keep the plan's order, whatever order the boxes were ticked in.
  return vocab.topics.map((t) => t.code).filter((c) => codes.includes(c));
}

const DATE_MESSAGES = {
  missing: 'Vui lòng nhập ngày (dd/mm/yyyy).',
  format: 'Ngày phải có dạng dd/mm/yyyy, ví dụ 05/03/2026.',
};

/** Reads the date and time: `date` + `time` from a form, or `at` (ISO 8601) from the API. */
export function readAt(raw: Raw, errors: FieldErrors, now: Date): string {
  let at: string | null = null;
  let key = 'at';
  if (has(raw, 'date') || has(raw, 'time')) {
    key = 'date';
    const dateText = typeof raw.date === 'string' ? raw.date : '';
    const timeText = typeof raw.time === 'string' ? raw.time : '';
    const date = parseLocalDate(dateText);
    if (!dateText.trim()) errors.date = DATE_MESSAGES.missing;
    else if (!date.ok) errors.date = date.reason === 'calendar' ? `Ngày ${dateText.trim()} không có trên lịch.` : DATE_MESSAGES.format;
    const time = parseLocalTime(timeText);
    if (!timeText.trim()) errors.time = 'Vui lòng nhập giờ (HH:mm).';
    else if (!time) errors.time = 'Giờ phải có dạng HH:mm (24 giờ), ví dụ 06:30 hoặc 17:45.';
    if (date.ok && time) at = localIsoFromParts(date.date, time);
  } else if (typeof raw.at === 'string' && raw.at.trim()) {
    at = parseIsoDateTime(raw.at);
    if (!at) errors.at = 'Thời gian phải theo ISO 8601 và có thật, ví dụ 2026-03-05T06:30:00+07:00.';
  } else {
    errors.at = 'Vui lòng nhập thời gian phát/đăng.';
  }
  if (at && new Date(at).getTime() > now.getTime() + LIMITS.futureMs) {
    errors[key] = `Thời gian ${fmtDate(at)} ${at.slice(11, 16)} ở tương lai quá 1 ngày (bây giờ là ${fmtDate(toLocalIso(now))} ${toLocalIso(now).slice(11, 16)}).`;
    return '';
  }
  return at ?? '';
}
