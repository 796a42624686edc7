import type { Request, Response } from 'express';
import { dashboard } from '../../services/dashboard.js';
import { slotsOfDay } from '../../services/schedule.js';
import { scope, type WebContext } from '../context.js';

/** GET /: the dashboard: this week, month, quarter and year per channel; targets; chart; deadline; latest. */
export function showHome(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    res.render('home/index', {
      title: 'Tổng quan',
      ...(await dashboard(s)),
      today: await slotsOfDay(s),
      loginAlerts: req.user?.role === 'admin' ? ctx.loginAlerts.recent() : [],
    });
  };
}
