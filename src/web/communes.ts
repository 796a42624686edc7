import type { Request, RequestHandler, Response } from 'express';
import { MSG } from '../domain/messages.js';
import { HttpError } from './errors.js';
import type { WebContext } from './context.js';
import { wantsJson } from './request.js';

/**
 * Decides the commune a request works in. An account of a commune works in its own: naming another
 * (`?commune=`) is answered 404, as for a code no commune has. An account of the deployment names
 * one with `?commune=CODE` (a page of this site, or an address typed, remembers the choice in the session;
 * a link followed from another site does not), or works in the first.
 */
export function resolveCommune(ctx: WebContext): RequestHandler {
  return async (req, res, next) => {
    const user = req.user;
    if (!user) return next();
    const asked = typeof req.query.commune === 'string' ? req.query.commune : undefined;
    if (user.commune) {
      if (asked !== undefined && asked !== user.commune) return next(new HttpError(404, MSG.communeNotFound));
      req.communeCode = user.commune;
      return next();
    }
    const chosen = asked ?? req.session?.commune;
    if (chosen === undefined) return next();
    if (!(await ctx.communes.find(chosen))) {
      if (asked === undefined) {
        delete req.session.commune;
        return next();
      }
      return next(new HttpError(404, MSG.communeNotFound));
    }
    if (asked !== undefined && !req.viaToken && !wantsJson(req)) {
      // A link on another site shows its commune for this request only: remembered, it would change
      // which commune the user's next pages and forms act on without them choosing it.
      if (req.session && !fromAnotherSite(req)) req.session.commune = asked;
      keepCommuneOnRedirect(res, asked);
    }
    req.communeCode = chosen;
    next();
  };
}

/**
 * Whether a request was sent from a page of another site: the browser's Sec-Fetch-Site when it sends
 * one ("same-site" is another application of the same domain), else a Referer of another host.
 */
function fromAnotherSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const referer = req.get('referer');
  if (!referer) return false;
  try {
    return new URL(referer).host !== req.get('host');
  } catch {
    return true;
  }
}

/**
 * A page that named its commune (a form of a page drawn for it) is sent back to that commune: the
 * app's own redirects keep `?commune=`, so a tab stays in its commune whatever another tab chose.
 */
function keepCommuneOnRedirect(res: Response, code: string): void {
  const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
  res.redirect = ((a: number | string, b?: string | number) => {
    const [status, url] = typeof a === 'number' ? [a, String(b)] : [typeof b === 'number' ? b : 302, a];
    redirect(status, withCommune(url, code));
  }) as Response['redirect'];
}

/** A path of this app with `commune=CODE` in its query, unless it names one already; other addresses as they are. */
export function withCommune(url: string, code: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  if (/[?&]commune=/.test(base)) return url;
  return `${base}${base.includes('?') ? '&' : '?'}commune=${encodeURIComponent(code)}${fragment}`;
}

/** The commune code of a request (undefined: the first commune). */
export const communeOf = (req?: Request): string | undefined => req?.communeCode;
