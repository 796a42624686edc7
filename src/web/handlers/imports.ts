import type { Request, Response } from 'express';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../domain/import-columns.js';
import type { ImportOptions } from '../../domain/import-options.js';
import { PART_OF_DAY_LABELS } from '../../domain/office-values.js';
import { dropUpload, type HeldUpload, heldUpload, type UploadOwner } from '../../services/held-uploads.js';
import { type Analysed, importByApi, previewUpload, type Reading, reviewImport } from '../../services/import-preview.js';
import { importPage, importsOf, problemsOf, undoImport } from '../../services/imports.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { receiveSpreadsheet } from '../import-upload.js';
import { apiImportAsk, headerRowValue, optionsJson, readImportForm, shownOf } from '../import-form.js';
import { analysisJson } from '../import-json.js';
import { idParam, pageOf } from '../request.js';

const NO_IMPORT = 'Không tìm thấy lần nhập này.';

/** How this request reads an upload: stopped when the client leaves before its answer is sent. */
function reading(ctx: WebContext, res: Response): Reading {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return { analyses: ctx.importAnalyses, maxRows: ctx.maxImportRows, signal: gone.signal };
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
    res.render('imports/index', { title: 'Nhập từ Excel/CSV', imports: await importsOf(scope(ctx, req)), errors: {} });
  };
}

/** POST /imports: receives a spreadsheet and shows its preview (nothing is stored yet). */
export function uploadImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const held = await receiveSpreadsheet(ctx, req, res, uploader(ctx, req));
    const { result, asked } = await previewUpload(scope(ctx, req), reading(ctx, res), held);
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
    const held = await heldUpload(ctx.heldDir, String(req.params.token), typeof body.fileName === 'string' ? body.fileName : '', uploader(ctx, req));
    if (!held) {
      const errors = { file: 'Tệp đã tải lên không còn (đã nhập, hoặc quá một ngày): vui lòng tải tệp lên lại.' };
      return void res.status(410).render('imports/index', { title: 'Nhập từ Excel/CSV', imports: await importsOf(scope(ctx, req)), errors });
    }
    const form = readImportForm(body);
    const skip = body.action === 'commit-skip';
    // A change is shown before anything is imported: the user imports what they have seen.
    const commit = (body.action === 'commit' || skip) && !form.changed && !Object.keys(form.errors).length;
    const done = await reviewImport(scope(ctx, req), reading(ctx, res), held, { options: form.options, mappingChanged: form.mappingChanged, commit, skipProblemRows: skip }, actorOf(req));
    if ('imported' in done) return res.redirect(303, `/imports/${done.imported.id}?ok=import-done`);
    renderPreview(res, held, done.preview, done.clean && !Object.keys(form.errors).length ? 200 : 422, form.errors, form.options);
  };
}

/** GET /imports/:id: one import, its counts and the entries it brought in. */
export function showImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const page = pageOf(req.query.page);
    const { record, entries, pages } = await importPage(scope(ctx, req), idParam(req.params.id as string, NO_IMPORT), page);
    res.render('imports/show', { title: 'Lần nhập', record, entries, page, pages });
  };
}

/** POST /imports/:id/undo (admins) */
export function undoImportForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = idParam(req.params.id as string, NO_IMPORT);
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
      const ask = apiImportAsk((req.body as Record<string, unknown> | undefined)?.mapping);
      if (!ask.ok) return void res.status(422).json({ errors: [{ row: 0, column: 'mapping', message: ask.message }] });
      const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
      const done = await importByApi(scope(ctx, req), reading(ctx, res), held, { ...ask.value, dryRun }, actorOf(req));
      if (done.kind === 'unreadable' || done.kind === 'not-stored') return void res.status(422).json({ errors: problemsOf(done.errors) });
      if (done.kind === 'checked') return void res.status(done.analysis.blocked ? 422 : 200).json({ ...analysisJson(done.analysis), fileName: held.name, sha256: held.sha256 });
      if (done.kind === 'refused') return void res.status(422).json(analysisJson(done.analysis));
      const r = done.record;
      res.status(201).location(`/api/v1/imports/${r.id}`).json({ ...analysisJson(done.analysis), ...r.counts, errors: [], leftOut: r.leftOut, leftOutNotListed: r.leftOutNotListed, importId: r.id });
    } finally {
      await dropUpload(held);
    }
  };
}

/** GET /api/v1/imports */
export function apiListImports(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ imports: await importsOf(scope(ctx, req)) });
  };
}

/** DELETE /api/v1/imports/:id (admins): undoes an import. */
export function apiUndoImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const record = await undoImport(scope(ctx, req), idParam(req.params.id as string, NO_IMPORT), actorOf(req));
    res.json({ id: record.id, undoneAt: record.undoneAt, undoneBy: record.undoneBy, counts: record.counts });
  };
}
