import type { Request, Response } from 'express';
import { type Item, ITEM_FIELD_KEYS } from '../../domain/model.js';
import { MSG } from '../../domain/messages.js';
import { idParam, pageOf } from '../request.js';
import { describeAuditRecords } from '../../services/audit-lines.js';
import { deleteItem as removeItem, editItem, itemPage, itemToDelete, listItems as queryItems, liveItem } from '../../services/items.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import type { FormValues } from '../entry-form.js';

/** The item named by the route, live; or 404. */
export function loadItem(ctx: WebContext, req: Request): Promise<Item> {
  return liveItem(scope(ctx, req), idParam(req.params.id as string, MSG.itemNotFound));
}

/** GET /items: the content items, searchable by title. */
export function listItems(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const pageNo = pageOf(req.query.page);
    const page = await queryItems(scope(ctx, req), q, { page: pageNo, pageSize: 50 });
    res.render('items/index', { title: 'Tin bài', q, page, pageNo, pages: Math.max(1, Math.ceil(page.total / 50)) });
  };
}

/** GET /items/:id: the item, every airing/posting of it, and totals. */
export function showItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const page = await itemPage(s, idParam(req.params.id as string, MSG.itemNotFound));
    res.render('items/show', {
      title: page.item.title,
      ...page,
      history: await describeAuditRecords(s, page.history),
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
export function showEditItemForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await loadItem(ctx, req);
    res.render('items/edit', { title: 'Sửa tin bài', item, values: itemValues(item), errors: {} });
  };
}

/** POST /items/:id/edit */
export function updateItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await loadItem(ctx, req);
    const body = (req.body ?? {}) as FormValues;
    // A form sends no field for topics when none is ticked: that means none.
    const result = await editItem(scope(ctx, req), item.id, { ...body, topics: body.topics ?? [] }, actorOf(req));
    if (!result.ok) {
      res.status(422).render('items/edit', { title: 'Sửa tin bài', item, values: body, errors: result.errors });
      return;
    }
    res.redirect(303, `/items/${item.id}?ok=item-updated`);
  };
}

/** GET /items/:id/delete: asks for confirmation. */
export function showDeleteItemForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { item, entryCount } = await itemToDelete(scope(ctx, req), idParam(req.params.id as string, MSG.itemNotFound));
    res.render('items/delete', { title: 'Xóa tin bài', item, entryCount });
  };
}

/** POST /items/:id/delete: soft delete of the item (its entries leave the lists with it). */
export function deleteItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await loadItem(ctx, req);
    await removeItem(scope(ctx, req), item.id, actorOf(req));
    res.redirect(303, '/items?ok=item-deleted');
  };
}
