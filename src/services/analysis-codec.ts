import { IMPORT_FIELDS, type ImportDefaults, type ImportField, type ImportMapping } from '../domain/import-columns.js';
import type { ImportOptions, PartSource } from '../domain/import-options.js';
import type { ImportPlan } from '../domain/import-plan.js';
import { type ImportProblem, type ImportRowDraft, rowDraft } from '../domain/import-values.js';
import type { EntryFields, ItemFields } from '../domain/model.js';
import { DEFAULT_PARTS_OF_DAY, type PartOfDay, type PartsOfDay } from '../domain/office-values.js';
import type { LeftOutRow, SheetLayout, SheetSummary } from '../domain/sheet-check.js';
import type { ImportAnalysis } from './import-analysis.js';
import type { LogMark } from '../storage/port.js';

/**
 * An import analysis as lines of JSON, and back, for keeping it on disk (see `import-analyses.ts`).
 * Lines, in order: `["i", item]` (each item once, as the rows share them), `["d", row, itemKey,
 * titleKey, item index, entry, sheet or null, part of day or null, recorder]` (each checked row), then one
 * `["a", rest]` with everything else, the
 * plan's rows and new items as indices into those. Reading rebuilds every field explicitly and
 * checks its type and every index, so a line that does not fit throws: nothing is taken on trust.
 */

/** What an analysis depends on besides the log (which the import checks again when it stores). */
export interface AnalysisKey {
  commune: string;
  sha256: string;
  /** The settings in force (vocabularies), as JSON. */
  settings: string;
  /** The options asked for; null for a file read as the app finds it. */
  options: ImportOptions | null;
}

/** The first line of a kept analysis: what it was made for (`key`, and the mapping it `used`), when, and a stamp new at each writing. */
export interface KeptHeader {
  v: 1;
  stamp: string;
  at: number;
  key: AnalysisKey;
  used: ImportOptions;
}

const fail = (): never => {
  throw new Error('damaged analysis');
};
type Read<T> = (v: unknown) => T;
const str: Read<string> = (v) => (typeof v === 'string' ? v : fail());
const num: Read<number> = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : fail());
const index = (v: unknown, length: number): number => (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < length ? (v as number) : fail());
const orNull =
  <T>(read: Read<T>): Read<T | null> =>
  (v) => (v === null ? null : read(v));
const list =
  <T>(read: Read<T>): Read<T[]> =>
  (v) => (Array.isArray(v) ? v.map((x) => read(x)) : fail());
const obj: Read<Record<string, unknown>> = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail());
const bool: Read<boolean> = (v) => (typeof v === 'boolean' ? v : fail());
const oneOf =
  <T extends string>(values: readonly T[]): Read<T> =>
  (v) => ((values as readonly unknown[]).includes(v) ? (v as T) : fail());
const PARTS = Object.keys(DEFAULT_PARTS_OF_DAY) as PartOfDay[];
const partOfDay = oneOf(PARTS);
const field = oneOf<ImportField>(IMPORT_FIELDS);

function readItem(v: unknown): ItemFields {
  const o = obj(v);
  return { title: str(o.title), summary: str(o.summary), format: str(o.format), topics: list(str)(o.topics), unit: str(o.unit), author: str(o.author), sourceUrl: orNull(str)(o.sourceUrl) };
}

function readEntry(v: unknown): EntryFields {
  const o = obj(v);
  const n = orNull(num);
  return { channel: str(o.channel), at: str(o.at), playCount: num(o.playCount), durationSeconds: n(o.durationSeconds), url: orNull(str)(o.url), views: n(o.views), interactions: n(o.interactions), note: str(o.note) };
}

/** A mapping as stored (its columns numbers, its defaults those given); throws when it is not one. */
export function readStoredMapping(v: unknown): ImportMapping {
  const o = obj(v);
  const columns: Record<string, number> = {};
  for (const [field, col] of Object.entries(obj(o.columns))) columns[field] = num(col);
  const d = obj(o.defaults);
  const defaults: ImportDefaults = {};
  for (const k of ['channel', 'format', 'unit'] as const) if (k in d) defaults[k] = str(d[k]);
  if ('topics' in d) defaults.topics = list(str)(d.topics);
  return { columns, defaults };
}

/** Times by part of the day (all of them, or those given). */
function readParts(v: unknown, all: true): PartsOfDay;
function readParts(v: unknown, all: false): Partial<PartsOfDay>;
function readParts(v: unknown, all: boolean): Partial<PartsOfDay> {
  const o = obj(v);
  const parts: Partial<PartsOfDay> = {};
  for (const [k, t] of Object.entries(o)) parts[partOfDay(k)] = str(t);
  if (all && PARTS.some((p) => parts[p] === undefined)) fail();
  return parts;
}

/** Options as stored (see `ImportOptions`); throws when they are not. */
export function readStoredOptions(v: unknown): ImportOptions {
  const o = obj(v);
  return { mapping: o.mapping === null ? null : readStoredMapping(o.mapping), headerRows: orNull(list(num))(o.headerRows), sheets: orNull(list(str))(o.sheets), partsOfDay: readParts(o.partsOfDay, false) };
}

/** The first line of a kept analysis, read back; throws when it is not one. */
export function readKeptHeader(v: unknown): KeptHeader {
  const o = obj(v);
  const k = obj(o.key);
  if (o.v !== 1) fail();
  return { v: 1, stamp: str(o.stamp), at: num(o.at), key: { commune: str(k.commune), sha256: str(k.sha256), settings: str(k.settings), options: k.options === null ? null : readStoredOptions(k.options) }, used: readStoredOptions(o.used) };
}

const readProblem: Read<ImportProblem> = (v) => {
  const o = obj(v);
  const p: ImportProblem = { row: num(o.row), column: str(o.column), message: str(o.message) };
  if (o.sheet !== undefined) p.sheet = str(o.sheet);
  if (o.cell !== undefined) p.cell = str(o.cell);
  return p;
};

const readLeftOut: Read<LeftOutRow> = (v) => {
  const o = obj(v);
  return { sheet: str(o.sheet), row: num(o.row), reason: str(o.reason) };
};

const readSheet: Read<SheetSummary> = (v) => {
  const o = obj(v);
  return { name: str(o.name), headerRows: list(num)(o.headerRows), usable: bool(o.usable), included: bool(o.included), rows: num(o.rows), leftOut: num(o.leftOut), problemRows: num(o.problemRows) };
};

function readLayout(v: unknown): SheetLayout {
  const o = obj(v);
  return {
    sheet: str(o.sheet),
    headers: list(str)(o.headers),
    headerRows: list(num)(o.headerRows),
    columns: list((c) => {
      const x = obj(c);
      return { index: num(x.index), header: str(x.header), field: orNull(field)(x.field), samples: list(str)(x.samples) };
    })(o.columns),
    mapping: readStoredMapping(o.mapping),
    candidates: list((c) => {
      const x = obj(c);
      return { rows: list(num)(x.rows), headers: list(str)(x.headers) };
    })(o.candidates),
    topRows: list((r) => {
      const x = obj(r);
      return { row: num(x.row), cells: list(str)(x.cells) };
    })(o.topRows),
  };
}

function readSources(v: unknown): Record<PartOfDay, PartSource> {
  const o = obj(v);
  const source = oneOf<PartSource>(['given', 'schedule', 'default']);
  return Object.fromEntries(PARTS.map((p) => [p, source(o[p])])) as Record<PartOfDay, PartSource>;
}

function readMark(v: unknown): LogMark {
  const mark: Record<string, number> = {};
  for (const [k, n] of Object.entries(obj(v))) mark[k] = num(n);
  return mark;
}

/** The lines of an analysis, each a JSON text; throws when the plan points at rows it does not hold. */
export function* analysisLines(a: ImportAnalysis): Generator<string> {
  const items = new Map<ItemFields, number>();
  const itemIndex = function* (item: ItemFields): Generator<string, number> {
    let i = items.get(item);
    if (i === undefined) {
      items.set(item, (i = items.size));
      yield JSON.stringify(['i', item]);
    }
    return i;
  };
  const drafts = new Map<ImportRowDraft, number>();
  for (const d of a.drafts) {
    const i = yield* itemIndex(d.item);
    drafts.set(d, drafts.size);
    yield JSON.stringify(['d', d.row, d.itemKey, d.titleKey, i, d.entry, d.sheet ?? null, d.partOfDay ?? null, d.recorder]);
  }
  const newItems: { key: string; titleKey: string; item: number }[] = [];
  for (const n of a.plan.newItems) newItems.push({ key: n.key, titleKey: n.titleKey, item: yield* itemIndex(n.fields) });
  const entries = a.plan.entries.map((d) => drafts.get(d) ?? fail());
  const { drafts: _drafts, plan, ...rest } = a;
  yield JSON.stringify(['a', { ...rest, plan: { newItems, entries, itemOf: plan.itemOf, duplicates: plan.duplicates, counts: plan.counts } }]);
}

/** Rebuilds an analysis from its lines (parsed), given one at a time; throws at the first that does not fit. */
export class AnalysisReader {
  private readonly items: ItemFields[] = [];
  private readonly drafts: ImportRowDraft[] = [];
  private analysis: ImportAnalysis | null = null;

  add(line: unknown): void {
    if (!Array.isArray(line) || this.analysis) fail();
    const [tag, ...v] = line as unknown[];
    if (tag === 'i' && v.length === 1) this.items.push(readItem(v[0]));
    else if (tag === 'd' && (v.length === 7 || v.length === 8)) {
      // A row kept before the recorder column was read (7 values) names nobody.
      const recorder = v.length === 8 ? str(v[7]) : '';
      this.drafts.push(rowDraft(num(v[0]), str(v[1]), str(v[2]), this.items[index(v[3], this.items.length)]!, readEntry(v[4]), recorder, v[5] === null ? null : str(v[5]), v[6] === null ? null : partOfDay(v[6])));
    }
    else if (tag === 'a' && v.length === 1) this.analysis = this.readRest(obj(v[0]));
    else fail();
  }

  /** The analysis; throws when its last line never came. */
  finish(): ImportAnalysis {
    return this.analysis ?? fail();
  }

  private readRest(o: Record<string, unknown>): ImportAnalysis {
    const p = obj(o.plan);
    const newItems = list((v) => {
      const n = obj(v);
      return { key: str(n.key), titleKey: str(n.titleKey), fields: this.items[index(n.item, this.items.length)]! };
    })(p.newItems);
    const entries = list((v) => this.drafts[index(v, this.drafts.length)]!)(p.entries);
    // An entry's item: an existing item's id, or a new item as -(its index + 1).
    const itemOf = list((v) => (num(v) > 0 && Number.isSafeInteger(v) ? (v as number) : -index(-num(v) - 1, newItems.length) - 1))(p.itemOf);
    if (itemOf.length !== entries.length) fail();
    const c = obj(p.counts);
    const plan: ImportPlan = {
      newItems,
      entries,
      itemOf,
      duplicates: list((v) => {
        const d = obj(v);
        return { row: num(d.row), entryId: orNull(num)(d.entryId) };
      })(p.duplicates),
      counts: { rows: num(c.rows), entries: num(c.entries), newItems: num(c.newItems), reairs: num(c.reairs), duplicates: num(c.duplicates), errors: num(c.errors) },
    };
    return {
      description: str(o.description),
      used: readStoredOptions(o.used),
      sheets: list(readSheet)(o.sheets),
      layout: readLayout(o.layout),
      mapping: readStoredMapping(o.mapping),
      partsOfDay: readParts(o.partsOfDay, true),
      partsOfDaySources: readSources(o.partsOfDaySources),
      partOfDayRows: num(o.partOfDayRows),
      needs: list(str)(o.needs),
      blocked: orNull(str)(o.blocked),
      drafts: this.drafts,
      problems: list(readProblem)(o.problems),
      problemsNotListed: num(o.problemsNotListed),
      leftOut: list(readLeftOut)(o.leftOut),
      leftOutNotListed: num(o.leftOutNotListed),
      plan,
      mark: readMark(o.mark),
    };
  }
}
