import type { Request, Response } from 'express';
import { filterToQuery } from '../../domain/filters.js';
import type { FieldErrors } from '../../domain/model.js';
import { addDays, localToday } from '../../domain/time.js';
import { listEntries } from '../../services/entries.js';
import { figuresOfRows } from '../../services/metric-figures.js';
import { updateViewCounts } from '../../services/view-counts.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';

const PAGE_SIZE = 200;
type Values = Record<string, string>;

/** The page's query: the log filter, online posts only, the last 30 days when no dates are given. */
function queryOf(ctx: WebContext, req: Request, source: Record<string, unknown>): Record<string, unknown> {
  const query: Record<string, unknown> = { ...source, online: '1', pageSize: String(PAGE_SIZE) };
  delete query.ok;
  if (!query.from && !query.to) {
    const today = localToday(ctx.clock());
    query.from = addDays(today, -30);
    query.to = today;
  }
  return query;
}

async function render(ctx: WebContext, req: Request, res: Response, source: Record<string, unknown>, typed: Values | null, errors: FieldErrors, status = 200): Promise<void> {
  const query = queryOf(ctx, req, source);
  const result = await listEntries(scope(ctx, req), query);
  if (!result.ok) {
    res.status(422).render('entries/view-counts', { title: 'Cập nhật lượt xem', query, errors: result.errors, rows: [], total: 0, typed: {}, filterQuery: '', figures: {}, run: null });
    return;
  }
  const { filter, page } = result.value;
  const { online: _online, ...shown } = filter;
  const { lines, run } = await figuresOfRows(scope(ctx, req), page.rows);
  res.status(status).render('entries/view-counts', { title: 'Cập nhật lượt xem', query, errors, rows: page.rows, total: page.total, typed: typed ?? {}, filterQuery: filterToQuery(shown), figures: lines, run });
}

/** GET /entries/views: a period's online posts with their views and interactions, editable in place. */
export function showViewCountsForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await render(ctx, req, res, req.query as Record<string, unknown>, null, {});
  };
}

/** POST /entries/views: saves every row of the page at once, or none. */
export function saveViewCounts(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ids = (Array.isArray(body.ids) ? body.ids : [body.ids]).filter((v): v is string => typeof v === 'string' && /^\d{1,15}$/.test(v)).slice(0, PAGE_SIZE);
    const updates = ids.map((id) => ({ id: Number(id), views: body[`views.${id}`] ?? '', interactions: body[`interactions.${id}`] ?? '' }));
    const filterQuery = typeof body.filter === 'string' ? body.filter.slice(0, 1000) : '';
    const source = Object.fromEntries(new URLSearchParams(filterQuery));
    const result = await updateViewCounts(scope(ctx, req), { updates }, actorOf(req));
    if (!result.ok) {
      const errors: FieldErrors = {};
      for (const [k, v] of Object.entries(result.errors)) {
        const m = /^updates\.(\d+)\.(\w+)$/.exec(k);
        const id = m ? ids[Number(m[1])] : undefined;
        errors[m && id ? (m[2] === 'id' ? `views.${id}` : `${m[2]}.${id}`) : k] = v;
      }
      const typed: Values = {};
      for (const u of updates) {
        typed[`views.${u.id}`] = String(u.views);
        typed[`interactions.${u.id}`] = String(u.interactions);
      }
      await render(ctx, req, res, source, typed, errors, 422);
      return;
    }
    const params = new URLSearchParams(filterQuery);
    params.set('ok', result.value.changed ? 'views-updated' : 'views-unchanged');
    res.redirect(303, `/entries/views?${params}`);
  };
}

/** PATCH /api/v1/entries: `{ updates: [ { id, views?, interactions? } ] }`, all or nothing. */
export function apiPatchViewCounts(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await updateViewCounts(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(result.value);
  };
}
