import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import type { FieldErrors } from '../../domain/model.js';
import { COMMUNE_KINDS, editTerms, validateCommune, validateTargets } from '../../domain/settings.js';
import { localToday } from '../../domain/time.js';
import { actorOf } from '../auth.js';

type Section = 'commune' | 'units' | 'topics' | 'targets';

function targetYearOf(ctx: AppContext, raw: unknown): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  return /^\d{4}$/.test(text) && Number(text) >= 1990 && Number(text) <= 2100 ? Number(text) : Number(localToday(ctx.clock()).slice(0, 4));
}

function renderSettings(ctx: AppContext, res: Response, year: number, section: Section | null = null, errors: FieldErrors = {}, values: Record<string, unknown> = {}, status = 200): void {
  res.status(status).render('settings/index', {
    title: 'Cài đặt',
    settings: ctx.store.settings(),
    kinds: COMMUNE_KINDS,
    year,
    targets: ctx.store.settings().targets[String(year)] ?? {},
    section,
    errors,
    values,
    inUse: ctx.store.codesInUse(),
  });
}

/** GET /settings */
export function showSettings(ctx: AppContext) {
  return (req: Request, res: Response): void => renderSettings(ctx, res, targetYearOf(ctx, req.query.year));
}

/** POST /settings/:section: one section of the settings at a time. */
export function updateSettings(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const section = req.params.section as Section;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const current = ctx.store.settings();
    const year = targetYearOf(ctx, body.year);
    let next = current;
    let errors: FieldErrors | null = null;
    if (section === 'commune') {
      const r = validateCommune(body);
      if (r.ok) next = { ...current, ...r.value };
      else errors = r.errors;
    } else if (section === 'units') {
      const r = editTerms(current.units, { ...body, listForm: true }, (code, label) => ({ code, label, retired: false }));
      if (r.ok) next = { ...current, units: r.value };
      else errors = r.errors;
    } else if (section === 'topics') {
      const r = editTerms(current.topics, { ...body, listForm: true }, (code, label) => ({ code, label, description: label, retired: false }));
      if (r.ok) next = { ...current, topics: r.value };
      else errors = r.errors;
    } else if (section === 'targets') {
      const r = validateTargets(body, ctx.store.vocabulary().channels.map((c) => c.code));
      if (r.ok) next = { ...current, targets: { ...current.targets, [String(year)]: r.value } };
      else errors = r.errors;
    } else {
      res.status(404).render('errors/error', { title: 'Lỗi', status: 404, message: 'Không có mục cài đặt này.', detail: null });
      return;
    }
    if (errors) return renderSettings(ctx, res, year, section, errors, body, 422);
    await ctx.store.updateSettings(next, actorOf(req));
    res.redirect(303, `/settings?ok=settings-saved&year=${year}#${section}`);
  };
}
