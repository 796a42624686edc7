import type { Request, Response } from 'express';
import type { FieldErrors } from '../../domain/model.js';
import type { InboxPost } from '../../domain/watch.js';
import { confirmPosts, dismissPosts, inboxOf } from '../../services/inbox.js';
import { runWatch } from '../../services/watch.js';
import { placesOf } from '../../services/watch-places.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';
import { entryJson } from './api.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, 1000);

/** What the user ticked, kept when a save is refused; null on a first view (every post ticked). */
interface Ticked {
  ids: string[];
  topics: string[];
}

async function render(ctx: WebContext, req: Request, res: Response, ticked: Ticked | null, errors: FieldErrors = {}, status = 200): Promise<void> {
  const s = scope(ctx, req);
  const [posts, places] = await Promise.all([inboxOf(s), placesOf(s)]);
  res.status(status).render('inbox/index', { title: 'Tin bài mới phát hiện', posts, places, ticked: ticked ?? { ids: posts.map((p) => String(p.id)), topics: [] }, errors });
}

/** GET /inbox: the posts found and not yet logged nor dismissed, every one ticked, and the places that could not be read. */
export function showInbox(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => render(ctx, req, res, null);
}

/** POST /inbox/confirm: "Ghi vào sổ": every ticked post logged in one save, the batch's topics when chosen. */
export function confirmPostsForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ticked = { ids: list(body.ids), topics: list(body.topics) };
    const result = await confirmPosts(scope(ctx, req), ticked, actorOf(req));
    if (!result.ok) return render(ctx, req, res, ticked, result.errors, 422);
    res.redirect(303, '/inbox?ok=inbox-logged');
  };
}

/** POST /inbox/dismiss: "Bỏ qua": the ticked posts leave the inbox and are never proposed again. */
export function dismissPostsForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ticked = { ids: list(body.ids), topics: list(body.topics) };
    const result = await dismissPosts(scope(ctx, req), ticked, actorOf(req));
    if (!result.ok) return render(ctx, req, res, ticked, result.errors, 422);
    res.redirect(303, '/inbox?ok=inbox-dismissed');
  };
}

/** POST /inbox/run: "Kiểm tra ngay": every place read now; what could not be read is shown beside its place. */
export function runWatchForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await runWatch(scope(ctx, req), ctx.fetchRules);
    res.redirect(303, '/inbox?ok=watch-run');
  };
}

/** The JSON form of a post in the inbox. */
function postJson(p: InboxPost): Record<string, unknown> {
  return { id: p.id, title: p.title, url: p.url, publishedAt: p.publishedAt, channel: p.channel, format: p.format, topics: p.topics, foundAt: p.foundAt };
}

/** GET /api/v1/inbox: `{ posts: [ { id, title, url, publishedAt, channel, format, topics } ] }` */
export function apiInbox(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ posts: (await inboxOf(scope(ctx, req))).map(postJson) });
  };
}

/** POST /api/v1/inbox/confirm: `{ ids, topics? }` → 201 `{ entries }`, all or nothing. */
export function apiConfirmPosts(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await confirmPosts(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.status(201).json({ entries: result.value.map(entryJson) });
  };
}

/** POST /api/v1/inbox/dismiss: `{ ids }` → `{ dismissed }`, all or nothing. */
export function apiDismissPosts(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await dismissPosts(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(result.value);
  };
}
