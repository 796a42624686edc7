import ejs from 'ejs';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { Store } from './store/store.js';
import { HttpError } from './web/http-error.js';
import { mountRoutes } from './web/routes.js';
import { NOTICES, viewHelpers } from './web/view-helpers.js';

export interface AppOptions {
  store: Store;
  /** The time source; tests pass a fixed clock. */
  clock?: () => Date;
  /** Show error details in pages. */
  development?: boolean;
}

/** Everything a handler needs, on `res.locals.ctx`... kept typed through `ctx(res)`. */
export interface AppContext {
  store: Store;
  clock: () => Date;
}

/** Builds the Express app over an open store. It never listens and starts no job. */
export function createApp(options: AppOptions): Express {
  const app = express();
  const context: AppContext = { store: options.store, clock: options.clock ?? (() => new Date()) };
  const cache = !options.development;
  app.engine('ejs', (file, data, cb) => {
    ejs.renderFile(file, data as ejs.Data, { cache, async: false }, (err, html) => cb(err, html));
  });
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  app.set('x-powered-by', false);
  app.set('query parser', 'simple');
  app.locals.context = context;

  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 1000 }));
  app.use(express.json({ limit: '1mb' }));
  const locals: RequestHandler = (req, res, next) => {
    Object.assign(res.locals, viewHelpers);
    res.locals.currentPath = req.path;
    res.locals.vocab = context.store.vocabulary();
    const notice = typeof req.query.ok === 'string' ? NOTICES[req.query.ok] : undefined;
    res.locals.notice = notice ?? null;
    next();
  };
  app.use(locals);

  mountRoutes(app, context);

  app.use((req, _res, next) => next(new HttpError(404, 'Không tìm thấy trang này.')));
  const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
    const status = err instanceof HttpError ? err.status : typeof err?.status === 'number' ? err.status : 500;
    const message =
      err instanceof HttpError
        ? err.message
        : status === 413
          ? 'Dữ liệu gửi lên quá lớn (tối đa 1 MB).'
          : status === 400
            ? 'Dữ liệu gửi lên không đọc được.'
            : 'Đã có lỗi trong máy chủ. Dữ liệu đã lưu trước đó không bị ảnh hưởng; vui lòng thử lại.';
    if (status >= 500) console.error(err);
    if (res.headersSent) return;
    if (req.path.startsWith('/api/') || req.path === '/healthz') {
      res.status(status).json({ error: message });
      return;
    }
    res.status(status).render('errors/error', { status, message, detail: options.development && status >= 500 ? String(err?.stack ?? err) : null });
  };
  app.use(errorHandler);
  return app;
}

export { Store };
