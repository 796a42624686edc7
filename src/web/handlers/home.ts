import type { Request, Response } from 'express';
import { dashboard } from '../../services/dashboard.js';
import { scope, type WebContext } from '../context.js';

/** GET /: the dashboard: this week, month, quarter and year per channel; targets; chart; deadline; latest. */
export function showHome(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.render('home/index', {
      title: 'Tổng quan',
      ...(await dashboard(scope(ctx, req))),
      loginAlerts: req.user?.role === 'admin' ? ctx.loginAlerts.recent() : [],
    });
  };
}
