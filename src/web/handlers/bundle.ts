import type { Request, Response } from 'express';
import { bundleDownload } from '../../services/bundle.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { streamDownload } from '../download.js';
import { attachment, refuse, requestPeriod } from './exports.js';

/** GET /export/bundle.zip?from=&to= (or period=&year=): the evidence bundle of a period, streamed (see `writeBundle`). */
export function exportBundle(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const download = await bundleDownload(scope(ctx, req), actorOf(req), parsed.period, { logbookMaxRows: ctx.logbookMaxRows });
    attachment(res, download.name, 'application/zip');
    await streamDownload(res, download.write);
  };
}
