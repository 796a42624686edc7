import os from 'node:os';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import ejs from 'ejs';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { allows } from './domain/auth.js';
import { capChars } from './domain/text.js';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { MSG, NOTICES } from './domain/messages.js';
import { vocabularyFrom } from './domain/settings.js';
import { settingsOf } from './services/settings.js';
import { viewHelpers } from './render/view-helpers.js';
import { LOGBOOK_MAX_ROWS } from './services/logbook.js';
import { DEFAULT_FETCH_RULES, type FetchRules } from './services/page-fetch.js';
import { platformAccess } from './platform-access.js';
import type { PlatformAccess } from './services/platforms/access.js';
import { isStorageUnavailable, StorageUnavailableError } from './storage/unavailable.js';
import type { Storage } from './storage/port.js';
import { answeredByToken, identify } from './web/auth.js';
import { CommuneDirectory } from './services/commune-directory.js';
import { resolveCommune } from './web/communes.js';
import { HttpError, messageOf, statusOf } from './web/errors.js';
import { wantsJson } from './web/request.js';
import { scope, type WebContext } from './web/context.js';
import { LoginAlerts } from './web/limits.js';
import { mountRoutes } from './web/routes.js';
import { LoginSessionStore } from './web/login-session-store.js';
import { ImportAnalyses } from './services/import-analyses.js';

export interface AppOptions {
  storage: Storage;
  /** Signs session and CSRF cookies. */
  sessionSecret: string;
  /** The time source; tests pass a fixed clock. */
  clock?: () => Date;
  /** Show error details in pages. */
  development?: boolean;
  /** Express's "trust proxy", for HTTPS terminated by a reverse proxy. */
  trustProxy?: boolean | number | string;
  /** The largest evidence file accepted, in bytes (default 50 MB). */
  uploadLimitBytes?: number;
  /** Past 10 failed log-ins for one username, each attempt waits this much more (default 1 s). */
  loginDelayStepMs?: number;
  /** Where uploads are received before they are checked and kept (default: the system's temporary folder). */
  uploadDir?: string;
  /** Where spreadsheets wait between their preview and their import, read by every process (default: `uploadDir`). */
  heldDir?: string;
  /** The most rows one import may have (default 200,000). */
  maxImportRows?: number;
  /** The most airings one log book may hold (default 2,000). */
  logbookMaxRows?: number;
  /** How pasted links are read (hosts allowed on private addresses, time and size limits); defaults: DEFAULT_FETCH_RULES. */
  linkPreview?: Partial<FetchRules>;
  /** A connection that moves no byte for this long while its request is served (a download nobody reads) is dropped (default 60 s). */
  stallMs?: number;
  /** The platforms' API addresses (defaults: the real ones), the deployment's YouTube key, and how long one call may take (default 15 s). */
  platforms?: Partial<Pick<PlatformAccess, 'youtubeApiUrl' | 'facebookGraphUrl' | 'zaloOaApiUrl' | 'youtubeApiKey'>> & { timeoutMs?: number };
}

const SESSION_MAX_AGE_MS = 12 * 3600 * 1000;

// Fields never echoed back, even on the "form expired" page.
const SECRET_FIELDS = /password|_csrf|token|apikey/i;

/** Builds the Express app over an open storage. It never listens and starts no job. */
export function createApp(options: AppOptions): Express {
  const app = express();
  const clock = options.clock ?? (() => new Date());
  const context: WebContext = {
    storage: options.storage,
    clock,
    uploadLimitBytes: options.uploadLimitBytes ?? 50 * 1024 * 1024,
    uploadDir: options.uploadDir ?? path.join(os.tmpdir(), 'cchc-uploads'),
    heldDir: options.heldDir ?? options.uploadDir ?? path.join(os.tmpdir(), 'cchc-uploads'),
    maxImportRows: options.maxImportRows ?? 200_000,
    logbookMaxRows: options.logbookMaxRows ?? LOGBOOK_MAX_ROWS,
    importAnalyses: new ImportAnalyses(),
    loginAlerts: new LoginAlerts(clock),
    loginDelayStepMs: options.loginDelayStepMs ?? 1000,
    communes: new CommuneDirectory(options.storage),
    fetchRules: { ...DEFAULT_FETCH_RULES, ...options.linkPreview },
    platforms: platformAccess(options.sessionSecret, { ...DEFAULT_FETCH_RULES, ...options.linkPreview }, options.platforms),
  };
  const cache = !options.development;
  app.engine('ejs', (file, data, cb) => {
    ejs.renderFile(file, data as ejs.Data, { cache, async: false }, (err, html) => cb(err, html));
  });
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  app.set('x-powered-by', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);

  // A download whose client stopped reading would keep its producer (and what it holds) forever: once
  // an answer starts, the socket's inactivity timer drops it when no byte moves for `stallMs` (Node
  // destroys a socket that times out with nobody listening). The time spent before the first byte is
  // not counted: that is the storage's, bounded there. Once sent, the keep-alive timer takes over.
  const stallMs = options.stallMs ?? 60_000;
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      req.socket.setTimeout(stallMs);
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'form-action': ["'self'"], 'upgrade-insecure-requests': null },
      },
      // Served over plain HTTP on office networks too: HSTS only makes sense behind HTTPS.
      strictTransportSecurity: false,
    }),
  );
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  // Browsers ask for it at the root, on every page that names no icon (printable pages among them).
  app.get('/favicon.ico', (_req, res) => res.sendFile(path.join(PUBLIC_DIR, 'favicon.ico'), { maxAge: '7d' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 5000 }));
  app.use(express.json({ limit: '1mb' }));
  app.use(cookieParser());
  const sessions = session({
    name: 'cchc.sid',
    secret: options.sessionSecret,
    store: new LoginSessionStore(options.storage.loginSessions, clock),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS },
  });
  // A call answered on its token alone skips the session (a fresh one made, signed and dropped per call).
  app.use((req, res, next) => (answeredByToken(req) ? next() : sessions(req, res, next)));
  app.use(identify(context));
  app.use(resolveCommune(context));

  const skipCsrf = (req: Request): boolean => req.viaToken === true || req.path === '/api/v1/tokens' || (wantsJson(req) && !req.user);
  const { doubleCsrfProtection, generateCsrfToken, invalidCsrfTokenError, validateRequest } = doubleCsrf({
    getSecret: () => options.sessionSecret,
    // Before log-in there is no session to bind to; the signed double-submit cookie still guards the form.
    getSessionIdentifier: (req) => (req.session?.username ? req.sessionID : ''),
    cookieName: 'cchc.csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof field === 'string') return field;
      return req.headers['x-csrf-token'] as string | undefined;
    },
    // Only a request actually authenticated by an API token skips the check (browsers never send tokens
    // on their own; a session cookie with any Authorization header beside it is still a session); the
    // token route checks a password instead; an anonymous API call is refused by the access check (401).
    skipCsrfProtection: skipCsrf,
  });
  app.use((req, res, next) => {
    // A multipart form's fields (its token among them) are read by the route that takes the upload,
    // after its access check: the token is checked there (`checkPendingCsrf`), or before any other route.
    if (req.is('multipart/form-data') && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !skipCsrf(req)) {
      req.csrfPending = () => validateRequest(req);
      next();
      return;
    }
    doubleCsrfProtection(req, res, next);
  });

  /** Shared view locals; also used by the error handler, which may run before the middleware did. */
  const setLocals = async (req: Request, res: Response): Promise<void> => {
    Object.assign(res.locals, viewHelpers);
    res.locals.currentPath = req.path;
    res.locals.currentUrl = req.originalUrl.length <= 1000 ? req.originalUrl : req.path;
    const settings = await settingsOf(scope(context, req));
    // Where there are several communes, an account of the deployment sees which one it works in, and can change it.
    const communes = req.user && !req.user.commune ? await context.communes.all().catch(() => []) : [];
    res.locals.communeChoice = communes.length > 1 ? { communes, current: req.communeCode ?? communes[0]!.code, city: req.user!.role === 'admin' || req.user!.role === 'city-viewer' } : null;
    res.locals.vocab = vocabularyFrom(settings);
    res.locals.commune = settings.communeName ? `${settings.communeKind} ${settings.communeName}` : '';
    // Until an admin names the commune, the reports may say "xã" for a phường: the layout says so to admins.
    res.locals.communeUnnamed = !settings.communeName;
    const notice = typeof req.query.ok === 'string' ? NOTICES.get(req.query.ok) : undefined;
    res.locals.notice = notice ?? null;
    const user = req.user;
    res.locals.user = user ? { username: user.username, fullName: user.fullName, role: user.role } : null;
    res.locals.can = {
      write: !!user && allows(user.role, 'editor'),
      admin: !!user && allows(user.role, 'admin'),
      audit: !!user && allows(user.role, 'audit'),
    };
    // One count, for the header's "Tin mới (N)" of those who log.
    res.locals.inboxCount = res.locals.can.write ? await scope(context, req).commune.inboxCount() : 0;
    res.locals.csrfToken = '';
    if (!wantsJson(req) && (req.method === 'GET' || req.method === 'POST')) {
      try {
        res.locals.csrfToken = generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
      } catch {
        // A page can still render without a token; its form will ask to reload.
      }
    }
  };
  // JSON answers need no view locals (an error page made for one sets them then): no settings read per API call.
  const locals: RequestHandler = async (req, res, next) => {
    if (!req.viaToken && !wantsJson(req)) await setLocals(req, res);
    next();
  };
  app.use(locals);

  mountRoutes(app, context);

  app.use((_req, _res, next) => next(new HttpError(404, MSG.pageNotFound)));
  const errorHandler: ErrorRequestHandler = async (err, req, res, _next) => {
    if (res.headersSent) {
      // A download that failed half-way: the client must not take the cut-off file for a whole one.
      console.error(err);
      res.destroy();
      return;
    }
    if (res.locals.vocab === undefined) await setLocals(req, res).catch(() => undefined);
    if (err === invalidCsrfTokenError || err?.code === 'EBADCSRFTOKEN') {
      const message = MSG.csrf;
      if (wantsJson(req)) {
        res.status(403).json({ error: message });
        return;
      }
      res.status(403).render('errors/csrf', { title: 'Biểu mẫu hết hạn', message, back: sameOriginPath(req.get('referer'), req.get('host')) ?? '/', typed: typedFields(req) });
      return;
    }
    if (isStorageUnavailable(err)) {
      // Busy, not broken: nothing of the request was kept, and the same request a moment later is served.
      console.warn(`503 ${req.method} ${req.path}: ${err instanceof Error ? err.message : String(err)}`);
      res.set('Retry-After', String(err instanceof StorageUnavailableError ? err.retryAfter : 2));
      if (wantsJson(req)) {
        res.status(503).json({ error: MSG.busy });
        return;
      }
      const typed = typedFields(req);
      res.status(503).render('errors/busy', { title: 'Hệ thống đang bận', message: MSG.busy, typed, resend: req.method === 'POST' && req.is('application/x-www-form-urlencoded') ? resendFields(req) : null, action: req.originalUrl, back: req.method === 'GET' ? req.originalUrl : (sameOriginPath(req.get('referer'), req.get('host')) ?? '/') });
      return;
    }
    const status = statusOf(err);
    const message = messageOf(err, status);
    if (status >= 500) console.error(err);
    if (wantsJson(req)) {
      res.status(status).json({ error: message });
      return;
    }
    res.status(status).render('errors/error', { title: 'Lỗi', status, message, detail: options.development && status >= 500 ? String(err?.stack ?? err) : null });
  };
  app.use(errorHandler);
  return app;
}

/** The path of a Referer that is a page of this site (same host), or null for another site or none. */
function sameOriginPath(referer: string | undefined, host: string | undefined): string | null {
  if (!referer || !host) return null;
  try {
    const url = new URL(referer);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== host) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/** The text fields of a form as sent (each value of a repeated field), secrets left out. */
function formFields(req: Request): [string, string][] {
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [];
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (SECRET_FIELDS.test(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.push([key, v]);
  }
  return out;
}

/** The fields of a form refused while busy, to send again as they were (the CSRF token is a new one; secrets are typed again). */
function resendFields(req: Request): [string, string][] {
  return formFields(req).slice(0, 2000);
}

/** The text fields of a refused form, to show back so nothing typed is lost (secrets left out). */
function typedFields(req: Request): [string, string][] {
  // Shown back, so capped: a form has at most a few dozen fields and no field is that long.
  return formFields(req)
    .filter(([, v]) => v.trim())
    .map(([k, v]): [string, string] => [capChars(k, 100), capChars(v, 5000)])
    .slice(0, 60);
}
