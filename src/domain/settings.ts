import type { FieldErrors, Result } from './model.js';
import type { CommuneKind } from './sentence.js';
import { cleanLine, foldText } from './text.js';
import { addDays, type LocalDate } from './time.js';
import { CHANNELS, FORMATS, TOPICS, type Topic, type Term, UNITS, type Vocabulary } from './vocabulary.js';

/** A term an admin manages: renamed freely, retired instead of removed (old entries keep it). */
export interface ManagedTerm extends Term {
  retired: boolean;
}

export interface ManagedTopic extends Topic {
  retired: boolean;
  /** Words that suggest the topic when an item's title holds them (the page that classifies items). */
  keywords?: string[];
}

export const MAX_KEYWORDS = 20;
const KEYWORD_LENGTH = 60;

/** What separates the fields of the CSV exports: Excel splits a CSV on the Windows list separator. */
export type CsvSeparator = ',' | ';';

export const CSV_SEPARATORS: readonly CsvSeparator[] = [',', ';'];

/** The commune's settings, edited by admins. */
export interface Settings {
  communeName: string;
  communeKind: CommuneKind;
  units: ManagedTerm[];
  topics: ManagedTopic[];
  /** Yearly targets: year → channel code → number of items (radio) or posts (other channels). */
  targets: Record<string, Record<string, number>>;
  /** Reports are due by this day of the last month of each quarter (the plans say the 8th). */
  deadlineDay: number;
  /** The field separator of every CSV export. */
  csvSeparator: CsvSeparator;
  /** The host of the commune's portal (`anhai.haiphong.gov.vn`): a pasted link there is a portal post. Empty when not set. */
  portalHost: string;
}

export const COMMUNE_KINDS: CommuneKind[] = ['xã', 'phường', 'đặc khu'];

export function defaultSettings(): Settings {
  return {
    communeName: '',
    communeKind: 'xã',
    units: UNITS.map((u) => ({ ...u, retired: false })),
    topics: TOPICS.map((t) => ({ ...t, retired: false })),
    targets: {},
    deadlineDay: 8,
    csvSeparator: ',',
    portalHost: '',
  };
}

/** The vocabularies in force: fixed channels and formats, the commune's units and topics (retired ones flagged). */
export function vocabularyFrom(settings: Settings): Vocabulary {
  return { channels: CHANNELS, formats: FORMATS, topics: settings.topics, units: settings.units };
}

/** A code for a new term, from its label: "Phòng Tư pháp" → "phong-tu-phap" (made unique). */
export function codeFor(label: string, taken: readonly string[]): string {
  const base = foldText(label).replace(/[^a-z0-9]+/g, '-').slice(0, 40).replace(/^-+|-+$/g, '') || 'muc';
  let code = base;
  for (let i = 2; taken.includes(code); i++) code = `${base}-${i}`;
  return code;
}

const cleanLabel = (v: unknown): string => (typeof v === 'string' ? cleanLine(v) : '');

/** Validates the commune's name and kind. */
export function validateCommune(raw: Record<string, unknown>): Result<{ communeName: string; communeKind: CommuneKind; deadlineDay: number }> {
  const errors: FieldErrors = {};
  const communeName = cleanLabel(raw.communeName);
  if (!communeName) errors.communeName = 'Vui lòng nhập tên xã, phường (ví dụ: An Hải).';
  else if ([...communeName].length > 100) errors.communeName = 'Tên không được dài quá 100 ký tự.';
  const kind = raw.communeKind;
  if (!COMMUNE_KINDS.includes(kind as CommuneKind)) errors.communeKind = 'Vui lòng chọn: xã, phường hoặc đặc khu.';
  const dayText = typeof raw.deadlineDay === 'number' ? String(raw.deadlineDay) : cleanLabel(raw.deadlineDay);
  const deadlineDay = Number(dayText || '8');
  if (!/^\d{1,2}$/.test(dayText || '8') || deadlineDay < 1 || deadlineDay > 28) errors.deadlineDay = 'Hạn báo cáo là một ngày từ 1 đến 28 của tháng cuối kỳ.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { communeName, communeKind: kind as CommuneKind, deadlineDay } };
}

/**
 * Reads the portal's address as an admin types it, a host (`anhai.haiphong.gov.vn`) or a whole link
 * (`https://anhai.haiphong.gov.vn/`), into its host; empty clears it.
 */
export function validatePortalHost(raw: Record<string, unknown>): Result<{ portalHost: string }> {
  const text = cleanLabel(raw.portalHost);
  if (!text) return { ok: true, value: { portalHost: '' } };
  let host = '';
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    if (!url.username && !url.password) host = url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    host = '';
  }
  if (!host || text.length > 200 || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host)) return { ok: false, errors: { portalHost: 'Địa chỉ Cổng TTĐT không hợp lệ: nhập tên miền, ví dụ anhai.haiphong.gov.vn.' } };
  return { ok: true, value: { portalHost: host } };
}

/** Validates the export settings: the CSV field separator, a comma or a semicolon. */
export function validateExportSettings(raw: Record<string, unknown>): Result<{ csvSeparator: CsvSeparator }> {
  const value = raw.csvSeparator;
  if (!CSV_SEPARATORS.includes(value as CsvSeparator)) return { ok: false, errors: { csvSeparator: 'Vui lòng chọn dấu ngăn cách cột: dấu phẩy (,) hoặc dấu chấm phẩy (;).' } };
  return { ok: true, value: { csvSeparator: value as CsvSeparator } };
}

/**
 * Applies a list edit from the settings form: `label_<code>` renames, `retired_<code>` present retires,
 * `newLabel` adds. Codes are never removed. Returns the new list or field errors.
 */
export function editTerms<T extends ManagedTerm>(list: readonly T[], raw: Record<string, unknown>, make: (code: string, label: string) => T): Result<T[]> {
  const errors: FieldErrors = {};
  const next = list.map((t) => {
    const label = raw[`label_${t.code}`] === undefined ? t.label : cleanLabel(raw[`label_${t.code}`]);
    if (!label) errors[`label_${t.code}`] = 'Tên không được để trống (muốn thôi dùng thì chọn "Ngừng dùng").';
    else if ([...label].length > 200) errors[`label_${t.code}`] = 'Tên không được dài quá 200 ký tự.';
    const retired = raw[`retired_${t.code}`] !== undefined ? raw[`retired_${t.code}`] === 'on' || raw[`retired_${t.code}`] === 'true' || raw[`retired_${t.code}`] === true : raw.listForm ? false : t.retired;
    return { ...t, label: label || t.label, retired };
  });
  // Two terms with one name could not be told apart in the forms and reports.
  next.forEach((t, i) => {
    const twin = next.find((o, j) => j !== i && foldText(o.label) === foldText(t.label));
    if (!twin) return;
    const renamed = t.label !== list[i]?.label;
    if (renamed || (twin.label === list.find((o) => o.code === twin.code)?.label && i > next.indexOf(twin))) errors[`label_${t.code}`] = 'Đã có mục khác cùng tên.';
  });
  const newLabel = cleanLabel(raw.newLabel);
  if (newLabel) {
    if ([...newLabel].length > 200) errors.newLabel = 'Tên không được dài quá 200 ký tự.';
    else if (next.some((t) => foldText(t.label) === foldText(newLabel))) errors.newLabel = 'Đã có mục cùng tên.';
    else next.push(make(codeFor(newLabel, next.map((t) => t.code)), newLabel));
  }
  if (next.every((t) => t.retired)) errors.list = 'Phải còn ít nhất một mục đang dùng.';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: next };
}

/**
 * Applies the topics' key words from the settings form: `keywords_<code>`, separated by commas,
 * semicolons or line breaks (a topic whose field is absent keeps its own; an empty field clears them).
 */
export function editKeywords(list: readonly ManagedTopic[], raw: Record<string, unknown>): Result<ManagedTopic[]> {
  const errors: FieldErrors = {};
  const next = list.map((t) => {
    const value = raw[`keywords_${t.code}`];
    if (value === undefined) return t;
    const seen = new Set<string>();
    const keywords = (typeof value === 'string' ? value : '')
      .split(/[,;\n]/)
      .map(cleanLine)
      .filter((k) => k && !seen.has(foldText(k)) && seen.add(foldText(k)));
    if (keywords.length > MAX_KEYWORDS || keywords.some((k) => [...k].length > KEYWORD_LENGTH)) errors[`keywords_${t.code}`] = `Mỗi nội dung có tối đa ${MAX_KEYWORDS} từ khóa, mỗi từ khóa tối đa ${KEYWORD_LENGTH} ký tự.`;
    const { keywords: _old, ...rest } = t;
    return keywords.length ? { ...rest, keywords } : rest;
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: next };
}

/** Validates the yearly targets of one year: `target_<channel>` whole numbers, empty for none. */
export function validateTargets(raw: Record<string, unknown>, channelCodes: readonly string[]): Result<Record<string, number>> {
  const errors: FieldErrors = {};
  const out: Record<string, number> = {};
  for (const code of channelCodes) {
    const v = raw[`target_${code}`];
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!text) continue;
    if (!/^\d{1,7}$/.test(text)) errors[`target_${code}`] = 'Chỉ tiêu là số nguyên từ 0 trở lên (viết liền, không dấu chấm).';
    else if (Number(text) > 0) out[code] = Number(text);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: out };
}

/** Quarterly report deadlines: the `day` of March, June, September, December. The next on or after today. */
export function nextDeadline(today: LocalDate, day: number): { date: LocalDate; daysLeft: number; label: string } {
  const year = Number(today.slice(0, 4));
  const candidates: { date: LocalDate; label: string }[] = [];
  for (const y of [year, year + 1]) {
    for (const [m, label] of [[3, `Báo cáo quý I năm ${y}`], [6, `Báo cáo quý II và 6 tháng năm ${y}`], [9, `Báo cáo quý III năm ${y}`], [12, `Báo cáo quý IV và năm ${y}`]] as const) {
      candidates.push({ date: `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`, label });
    }
  }
  const next = candidates.find((c) => c.date >= today)!;
  let daysLeft = 0;
  for (let d = today; d < next.date; d = addDays(d, 1)) daysLeft++;
  return { ...next, daysLeft };
}

/** Completion against a target and the PAR Index estimate: full at 100%, pro rata from 90%, none below. */
export function completion(achieved: number, target: number): { percent: number; scoreShare: number } {
  const percent = target > 0 ? (achieved / target) * 100 : 0;
  const scoreShare = percent >= 100 ? 1 : percent >= 90 ? percent / 100 : 0;
  return { percent, scoreShare };
}
