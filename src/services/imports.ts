import type { ImportMapping } from '../domain/import-columns.js';
import { type ImportPlan, type LogAdditions, planOvertaken } from '../domain/import-plan.js';
import type { ImportProblem } from '../domain/import-values.js';
import { type ImportRecord, leftOutOfProblems, MAX_KEPT_LEFT_OUT } from '../domain/imports.js';
import { type Entry, entryStamps, type EntryWithItem, type FieldErrors, type Item, itemStamps, type Result } from '../domain/model.js';
import { foldText } from '../domain/text.js';
import { type LocalIso, toLocalIso } from '../domain/time.js';
import type { CommuneTx, NewBatch } from '../storage/port.js';
import { audit } from './audit.js';
import { NotFound, notFound } from './errors.js';
import { type ImportAnalysis, planWith, RECORDS_PER_SLICE, yieldToOthers } from './import-analysis.js';
import type { Scope } from './scope.js';

export { analyseImport, type ImportAnalysis, MAX_LISTED_PROBLEMS } from './import-analysis.js';

/**
 * Maps a long list a slice at a time, yielding between slices; the result is made at its full length
 * at once (slices joined by one `concat`), not grown by pushes that each leave a copy behind.
 */
async function mapInSlices<T, U>(list: readonly T[], fn: (value: T, index: number) => U): Promise<U[]> {
  const slices: U[][] = [];
  for (let i = 0; i < list.length; i += RECORDS_PER_SLICE) {
    slices.push(list.slice(i, i + RECORDS_PER_SLICE).map((value, k) => fn(value, i + k)));
    if (i + RECORDS_PER_SLICE < list.length) await yieldToOthers();
  }
  return ([] as U[]).concat(...slices);
}

/** The records of a plan, built in slices between yields: new items, and entries pointing at them. */
async function recordsOf(plan: ImportPlan, actor: string, now: LocalIso): Promise<NewBatch> {
  // Each record is written as one whole literal (no spreads): the log keeps them, and properties added
  // to an object after it is made cost each record a separate block of memory.
  const is = itemStamps(actor, now);
  const items = await mapInSlices(plan.newItems, ({ fields: f }): Item => ({
    id: 0,
    title: f.title,
    summary: f.summary,
    format: f.format,
    topics: [...f.topics],
    unit: f.unit,
    author: f.author,
    sourceUrl: f.sourceUrl,
    createdAt: is.createdAt,
    createdBy: is.createdBy,
    updatedAt: is.updatedAt,
    updatedBy: is.updatedBy,
    deletedAt: is.deletedAt,
    deletedBy: is.deletedBy,
  }));
  const stamps = entryStamps(actor, now);
  const entries = await mapInSlices(plan.entries, ({ entry: f, recorder }, i): Entry => {
    const ref = plan.itemOf[i]!;
    return {
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
      recordedBy: stamps.recordedBy,
      // The person the file names (or nobody): the account running the import did not keep the book.
      recorderName: recorder,
      recordedAt: stamps.recordedAt,
      updatedAt: stamps.updatedAt,
      updatedBy: stamps.updatedBy,
      deletedAt: stamps.deletedAt,
      deletedBy: stamps.deletedBy,
    };
  });
  const newItemOf = await mapInSlices(plan.itemOf, (ref) => (ref < 0 ? -ref - 1 : -1));
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

/** Why an analysis cannot be stored as it is (with `skipProblemRows`, rows with problems are left out); null when it can. */
export function refusalOf(analysis: ImportAnalysis, skipProblemRows: boolean): string | null {
  if (analysis.blocked) return analysis.blocked;
  if (analysis.needs.length) return 'Tệp thiếu cột mà chưa chọn giá trị mặc định: chọn ở mục "Khi tệp không có cột".';
  if (analysis.plan.counts.errors && !skipProblemRows) return 'Tệp còn lỗi: sửa các dòng được chỉ ra rồi nhập lại, hoặc bỏ các dòng lỗi.';
  return null;
}

/**
 * Stores a checked import, all or nothing for the rows it takes: its new items, its entries, the import
 * record (with the rows left out and why) and one audit record with the file's name, SHA-256 and counts.
 * Refused when the analysis found problems, unless `skipProblemRows` leaves those rows out.
 * The records are made ready (and written ahead) outside the transaction, so that the log stays
 * open to other writes meanwhile; the transaction then adds them as planned when nothing added to
 * the log since the analysis changes the plan, else plans again against the log as it is now (so
 * that what came in meanwhile is a duplicate) and stores that.
 */
export async function commitImport(scope: Scope, analysis: ImportAnalysis, file: { name: string; sha256: string }, actor: string, opts: { skipProblemRows?: boolean } = {}): Promise<Result<ImportRecord>> {
  const refused = refusalOf(analysis, opts.skipProblemRows === true);
  if (refused) return { ok: false, errors: { file: refused } };
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
      const plan = await planWith(tx, analysis.drafts, analysis.plan.counts.errors, analysis.plan.counts.rows);
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
  // The rows not taken: those that are not airings, then those with problems (in the order found).
  const leftOut = [...analysis.leftOut, ...leftOutOfProblems(analysis.problems)];
  const notListed = analysis.leftOutNotListed + Math.max(0, counts.errors - new Set(analysis.problems.map((p) => `${p.sheet ?? ''}|${p.row}`)).size) + Math.max(0, leftOut.length - MAX_KEPT_LEFT_OUT);
  const sheets = analysis.sheets.filter((s) => s.included && s.name).map((s) => s.name);
  const record = await tx.createImport({
    fileName: file.name,
    sha256: file.sha256,
    counts,
    mapping: analysis.mapping,
    ...ids,
    leftOut: leftOut.slice(0, MAX_KEPT_LEFT_OUT),
    leftOutNotListed: notListed,
    sheets,
    createdAt: now,
    createdBy: actor,
    undoneAt: null,
    undoneBy: null,
  });
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

/** Keeps the columns and defaults of a preview, to offer them again on the next upload (also before any import). */
export async function rememberImportMapping(scope: Scope, mapping: ImportMapping): Promise<void> {
  await scope.commune.transaction((tx) => tx.setLastImportMapping(mapping));
}

/** Field errors of an analysis for the API: one list of `{ row, column, message }`. */
export function problemsOf(errors: FieldErrors): ImportProblem[] {
  return Object.entries(errors).map(([column, message]) => ({ row: 0, column, message }));
}

/** The imports of spreadsheets so far, newest first. */
export function importsOf(scope: Scope): Promise<ImportRecord[]> {
  return scope.commune.imports();
}

/** The entries one page of an import shows. */
const IMPORT_PAGE_ROWS = 100;

/** One import and a page of the entries it brought in, read in one call whatever the page's size; not found when there is no such import. */
export async function importPage(scope: Scope, id: number, page: number): Promise<{ record: ImportRecord; entries: EntryWithItem[]; pages: number }> {
  const record = await scope.commune.importRecord(id);
  if (!record) throw new NotFound('Không tìm thấy lần nhập này.');
  const entries = await scope.commune.entriesWithIds(record.entryIds.slice((page - 1) * IMPORT_PAGE_ROWS, page * IMPORT_PAGE_ROWS));
  return { record, entries, pages: Math.max(1, Math.ceil(record.entryIds.length / IMPORT_PAGE_ROWS)) };
}
