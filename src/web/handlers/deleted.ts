import type { Request, Response } from 'express';
import { MSG } from '../../domain/messages.js';
import { deletedRecords, restoreEntry as bringBackEntry } from '../../services/entries.js';
import { idParam } from '../request.js';
import { restoreItem as bringBackItem } from '../../services/items.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';

/** GET /deleted: deleted items and entries, for admins to restore. */
export function listDeleted(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { entries, items } = await deletedRecords(scope(ctx, req));
    res.render('deleted/index', { title: 'Bản ghi đã xóa', entries, items });
  };
}

/** POST /entries/:id/restore */
export function restoreEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await bringBackEntry(scope(ctx, req), idParam(String(req.params.id), MSG.entryNotFound), actorOf(req));
    res.redirect(303, '/deleted?ok=restored');
  };
}

/** POST /items/:id/restore */
export function restoreItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await bringBackItem(scope(ctx, req), idParam(String(req.params.id), MSG.itemNotFound), actorOf(req));
    res.redirect(303, '/deleted?ok=restored');
  };
}

/** POST /api/v1/entries/:id/restore */
export function apiRestoreEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await bringBackEntry(scope(ctx, req), idParam(String(req.params.id), MSG.entryNotFound), actorOf(req));
    res.json({ id: entry.id, itemId: entry.itemId, restored: true });
  };
}

/** POST /api/v1/items/:id/restore */
export function apiRestoreItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await bringBackItem(scope(ctx, req), idParam(String(req.params.id), MSG.itemNotFound), actorOf(req));
    res.json({ id: item.id, restored: true });
  };
}
