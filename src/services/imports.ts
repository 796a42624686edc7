import { findHeaderRow, type ImportMapping, isUsableMap, mapHeaders } from '../domain/import-columns.js';
import { type ImportPlan, minuteKey, planImport } from '../domain/import-plan.js';
import { cellText, type ImportProblem, type ImportRowDraft, readImportRow, rowContext, type SheetCell } from '../domain/import-values.js';
import type { ImportRecord } from '../domain/imports.js';
import { type Entry, entryStamps, type FieldErrors, itemStamps, type Result } from '../domain/model.js';
import { foldText } from '../domain/text.js';
import { fromLocalIso, toLocalIso } from '../domain/time.js';
import type { CommuneTx } from '../storage/port.js';
import { audit } from './audit.js';
import { notFound } from './errors.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** The rows looked at to find the header row (a title block may come first). */
const HEADER_SEARCH_ROWS = 30;
/** Rows checked between two yields to other requests. */
const ROWS_PER_SLICE = 500;

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
  /** The first data rows as text, for the preview. */
  sample: string[][];
}

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
  const times = drafts.filter((d) => itemIdsByTitle.has(d.titleKey)).map((d) => d.entry.at).sort();
  if (times.length) {
    const to = toLocalIso(new Date(fromLocalIso(times.at(-1)!).getTime() + 60_000));
    for (const e of await readers.entriesBetweenTimes(`${minuteKey(times[0]!)}:00+07:00`, to)) airings.set(`${e.itemId}|${e.channel}|${minuteKey(e.at)}`, e.id);
  }
  return planImport(drafts, problems, rows, { itemIdsByTitle, airing: (id, channel, minute) => airings.get(`${id}|${channel}|${minute}`) ?? null });
}

/**
 * The header row among the first rows: the first that names a title and a time; with a mapping given
 * that names both, the first row that is not blank.
 */
function headerOf(top: { cells: SheetCell[] }[], mapping: ImportMapping | null | undefined): number {
  const found = findHeaderRow(top.map((t) => t.cells.map((c) => cellText(c))));
  if (found >= 0 || !mapping || !isUsableMap(mapping.columns)) return found;
  return top.findIndex((t) => t.cells.some((c) => cellText(c).trim() !== ''));
}

/**
 * Reads a sheet's rows and checks them: finds the header row, maps the columns (as given, or from the
 * headers), checks every row like form input and plans what would be stored. Nothing is written.
 * A file-level problem (empty, no header, too many rows) comes back as errors under `file`.
 */
export async function analyseImport(scope: Scope, sheet: { description: string; rows: AsyncIterable<SheetCell[]> }, opts: { mapping?: ImportMapping | null; maxRows: number }): Promise<Result<ImportAnalysis>> {
  const vocab = await vocabularyOf(scope);
  const now = scope.clock();
  const top: { cells: SheetCell[]; number: number }[] = [];
  const drafts: ImportRowDraft[] = [];
  const problems: ImportProblem[] = [];
  const sample: string[][] = [];
  let headerIndex = -1;
  let headers: string[] = [];
  let mapping: ImportMapping | null = null;
  let ctx: ReturnType<typeof rowContext> | null = null;
  let rows = 0;
  let counter = 0;
  const check = (cells: SheetCell[], number: number): void => {
    if (cells.every((c) => cellText(c).trim() === '')) return;
    rows++;
    if (sample.length < 5) sample.push(cells.map((c) => cellText(c)));
    const read = readImportRow(cells, number, ctx!);
    if (read.ok) drafts.push(read.value);
    else problems.push(...read.problems);
  };
  for await (const cells of sheet.rows) {
    counter++;
    const number = (cells as SheetCell[] & { rowNumber?: number }).rowNumber ?? counter;
    if (!ctx) {
      top.push({ cells, number });
      if (top.length < HEADER_SEARCH_ROWS) continue;
      headerIndex = headerOf(top, opts.mapping);
      if (headerIndex < 0) break;
      headers = top[headerIndex]!.cells.map((c) => cellText(c).trim());
      mapping = opts.mapping ?? { columns: mapHeaders(headers), defaults: {} };
      ctx = rowContext(vocab, now, mapping, headers);
      for (const t of top.slice(headerIndex + 1)) check(t.cells, t.number);
      continue;
    }
    check(cells, number);
    if (rows > opts.maxRows) return { ok: false, errors: { file: `Tệp có hơn ${opts.maxRows.toLocaleString('vi-VN')} dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.` } };
    if (counter % ROWS_PER_SLICE === 0) await yieldToOthers();
  }
  if (!ctx && top.length) {
    headerIndex = headerOf(top, opts.mapping);
    if (headerIndex >= 0) {
      headers = top[headerIndex]!.cells.map((c) => cellText(c).trim());
      mapping = opts.mapping ?? { columns: mapHeaders(headers), defaults: {} };
      ctx = rowContext(vocab, now, mapping, headers);
      for (const t of top.slice(headerIndex + 1)) check(t.cells, t.number);
    }
  }
  if (!top.length) return { ok: false, errors: { file: 'Tệp không có dòng nào.' } };
  if (!ctx || !mapping) return { ok: false, errors: { file: 'Không tìm thấy dòng tiêu đề cột: cần ít nhất cột "Tiêu đề" (hoặc "Nội dung", "Tên tin bài") và cột "Ngày" (hoặc "Thời gian").' } };
  if (rows > opts.maxRows) return { ok: false, errors: { file: `Tệp có hơn ${opts.maxRows.toLocaleString('vi-VN')} dòng, quá giới hạn một lần nhập: chia tệp ra rồi nhập từng phần.` } };
  if (!rows) return { ok: false, errors: { file: 'Tệp chỉ có dòng tiêu đề cột, chưa có dòng dữ liệu nào.' } };
  const plan = await planWith(scope.commune, drafts, problems, rows);
  return { ok: true, value: { description: sheet.description, headers, headerRow: top[headerIndex]!.number, mapping, drafts, problems, plan, sample } };
}

/**
 * Stores a checked import, all or nothing, in one transaction: its new items, its entries (planned again
 * against the log as it is now, so what came in meanwhile is a duplicate), the import record and one
 * audit record with the file's name, SHA-256 and counts. Refused when the analysis found problems.
 */
export async function commitImport(scope: Scope, analysis: ImportAnalysis, file: { name: string; sha256: string }, actor: string): Promise<Result<ImportRecord>> {
  if (analysis.problems.length) return { ok: false, errors: { file: 'Tệp còn lỗi: sửa các dòng được chỉ ra rồi nhập lại.' } };
  return scope.commune.transaction(async (tx: CommuneTx) => {
    const plan = await planWith(tx, analysis.drafts, [], analysis.plan.counts.rows);
    const now = toLocalIso(scope.clock());
    const items = await tx.createItems(plan.newItems.map((n) => ({ ...n.fields, ...itemStamps(actor, now) })));
    const idOfKey = new Map(plan.newItems.map((n, i) => [n.key, items[i]!.id]));
    const entries = await tx.createEntries(
      plan.entries.map((e) => ({
        itemId: 'id' in e.item ? e.item.id : idOfKey.get(e.item.key)!,
        ...e.fields,
        ...entryStamps(actor, now),
      })),
    );
    const record = await tx.createImport({ fileName: file.name, sha256: file.sha256, counts: plan.counts, mapping: analysis.mapping, entryIds: entries.map((e) => e.id), itemIds: items.map((i) => i.id), createdAt: now, createdBy: actor, undoneAt: null, undoneBy: null });
    await tx.setLastImportMapping(analysis.mapping);
    await audit(tx, scope, actor, 'import.create', { type: 'import', id: record.id }, { after: { fileName: file.name, sha256: file.sha256, ...plan.counts } });
    return { ok: true as const, value: record };
  });
}

/** Undoes an import (admins): its entries and the items it created are deleted softly, in one change. */
export async function undoImport(scope: Scope, id: number, actor: string): Promise<ImportRecord> {
  const found = await scope.commune.importRecord(id);
  if (!found || found.undoneAt) throw notFound('Không tìm thấy lần nhập này, hoặc lần nhập đã được hoàn tác.');
  return scope.commune.transaction(async (tx) => {
    const now = toLocalIso(scope.clock());
    let entries = 0;
    for (const entryId of found.entryIds) {
      const e = await tx.entry(entryId);
      if (!e || e.deletedAt) continue;
      const { item: _item, ...entry } = e;
      await tx.replaceEntry({ ...entry, deletedAt: now, deletedBy: actor, updatedAt: now, updatedBy: actor });
      entries++;
    }
    let items = 0;
    for (const itemId of found.itemIds) {
      const item = await tx.item(itemId);
      if (!item || item.deletedAt) continue;
      await tx.replaceItem({ ...item, deletedAt: now, deletedBy: actor, updatedAt: now, updatedBy: actor });
      items++;
    }
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
