import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { actorOf } from '../auth.js';
import { idParam, notFound } from '../http-error.js';

/** GET /deleted: deleted items and entries, for admins to restore. */
export function listDeleted(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    const entries = ctx.store.deletedEntries();
    res.render('deleted/index', { title: 'Bản ghi đã xóa', entries, items: ctx.store.deletedItems(), itemOf: (id: number) => ctx.store.item(id) });
  };
}

function deletedEntryId(ctx: AppContext, param: unknown): number {
  const id = idParam(String(param), 'Không tìm thấy lượt phát/đăng này.');
  if (!ctx.store.entry(id)?.deletedAt) throw notFound('Không có lượt phát/đăng đã xóa với mã này.');
  return id;
}

function deletedItemId(ctx: AppContext, param: unknown): number {
  const id = idParam(String(param), 'Không tìm thấy tin bài này.');
  if (!ctx.store.item(id)?.deletedAt) throw notFound('Không có tin bài đã xóa với mã này.');
  return id;
}

/** POST /entries/:id/restore */
export function restoreEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await ctx.store.restoreEntry(deletedEntryId(ctx, req.params.id), actorOf(req));
    res.redirect(303, '/deleted?ok=restored');
  };
}

/** POST /items/:id/restore */
export function restoreItem(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await ctx.store.restoreItem(deletedItemId(ctx, req.params.id), actorOf(req));
    res.redirect(303, '/deleted?ok=restored');
  };
}

/** POST /api/v1/entries/:id/restore */
export function apiRestoreEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await ctx.store.restoreEntry(deletedEntryId(ctx, req.params.id), actorOf(req));
    res.json({ id: entry.id, itemId: entry.itemId, restored: true });
  };
}

/** POST /api/v1/items/:id/restore */
export function apiRestoreItem(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await ctx.store.restoreItem(deletedItemId(ctx, req.params.id), actorOf(req));
    res.json({ id: item.id, restored: true });
  };
}
