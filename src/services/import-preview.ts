/**
 * Importing a spreadsheet, from its first preview to its import: reading and checking a held upload
 * (in a thread of its own, within the budgets), keeping a clean analysis for the import that follows
 * (`import-analyses.ts`), completing a new file's reading with the mapping used last time, and the
 * preview's form or the API's call that imports it.
 */
import { type ImportOptions, withLastMapping } from '../domain/import-options.js';
import type { ImportRecord } from '../domain/imports.js';
import type { FieldErrors } from '../domain/model.js';
import { openSheet, sheetFailure } from '../ingest/sheet.js';
import type { AnalysisKey } from './analysis-codec.js';
import { dropUpload, type HeldUpload } from './held-uploads.js';
import type { ImportAnalyses } from './import-analyses.js';
import { analyseImport, commitImport, type ImportAnalysis, refusalOf, rememberImportMapping } from './imports.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

export type Analysed = { ok: true; value: ImportAnalysis } | { ok: false; errors: FieldErrors };

/** How uploads are read here: the analyses kept, the most rows one import may have, and when to stop (the client left). */
export interface Reading {
  analyses: ImportAnalyses;
  maxRows: number;
  signal: AbortSignal;
}

/**
 * Where a clean analysis is kept for the import that follows: beside the held upload (the pages: the
 * preview and the import may land on different processes), in this process (the API: its dry run's
 * upload is not kept), or not yet (the caller keeps it beside the upload if it is the one to offer).
 */
type Keeping = 'beside' | 'in-process' | 'not-yet';

/** What an analysis of a held file depends on besides the log: the settings, and the schedule (the parts of the day take its times). */
async function analysisKey(scope: Scope, held: HeldUpload, options: ImportOptions | null): Promise<AnalysisKey> {
  const [settings, slots] = await Promise.all([settingsOf(scope), scope.commune.slots()]);
  return { commune: scope.commune.code, sha256: held.sha256, settings: JSON.stringify([settings, slots.map((slot) => [slot.start, slot.deletedAt])]), options };
}

/** Reads and checks a held file, unless what its last reading found is kept (see `Keeping`). */
async function analyse(scope: Scope, reading: Reading, held: HeldUpload, options: ImportOptions | null, keeping: Keeping = 'beside'): Promise<Analysed> {
  const key = await analysisKey(scope, held, options);
  const now = scope.clock();
  const kept = keeping === 'in-process' ? reading.analyses.find(key, now) : await reading.analyses.findHeld(held.folder, key, now);
  if (kept) return { ok: true, value: kept };
  const result = await readAndPlan(scope, reading, held.file, options);
  if (result.ok && keeping === 'in-process') reading.analyses.keep(key, result.value, now);
  if (result.ok && keeping === 'beside') await reading.analyses.keepHeld(held.folder, key, result.value, now);
  return result;
}

/**
 * Reads, checks and plans a file, reading it within the budgets (in a thread of its own, see
 * `ingest/sheet.ts`); a file that is not a sheet, or that goes beyond them, is refused with the reason.
 */
async function readAndPlan(scope: Scope, reading: Reading, file: string, options: ImportOptions | null): Promise<Analysed> {
  try {
    // Every visible sheet is read: those without a usable table, or left out, are only counted.
    return await analyseImport(scope, await openSheet(file, { limits: { maxRows: reading.maxRows }, signal: reading.signal, sheets: 'visible' }), { options, maxRows: reading.maxRows });
  } catch (err) {
    const refused = sheetFailure(err);
    if (refused) return { ok: false, errors: { file: refused } };
    throw err;
  }
}

/**
 * The first preview of an upload: the file read as the app finds it, completed with the mapping used
 * last time (`withLastMapping`; `asked`: the options that asked for that, null when none did). An
 * upload that cannot be read is dropped.
 */
export async function previewUpload(scope: Scope, reading: Reading, held: HeldUpload): Promise<{ result: Analysed; asked: ImportOptions | null }> {
  const last = await scope.commune.lastImportMapping();
  let result = await analyse(scope, reading, held, null, last ? 'not-yet' : 'beside');
  let asked: ImportOptions | null = null;
  if (last && result.ok) {
    asked = withLastMapping(result.value.mapping, last, result.value.layout.columns.length);
    // Read again only when the remembered mapping changes something; the analysis offered is the one kept.
    if (asked) result = await analyse(scope, reading, held, asked);
    else await reading.analyses.keepHeld(held.folder, await analysisKey(scope, held, null), result.value, scope.clock());
  }
  if (!result.ok) await dropUpload(held);
  return { result, asked };
}

/** The preview's form sent back: how to read the file now, and whether to import it. */
export interface Review {
  options: ImportOptions | null;
  /** The columns or the defaults were changed: they are kept for the next upload. */
  mappingChanged: boolean;
  /** Import now (the form asked for it and changed nothing: the user imports what they have seen). */
  commit: boolean;
  /** Import leaving the rows with problems out. */
  skipProblemRows: boolean;
}

/**
 * The preview's form: the file read as the form asks (the columns or defaults changed kept for the next
 * upload), then imported when the form asks for it and the reading allows it (the upload is then
 * dropped); else the preview again, `clean` when nothing stops the import.
 */
export async function reviewImport(scope: Scope, reading: Reading, held: HeldUpload, review: Review, actor: string): Promise<{ preview: Analysed; clean: boolean } | { imported: ImportRecord }> {
  const result = await analyse(scope, reading, held, review.options);
  if (result.ok && review.mappingChanged) await rememberImportMapping(scope, result.value.mapping);
  if (!review.commit || !result.ok || refusalOf(result.value, review.skipProblemRows) || !result.value.plan.counts.entries) {
    return { preview: result, clean: result.ok && !refusalOf(result.value, false) };
  }
  const stored = await commitImport(scope, result.value, held, actor, { skipProblemRows: review.skipProblemRows });
  await reading.analyses.forgetHeld(held.folder);
  if (!stored.ok) return { preview: stored, clean: false };
  await dropUpload(held);
  return { imported: stored.value };
}

/** What an import by the API came to. */
export type ApiImport =
  /** The file could not be read. */
  | { kind: 'unreadable'; errors: FieldErrors }
  /** A dry run: checked, nothing stored. */
  | { kind: 'checked'; analysis: ImportAnalysis }
  /** Checked, and refused as it is (`refusalOf`). */
  | { kind: 'refused'; analysis: ImportAnalysis }
  /** Refused when stored. */
  | { kind: 'not-stored'; errors: FieldErrors }
  | { kind: 'imported'; analysis: ImportAnalysis; record: ImportRecord };

/** An upload of the API read and checked (`dryRun`), or imported; its analysis kept in this process for the import after a dry run. */
export async function importByApi(scope: Scope, reading: Reading, held: HeldUpload, ask: { options: ImportOptions | null; skipProblemRows: boolean; dryRun: boolean }, actor: string): Promise<ApiImport> {
  const result = await analyse(scope, reading, held, ask.options, 'in-process');
  if (!result.ok) return { kind: 'unreadable', errors: result.errors };
  const analysis = result.value;
  if (ask.dryRun) return { kind: 'checked', analysis };
  if (refusalOf(analysis, ask.skipProblemRows)) return { kind: 'refused', analysis };
  const stored = await commitImport(scope, analysis, held, actor, { skipProblemRows: ask.skipProblemRows });
  reading.analyses.forget(held.sha256);
  return stored.ok ? { kind: 'imported', analysis, record: stored.value } : { kind: 'not-stored', errors: stored.errors };
}
