import type { Request, Response } from 'express';
import { allows, type User } from '../../domain/auth.js';
import { accountsOfCommune } from '../../services/accounts.js';
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
      // Today's radio slots are the loggers' work: leaders who only read are not shown them.
      today: req.user && allows(req.user.role, 'editor') ? await slotsOfDay(s) : [],
      loginAlerts: await loginAlertsFor(ctx, req.user),
    });
  };
}

/** The failed log-in alerts an admin is told of: a commune's admin its commune's accounts' only, the deployment's admins every one. */
async function loginAlertsFor(ctx: WebContext, viewer: User | undefined): Promise<{ username: string; failures: number }[]> {
  if (viewer?.role !== 'admin') return [];
  const alerts = ctx.loginAlerts.recent();
  if (!viewer.commune) return alerts;
  const own = await accountsOfCommune(ctx.storage, alerts.map((a) => a.username), viewer.commune);
  return alerts.filter((a) => own.has(a.username));
}
