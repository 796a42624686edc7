import { LIMITS, readText } from './fields.js';
import type { ImportField, ImportMapping } from './import-columns.js';
import type { EntryFields, FieldErrors, ItemFields } from './model.js';
import { DEFAULT_PARTS_OF_DAY, type DurationUnit, durationFrom, durationUnitOfHeader, type PartOfDay, type PartsOfDay, playCountOf, type Read, tallyOf, timeOrPartOfDay, whenOf } from './office-values.js';
import type { DateRange } from './row-kinds.js';
import { dateInRange } from './section-dates.js';
import { cellText, type SheetCell, splitWhen } from './sheet-cells.js';
import { foldText } from './text.js';
import { parseLocalDate } from './time.js';
import { validateEntryFields, validateItemFields } from './validation.js';
import type { Term, Vocabulary } from './vocabulary.js';

export { cellText, type SheetCell, splitWhen };

/** One row of an import, checked: the item it names (by key) and its airing. */
export interface ImportRowDraft {
  /** The row's number in the sheet, 1-based, as the user sees it. */
  row: number;
  /** The sheet's name, for a workbook's row. */
  sheet?: string;
  /** Rows with one key are one item: the sheet's item number when it has one, else the folded title. */
  itemKey: string;
  /** The title folded (case, spacing and diacritics ignored), to match items of the log. */
  titleKey: string;
  item: ItemFields;
  entry: EntryFields;
  /** Who recorded the airing, as the row's "Người ghi"/"Người thực hiện" cell names them ('' when none). */
  recorder: string;
  /** Set when the row named only a part of the day ("Sáng"): its time is the one given for that part. */
  partOfDay?: PartOfDay;
}

export interface ImportProblem {
  /** The sheet's name, for a workbook's row. */
  sheet?: string;
  row: number;
  column: string;
  /** The cell as written (cut to 60 characters), when the problem is in one. */
  cell?: string;
  message: string;
}

const squash = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '');
const initials = (label: string): string => foldText(label).split(/[^a-z0-9]+/).filter(Boolean).map((w) => w[0]).join('');

/**
 * Label or code lookups of one vocabulary: case, diacritics, spacing and punctuation ignored; a label
 * also by its initials ("TT DVSNC"), and an "a) ..." label also by its text alone.
 */
export function codeFinder(terms: readonly Term[]): (text: string) => string | null {
  const map = new Map<string, string>();
  for (const t of terms) {
    map.set(squash(t.code), t.code);
    map.set(squash(t.label), t.code);
    const bare = /^[a-zđ]{1,2}\)\s*(.+)$/i.exec(t.label);
    if (bare) map.set(squash(bare[1]!), t.code);
  }
  for (const t of terms) {
    const short = initials(t.label);
    if (short.length >= 3 && !map.has(short)) map.set(short, t.code);
  }
  return (text) => map.get(squash(text)) ?? null;
}

/**
 * Reads the topics of a cell: whole labels wherever they appear (labels hold commas and semicolons), then
 * codes, "a)" letters, or the beginning of a label, separated by semicolons, commas or lines. What is not
 * a topic is kept as typed, so that the row is refused with its text.
 */
export function topicReader(terms: readonly Term[]): (text: string) => string[] {
  const forms = terms
    .flatMap((t) => [t.label, /^[a-zđ]{1,2}\)\s*(.+)$/i.exec(t.label)?.[1] ?? ''].filter((f) => f.length >= 6).map((f) => ({ code: t.code, form: foldText(f).replace(/\s+/g, ' ') })))
    .sort((a, b) => b.form.length - a.form.length);
  const bare = terms.map((t) => ({ code: t.code, form: squash(/^[a-zđ]{1,2}\)\s*(.+)$/i.exec(t.label)?.[1] ?? t.label) }));
  const exact = codeFinder(terms);
  return (text) => {
    const out: string[] = [];
    let rest = foldText(text).replace(/\s+/g, ' ');
    for (const f of forms) {
      if (!rest.includes(f.form)) continue;
      out.push(f.code);
      rest = rest.split(f.form).join(' ; ');
    }
    for (const part of rest.split(/[;,\n]+/)) {
      const p = part.trim().replace(/\)$/, '');
      if (!p) continue;
      const letter = /^([a-z]{1,2})\)\s*(.+)$/.exec(p);
      const body = letter ? letter[2]! : p;
      const starts = squash(body).length >= 8 ? bare.filter((b) => b.form.startsWith(squash(body))) : [];
      const code = exact(p) ?? exact(body) ?? (starts.length === 1 ? starts[0]!.code : null) ?? (letter ? exact(letter[1]!) : null);
      out.push(code ?? part.trim());
    }
    const order = new Map(terms.map((t, i) => [t.code, i]));
    return [...new Set(out)].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
  };
}

export interface RowContext {
  vocab: Vocabulary;
  now: Date;
  mapping: ImportMapping;
  headers: readonly string[];
  find: { channel: (t: string) => string | null; format: (t: string) => string | null; unit: (t: string) => string | null; topics: (t: string) => string[] };
  /** Item checks by the row's item cells: rows of one item share one check and one value. */
  items: Map<string, { checked: ReturnType<typeof validateItemFields>; titleKey: string; itemKey: string }>;
  /** Item keys of the sheet's item numbers, made once each: a large sheet keeps one per row. */
  keys: Map<string, string>;
  /** The time a row takes when it names only a part of the day. */
  partsOfDay: PartsOfDay;
  /** The unit the duration column's header names: its bare numbers are in it. */
  durationUnit: DurationUnit | null;
  /**
   * Fields the sheet has no column for and no default: a value missing there is the file's (the preview
   * asks for a default once), not each row's, so it is not listed as a problem of the row.
   */
  needs: ReadonlySet<string>;
}

/** A lookup that remembers its answers: a sheet repeats the same few labels on every row. */
function remembered<T>(find: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    let answer = seen.get(text);
    if (answer === undefined && !seen.has(text)) {
      answer = find(text);
      if (seen.size < 10_000) seen.set(text, answer);
    }
    return answer as T;
  };
}

/** Fields the defaults must answer: those without a column in `mapping` and without a default. */
export function neededDefaults(mapping: ImportMapping): ('channel' | 'format' | 'unit')[] {
  return (['channel', 'format', 'unit'] as const).filter((f) => mapping.columns[f] === undefined && !mapping.defaults[f]);
}

export function rowContext(vocab: Vocabulary, now: Date, mapping: ImportMapping, headers: readonly string[], partsOfDay: PartsOfDay = DEFAULT_PARTS_OF_DAY): RowContext {
  const durationColumn = mapping.columns.durationSeconds;
  return {
    vocab,
    now,
    mapping,
    headers,
    find: { channel: remembered(codeFinder(vocab.channels)), format: remembered(codeFinder(vocab.formats)), unit: remembered(codeFinder(vocab.units)), topics: remembered(topicReader(vocab.topics)) },
    items: new Map(),
    keys: new Map(),
    partsOfDay,
    durationUnit: durationColumn === undefined ? null : durationUnitOfHeader(headers[durationColumn] ?? ''),
    needs: new Set(neededDefaults(mapping)),
  };
}


// Which field of the validators each error belongs to, to name the sheet's column.
const ERROR_FIELD: Record<string, ImportField[]> = { date: ['date', 'at'], time: ['time', 'at'], at: ['at', 'date'] };

/** What a row has besides its cells: the date range of the section above it, the address its title cell links to. */
export interface RowExtras {
  dateRange?: DateRange;
  titleLink?: string;
  /** The sheet's name, for a workbook's row (kept on its draft). */
  sheet?: string;
}

/**
 * A checked row's draft, made whole at once: a large file keeps one per row, and a property added
 * after the object is made costs each of them a separate block of memory (about 40 bytes a row).
 * The properties are in the order the draft has always had (`partOfDay`, then `sheet`, when set).
 */
export function rowDraft(row: number, itemKey: string, titleKey: string, item: ItemFields, entry: EntryFields, recorder: string, sheet?: string | null, partOfDay?: PartOfDay | null): ImportRowDraft {
  if (partOfDay) return sheet ? { row, itemKey, titleKey, item, entry, recorder, partOfDay, sheet } : { row, itemKey, titleKey, item, entry, recorder, partOfDay };
  return sheet ? { row, itemKey, titleKey, item, entry, recorder, sheet } : { row, itemKey, titleKey, item, entry, recorder };
}

/** A date cell's date, or the one the section's range gives a row whose cell does not say it whole (see `dateInRange`). */
function dateWithRange(date: string, range: DateRange | undefined): string {
  if (!range || parseLocalDate(date).ok) return date;
  return dateInRange(date, range) ?? date;
}

/**
 * Checks one row of the sheet: its item and its airing, with the defaults for missing columns. The item
 * may have no topic (an import leaves it unclassified). A row whose only problems are fields in
 * `ctx.needs` gives no problems and no draft: it waits for the defaults.
 */
export function readImportRow(cells: readonly SheetCell[], row: number, ctx: RowContext, extras: RowExtras = {}): { ok: true; value: ImportRowDraft } | { ok: false; problems: ImportProblem[] } {
  const { columns, defaults } = ctx.mapping;
  const get = (f: ImportField): SheetCell => (columns[f] === undefined ? undefined : cells[columns[f]!]);
  const text = (f: ImportField): string => cellText(get(f)).trim();
  const code = (f: 'channel' | 'format' | 'unit'): string => {
    const t = text(f);
    return t ? (ctx.find[f](t) ?? t) : (defaults[f] ?? '');
  };
  // What the office readers refused, by the validators' field names, with the field of the column it came from.
  const found = new Map<string, { message: string; from: ImportField }>();
  const take = <T>(field: string, from: ImportField, read: Read<T>, otherwise: T): T => {
    if (read.ok) return read.value;
    found.set(field, { message: read.message, from });
    return otherwise;
  };
  const whenField: ImportField = columns.date !== undefined ? 'date' : 'at';
  const when = columns[whenField] === undefined ? null : whenOf(get(whenField), ctx.partsOfDay);
  if (when?.problems.date) found.set('date', { message: when.problems.date, from: whenField });
  // The time cell, then a "Buổi" column, then the time written with the date: the first that holds one.
  const own = (['time', 'partOfDay'] as const)
    .flatMap((f) => (columns[f] === undefined ? [] : [{ f, read: timeOrPartOfDay(get(f), ctx.partsOfDay) }]))
    .find((t) => !t.read.ok || t.read.value.time);
  const withDate: Read<{ time: string; partOfDay: PartOfDay | null }> = when?.problems.time
    ? { ok: false, message: when.problems.time }
    : { ok: true, value: { time: when?.time ?? '', partOfDay: when?.partOfDay ?? null } };
  const { time, partOfDay } = take('time', own?.f ?? whenField, own?.read ?? withDate, { time: '', partOfDay: null });
  const topicsText = text('topics');
  const raw = {
    title: text('title'),
    summary: text('summary'),
    format: code('format'),
    unit: code('unit'),
    topics: topicsText ? ctx.find.topics(topicsText) : (defaults.topics ?? []),
    author: text('author'),
    channel: code('channel'),
    date: dateWithRange(when?.date ?? '', extras.dateRange),
    time: time || '00:00',
    playCount: columns.playCount === undefined ? 1 : take('playCount', 'playCount', playCountOf(get('playCount')), ''),
    durationSeconds: columns.durationSeconds === undefined ? '' : take('durationSeconds', 'durationSeconds', durationFrom(get('durationSeconds'), ctx.durationUnit), ''),
    url: columns.url === undefined ? (extras.titleLink ?? '') : text('url'),
    views: take('views', 'views', tallyOf(get('views'), 'Lượt xem'), ''),
    interactions: take('interactions', 'interactions', tallyOf(get('interactions'), 'Lượt tương tác'), ''),
    note: columns.note === undefined ? '' : cellText(get('note')).trim(),
  };
  const recorderErrors: FieldErrors = {};
  const recorder = columns.recorder === undefined ? '' : readText({ recorder: cellText(get('recorder')) }, 'recorder', recorderErrors, { max: LIMITS.author, label: 'Người ghi' }).trim();
  if (recorderErrors.recorder) found.set('recorder', { message: recorderErrors.recorder, from: 'recorder' });
  const itemCells = `${raw.title}\u0000${raw.summary}\u0000${raw.format}\u0000${raw.unit}\u0000${raw.topics.join(',')}\u0000${raw.author}`;
  let known = ctx.items.get(itemCells);
  if (!known) {
    const checked = validateItemFields(raw, ctx.vocab, undefined, { allowUnclassified: true });
    const titleKey = checked.ok ? foldText(checked.value.title) : '';
    known = { checked, titleKey, itemKey: `t:${titleKey}` };
    if (ctx.items.size < 200_000) ctx.items.set(itemCells, known);
  }
  const item = known.checked;
  const entry = validateEntryFields(raw, ctx.vocab, ctx.now);
  if (!item.ok || !entry.ok || found.size) {
    const errors: FieldErrors = { ...(item.ok ? {} : item.errors), ...(entry.ok ? {} : entry.errors) };
    for (const [field, f] of found) errors[field] = f.message;
    for (const field of ctx.needs) delete errors[field];
    const placed = Object.entries(errors).map(([field, message]) => {
      const candidates = found.has(field) ? [found.get(field)!.from] : (ERROR_FIELD[field] ?? [field as ImportField]);
      return { col: candidates.map((f) => columns[f]).find((c) => c !== undefined), message };
    });
    // Left to right, as the row reads; what no column holds (a default) last.
    placed.sort((a, b) => (a.col ?? Infinity) - (b.col ?? Infinity));
    const problems = placed.map(({ col, message }): ImportProblem => {
      const cell = col === undefined ? '' : cellText(cells[col]).trim().slice(0, 60);
      const problem: ImportProblem = { row, column: col === undefined ? '(mặc định)' : ctx.headers[col] || `Cột ${col + 1}`, message };
      if (cell) problem.cell = cell;
      return problem;
    });
    return { ok: false, problems };
  }
  return { ok: true, value: rowDraft(row, itemKeyOf(text('itemKey'), ctx) ?? known.itemKey, known.titleKey, item.value, entry.value, recorder, extras.sheet, partOfDay) };
}

/** The item key of a sheet's item number (null when the row has none), made once per number. */
function itemKeyOf(number: string, ctx: RowContext): string | null {
  if (!number) return null;
  let key = ctx.keys.get(number);
  if (key === undefined) {
    key = `#${number}`;
    if (ctx.keys.size < 200_000) ctx.keys.set(number, key);
  }
  return key;
}
