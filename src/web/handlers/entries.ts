import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { filterToQuery, parseEntryQuery } from '../../domain/filters.js';
import type { Entry, FieldErrors } from '../../domain/model.js';
import { validateEntryFields, validateNewEntry } from '../../domain/validation.js';
import { actorOf } from '../auth.js';
import { entryValues, type FormValues, itemChoices, newEntryDefaults, reairDefaults } from '../entry-form.js';
import { idParam, notFound } from '../http-error.js';

/** Loads a live entry and its item, or 404. */
export function loadEntry(ctx: AppContext, param: string | undefined): { entry: Entry; item: NonNullable<ReturnType<AppContext['store']['item']>> } {
  const id = idParam(param, 'Không tìm thấy lượt phát/đăng này.');
  const entry = ctx.store.entry(id);
  const item = entry && ctx.store.item(entry.itemId);
  if (!entry || !item || !ctx.store.isLiveEntry(entry)) throw notFound('Không tìm thấy lượt phát/đăng này (có thể đã bị xóa).');
  return { entry, item };
}

function renderRecordForm(ctx: AppContext, res: Response, values: FormValues, errors: FieldErrors, status = 200): void {
  const itemId = typeof values.itemId === 'string' && /^\d+$/.test(values.itemId) ? Number(values.itemId) : null;
  const selected = itemId !== null && ctx.store.isLiveItem(itemId) ? ctx.store.item(itemId) : undefined;
  const itemQ = typeof values.itemQ === 'string' ? values.itemQ : '';
  const lastId = typeof res.req.query.last === 'string' && /^\d+$/.test(res.req.query.last) ? Number(res.req.query.last) : null;
  const lastEntry = lastId !== null ? ctx.store.entry(lastId) : undefined;
  res.status(status).render('entries/new', {
    title: 'Ghi nhật ký',
    values,
    errors,
    selected,
    choices: itemChoices(ctx.store, itemQ),
    lastEntry: lastEntry && ctx.store.isLiveEntry(lastEntry) ? lastEntry : null,
    lastItem: lastEntry ? ctx.store.item(lastEntry.itemId) : null,
  });
}

/** GET /entries/new: the record form, fresh, for a re-air (`?itemId=`), or after an item search. */
export function showNewEntryForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const user = actorOf(req);
    const now = ctx.clock();
    let values: FormValues;
    if (typeof req.query.itemId === 'string' && /^\d+$/.test(req.query.itemId) && ctx.store.isLiveItem(Number(req.query.itemId))) {
      values = reairDefaults(ctx.store, user, now, Number(req.query.itemId));
    } else values = newEntryDefaults(ctx.store, user, now);
    renderRecordForm(ctx, res, values, {});
  };
}

/** POST /entries/new: the record form's item search (a POST so the CSRF token stays out of URLs). */
export function searchItemsInForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const values: FormValues = { ...((req.body ?? {}) as FormValues), itemMode: 'existing' };
    delete values._csrf;
    renderRecordForm(ctx, res, values, {});
  };
}

/** POST /entries: records an airing/posting, with a new item or an existing one. */
export function createEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as FormValues;
    const result = validateNewEntry(body, { vocab: ctx.store.vocabulary(), now: ctx.clock(), itemExists: (id) => ctx.store.isLiveItem(id) });
    if (!result.ok) return renderRecordForm(ctx, res, body, result.errors, 422);
    const { entry } = await ctx.store.addEntry(result.value, actorOf(req));
    res.redirect(303, `/entries/new?ok=entry-created&last=${entry.id}`);
  };
}

/** GET /entries: the log, newest first, filtered by the query string. */
export function listEntries(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const parsed = parseEntryQuery(req.query as Record<string, unknown>, ctx.store.vocabulary());
    const query = req.query as Record<string, unknown>;
    if (!parsed.ok) {
      res.status(422).render('entries/index', { title: 'Nhật ký', query, errors: parsed.errors, page: null });
      return;
    }
    const { filter, paging } = parsed.value;
    const page = ctx.store.listEntries(filter, paging);
    const pages = Math.max(1, Math.ceil(page.total / paging.pageSize));
    res.render('entries/index', {
      title: 'Nhật ký',
      query,
      errors: {},
      page,
      paging,
      pages,
      items: new Map(page.rows.map((e) => [e.itemId, ctx.store.item(e.itemId)!])),
      pageLink: (n: number) => `/entries?${filterToQuery(filter, paging.pageSize === 50 ? { page: n } : { page: n, pageSize: paging.pageSize })}`,
      filtered: Object.keys(filter).length > 0,
      exportQuery: filterToQuery(filter),
    });
  };
}

/** GET /entries/:id: one airing/posting with its item and history. */
export function showEntry(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    res.render('entries/show', {
      title: 'Lượt phát/đăng',
      entry,
      item,
      history: ctx.store.auditOf('entry', entry.id),
      attachments: ctx.store.filesOf('entry', entry.id),
      uploadLimit: ctx.uploadLimitBytes,
      fileError: typeof req.query.fileError === 'string' ? req.query.fileError : null,
    });
  };
}

/** GET /entries/:id/edit */
export function showEditEntryForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    res.render('entries/edit', { title: 'Sửa lượt phát/đăng', entry, item, values: entryValues(entry), errors: {} });
  };
}

/** POST /entries/:id/edit */
export function updateEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    const body = (req.body ?? {}) as FormValues;
    const result = validateEntryFields(body, ctx.store.vocabulary(), ctx.clock());
    if (!result.ok) {
      res.status(422).render('entries/edit', { title: 'Sửa lượt phát/đăng', entry, item, values: body, errors: result.errors });
      return;
    }
    await ctx.store.updateEntry(entry.id, result.value, actorOf(req));
    res.redirect(303, `/items/${item.id}?ok=entry-updated`);
  };
}

/** GET /entries/:id/delete: asks for confirmation. */
export function showDeleteEntryForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    res.render('entries/delete', { title: 'Xóa lượt phát/đăng', entry, item });
  };
}

/** POST /entries/:id/delete: soft delete. */
export function deleteEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    await ctx.store.deleteEntry(entry.id, actorOf(req));
    res.redirect(303, `/items/${item.id}?ok=entry-deleted`);
  };
}
