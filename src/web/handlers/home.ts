import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { countsByChannel, totalsOf } from '../../domain/counts.js';
import { localToday, monthEnd, weekStart, addDays } from '../../domain/time.js';

/** GET /: this week's, this month's and this year's counts per channel, and the latest entries. */
export function showHome(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    const today = localToday(ctx.clock());
    const periods = [
      { label: 'Tuần này', from: weekStart(today), to: addDays(weekStart(today), 6) },
      { label: 'Tháng này', from: `${today.slice(0, 7)}-01`, to: monthEnd(today) },
      { label: 'Năm nay', from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` },
    ];
    const lists = periods.map((p) => ctx.store.entriesBetween(p.from, p.to));
    const latest = ctx.store.listEntries({}, { page: 1, pageSize: 10 }).rows;
    res.render('home/index', {
      title: 'Tổng quan',
      today,
      periods,
      rows: countsByChannel(ctx.store.vocabulary().channels, lists),
      totals: lists.map(totalsOf),
      latest,
      items: new Map(latest.map((e) => [e.itemId, ctx.store.item(e.itemId)!])),
    });
  };
}
