import type { ImportMapping } from '../domain/import-columns.js';
import { type ImportPlan, ImportPlanner, type LogAdditions, minuteKey, planOvertaken } from '../domain/import-plan.js';
import type { ImportProblem, ImportRowDraft, SheetCell } from '../domain/import-values.js';
import { SheetCheck, type SheetShape } from '../domain/sheet-check.js';
import type { ImportRecord } from '../domain/imports.js';
import { type Entry, entryStamps, type FieldErrors, type Item, itemStamps, type Result } from '../domain/model.js';
import { foldText } from '../domain/text.js';
import { fromLocalIso, type LocalIso, toLocalIso } from '../domain/time.js';
import type { CommuneTx, LogMark, NewBatch } from '../storage/port.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** Milliseconds of work between two yields to other requests (checked every 64 rows). */
const SLICE_MS = 3;
/** Records built between two yields when an import is stored. */
const RECORDS_PER_SLICE = 5_000;

const yieldToOthers = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A file read and checked, before anything is stored. */
export interface ImportAnalysis {
  description: string;
  headers: string[];
  /** The header row's number in the sheet (1-based). */
  headerRow: number;
  mapping: ImportMapping;
  drafts: ImportRowDraft[];
  problems: ImportProblem[];
  plan: ImportPlan;
  /** The log as it was when the plan was made. */
  mark: LogMark;
  /** The first data rows as text, for the preview. */
  sample: string[][];
  /** Problems found beyond the `MAX_LISTED_PROBLEMS` listed in `problems`. */
  problemsNotListed: number;
}

/** Problems an analysis lists; past them it only counts (200,000 bad rows made 136 MB of them). */
export const MAX_LISTED_PROBLEMS = 500;

/** The readers the plan needs: items by folded title and airings in a time range. */
interface Lookups {
  itemsTitled(folded: string[]): Promise<{ id: number; title: string }[]>;
  entriesBetweenTimes(from: string, to: string): Promise<Entry[]>;
}

async function planWith(readers: Lookups, drafts: ImportRowDraft[], problems: ImportProblem[], rows: number): Promise<ImportPlan> {
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
  const planner = new ImportPlanner(rows, problems, { itemIdsByTitle, airing: (id, channel, minute) => airings.get(`${id}|${channel}|${minute}`) ?? null });
  for (let i = 0; i < drafts.length; i++) {
    planner.add(drafts[i]!);
    if (i % RECORDS_PER_SLICE === RECORDS_PER_SLICE - 1) await yieldToOthers();
  }
  return planner.finish();
}

/** A sheet read and checked (in this thread or another): what it was, its checked rows, its problems. */
interface SheetRead {
  description: string;
  shape: Result<SheetShape>;
  drafts: ImportRowDraft[];
  /** The first problems, the count of the others, and the rows with any. */
  problems: ImportProblem[];
  problemsNotListed: number;
  problemRows: number;
}

/** Keeps the first problems of a sheet and counts the rest, and the rows that have any. */
class ProblemList {
  readonly listed: ImportProblem[] = [];
  notListed = 0;
  private readonly rows = new Set<number>();

  add(problems: ImportProblem[]): void {
    for (const p of problems) {
      this.rows.add(p.row);
      if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(p);
      else this.notListed++;
    }
  }

  get rowCount(): number {
    return this.rows.size;
  }
}

/**
 * Reads a sheet's rows and checks them in this thread, yielding to other requests as it goes: finds the
 * header row, maps the columns (as given, or from the headers), checks every row like form input and
 * plans what would be stored (`planRead`). Nothing is written.
 */
export async function analyseImport(scope: Scope, sheet: { description: string; rows: AsyncIterable<SheetCell[][]> }, opts: { mapping?: ImportMapping | null; maxRows: number }): Promise<Result<ImportAnalysis>> {
  const check = new SheetCheck(await vocabularyOf(scope), scope.clock(), opts.mapping, opts.maxRows);
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
  return planRead(scope, { description: sheet.description, shape, drafts: check.drafts, problems: problems.listed, problemsNotListed: problems.notListed, problemRows: problems.rowCount });
}

/**
 * Plans what a checked sheet would store, against the log as it is now: the analysis a preview shows
 * and an import stores. A file-level problem (empty, no header, too many rows) comes back as errors
 * under `file`.
 */
async function planRead(scope: Scope, read: SheetRead): Promise<Result<ImportAnalysis>> {
  if (!read.shape.ok) return read.shape;
  const { headers, headerRow, mapping, rows, sample } = read.shape.value;
  const mark = await scope.commune.logMark();
  const plan = await planWith(scope.commune, read.drafts, read.problems, rows);
  // The rows with problems, the unlisted ones' included.
  plan.counts.errors = read.problemRows;
  return { ok: true, value: { description: read.description, headers, headerRow, mapping, drafts: read.drafts, problems: read.problems, problemsNotListed: read.problemsNotListed, plan, mark, sample } };
}

/** The records of a plan, built in slices between yields: new items, and entries pointing at them. */
async function recordsOf(plan: ImportPlan, actor: string, now: LocalIso): Promise<NewBatch> {
  const items: Item[] = [];
  for (let i = 0; i < plan.newItems.length; i++) {
    const { fields } = plan.newItems[i]!;
    items.push({ id: 0, ...fields, topics: [...fields.topics], ...itemStamps(actor, now) });
    if (i % RECORDS_PER_SLICE === RECORDS_PER_SLICE - 1) await yieldToOthers();
  }
  const entries: Entry[] = [];
  const newItemOf: number[] = [];
  const stamps = entryStamps(actor, now);
  for (let i = 0; i < plan.entries.length; i++) {
    const f = plan.entries[i]!.entry;
    const ref = plan.itemOf[i]!;
    newItemOf.push(ref < 0 ? -ref - 1 : -1);
    entries.push({
      id: 0,
      itemId: ref > 0 ? ref : 0,
      channel: f.channel,
      at: f.at,
      playCount: f.playCount,
      durationSeconds: f.durationSeconds,
      url: f.url,
      views: f.views,
      interactions: f.interactions,
      note: f.note,
      ...stamps,
    });
    if (i % RECORDS_PER_SLICE === RECORDS_PER_SLICE - 1) await yieldToOthers();
  }
  return { items, entries, newItemOf, titleKeys: plan.newItems.map((n) => n.titleKey) };
}

/** What the log gained since a plan was made, in the terms `planOvertaken` compares. */
async function additionsOf(tx: CommuneTx, changes: { items: Item[]; entries: Entry[] }): Promise<LogAdditions> {
  const titles = new Map(changes.items.map((i) => [i.id, foldText(i.title)]));
  const airings: LogAdditions['airings'][number][] = [];
  for (const e of changes.entries) {
    let titleKey = titles.get(e.itemId);
    if (titleKey === undefined) titles.set(e.itemId, (titleKey = foldText((await tx.item(e.itemId))?.title ?? '')));
    airings.push({ titleKey, channel: e.channel, at: e.at });
  }
  return { itemTitles: new Set(changes.items.map((i) => titles.get(i.id)!)), airings };
}

/**
 * Stores a checked import, all or nothing: its new items, its entries, the import record and one
 * audit record with the file's name, SHA-256 and counts. Refused when the analysis found problems.
 * The records are made ready (and written ahead) outside the transaction, so that the log stays
 * open to other writes meanwhile; the transaction then adds them as planned when nothing added to
 * the log since the analysis changes the plan, else plans again against the log as it is now (so
 * that what came in meanwhile is a duplicate) and stores that.
 */
export async function commitImport(scope: Scope, analysis: ImportAnalysis, file: { name: string; sha256: string }, actor: string): Promise<Result<ImportRecord>> {
  if (analysis.problems.length) return { ok: false, errors: { file: 'Tệp còn lỗi: sửa các dòng được chỉ ra rồi nhập lại.' } };
  const now = toLocalIso(scope.clock());
  const batch = await scope.commune.prepareBatch(await recordsOf(analysis.plan, actor, now));
  try {
    return await scope.commune.transaction(async (tx: CommuneTx) => {
      const changes = await tx.changesSince(analysis.mark);
      if (changes && !planOvertaken(analysis.plan, await additionsOf(tx, changes))) {
        const value = await recordImport(tx, scope, analysis, file, actor, now, analysis.plan.counts, { entryIds: [...batch.entryIds], itemIds: [...batch.itemIds] });
        await tx.publishBatch(batch);
        return { ok: true as const, value };
      }
      const plan = await planWith(tx, analysis.drafts, [], analysis.plan.counts.rows);
      const records = await recordsOf(plan, actor, now);
      const items = await tx.createItems(records.items.map(({ id: _none, ...item }) => item));
      const entries = await tx.createEntries(records.entries.map(({ id: _none, ...e }, i) => ({ ...e, itemId: records.newItemOf[i]! >= 0 ? items[records.newItemOf[i]!]!.id : e.itemId })));
      const value = await recordImport(tx, scope, analysis, file, actor, now, plan.counts, { entryIds: entries.map((e) => e.id), itemIds: items.map((i) => i.id) });
      return { ok: true as const, value };
    });
  } finally {
    await batch.discard();
  }
}

/** The import record, the mapping to offer next time, and the audit record of an import. */
async function recordImport(tx: CommuneTx, scope: Scope, analysis: ImportAnalysis, file: { name: string; sha256: string }, actor: string, now: LocalIso, counts: ImportPlan['counts'], ids: { entryIds: number[]; itemIds: number[] }): Promise<ImportRecord> {
  const record = await tx.createImport({ fileName: file.name, sha256: file.sha256, counts, mapping: analysis.mapping, ...ids, createdAt: now, createdBy: actor, undoneAt: null, undoneBy: null });
  await tx.setLastImportMapping(analysis.mapping);
  await audit(tx, scope, actor, 'import.create', { type: 'import', id: record.id }, { after: { fileName: file.name, sha256: file.sha256, ...counts } });
  return record;
}

/**
 * Undoes an import (admins): its entries and the items it created are deleted softly, in one change
 * of a few statements whatever the import's size.
 */
export async function undoImport(scope: Scope, id: number, actor: string): Promise<ImportRecord> {
  return scope.commune.transaction(async (tx) => {
    const found = await tx.importRecord(id);
    if (!found || found.undoneAt) throw notFound('Không tìm thấy lần nhập này, hoặc lần nhập đã được hoàn tác.');
    const now = toLocalIso(scope.clock());
    const { entries, items } = await tx.deleteMany({ entryIds: found.entryIds, itemIds: found.itemIds }, now, actor);
    const next: ImportRecord = { ...found, undoneAt: now, undoneBy: actor };
    await tx.replaceImport(next);
    await audit(tx, scope, actor, 'import.undo', { type: 'import', id }, { after: { fileName: found.fileName, entries, items } });
    return next;
  });
}

/** Field errors of an analysis for the API: one list of `{ row, column, message }`. */
export function problemsOf(errors: FieldErrors): ImportProblem[] {
  return Object.entries(errors).map(([column, message]) => ({ row: 0, column, message }));
}
