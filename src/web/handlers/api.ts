import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { parseEntryQuery } from '../../domain/filters.js';
import type { Entry, Item } from '../../domain/model.js';
import { type Raw, validateEntryPatch, validateItemPatch, validateNewEntry } from '../../domain/validation.js';
import { actorOf } from '../auth.js';
import { HttpError } from '../http-error.js';
import { loadEntry } from './entries.js';
import { loadItem } from './items.js';

/** The request's JSON object body, or 415 when it has none. */
export function jsonBody(req: Request): Raw {
  const body: unknown = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(415, 'Cần gửi một đối tượng JSON (Content-Type: application/json).');
  }
  return body as Raw;
}

/** The JSON form of an entry, with its item's title for convenience. */
function entryJson(entry: Entry, item: Item | undefined): Record<string, unknown> {
  const { deletedAt, deletedBy, ...rest } = entry;
  return { ...rest, ...(deletedAt ? { deletedAt, deletedBy } : {}), item: item ? { id: item.id, title: item.title, format: item.format, topics: item.topics, unit: item.unit } : null };
}

function itemJson(item: Item): Record<string, unknown> {
  const { deletedAt, deletedBy, ...rest } = item;
  return { ...rest, ...(deletedAt ? { deletedAt, deletedBy } : {}) };
}

/** GET /healthz */
export function health() {
  return (_req: Request, res: Response): void => {
    res.json({ status: 'ok' });
  };
}

/** GET /api/v1/vocabulary */
export function apiVocabulary(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    const v = ctx.store.vocabulary();
    const terms = (list: readonly { code: string; label: string }[]) => list.map(({ code, label }) => ({ code, label }));
    res.json({
      channels: v.channels.map(({ code, label, kind }) => ({ code, label, kind })),
      formats: terms(v.formats),
      topics: v.topics.map(({ code, label, description }) => ({ code, label, description })),
      units: terms(v.units),
    });
  };
}

/** GET /api/v1/entries */
export function apiListEntries(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const parsed = parseEntryQuery(req.query as Record<string, unknown>, ctx.store.vocabulary());
    if (!parsed.ok) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const page = ctx.store.listEntries(parsed.value.filter, parsed.value.paging);
    res.json({ total: page.total, page: parsed.value.paging.page, pageSize: parsed.value.paging.pageSize, entries: page.rows.map((e) => entryJson(e, ctx.store.item(e.itemId))) });
  };
}

/** POST /api/v1/entries */
export function apiCreateEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = jsonBody(req);
    const result = validateNewEntry({ ...body, itemMode: undefined }, { vocab: ctx.store.vocabulary(), now: ctx.clock(), itemExists: (id) => ctx.store.isLiveItem(id) });
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    const { entry, item } = await ctx.store.addEntry(result.value, actorOf(req));
    res.status(201).location(`/api/v1/entries/${entry.id}`).json(entryJson(entry, item));
  };
}

/** GET /api/v1/entries/:id */
export function apiGetEntry(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const { entry, item } = loadEntry(ctx, req.params.id as string);
    res.json(entryJson(entry, item));
  };
}

/** PATCH /api/v1/entries/:id: the fields given, validated like a create. */
export function apiPatchEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { entry } = loadEntry(ctx, req.params.id as string);
    const body = jsonBody(req);
    const result = validateEntryPatch(body, entry, { vocab: ctx.store.vocabulary(), now: ctx.clock() });
    let itemId: number | undefined;
    const errors = result.ok ? {} : { ...result.errors };
    if (body.itemId !== undefined) {
      if (typeof body.itemId === 'number' && ctx.store.isLiveItem(body.itemId)) itemId = body.itemId;
      else errors.itemId = 'Không tìm thấy tin bài đã chọn (có thể đã bị xóa).';
    }
    if (!result.ok || Object.keys(errors).length) {
      res.status(422).json({ errors });
      return;
    }
    const updated = await ctx.store.updateEntry(entry.id, result.value, actorOf(req), itemId);
    res.json(entryJson(updated, ctx.store.item(updated.itemId)));
  };
}

/** DELETE /api/v1/entries/:id: soft delete. */
export function apiDeleteEntry(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { entry } = loadEntry(ctx, req.params.id as string);
    await ctx.store.deleteEntry(entry.id, actorOf(req));
    res.status(204).end();
  };
}

/** GET /api/v1/items?q= : live items by title, for scripts and the record form's search. */
export function apiListItems(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const pageText = typeof req.query.page === 'string' ? req.query.page : '1';
    const page = /^\d{1,7}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
    const result = ctx.store.listItems(q, { page, pageSize: 20 });
    res.json({ total: result.total, items: result.rows.map(itemJson) });
  };
}

/** GET /api/v1/items/:id */
export function apiGetItem(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    res.json(itemJson(loadItem(ctx, req.params.id as string)));
  };
}

/** PATCH /api/v1/items/:id */
export function apiPatchItem(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = loadItem(ctx, req.params.id as string);
    const result = validateItemPatch(jsonBody(req), item, ctx.store.vocabulary());
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(itemJson(await ctx.store.updateItem(item.id, result.value, actorOf(req))));
  };
}
