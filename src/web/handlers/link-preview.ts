import type { Request, Response } from 'express';
import { previewLink } from '../../services/link-preview.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';

async function answer(ctx: WebContext, req: Request, res: Response, url: unknown): Promise<void> {
  const result = await previewLink(scope(ctx, req), actorOf(req), url, ctx.fetchRules);
  if (!result.ok) {
    res.status(result.status).json({ error: result.error });
    return;
  }
  res.json(result.value);
}

/** GET /api/v1/link-preview?url=…: what a post's page says of it (title, publication time, channel). */
export function apiLinkPreview(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => answer(ctx, req, res, req.query.url);
}

/**
 * POST /entries/link-preview: the same reading for the record form's script, which sends the link with
 * the form's CSRF token on the user's session; answers JSON.
 */
export function previewLinkInForm(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => answer(ctx, req, res, (req.body as Record<string, unknown> | undefined)?.url);
}
