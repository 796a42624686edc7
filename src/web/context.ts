import type { Request } from 'express';
import { type Scope, scopeOf } from '../services/scope.js';
import type { Storage } from '../storage/port.js';
import type { ImportAnalyses } from './import-analyses.js';
import type { LoginAlerts } from './limits.js';

/** What every handler needs. */
export interface WebContext {
  storage: Storage;
  clock: () => Date;
  /** The largest evidence file accepted, in bytes. */
  uploadLimitBytes: number;
  /** Where uploads are received before they are checked and kept. */
  uploadDir: string;
  /** The most rows one import may have. */
  maxImportRows: number;
  /** The last clean analysis of an uploaded spreadsheet, for the import that follows it. */
  importAnalyses: ImportAnalyses;
  loginAlerts: LoginAlerts;
  /** Past 10 failed log-ins for one username, each attempt waits this much more. */
  loginDelayStepMs: number;
}

/** The scope of a request's services: the deployment's commune. */
export function scope(ctx: WebContext, _req?: Request): Scope {
  return scopeOf(ctx.storage, ctx.clock);
}
