import type { Request, Response } from 'express';
import { fmtDateTime } from '../../domain/time.js';
import { idParam } from '../request.js';
import { MSG } from '../../domain/messages.js';
import { type RefreshOutcome, refreshMetrics } from '../../services/metrics.js';
import { useReadFigures } from '../../services/metric-figures.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';

const isOn = (v: unknown): boolean => v === true || v === 'on' || v === '1' || v === 'true';

const NOTICE_OF: Record<RefreshOutcome['status'], string> = { done: 'metrics-refreshed', running: 'metrics-running', 'done-already': 'metrics-running', 'no-keys': 'metrics-no-keys' };

/** POST /entries/views/refresh: reads the posts' figures from the platforms now, then back to the views page. */
export function refreshMetricsForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const outcome = await refreshMetrics(scope(ctx, req), ctx.platforms, { actor: actorOf(req), overwrite: isOn(body.overwrite), round: null });
    const params = new URLSearchParams(typeof body.filter === 'string' ? body.filter.slice(0, 1000) : '');
    params.set('ok', NOTICE_OF[outcome.status]);
    res.redirect(303, `/entries/views?${params}#metrics`);
  };
}

/** POST /api/v1/metrics/refresh `{ overwrite? }`: `{ updated, errors }`; 409 while another refresh runs; 422 without any key. */
export function apiRefreshMetrics(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const outcome = await refreshMetrics(scope(ctx, req), ctx.platforms, { actor: actorOf(req), overwrite: body.overwrite === true, round: null });
    if (outcome.status === 'done') {
      res.json({ updated: outcome.updated, errors: outcome.errors });
      return;
    }
    if (outcome.status === 'no-keys') {
      res.status(422).json({ error: MSG.metricsNoKeys });
      return;
    }
    res.status(409).json({ error: outcome.status === 'running' ? MSG.metricsRunning(fmtDateTime(outcome.since)) : MSG.metricsRunning(null) });
  };
}

/** POST /entries/:id/metrics/use: the entry takes the platform's last figures over the typed ones. */
export function useReadFiguresForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = idParam(req.params.id as string | undefined, MSG.entryGone);
    await useReadFigures(scope(ctx, req), id, actorOf(req));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const params = new URLSearchParams(typeof body.filter === 'string' ? body.filter.slice(0, 1000) : '');
    params.set('ok', 'metrics-used');
    res.redirect(303, body.back === 'entry' ? `/entries/${id}?ok=metrics-used` : `/entries/views?${params}`);
  };
}
