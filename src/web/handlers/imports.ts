import type { Request, Response } from 'express';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../domain/import-columns.js';
import { type ImportOptions, readImportOptions } from '../../domain/import-options.js';
import type { EntryView } from '../../domain/model.js';
import { PART_OF_DAY_LABELS } from '../../domain/office-values.js';
import { notFound } from '../../services/errors.js';
import { idParam, pageOf } from '../request.js';
import { analyseImport, commitImport, type ImportAnalysis, problemsOf, refusalOf, rememberImportMapping, undoImport } from '../../services/imports.js';
import type { Scope } from '../../services/scope.js';
import { openSheet, sheetFailure } from '../../ingest/sheet.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { dropUpload, heldFolder, type HeldUpload, heldUpload, receiveSpreadsheet, type UploadOwner } from '../import-upload.js';
import type { AnalysisKey } from '../import-analyses.js';
import { headerRowValue, optionsJson, readImportForm, shownOf } from '../import-form.js';
import { analysisJson } from '../import-json.js';

type Analysed = { ok: true; value: ImportAnalysis } | { ok: false; errors: Record<string, string> };

/**
 * Where a clean analysis is kept for the import that follows: beside the held upload (the pages: the
 * preview and the import may land on different processes), in this process (the API: its dry run's
 * upload is not kept), or not yet (the caller keeps it beside the upload if it is the one to offer).
 */
type Keeping = 'beside' | 'in-process' | 'not-yet';

/** What an analysis of a held file depends on besides the log: the settings, and the schedule (the parts of the day take its times). */
async function analysisKey(ctx: WebContext, req: Request, held: HeldUpload, options: ImportOptions | null): Promise<AnalysisKey> {
  const s = scope(ctx, req);
  const slots = (await s.commune.slots()).map((slot) => [slot.start, slot.deletedAt]);
  return { commune: s.commune.code, sha256: held.sha256, settings: JSON.stringify([await s.commune.settings(), slots]), options };
}

/** Reads and checks a held file, unless what its last reading found is kept (see `Keeping`). */
async function analyse(ctx: WebContext, req: Request, res: Response, held: HeldUpload, options: ImportOptions | null, keeping: Keeping = 'beside'): Promise<Analysed> {
  const key = await analysisKey(ctx, req, held, options);
  const kept = keeping === 'in-process' ? ctx.importAnalyses.find(key, ctx.clock()) : await ctx.importAnalyses.findHeld(heldFolder(ctx, held), key, ctx.clock());
  if (kept) return { ok: true, value: kept };
  const result = await readAndPlan(ctx, scope(ctx, req), held.file, options, clientGone(res));
  if (result.ok && keeping === 'in-process') ctx.importAnalyses.keep(key, result.value, ctx.clock());
  if (result.ok && keeping === 'beside') await ctx.importAnalyses.keepHeld(heldFolder(ctx, held), key, result.value, ctx.clock());
  return result;
}

/** Aborted when the client leaves before its answer is sent: the reading of its file stops then. */
function clientGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

/**
 * Reads, checks and plans a file, reading it within the budgets (in a thread of its own, see
 * `ingest/sheet.ts`); a file that is not a sheet, or that goes beyond them, is refused with the reason.
 */
async function readAndPlan(ctx: WebContext, s: Scope, file: string, options: ImportOptions | null, signal: AbortSignal): Promise<Analysed> {
  try {
    // Every visible sheet is read: those without a usable table, or left out, are only counted.
    return await analyseImport(s, await openSheet(file, { limits: { maxRows: ctx.maxImportRows }, signal, sheets: 'visible' }), { options, maxRows: ctx.maxImportRows });
  } catch (err) {
    const refused = sheetFailure(err);
    if (refused) return { ok: false, errors: { file: refused } };
    throw err;
  }
}

/** The preview: how the file was read, what it would import, and the form to read it otherwise or import it. */
function renderPreview(res: Response, held: HeldUpload, result: Analysed, status = 200, formErrors: Record<string, string> = {}, asked: ImportOptions | null = null): void {
  const errors = result.ok ? formErrors : result.errors;
  const form = result.ok ? { asked: JSON.stringify(optionsJson(asked)), shown: JSON.stringify(shownOf(result.value)), headerRow: headerRowValue(result.value.layout.headerRows) } : null;
  res.status(status).render('imports/preview', { title: 'Xem trước khi nhập', held, result, form, fields: IMPORT_FIELDS, fieldLabels: IMPORT_FIELD_LABELS, partLabels: PART_OF_DAY_LABELS, errors });
}

/** Who uploads (or uses) a held spreadsheet: the account, in the commune the request works in. */
const uploader = (ctx: WebContext, req: Request): UploadOwner => ({ username: actorOf(req), commune: scope(ctx, req).commune.code });

/** GET /imports: the upload form and the imports so far. */
export function showImports(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.render('imports/index', { title: 'Nhập từ Excel/CSV', imports: await scope(ctx, req).commune.imports(), errors: {} });
  };
}

/** POST /imports: receives a spreadsheet and shows its preview (nothing is stored yet). */
export function uploadImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const held = await receiveSpreadsheet(ctx, req, res, uploader(ctx, req));
    const last = await scope(ctx, req).commune.lastImportMapping();
    let asked: ImportOptions | null = null;
    let result = await analyse(ctx, req, res, held, null, last ? 'not-yet' : 'beside');
    // The mapping used last time fills in what this file's headers do not say: its defaults, and the
    // columns it had chosen for fields no header names here (when those columns exist and are free).
    if (last && result.ok) {
      const columns = { ...result.value.mapping.columns };
      const used = new Set(Object.values(columns));
      for (const [field, col] of Object.entries(last.columns) as [keyof typeof columns, number][]) {
        if (columns[field] === undefined && col < result.value.layout.columns.length && !used.has(col)) {
          columns[field] = col;
          used.add(col);
        }
      }
      // Read again only when the remembered mapping changes something; the analysis offered is the one kept.
      const changed = Object.keys(columns).length > Object.keys(result.value.mapping.columns).length || Object.keys(last.defaults).length > 0;
      if (changed) {
        asked = { mapping: { columns, defaults: last.defaults }, headerRows: null, sheets: null, partsOfDay: {} };
        result = await analyse(ctx, req, res, held, asked);
      } else await ctx.importAnalyses.keepHeld(heldFolder(ctx, held), await analysisKey(ctx, req, held, null), result.value, ctx.clock());
    }
    if (!result.ok) await dropUpload(ctx, held);
    renderPreview(res, held, result, result.ok ? 200 : 422, {}, asked);
  };
}

/**
 * POST /imports/:token: shows the preview again as the form reads the file now, or imports
 * (`action=commit`; `commit-skip` leaves the rows with problems out). Columns or defaults the user
 * changed are kept for the next upload.
 */
export function confirmImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const held = await heldUpload(ctx, String(req.params.token), typeof body.fileName === 'string' ? body.fileName : '', uploader(ctx, req));
    if (!held) {
      res.status(410).render('imports/index', { title: 'Nhập từ Excel/CSV', imports: await scope(ctx, req).commune.imports(), errors: { file: 'Tệp đã tải lên không còn (đã nhập, hoặc quá một ngày): vui lòng tải tệp lên lại.' } });
      return;
    }
    const form = readImportForm(body);
    const result = await analyse(ctx, req, res, held, form.options);
    if (result.ok && form.mappingChanged) await rememberImportMapping(scope(ctx, req), result.value.mapping);
    const skip = body.action === 'commit-skip';
    // A change is shown before anything is imported: the user imports what they have seen.
    const committing = (body.action === 'commit' || skip) && !form.changed && !Object.keys(form.errors).length;
    if (!committing || !result.ok || refusalOf(result.value, skip) || !result.value.plan.counts.entries) {
      const clean = result.ok && !refusalOf(result.value, false) && !Object.keys(form.errors).length;
      renderPreview(res, held, result, clean ? 200 : 422, form.errors, form.options);
      return;
    }
    const stored = await commitImport(scope(ctx, req), result.value, held, actorOf(req), { skipProblemRows: skip });
    await ctx.importAnalyses.forgetHeld(heldFolder(ctx, held));
    if (!stored.ok) return renderPreview(res, held, { ok: false, errors: stored.errors }, 422);
    await dropUpload(ctx, held);
    res.redirect(303, `/imports/${stored.value.id}?ok=import-done`);
  };
}

/** GET /imports/:id: one import, its counts and the entries it brought in. */
export function showImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const record = await s.commune.importRecord(idParam(req.params.id as string, 'Không tìm thấy lần nhập này.'));
    if (!record) throw notFound('Không tìm thấy lần nhập này.');
    const page = pageOf(req.query.page);
    const ids = record.entryIds.slice((page - 1) * 100, page * 100);
    const entries = (await Promise.all(ids.map((id) => s.commune.entry(id)))).filter((e): e is EntryView => !!e);
    res.render('imports/show', { title: 'Lần nhập', record, entries, page, pages: Math.max(1, Math.ceil(record.entryIds.length / 100)) });
  };
}

/** POST /imports/:id/undo (admins) */
export function undoImportForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = idParam(req.params.id as string, 'Không tìm thấy lần nhập này.');
    await undoImport(scope(ctx, req), id, actorOf(req));
    res.redirect(303, `/imports/${id}?ok=import-undone`);
  };
}

/**
 * POST /api/v1/imports (multipart `file`, optional `mapping` JSON: columns, defaults, headerRow, sheets,
 * partsOfDay, skipProblemRows; `?dryRun=1` checks only).
 */
export function apiImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const held = await receiveSpreadsheet(ctx, req, res, uploader(ctx, req));
    try {
      let options: ImportOptions | null = null;
      let skip = false;
      const text = (req.body as Record<string, unknown> | undefined)?.mapping;
      if (typeof text === 'string' && text.trim()) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        const read = readImportOptions(parsed, 500);
        if (!read.ok) {
          res.status(422).json({ errors: [{ row: 0, column: 'mapping', message: read.message }] });
          return;
        }
        options = read.value;
        skip = read.skipProblemRows;
      }
      const result = await analyse(ctx, req, res, held, options, 'in-process');
      if (!result.ok) {
        res.status(422).json({ errors: problemsOf(result.errors) });
        return;
      }
      const a = result.value;
      const dry = req.query.dryRun === '1' || req.query.dryRun === 'true';
      if (dry) {
        res.status(a.blocked ? 422 : 200).json({ ...analysisJson(a), fileName: held.name, sha256: held.sha256 });
        return;
      }
      if (refusalOf(a, skip)) {
        res.status(422).json(analysisJson(a));
        return;
      }
      const stored = await commitImport(scope(ctx, req), a, held, actorOf(req), { skipProblemRows: skip });
      ctx.importAnalyses.forget(held.sha256);
      if (!stored.ok) {
        res.status(422).json({ errors: problemsOf(stored.errors) });
        return;
      }
      const r = stored.value;
      res.status(201).location(`/api/v1/imports/${r.id}`).json({ ...analysisJson(a), ...r.counts, errors: [], leftOut: r.leftOut, leftOutNotListed: r.leftOutNotListed, importId: r.id });
    } finally {
      await dropUpload(ctx, held);
    }
  };
}

/** GET /api/v1/imports */
export function apiListImports(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ imports: await scope(ctx, req).commune.imports() });
  };
}

/** DELETE /api/v1/imports/:id (admins): undoes an import. */
export function apiUndoImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const record = await undoImport(scope(ctx, req), idParam(req.params.id as string, 'Không tìm thấy lần nhập này.'), actorOf(req));
    res.json({ id: record.id, undoneAt: record.undoneAt, undoneBy: record.undoneBy, counts: record.counts });
  };
}
