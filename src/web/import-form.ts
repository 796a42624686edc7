import { isDeepStrictEqual } from 'node:util';
import { type ColumnMap, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportDefaults, type ImportField, readMapping } from '../domain/import-columns.js';
import { type ImportOptions, NO_OPTIONS, readHeaderRows, readImportOptions } from '../domain/import-options.js';
import { DEFAULT_PARTS_OF_DAY, type PartOfDay } from '../domain/office-values.js';
import { parseLocalTime } from '../domain/time.js';
import type { ImportAnalysis } from '../services/imports.js';

/**
 * The preview's form: it shows how the file was read (the header rows, the field of every column, the
 * defaults, the sheets, the times of the parts of the day) and sends back what the user changed. It
 * also carries the options the shown analysis was asked with (`asked`) and what it showed (`shown`), so
 * that a form sent back unchanged asks for that same analysis (kept beside the upload, imported as seen),
 * and a change asks for those options with the change.
 */

const MAX_COLUMNS = 200;
const PARTS = Object.keys(DEFAULT_PARTS_OF_DAY) as PartOfDay[];

/** Options as the API's `mapping` JSON writes them (what `readImportOptions` reads). */
export function optionsJson(o: ImportOptions | null): Record<string, unknown> | null {
  if (!o) return null;
  const json: Record<string, unknown> = { columns: o.mapping?.columns ?? {}, defaults: o.mapping?.defaults ?? {}, partsOfDay: o.partsOfDay };
  if (o.headerRows) json.headerRow = o.headerRows;
  if (o.sheets) json.sheets = o.sheets;
  // A mapping asked with no columns reads the headers; without any mapping, the same with no defaults.
  if (!o.mapping) json.noMapping = true;
  return json;
}

/** The header rows as the form's select writes them: "5", "4-5". */
export const headerRowValue = (rows: readonly number[]): string => (rows.length > 1 ? `${rows[0]}-${rows.at(-1)}` : rows.length ? String(rows[0]) : '');

/** What the form shows, to tell a change from a field sent back as it was. */
export function shownOf(a: ImportAnalysis): Record<string, unknown> {
  return { headerRow: headerRowValue(a.layout.headerRows), columns: a.mapping.columns, defaults: a.mapping.defaults, sheets: a.sheets.filter((s) => s.included).map((s) => s.name), partsOfDay: a.partsOfDay };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const parsed = (v: unknown): unknown => {
  try {
    return typeof v === 'string' ? JSON.parse(v) : null;
  } catch {
    return null;
  }
};

/** The asked options carried by the form, or null (read as the app finds it, or not readable). */
function askedOf(body: Record<string, unknown>): ImportOptions | null {
  const json = parsed(body.asked);
  if (json === null || typeof json !== 'object') return null;
  const read = readImportOptions(json, MAX_COLUMNS);
  if (!read.ok) return null;
  return (json as { noMapping?: unknown }).noMapping === true ? { ...read.value, mapping: null } : read.value;
}

/** A form sent back: the options to read the file with (null: as the app finds it), and errors next to the fields. */
export interface FormOptions {
  options: ImportOptions | null;
  errors: Record<string, string>;
  /** Whether the user changed anything: the file is then shown read the new way before it is imported. */
  changed: boolean;
  /** Whether the user changed the columns or the defaults (they are then kept for the next upload). */
  mappingChanged: boolean;
}

/**
 * Reads the preview's form. A form without `asked` (an older page, a bare "import" button) asks for the
 * analysis as the app made it. A field chosen for two columns stays with the first, and says so.
 */
export function readImportForm(body: Record<string, unknown>): FormOptions {
  const errors: Record<string, string> = {};
  if (body.asked === undefined) return { options: null, errors, changed: false, mappingChanged: false };
  const asked = askedOf(body);
  const shown = (parsed(body.shown) ?? {}) as Record<string, unknown>;
  const next: ImportOptions = structuredClone(asked ?? NO_OPTIONS);
  let changed = false;
  // The header rows.
  const headerText = typeof body.headerRow === 'string' ? body.headerRow : '';
  const headerChanged = headerText !== '' && headerText !== shown.headerRow;
  if (headerChanged) {
    const rows = readHeaderRows(headerText);
    if (Array.isArray(rows)) {
      next.headerRows = rows;
      changed = true;
    } else errors.headerRow = typeof rows === 'string' ? rows : 'Chọn dòng tiêu đề.';
  }
  // The field of each column.
  const columns: ColumnMap = {};
  for (let i = 0; i < MAX_COLUMNS; i++) {
    const f = body[`field.${i}`];
    if (typeof f !== 'string' || !(IMPORT_FIELDS as readonly string[]).includes(f)) continue;
    const held = columns[f as ImportField];
    if (held !== undefined) errors[`field.${i}`] = `Trường "${IMPORT_FIELD_LABELS[f as ImportField]}" đã chọn cho cột ${held + 1}: mỗi trường một cột.`;
    else columns[f as ImportField] = i;
  }
  const columnsChanged = !isDeepStrictEqual(columns, shown.columns ?? {});
  const topics = list(body['def.topics']).filter(Boolean);
  const defaults: ImportDefaults = readMapping({ defaults: { channel: body['def.channel'], format: body['def.format'], unit: body['def.unit'], topics } }, 0)?.defaults ?? {};
  if (!defaults.topics?.length) delete defaults.topics;
  const shownDefaults = (shown.defaults ?? {}) as ImportDefaults;
  const defaultsChanged = !isDeepStrictEqual(JSON.parse(JSON.stringify(defaults)), JSON.parse(JSON.stringify({ ...shownDefaults, topics: shownDefaults.topics?.length ? shownDefaults.topics : undefined })));
  if (columnsChanged || defaultsChanged || headerChanged) {
    next.mapping = { columns: columnsChanged ? columns : headerChanged ? {} : (next.mapping?.columns ?? {}), defaults: defaultsChanged ? defaults : (next.mapping?.defaults ?? {}) };
    changed = true;
  }
  // The sheets.
  if (body.sheetsShown !== undefined) {
    const sheets = list(body.sheet);
    if (!isDeepStrictEqual([...sheets].sort(), [...list(shown.sheets)].sort())) {
      next.sheets = sheets;
      changed = true;
    }
  }
  // The times of the parts of the day.
  const shownParts = (shown.partsOfDay ?? {}) as Record<string, unknown>;
  for (const part of PARTS) {
    const v = body[`part.${part}`];
    if (typeof v !== 'string' || v === shownParts[part]) continue;
    const time = parseLocalTime(v);
    if (!time) errors[`part.${part}`] = 'Giờ phải có dạng HH:mm, ví dụ 06:00.';
    else if (time !== shownParts[part]) {
      next.partsOfDay = { ...next.partsOfDay, [part]: time };
      changed = true;
    }
  }
  return { options: changed ? next : asked, errors, changed, mappingChanged: columnsChanged || defaultsChanged };
}

/** The API's `mapping` field (JSON text, or absent): the options asked and whether to leave rows with problems out, or why it cannot be read. */
export function apiImportAsk(text: unknown): { ok: true; value: { options: ImportOptions | null; skipProblemRows: boolean } } | { ok: false; message: string } {
  if (typeof text !== 'string' || !text.trim()) return { ok: true, value: { options: null, skipProblemRows: false } };
  const read = readImportOptions(parsed(text), 500);
  return read.ok ? { ok: true, value: { options: read.value, skipProblemRows: read.skipProblemRows } } : { ok: false, message: read.message };
}
