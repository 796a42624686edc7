import type { Request, Response } from 'express';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportMapping, readMapping } from '../../domain/import-columns.js';
import type { EntryView } from '../../domain/model.js';
import { idParam, notFound } from '../../services/errors.js';
import { analyseImport, commitImport, type ImportAnalysis, problemsOf, undoImport } from '../../services/imports.js';
import type { Scope } from '../../services/scope.js';
import { openSheet, sheetFailure } from '../../ingest/sheet.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { dropUpload, heldFolder, type HeldUpload, heldUpload, receiveSpreadsheet, type UploadOwner } from '../import-upload.js';
import type { AnalysisKey } from '../import-analyses.js';
import { pageOf } from '../request.js';

type Analysed = { ok: true; value: ImportAnalysis } | { ok: false; errors: Record<string, string> };

/**
 * Where a clean analysis is kept for the import that follows: beside the held upload (the pages: the
 * preview and the import may land on different processes), in this process (the API: its dry run's
 * upload is not kept), or not yet (the caller keeps it beside the upload if it is the one to offer).
 */
type Keeping = 'beside' | 'in-process' | 'not-yet';

/** What an analysis of a held file depends on besides the log. */
async function analysisKey(ctx: WebContext, req: Request, held: HeldUpload, mapping: ImportMapping | null): Promise<AnalysisKey> {
  const s = scope(ctx, req);
  return { commune: s.commune.code, sha256: held.sha256, settings: JSON.stringify(await s.commune.settings()), mapping };
}

/** Reads and checks a held file, unless what its last reading found is kept (see `Keeping`). */
async function analyse(ctx: WebContext, req: Request, res: Response, held: HeldUpload, mapping: ImportMapping | null, keeping: Keeping = 'beside'): Promise<Analysed> {
  const key = await analysisKey(ctx, req, held, mapping);
  const kept = keeping === 'in-process' ? ctx.importAnalyses.find(key, ctx.clock()) : await ctx.importAnalyses.findHeld(heldFolder(ctx, held), key, ctx.clock());
  if (kept) return { ok: true, value: kept };
  const result = await readAndPlan(ctx, scope(ctx, req), held.file, mapping, clientGone(res));
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
async function readAndPlan(ctx: WebContext, s: Scope, file: string, mapping: ImportMapping | null, signal: AbortSignal): Promise<Analysed> {
  try {
    return await analyseImport(s, await openSheet(file, { limits: { maxRows: ctx.maxImportRows }, signal }), { mapping, maxRows: ctx.maxImportRows });
  } catch (err) {
    const refused = sheetFailure(err);
    if (refused) return { ok: false, errors: { file: refused } };
    throw err;
  }
}

/** The mapping typed on the preview page: `col.<field>` = column number, `def.<field>` = default. */
function formMapping(body: Record<string, unknown>, columns: number): ImportMapping | null {
  if (body['col.title'] === undefined) return null;
  const cols: Record<string, string> = {};
  for (const f of IMPORT_FIELDS) if (typeof body[`col.${f}`] === 'string' && body[`col.${f}`] !== '') cols[f] = body[`col.${f}`] as string;
  const topics = body['def.topics'];
  return readMapping({ columns: cols, defaults: { channel: body['def.channel'], format: body['def.format'], unit: body['def.unit'], topics: Array.isArray(topics) ? topics : topics ? [topics] : [] } }, columns);
}

function renderPreview(res: Response, held: HeldUpload, result: Analysed, status = 200): void {
  res.status(status).render('imports/preview', { title: 'Xem trước khi nhập', held, result, fields: IMPORT_FIELDS, fieldLabels: IMPORT_FIELD_LABELS, errors: result.ok ? {} : result.errors });
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
    let result = await analyse(ctx, req, res, held, null, last ? 'not-yet' : 'beside');
    // The mapping used last time fills in what this file's headers do not say: its defaults, and the
    // columns it had chosen for fields no header names here (when those columns exist and are free).
    if (last && result.ok) {
      const columns = { ...result.value.mapping.columns };
      const used = new Set(Object.values(columns));
      for (const [field, col] of Object.entries(last.columns) as [keyof typeof columns, number][]) {
        if (columns[field] === undefined && col < result.value.headers.length && !used.has(col)) {
          columns[field] = col;
          used.add(col);
        }
      }
      // Read again only when the remembered mapping changes something; the analysis offered is the one kept.
      const changed = Object.keys(columns).length > Object.keys(result.value.mapping.columns).length || Object.keys(last.defaults).length > 0;
      if (changed) result = await analyse(ctx, req, res, held, { columns, defaults: last.defaults });
      else await ctx.importAnalyses.keepHeld(heldFolder(ctx, held), await analysisKey(ctx, req, held, null), result.value, ctx.clock());
    }
    if (!result.ok) await dropUpload(ctx, held);
    renderPreview(res, held, result, result.ok ? 200 : 422);
  };
}

/** POST /imports/:token: shows the preview again with the mapping typed, or imports (`action=commit`). */
export function confirmImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const held = await heldUpload(ctx, String(req.params.token), typeof body.fileName === 'string' ? body.fileName : '', uploader(ctx, req));
    if (!held) {
      res.status(410).render('imports/index', { title: 'Nhập từ Excel/CSV', imports: await scope(ctx, req).commune.imports(), errors: { file: 'Tệp đã tải lên không còn (đã nhập, hoặc quá một ngày): vui lòng tải tệp lên lại.' } });
      return;
    }
    const mapping = formMapping(body, 200);
    const result = await analyse(ctx, req, res, held, mapping);
    if (body.action !== 'commit' || !result.ok || result.value.problems.length || !result.value.plan.counts.entries) {
      renderPreview(res, held, result, result.ok && !result.value.problems.length ? 200 : 422);
      return;
    }
    const stored = await commitImport(scope(ctx, req), result.value, held, actorOf(req));
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

function countsJson(a: ImportAnalysis): Record<string, unknown> {
  const { rows, entries, newItems, reairs, duplicates } = a.plan.counts;
  return { rows, entries, newItems, reairs, duplicates, errors: a.problems, errorsNotListed: a.problemsNotListed, mapping: a.mapping, description: a.description, headerRow: a.headerRow };
}

/** POST /api/v1/imports (multipart `file`, optional `mapping` JSON; `?dryRun=1` checks only). */
export function apiImport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const held = await receiveSpreadsheet(ctx, req, res, uploader(ctx, req));
    try {
      let mapping: ImportMapping | null = null;
      const text = (req.body as Record<string, unknown> | undefined)?.mapping;
      if (typeof text === 'string' && text.trim()) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        mapping = readMapping(parsed, 500);
        if (!mapping) {
          res.status(422).json({ errors: [{ row: 0, column: 'mapping', message: 'Cách ghép cột (mapping) không phải JSON hợp lệ.' }] });
          return;
        }
      }
      const result = await analyse(ctx, req, res, held, mapping, 'in-process');
      if (!result.ok) {
        res.status(422).json({ errors: problemsOf(result.errors) });
        return;
      }
      const dry = req.query.dryRun === '1' || req.query.dryRun === 'true';
      if (dry) {
        res.json({ ...countsJson(result.value), fileName: held.name, sha256: held.sha256 });
        return;
      }
      if (result.value.problems.length) {
        res.status(422).json(countsJson(result.value));
        return;
      }
      const stored = await commitImport(scope(ctx, req), result.value, held, actorOf(req));
      ctx.importAnalyses.forget(held.sha256);
      if (!stored.ok) {
        res.status(422).json({ errors: problemsOf(stored.errors) });
        return;
      }
      res.status(201).location(`/api/v1/imports/${stored.value.id}`).json({ ...countsJson(result.value), ...stored.value.counts, errors: [], importId: stored.value.id });
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
