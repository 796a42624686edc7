import type { Request, Response } from 'express';
import { localToday } from '../../domain/time.js';
import type { WatchPlace } from '../../domain/watch.js';
import { idParam, jsonBody } from '../request.js';
import { runWatch } from '../../services/watch.js';
import { addPlace, placesOf, removePlace } from '../../services/watch-places.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { renderSettings } from './settings.js';

/** The JSON form of a place. */
function placeJson(p: WatchPlace): Record<string, unknown> {
  const { deletedAt: _d, deletedBy: _b, ...rest } = p;
  return rest;
}

const NOT_WATCHED = 'Không tìm thấy nơi theo dõi này (có thể đã được bỏ).';

/** GET /api/v1/watch/places */
export function apiListPlaces(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ places: (await placesOf(scope(ctx, req))).map(placeJson) });
  };
}

/** POST /api/v1/watch/places: `{ url, kind, categoryId?, channel, format?, topics?, unit?, autoLog? }` */
export function apiCreatePlace(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await addPlace(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.status(201).json(placeJson(result.value));
  };
}

/** DELETE /api/v1/watch/places/:id: the place is no longer read; what was found there stays. */
export function apiDeletePlace(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const place = await removePlace(scope(ctx, req), idParam(req.params.id as string, NOT_WATCHED), actorOf(req));
    res.json(placeJson(place));
  };
}

/** POST /api/v1/watch/run: reads every place now; `{ proposed, logged, errors }`. */
export function apiRunWatch(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json(await runWatch(scope(ctx, req), ctx.fetchRules));
  };
}

const yearOf = (ctx: WebContext): number => Number(localToday(ctx.clock()).slice(0, 4));

/** POST /settings/watch/places: the settings' form that adds a place (422 on the settings page, with what was typed). */
export function addPlaceForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = scope(ctx, req);
    const result = await addPlace(s, body, actorOf(req));
    if (!result.ok) return renderSettings(ctx, s, res, yearOf(ctx), 'watch', result.errors, body, 422);
    res.redirect(303, '/settings?ok=watch-place-added#watch');
  };
}

/** POST /settings/watch/places/:id/delete */
export function removePlaceForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await removePlace(scope(ctx, req), idParam(req.params.id as string, NOT_WATCHED), actorOf(req));
    res.redirect(303, '/settings?ok=watch-place-removed#watch');
  };
}
