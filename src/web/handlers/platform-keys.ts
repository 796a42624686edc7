import type { Request, Response } from 'express';
import { localToday } from '../../domain/time.js';
import { changePlatformKeys } from '../../services/platform-keys.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { renderSettings } from './settings.js';

/**
 * POST /settings/platforms: saves, replaces or removes the commune's keys to YouTube, Facebook and
 * Zalo OA. A refused form comes back with its errors and without the secrets typed (never shown back).
 */
export function savePlatformKeys(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = scope(ctx, req);
    const result = await changePlatformKeys(s, ctx.platforms.sealer, body, actorOf(req));
    if (!result.ok) {
      const values = { facebookPageId: typeof body.facebookPageId === 'string' ? body.facebookPageId : '' };
      return renderSettings(ctx, s, res, Number(localToday(ctx.clock()).slice(0, 4)), 'platforms', result.errors, values, 422);
    }
    res.redirect(303, '/settings?ok=platform-keys-saved#platforms');
  };
}
