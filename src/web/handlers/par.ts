import type { Request, Response } from 'express';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { localToday } from '../../domain/time.js';
import { parEstimate } from '../../services/par.js';
import { scope, type WebContext } from '../context.js';
import { periodQuery } from '../request.js';

/** GET /par?<period>: the estimate of the PAR Index points for propaganda (the year, unless another period is asked). */
export function showPar(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = { ...(req.query as Record<string, unknown>) };
    if (!query.period && !query.from && !query.to) query.period = 'year';
    const today = localToday(ctx.clock());
    const parsed = parsePeriodQuery(query, today);
    const common = { title: 'Chấm điểm tuyên truyền CCHC (ước tính)', query, presets: PRESETS, thisYear: Number(today.slice(0, 4)) };
    if (!parsed.ok) {
      res.status(422).render('par/index', { ...common, errors: parsed.errors, period: null, estimate: null, linkQuery: '' });
      return;
    }
    const estimate = await parEstimate(scope(ctx, req), parsed.value);
    res.render('par/index', { ...common, errors: {}, period: parsed.value, estimate, linkQuery: periodQuery(query) });
  };
}
