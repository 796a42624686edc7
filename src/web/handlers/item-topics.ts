import type { Request, Response } from 'express';
import { parseUnclassifiedQuery, type UnclassifiedQuery, unclassifiedQueryString } from '../../domain/classify.js';
import type { FieldErrors } from '../../domain/model.js';
import { pageCount } from '../../domain/paging.js';
import { classifyItems, importChoices, unclassifiedPage } from '../../services/classify.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';

const TITLE = 'Phân loại nội dung';
const EMPTY_QUERY: UnclassifiedQuery = { filter: {}, importId: null, paging: { page: 1, pageSize: 50 } };

/** What the user ticked, kept when a save is refused. */
interface Ticked {
  itemIds: string[];
  topics: string[];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, 1000);

async function render(ctx: WebContext, req: Request, res: Response, source: Record<string, unknown>, ticked: Ticked, errors: FieldErrors, status = 200): Promise<void> {
  const s = scope(ctx, req);
  const imports = await importChoices(s);
  const parsed = parseUnclassifiedQuery(source);
  const common = { title: TITLE, query: source, imports, ticked };
  const found = parsed.ok ? await unclassifiedPage(s, parsed.value) : parsed;
  if (!found.ok || !parsed.ok) {
    res.status(422).render('items/unclassified', { ...common, errors: { ...errors, ...(found.ok ? {} : found.errors) }, parsed: EMPTY_QUERY, page: { total: 0, rows: [] }, lastAirings: {}, importRecord: null, suggestions: {}, suggested: null, pages: 1, filterQuery: '' });
    return;
  }
  const { page, lastAirings, importRecord, suggestions } = found.value;
  // `suggest=<topic>` ticks the items the topic is suggested for, and the topic: shown, never saved without Lưu.
  const suggested = typeof source.suggest === 'string' && page.rows.some((i) => suggestions[i.id]?.includes(source.suggest as string)) ? source.suggest : null;
  if (suggested && !ticked.itemIds.length && !ticked.topics.length) {
    ticked.itemIds = page.rows.filter((i) => suggestions[i.id]?.includes(suggested)).map((i) => String(i.id));
    ticked.topics = [suggested];
  }
  res.status(status).render('items/unclassified', {
    ...common,
    errors,
    suggestions,
    suggested,
    parsed: parsed.value,
    page,
    lastAirings,
    importRecord,
    pages: pageCount(page.total, parsed.value.paging.pageSize),
    filterQuery: unclassifiedQueryString(parsed.value),
  });
}

/** GET /items/unclassified: the live items without a topic, by import, period and words of the title. */
export function showUnclassified(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await render(ctx, req, res, req.query as Record<string, unknown>, { itemIds: [], topics: [] }, {});
  };
}

/** POST /items/unclassified: sets the chosen topics on every ticked item at once, or on none. */
export function classifyItemsForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ticked: Ticked = { itemIds: list(body.itemIds), topics: list(body.topics) };
    const filterQuery = typeof body.filter === 'string' ? body.filter.slice(0, 1000) : '';
    const source = Object.fromEntries(new URLSearchParams(filterQuery));
    const result = await classifyItems(scope(ctx, req), { ...ticked }, actorOf(req));
    if (!result.ok) {
      await render(ctx, req, res, source, ticked, result.errors, 422);
      return;
    }
    const params = new URLSearchParams(filterQuery);
    params.set('ok', result.value.changed ? 'items-classified' : 'items-unchanged');
    res.redirect(303, `/items/unclassified?${params}`);
  };
}

/** POST /api/v1/items/topics: `{ itemIds: [...], topics: [...] }` sets those topics on those items, all or nothing. */
export function apiClassifyItems(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await classifyItems(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(result.value);
  };
}
