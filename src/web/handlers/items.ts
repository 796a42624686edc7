import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { type Item, ITEM_FIELD_KEYS } from '../../domain/model.js';
import { itemTotals } from '../../domain/counts.js';
import { validateItemFields } from '../../domain/validation.js';
import { actorOf } from '../auth.js';
import type { FormValues } from '../entry-form.js';
import { idParam, notFound } from '../http-error.js';

/** Loads a live item, or 404. */
export function loadItem(ctx: AppContext, param: string | undefined): Item {
  const id = idParam(param, 'Không tìm thấy tin bài này.');
  const item = ctx.store.item(id);
  if (!item || item.deletedAt) throw notFound('Không tìm thấy tin bài này (có thể đã bị xóa).');
  return item;
}

/** GET /items: the content items, searchable by title. */
export function listItems(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const pageText = typeof req.query.page === 'string' ? req.query.page : '1';
    const pageNo = /^\d{1,7}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
    const page = ctx.store.listItems(q, { page: pageNo, pageSize: 50 });
    res.render('items/index', { title: 'Tin bài', q, page, pageNo, pages: Math.max(1, Math.ceil(page.total / 50)) });
  };
}

/** GET /items/:id: the item, every airing/posting of it, and totals. */
export function showItem(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const item = loadItem(ctx, req.params.id as string);
    const entries = ctx.store.entriesOfItem(item.id);
    res.render('items/show', {
      title: item.title,
      item,
      entries,
      totals: itemTotals(entries),
      history: ctx.store.auditOf('item', item.id),
      attachments: ctx.store.filesOf('item', item.id),
      uploadLimit: ctx.uploadLimitBytes,
      fileError: typeof req.query.fileError === 'string' ? req.query.fileError : null,
    });
  };
}

function itemValues(item: Item): FormValues {
  const values: FormValues = {};
  for (const k of ITEM_FIELD_KEYS) values[k] = item[k] ?? '';
  return values;
}

/** GET /items/:id/edit */
export function showEditItemForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const item = loadItem(ctx, req.params.id as string);
    res.render('items/edit', { title: 'Sửa tin bài', item, values: itemValues(item), errors: {} });
  };
}

/** POST /items/:id/edit */
export function updateItem(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = loadItem(ctx, req.params.id as string);
    const body = (req.body ?? {}) as FormValues;
    const result = validateItemFields(body, ctx.store.vocabulary(), item);
    if (!result.ok) {
      res.status(422).render('items/edit', { title: 'Sửa tin bài', item, values: body, errors: result.errors });
      return;
    }
    await ctx.store.updateItem(item.id, result.value, actorOf(req));
    res.redirect(303, `/items/${item.id}?ok=item-updated`);
  };
}

/** GET /items/:id/delete: asks for confirmation. */
export function showDeleteItemForm(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const item = loadItem(ctx, req.params.id as string);
    res.render('items/delete', { title: 'Xóa tin bài', item, entryCount: ctx.store.entriesOfItem(item.id).length });
  };
}

/** POST /items/:id/delete: soft delete of the item (its entries leave the lists with it). */
export function deleteItem(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = loadItem(ctx, req.params.id as string);
    await ctx.store.deleteItem(item.id, actorOf(req));
    res.redirect(303, '/items?ok=item-deleted');
  };
}
