import type { Request } from 'express';
import type { FetchRules } from '../services/page-fetch.js';
import type { PlatformAccess } from '../services/platforms/access.js';
import { readingOnce, type Scope, scopeOf } from '../services/scope.js';
import type { Storage } from '../storage/port.js';
import type { CommuneDirectory } from '../services/commune-directory.js';
import type { ImportAnalyses } from '../services/import-analyses.js';
import type { LoginAlerts } from './limits.js';

/** What every handler needs. */
export interface WebContext {
  storage: Storage;
  clock: () => Date;
  /** The largest evidence file accepted, in bytes. */
  uploadLimitBytes: number;
  /** Where uploads are received before they are checked and kept. */
  uploadDir: string;
  /** Where spreadsheets wait between their preview and their import: a folder every process reads. */
  heldDir: string;
  /** The most rows one import may have. */
  maxImportRows: number;
  /** The most airings one log book (a week or a month) may hold; a longer one is refused with a message. */
  logbookMaxRows: number;
  /** The last clean analysis of an uploaded spreadsheet, for the import that follows it (a held upload's kept beside it). */
  importAnalyses: ImportAnalyses;
  loginAlerts: LoginAlerts;
  /** Past 10 failed log-ins for one username, each attempt waits this much more. */
  loginDelayStepMs: number;
  /** The deployment's communes. */
  communes: CommuneDirectory;
  /** How the server reads a pasted link's page. */
  fetchRules: FetchRules;
  /** How the server reads views and interactions from YouTube, Facebook and Zalo OA. */
  platforms: PlatformAccess;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The scope of this request's services, made once (`scope`). */
      servicesScope?: { code: string | undefined; scope: Scope };
    }
  }
}

/**
 * The scope of a request's services: the commune it works in (see `resolveCommune`), the same for the
 * whole request, so that the commune's settings are read once (by the layout's middleware, usually)
 * and that copy passed down to every service.
 */
export function scope(ctx: WebContext, req?: Request): Scope {
  if (!req) return scopeOf(ctx.storage, ctx.clock);
  const made = req.servicesScope;
  if (made && made.code === req.communeCode) return made.scope;
  const fresh = readingOnce(scopeOf(ctx.storage, ctx.clock, req.communeCode));
  req.servicesScope = { code: req.communeCode, scope: fresh };
  return fresh;
}
