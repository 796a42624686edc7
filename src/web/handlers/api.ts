import type { Request, Response } from 'express';
import { parseUnclassifiedQuery } from '../../domain/classify.js';
import type { Entry, EntryWithItem, Item } from '../../domain/model.js';
import { storageAnswers } from '../../services/accounts.js';
import { unclassifiedPage } from '../../services/classify.js';
import { deleteEntry, editEntry, listEntries, recordEntry } from '../../services/entries.js';
import { editItem, listItemsAired } from '../../services/items.js';
import { vocabularyOf } from '../../services/settings.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody, pageOf } from '../request.js';
import { loadEntry } from './entries.js';
import { loadItem } from './items.js';

/** The JSON form of an entry, with its item's title for convenience. */
export function entryJson(view: EntryWithItem): Record<string, unknown> {
  const { deletedAt, deletedBy, item, ...rest } = view;
  return { ...rest, ...(deletedAt ? { deletedAt, deletedBy } : {}), item: { id: item.id, title: item.title, format: item.format, topics: item.topics, unit: item.unit } };
}

function itemJson(item: Item): Record<string, unknown> {
  const { deletedAt, deletedBy, ...rest } = item;
  return { ...rest, ...(deletedAt ? { deletedAt, deletedBy } : {}) };
}

/** GET /healthz: 200 when the storage answers now, 503 with the reason when it cannot. */
export function health(ctx: WebContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      await storageAnswers(ctx.storage);
    } catch (err) {
      res.set('Retry-After', '5').status(503).json({ status: 'unavailable', reason: err instanceof Error ? err.message : String(err) });
      return;
    }
    res.json({ status: 'ok' });
  };
}

/** GET /api/v1/vocabulary */
export function apiVocabulary(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const v = await vocabularyOf(scope(ctx, req));
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
export function apiListEntries(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await listEntries(scope(ctx, req), req.query as Record<string, unknown>);
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    const { paging, page } = result.value;
    res.json({ total: page.total, page: paging.page, pageSize: paging.pageSize, entries: page.rows.map(entryJson) });
  };
}

/** POST /api/v1/entries */
export function apiCreateEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await recordEntry(scope(ctx, req), { ...jsonBody(req), itemMode: undefined }, actorOf(req));
    if (!result.ok) {
      if (result.duplicates?.length) res.status(409).json({ errors: result.errors, duplicates: result.duplicates });
      else res.status(422).json({ errors: result.errors });
      return;
    }
    const { entry, item } = result.value;
    res.status(201).location(`/api/v1/entries/${entry.id}`).json(entryJson({ ...entry, item }));
  };
}

/** GET /api/v1/entries/:id */
export function apiGetEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json(entryJson(await loadEntry(ctx, req)));
  };
}

/** PATCH /api/v1/entries/:id: the fields given, validated like a create. */
export function apiPatchEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    const result = await editEntry(scope(ctx, req), entry.id, jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(entryJson(result.value));
  };
}

/** DELETE /api/v1/entries/:id: soft delete. */
export function apiDeleteEntry(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const entry = await loadEntry(ctx, req);
    await deleteEntry(scope(ctx, req), entry.id, actorOf(req));
    res.status(204).end();
  };
}

function itemsJson(rows: readonly Item[], last: Record<number, Entry>): Record<string, unknown>[] {
  return rows.map((i) => {
    const l = last[i.id];
    return { ...itemJson(i), lastAiring: l ? { at: l.at, channel: l.channel, durationSeconds: l.durationSeconds } : null };
  });
}

/**
 * GET /api/v1/items?q= : live items by title, for scripts and the record form's search. With
 * `unclassified=1`: those without a topic, by `importId`, `from`, `to` (an airing in the period) and `q` (words of the title).
 */
export function apiListItems(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    if (req.query.unclassified === '1' || req.query.unclassified === 'true') {
      const parsed = parseUnclassifiedQuery(req.query as Record<string, unknown>);
      const found = parsed.ok ? await unclassifiedPage(s, parsed.value) : parsed;
      if (!parsed.ok || !found.ok) {
        res.status(422).json({ errors: found.ok ? {} : found.errors });
        return;
      }
      const { page, lastAirings, suggestions } = found.value;
      const items = itemsJson(page.rows, lastAirings).map((json, i) => ({ ...json, suggestedTopics: suggestions[page.rows[i]!.id] ?? [] }));
      res.json({ total: page.total, page: parsed.value.paging.page, pageSize: parsed.value.paging.pageSize, items });
      return;
    }
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const size = typeof req.query.pageSize === 'string' && /^\d{1,2}$/.test(req.query.pageSize) ? Math.min(50, Math.max(1, Number(req.query.pageSize))) : 20;
    const result = await listItemsAired(s, q, { page: pageOf(req.query.page), pageSize: size });
    res.json({ total: result.total, items: itemsJson(result.rows, result.lastAirings) });
  };
}

/** GET /api/v1/items/:id */
export function apiGetItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json(itemJson(await loadItem(ctx, req)));
  };
}

/** PATCH /api/v1/items/:id */
export function apiPatchItem(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const item = await loadItem(ctx, req);
    const result = await editItem(scope(ctx, req), item.id, jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(itemJson(result.value));
  };
}
