import type { Request, Response } from 'express';
import type { FieldErrors } from '../../domain/model.js';
import { MSG } from '../../domain/messages.js';
import { COMMUNE_KINDS } from '../../domain/settings.js';
import { localToday } from '../../domain/time.js';
import type { Scope } from '../../services/scope.js';
import { platformKeysStatus } from '../../services/platform-keys.js';
import { SETTINGS_SECTIONS, type SettingsSection, settingsWithCodesInUse, updateSettingsSection } from '../../services/settings.js';
import { placesOf } from '../../services/watch-places.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';

function targetYearOf(ctx: WebContext, raw: unknown): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  return /^\d{4}$/.test(text) && Number(text) >= 1990 && Number(text) <= 2100 ? Number(text) : Number(localToday(ctx.clock()).slice(0, 4));
}

/** The settings page; `section` names the form refused (a settings section, the platforms' keys, a watched place), with its errors and what was typed. */
export async function renderSettings(ctx: WebContext, s: Scope, res: Response, year: number, section: string | null = null, errors: FieldErrors = {}, values: Record<string, unknown> = {}, status = 200): Promise<void> {
  const [{ settings, inUse }, platformKeys, places] = await Promise.all([settingsWithCodesInUse(s), platformKeysStatus(s), placesOf(s)]);
  res.status(status).render('settings/index', {
    title: 'Cài đặt',
    settings,
    kinds: COMMUNE_KINDS,
    year,
    targets: settings.targets[String(year)] ?? {},
    section,
    errors,
    values,
    inUse: { units: new Set(inUse.units), topics: new Set(inUse.topics) },
    platformKeys,
    sharedYoutubeKey: ctx.platforms.youtubeApiKey !== null,
    places,
  });
}

/** GET /settings */
export function showSettings(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => renderSettings(ctx, scope(ctx, req), res, targetYearOf(ctx, req.query.year));
}

/** POST /settings/:section: one section of the settings at a time. */
export function updateSettings(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const section = req.params.section as SettingsSection;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const year = targetYearOf(ctx, body.year);
    if (!SETTINGS_SECTIONS.includes(section)) {
      res.status(404).render('errors/error', { title: 'Lỗi', status: 404, message: MSG.settingsSectionUnknown, detail: null });
      return;
    }
    const s = scope(ctx, req);
    const result = await updateSettingsSection(s, section, body, year, actorOf(req));
    if (!result.ok) return renderSettings(ctx, s, res, year, section, result.errors, body, 422);
    res.redirect(303, `/settings?ok=settings-saved&year=${year}#${section}`);
  };
}
