import type { Request, Response } from 'express';
import { DEFAULT_PAGE_SIZE, filterToQuery } from '../../domain/filters.js';
import { type FieldErrors, recorderOf } from '../../domain/model.js';
import { MSG } from '../../domain/messages.js';
import { pageCount, pageNumbers } from '../../domain/paging.js';
import { localToday, toLocalIso } from '../../domain/time.js';
import { accountNames } from '../../services/exports.js';
import { deleteEntry as removeEntry, editEntry, entryPage, listEntries as queryEntries, liveEntry, PRINT_MAX_ROWS, printableLog, recordEntry } from '../../services/entries.js';
import type { Duplicate } from '../../services/duplicates.js';
import { backPath, idParam, withParam } from '../request.js';
import { newRecordForm, type RecordFormPage, recordFormPage } from '../../services/record-form.js';
import { readBroadcastIds, broadcastEntries } from '../../services/broadcasts.js';
import { settingsOf } from '../../services/settings.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { entryValues, type FormValues } from '../entry-form.js';

/** The entry named by the route, live, with its item; or 404. */
export async function loadEntry(ctx: WebContext, req: Request) {
  const id = idParam(req.params.id as string, MSG.entryNotFound);
  return liveEntry(scope(ctx, req), id);
}

/** Renders the record form; `fresh`: its date, time and channel are defaults (a pasted link may replace them), not what the user typed. */
async function renderRecordForm(res: Response, values: FormValues, page: RecordFormPage, errors: FieldErrors, status = 200, duplicates: Duplicate[] = [], fresh = false): Promise<void> {
  res.status(status).render('entries/new', { title: 'Ghi nhật ký', values, errors, ...page, duplicate: duplicates[0] ?? null, fresh });
}

/** The id in a query parameter (`?last=`, `?itemId=`), or null. */
const queryId = (value: unknown): number | null => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null);

/** The record form again, as typed, for this request. */
async function renderTyped(ctx: WebContext, req: Request, res: Response, values: FormValues, errors: FieldErrors, status = 200, duplicates: Duplicate[] = []): Promise<void> {
  return renderRecordForm(res, values, await recordFormPage(scope(ctx, req), values, queryId(req.query.last)), errors, status, duplicates);
}

/** GET /entries/new: the record form, fresh, for a re-air (`?itemId=`), or after an item search. */
export function showNewEntryForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { values, page } = await newRecordForm(scope(ctx, req), actorOf(req), { itemId: queryId(req.query.itemId), lastId: queryId(req.query.last) });
    await renderRecordForm(res, values, page, {}, 200, [], true);
  };
}

/** POST /entries/new: the record form's item search (a POST so the CSRF token stays out of URLs). */
export function searchItemsInForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const values: FormValues = { ...((req.body ?? {}) as FormValues), itemMode: 'existing' };
    delete values._csrf;
    await renderTyped(ctx, req, res, values, {});
  };
}

/** POST /entries: records an airing/posting, with a new item or an existing one. */
export function createEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as FormValues;
    const reuse = typeof body.reuseItemId === 'string' && /^\d{1,15}$/.test(body.reuseItemId) ? body.reuseItemId : null;
    if (reuse) Object.assign(body, { itemMode: 'existing', itemId: reuse });
    const result = await recordEntry(scope(ctx, req), body, actorOf(req));
    if (!result.ok) return renderTyped(ctx, req, res, body, result.errors, result.duplicates?.length ? 409 : 422, result.duplicates ?? []);
    res.redirect(303, `/entries/new?ok=entry-created&last=${result.value.entry.id}`);
  };
}

/** GET /entries: the log, newest first, filtered by the query string; a page past the last goes to the last. */
export function listEntries(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const s = scope(ctx, req);
    const result = await queryEntries(s, query);
    if (!result.ok) {
      res.status(422).render('entries/index', { title: 'Nhật ký', query, errors: result.errors, page: null });
      return;
    }
    const { filter, paging, page } = result.value;
    const pages = pageCount(page.total, paging.pageSize);
    const size: Record<string, number> = paging.pageSize === DEFAULT_PAGE_SIZE ? {} : { pageSize: paging.pageSize };
    const pageLink = (n: number) => `/entries?${filterToQuery(filter, { page: n, ...size })}`;
    if (paging.page > pages) return res.redirect(302, pageLink(pages));
    const exportQuery = filterToQuery(filter);
    res.render('entries/index', {
      title: 'Nhật ký',
      query,
      errors: {},
      // A session (`session=12.13.14`: one just saved, or a slot's), shown before the list.
      broadcast: await broadcastEntries(s, readBroadcastIds(query.session)),
      page,
      paging,
      pages,
      pageLink,
      pageNumbers: pageNumbers(paging.page, pages),
      // The "go to page" form sends the filter again as hidden fields.
      keptParams: [...new URLSearchParams(filterToQuery(filter, size))],
      filtered: Object.keys(filter).length > 0,
      exportQuery,
      printLink: `/entries/print${exportQuery ? `?${exportQuery}` : ''}`,
      csvSeparator: (await settingsOf(s)).csvSeparator,
    });
  };
}

/**
 * GET /entries/print: every live entry of the filter (not one page), with totals, on a page made for
 * A4 paper; at most PRINT_MAX_ROWS rows, and the page says so when there are more.
 */
export function printEntries(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const s = scope(ctx, req);
    const result = await printableLog(s, query, PRINT_MAX_ROWS);
    if (!result.ok) {
      res.status(422).render('entries/index', { title: 'Nhật ký', query, errors: result.errors, page: null });
      return;
    }
    const { filter, rows, total, totals } = result.value;
    const exportQuery = filterToQuery(filter);
    const names = await accountNames(s);
    res.render('entries/print', {
      title: 'In nhật ký',
      filter,
      // "Người ghi" as the log book names them: for an imported row, the person its file names.
      rows: rows.map((e) => ({ ...e, recorder: recorderOf(e, names) })),
      total,
      totals,
      max: PRINT_MAX_ROWS,
      settings: await settingsOf(s),
      today: localToday(ctx.clock()),
      printedAt: toLocalIso(ctx.clock()),
      backLink: `/entries${exportQuery ? `?${exportQuery}` : ''}`,
    });
  };
}

/** GET /entries/:id: one airing/posting with its item and history. */
export function showEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const page = await entryPage(scope(ctx, req), idParam(req.params.id as string, MSG.entryNotFound));
    res.render('entries/show', {
      title: 'Lượt phát/đăng',
      ...page,
      item: page.entry.item,
      uploadLimit: ctx.uploadLimitBytes,
      fileError: typeof req.query.fileError === 'string' ? req.query.fileError : null,
    });
  };
}

/** GET /entries/:id/edit */
export function showEditEntryForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    res.render('entries/edit', { title: 'Sửa lượt phát/đăng', entry, item: entry.item, values: entryValues(entry), errors: {}, back: backPath(req.query.back) });
  };
}

/** POST /entries/:id/edit */
export function updateEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    const body = (req.body ?? {}) as FormValues;
    const { itemId: _ignored, back: _back, ...fields } = body;
    const back = backPath(body.back);
    const result = await editEntry(scope(ctx, req), entry.id, fields, actorOf(req));
    if (!result.ok) {
      res.status(422).render('entries/edit', { title: 'Sửa lượt phát/đăng', entry, item: entry.item, values: body, errors: result.errors, back });
      return;
    }
    res.redirect(303, back ? withParam(back, 'ok', 'entry-updated') : `/items/${entry.item.id}?ok=entry-updated`);
  };
}

/** GET /entries/:id/delete: asks for confirmation. */
export function showDeleteEntryForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    res.render('entries/delete', { title: 'Xóa lượt phát/đăng', entry, item: entry.item });
  };
}

/** POST /entries/:id/delete: soft delete. */
export function deleteEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    await removeEntry(scope(ctx, req), entry.id, actorOf(req));
    res.redirect(303, `/items/${entry.item.id}?ok=entry-deleted`);
  };
}
