import type { ImportMapping } from '../domain/import-columns.js';
import { ImportCheck } from '../domain/import-check.js';
import { type ImportOptions, NO_OPTIONS, type PartSource, partsOfDaySources } from '../domain/import-options.js';
import { type ImportPlan, ImportPlanner, minuteKey } from '../domain/import-plan.js';
import type { ImportProblem, ImportRowDraft, SheetCell } from '../domain/import-values.js';
import type { Entry, Result } from '../domain/model.js';
import { type PartOfDay, type PartsOfDay, partsOfDayFrom } from '../domain/office-values.js';
import type { LeftOutRow, SheetLayout, SheetSummary } from '../domain/sheet-check.js';
import { foldText } from '../domain/text.js';
import { fromLocalIso, toLocalIso } from '../domain/time.js';
import type { LogMark } from '../storage/port.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** Milliseconds of work between two yields to other requests (checked every 64 rows). */
const SLICE_MS = 3;
/** Records built between two yields when an import is planned or stored. */
export const RECORDS_PER_SLICE = 5_000;

export const yieldToOthers = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A file read and checked, before anything is stored. */
export interface ImportAnalysis {
  description: string;
  /** How the file was read: the options asked for, completed with what the app found (the preview's form shows these). */
  used: ImportOptions;
  /** Every sheet of the file, imported or not (one without a name for a CSV). */
  sheets: SheetSummary[];
  /** The sheet the preview maps, column by column. */
  layout: SheetLayout;
  /** The columns of the layout's sheet and the defaults (kept with the import, offered next time). */
  mapping: ImportMapping;
  /** The time each part of the day stands for, and where it came from. */
  partsOfDay: PartsOfDay;
  partsOfDaySources: Record<PartOfDay, PartSource>;
  /** Rows that named a part of the day and no time. */
  partOfDayRows: number;
  /** Fields the file has no column for and no default, in a sheet imported: asked for first. */
  needs: string[];
  /** Why nothing can be imported as the file is read now; null when it can. */
  blocked: string | null;
  drafts: ImportRowDraft[];
  problems: ImportProblem[];
  /** Problems found beyond the `MAX_LISTED_PROBLEMS` listed in `problems`. */
  problemsNotListed: number;
  /** Rows under the tables that are not airings, with the reason (blank rows aside). */
  leftOut: LeftOutRow[];
  leftOutNotListed: number;
  plan: ImportPlan;
  /** The log as it was when the plan was made. */
  mark: LogMark;
}

/** Problems an analysis lists; past them it only counts (200,000 bad rows made 136 MB of them). */
export const MAX_LISTED_PROBLEMS = 500;

/** The readers the plan needs: items by folded title and airings in a time range. */
export interface Lookups {
  itemsTitled(folded: string[]): Promise<{ id: number; title: string }[]>;
  entriesBetweenTimes(from: string, to: string): Promise<Entry[]>;
}

/** Plans checked rows against the log as `readers` give it (see `ImportPlanner`), yielding as it goes. */
export async function planWith(readers: Lookups, drafts: ImportRowDraft[], problemRows: number, rows: number): Promise<ImportPlan> {
  const titles = [...new Set(drafts.map((d) => d.titleKey))];
  // Items of one title, newest first (the order the storage gives).
  const itemIdsByTitle = new Map<string, number[]>();
  for (const item of await readers.itemsTitled(titles)) {
    const key = foldText(item.title);
    itemIdsByTitle.set(key, [...(itemIdsByTitle.get(key) ?? []), item.id]);
  }
  const airings = new Map<string, number>();
  let first: string | null = null;
  let last: string | null = null;
  for (const d of drafts) {
    if (!itemIdsByTitle.has(d.titleKey)) continue;
    if (first === null || d.entry.at < first) first = d.entry.at;
    if (last === null || d.entry.at > last) last = d.entry.at;
  }
  if (first !== null && last !== null) {
    const to = toLocalIso(new Date(fromLocalIso(last).getTime() + 60_000));
    for (const e of await readers.entriesBetweenTimes(`${minuteKey(first)}:00+07:00`, to)) airings.set(`${e.itemId}|${e.channel}|${minuteKey(e.at)}`, e.id);
  }
  const planner = new ImportPlanner(rows, [], { itemIdsByTitle, airing: (id, channel, minute) => airings.get(`${id}|${channel}|${minute}`) ?? null });
  for (let i = 0; i < drafts.length; i++) {
    planner.add(drafts[i]!);
    if (i % RECORDS_PER_SLICE === RECORDS_PER_SLICE - 1) await yieldToOthers();
  }
  const plan = planner.finish();
  // The rows with problems, the unlisted ones' included.
  plan.counts.errors = problemRows;
  return plan;
}

/** Keeps the first problems of a file and counts the rest. */
class ProblemList {
  readonly listed: ImportProblem[] = [];
  notListed = 0;

  add(problems: ImportProblem[]): void {
    for (const p of problems) {
      if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(p);
      else this.notListed++;
    }
  }
}

/**
 * Reads a file's rows and checks them in this thread, yielding to other requests as it goes: finds each
 * sheet's table, maps the columns (as given, or from the headers), leaves out the rows that are not
 * airings, checks every other row like form input, and plans what would be stored. Nothing is written.
 * A file refused whole (empty, too many rows) comes back as errors under `file`; one the app cannot
 * read without help comes back with `blocked` saying why, and what the preview needs to ask.
 */
export async function analyseImport(scope: Scope, sheet: { description: string; rows: AsyncIterable<SheetCell[][]> }, opts: { options?: ImportOptions | null; maxRows: number }): Promise<Result<ImportAnalysis>> {
  const options = opts.options ?? NO_OPTIONS;
  const slots = await scope.commune.slots();
  const partsOfDay = partsOfDayFrom(slots, options.partsOfDay);
  const check = new ImportCheck(await vocabularyOf(scope), scope.clock(), options, partsOfDay, opts.maxRows);
  const problems = new ProblemList();
  let sliceStart = performance.now();
  let counter = 0;
  reading: for await (const batch of sheet.rows) {
    for (const cells of batch) {
      if (!check.add(cells)) break reading;
      if ((++counter & 63) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToOthers();
        sliceStart = performance.now();
      }
    }
    problems.add(check.takeProblems());
  }
  const shape = check.finish();
  problems.add(check.takeProblems());
  if (!shape.ok) return shape;
  const { sheets, layout, rows, needs, blocked } = shape.value;
  const drafts = check.drafts;
  const mark = await scope.commune.logMark();
  const problemRows = sheets.reduce((n, s) => n + (s.included ? s.problemRows : 0), 0);
  const plan = await planWith(scope.commune, drafts, problemRows, rows);
  const named = sheets.some((s) => s.name);
  const used: ImportOptions = { mapping: layout.mapping, headerRows: layout.headerRows.length ? layout.headerRows : null, sheets: named ? sheets.filter((s) => s.included).map((s) => s.name) : null, partsOfDay };
  let partOfDayRows = 0;
  for (const d of drafts) if (d.partOfDay) partOfDayRows++;
  return {
    ok: true,
    value: {
      description: sheet.description,
      used,
      sheets,
      layout,
      mapping: layout.mapping,
      partsOfDay,
      partsOfDaySources: partsOfDaySources(slots, options.partsOfDay),
      partOfDayRows,
      needs,
      blocked,
      drafts,
      problems: problems.listed,
      problemsNotListed: problems.notListed,
      leftOut: check.leftOut,
      leftOutNotListed: check.leftOutNotListed,
      plan,
      mark,
    },
  };
}
