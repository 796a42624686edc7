import type { Express, RequestHandler } from 'express';
import type { Access } from '../domain/auth.js';
import { accountNamed } from '../services/accounts.js';
import { requireAccess } from './auth.js';
import { checkCsrfNow } from './csrf.js';
import type { WebContext } from './context.js';
import { loginLimiters, passwordChangeLimiter } from './limits.js';
import { refuseQueryControls } from './request.js';
import * as account from './handlers/account.js';
import * as api from './handlers/api.js';
import * as audit from './handlers/audit.js';
import * as bundle from './handlers/bundle.js';
import * as city from './handlers/city.js';
import * as deleted from './handlers/deleted.js';
import * as entries from './handlers/entries.js';
import * as viewCounts from './handlers/view-counts.js';
import * as exportsHandlers from './handlers/exports.js';
import * as files from './handlers/files.js';
import * as imports from './handlers/imports.js';
import * as inbox from './handlers/inbox.js';
import { showHome } from './handlers/home.js';
import * as items from './handlers/items.js';
import * as linkPreview from './handlers/link-preview.js';
import * as itemTopics from './handlers/item-topics.js';
import * as logbook from './handlers/logbook.js';
import * as metrics from './handlers/metrics.js';
import * as platformKeys from './handlers/platform-keys.js';
import * as reports from './handlers/reports.js';
import * as documents from './handlers/documents.js';
import * as par from './handlers/par.js';
import * as yearPlan from './handlers/year-plan.js';
import * as schedule from './handlers/schedule.js';
import * as login from './handlers/login.js';
import * as broadcasts from './handlers/broadcasts.js';
import * as settings from './handlers/settings.js';
import * as summaries from './handlers/summaries.js';
import * as users from './handlers/users.js';
import * as watch from './handlers/watch.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Route {
  method: Method;
  path: string;
  access: Access;
  handler: (ctx: WebContext) => RequestHandler;
  /** Guarded against password guessing: like a log-in, or like a change of one's own password. */
  limit?: 'login' | 'password';
  /** Takes a file (a multipart form): its CSRF token, a field of the form, is checked once the form is read. */
  upload?: true;
}

/**
 * The whole surface of the app, in one table. `access`: public, any signed-in `user`,
 * `editor` (writes the log), `admin`, `audit` (admins and viewers), `city` (the city's view: admins of the
 * deployment and city viewers) or `deployment` (its admins: communes).
 */
export const ROUTES: Route[] = [
  { method: 'get', path: '/healthz', access: 'public', handler: api.health },

  { method: 'get', path: '/login', access: 'public', handler: login.showLoginForm },
  { method: 'post', path: '/login', access: 'public', handler: login.logIn, limit: 'login' },
  { method: 'post', path: '/logout', access: 'user', handler: login.logOut },
  { method: 'get', path: '/setup', access: 'public', handler: login.showSetupForm },
  { method: 'post', path: '/setup', access: 'public', handler: login.setUp },

  { method: 'get', path: '/', access: 'user', handler: showHome },

  { method: 'get', path: '/entries', access: 'user', handler: entries.listEntries },
  { method: 'get', path: '/entries/new', access: 'editor', handler: entries.showNewEntryForm },
  { method: 'post', path: '/entries/new', access: 'editor', handler: entries.searchItemsInForm },
  { method: 'post', path: '/entries', access: 'editor', handler: entries.createEntry },
  { method: 'post', path: '/entries/link-preview', access: 'editor', handler: linkPreview.previewLinkInForm },
  { method: 'get', path: '/entries/print', access: 'user', handler: entries.printEntries },
  { method: 'get', path: '/entries/views', access: 'editor', handler: viewCounts.showViewCountsForm },
  { method: 'post', path: '/entries/views', access: 'editor', handler: viewCounts.saveViewCounts },
  { method: 'post', path: '/entries/views/refresh', access: 'editor', handler: metrics.refreshMetricsForm },
  { method: 'get', path: '/entries/:id', access: 'user', handler: entries.showEntry },
  { method: 'get', path: '/entries/:id/edit', access: 'editor', handler: entries.showEditEntryForm },
  { method: 'post', path: '/entries/:id/edit', access: 'editor', handler: entries.updateEntry },
  { method: 'get', path: '/entries/:id/delete', access: 'editor', handler: entries.showDeleteEntryForm },
  { method: 'post', path: '/entries/:id/delete', access: 'editor', handler: entries.deleteEntry },
  { method: 'post', path: '/entries/:id/restore', access: 'admin', handler: deleted.restoreEntry },
  { method: 'post', path: '/entries/:id/files', access: 'editor', handler: files.uploadFile, upload: true },
  { method: 'post', path: '/entries/:id/metrics/use', access: 'editor', handler: metrics.useReadFiguresForm },

  { method: 'get', path: '/sessions/new', access: 'editor', handler: broadcasts.showBroadcastForm },
  { method: 'post', path: '/sessions/new', access: 'editor', handler: broadcasts.editBroadcastForm },
  { method: 'post', path: '/sessions', access: 'editor', handler: broadcasts.createBroadcast },

  { method: 'get', path: '/schedule', access: 'user', handler: schedule.showSchedule },
  { method: 'post', path: '/schedule', access: 'editor', handler: schedule.addSlot },
  { method: 'get', path: '/schedule/:id/edit', access: 'editor', handler: schedule.showEditSlot },
  { method: 'post', path: '/schedule/:id/edit', access: 'editor', handler: schedule.editSlot },
  { method: 'post', path: '/schedule/:id/delete', access: 'editor', handler: schedule.removeSlot },

  { method: 'get', path: '/imports', access: 'editor', handler: imports.showImports },
  { method: 'post', path: '/imports', access: 'editor', handler: imports.uploadImport, upload: true },
  { method: 'get', path: '/imports/:id', access: 'editor', handler: imports.showImport },
  { method: 'post', path: '/imports/:id/undo', access: 'admin', handler: imports.undoImportForm },
  { method: 'post', path: '/imports/:token', access: 'editor', handler: imports.confirmImport },

  { method: 'get', path: '/items', access: 'user', handler: items.listItems },
  { method: 'get', path: '/items/unclassified', access: 'user', handler: itemTopics.showUnclassified },
  { method: 'post', path: '/items/unclassified', access: 'editor', handler: itemTopics.classifyItemsForm },
  { method: 'get', path: '/items/:id', access: 'user', handler: items.showItem },
  { method: 'get', path: '/items/:id/edit', access: 'editor', handler: items.showEditItemForm },
  { method: 'post', path: '/items/:id/edit', access: 'editor', handler: items.updateItem },
  { method: 'get', path: '/items/:id/delete', access: 'editor', handler: items.showDeleteItemForm },
  { method: 'post', path: '/items/:id/delete', access: 'editor', handler: items.deleteItem },
  { method: 'post', path: '/items/:id/restore', access: 'admin', handler: deleted.restoreItem },
  { method: 'post', path: '/items/:id/files', access: 'editor', handler: files.uploadFile, upload: true },

  { method: 'get', path: '/files/:id', access: 'user', handler: files.downloadFile },

  { method: 'get', path: '/logbook', access: 'user', handler: logbook.showLogbook },

  { method: 'get', path: '/reports', access: 'user', handler: reports.showReport },
  { method: 'get', path: '/reports/appendix', access: 'user', handler: yearPlan.showAppendix },
  { method: 'post', path: '/reports/appendix/notes', access: 'editor', handler: yearPlan.postTaskNote },
  { method: 'post', path: '/reports/notes', access: 'editor', handler: reports.postReportNotes },
  { method: 'get', path: '/plan', access: 'user', handler: yearPlan.showYearPlan },
  { method: 'get', path: '/par', access: 'user', handler: par.showPar },
  { method: 'post', path: '/plan/:year/tasks', access: 'admin', handler: yearPlan.postTask },
  { method: 'post', path: '/plan/:year/tasks/:id', access: 'admin', handler: yearPlan.postTask },
  { method: 'post', path: '/plan/:year/tasks/:id/delete', access: 'admin', handler: yearPlan.postDeleteTask },
  { method: 'post', path: '/plan/:year/copy', access: 'admin', handler: yearPlan.postCopyYearPlan },

  { method: 'get', path: '/export/entries.csv', access: 'user', handler: exportsHandlers.exportLogCsv },
  { method: 'get', path: '/export/entries.xlsx', access: 'user', handler: exportsHandlers.exportLogXlsx },
  { method: 'get', path: '/export/report.csv', access: 'user', handler: exportsHandlers.exportReportCsv },
  { method: 'get', path: '/export/report.xlsx', access: 'user', handler: exportsHandlers.exportReportXlsx },
  { method: 'get', path: '/export/report.docx', access: 'user', handler: documents.exportReportDocx },
  { method: 'get', path: '/export/appendix.docx', access: 'user', handler: documents.exportAppendixDocx },
  { method: 'get', path: '/export/bundle.zip', access: 'user', handler: bundle.exportBundle },
  { method: 'get', path: '/export/logbook.docx', access: 'user', handler: logbook.exportLogbookDocx },
  { method: 'get', path: '/export/logbook.xlsx', access: 'user', handler: logbook.exportLogbookXlsx },

  { method: 'get', path: '/summaries', access: 'user', handler: summaries.listSummaries },
  { method: 'post', path: '/summaries', access: 'editor', handler: summaries.createSummary },
  { method: 'get', path: '/summaries/:id.csv', access: 'user', handler: summaries.exportSummaryCsv },
  { method: 'get', path: '/summaries/:id.xlsx', access: 'user', handler: summaries.exportSummaryXlsx },
  { method: 'get', path: '/summaries/:id', access: 'user', handler: (ctx) => summaries.showSummary(ctx) },
  { method: 'get', path: '/summaries/:id/print', access: 'user', handler: (ctx) => summaries.showSummary(ctx, true) },

  { method: 'get', path: '/settings', access: 'admin', handler: settings.showSettings },
  { method: 'post', path: '/settings/platforms', access: 'admin', handler: platformKeys.savePlatformKeys },
  { method: 'post', path: '/settings/:section', access: 'admin', handler: settings.updateSettings },
  { method: 'post', path: '/settings/watch/places', access: 'admin', handler: watch.addPlaceForm },
  { method: 'post', path: '/settings/watch/places/:id/delete', access: 'admin', handler: watch.removePlaceForm },

  { method: 'get', path: '/inbox', access: 'editor', handler: inbox.showInbox },
  { method: 'post', path: '/inbox/confirm', access: 'editor', handler: inbox.confirmPostsForm },
  { method: 'post', path: '/inbox/dismiss', access: 'editor', handler: inbox.dismissPostsForm },
  { method: 'post', path: '/inbox/run', access: 'editor', handler: inbox.runWatchForm },

  { method: 'get', path: '/deleted', access: 'admin', handler: deleted.listDeleted },
  { method: 'get', path: '/audit', access: 'audit', handler: audit.showAudit },

  { method: 'get', path: '/account', access: 'user', handler: account.showAccount },
  { method: 'post', path: '/account/password', access: 'user', handler: account.changeOwnPassword, limit: 'password' },
  { method: 'post', path: '/account/tokens', access: 'user', handler: account.createOwnToken },
  { method: 'post', path: '/account/tokens/:id/revoke', access: 'user', handler: account.revokeOwnToken },

  { method: 'get', path: '/users', access: 'admin', handler: users.listUsers },
  { method: 'post', path: '/users', access: 'admin', handler: users.createUser },
  { method: 'get', path: '/users/:username', access: 'admin', handler: users.showUser },
  { method: 'post', path: '/users/:username', access: 'admin', handler: users.updateUser },
  { method: 'post', path: '/users/:username/tokens/:id/revoke', access: 'admin', handler: users.revokeUserToken },

  { method: 'get', path: '/api/v1/vocabulary', access: 'user', handler: api.apiVocabulary },
  { method: 'get', path: '/api/v1/entries', access: 'user', handler: api.apiListEntries },
  { method: 'post', path: '/api/v1/entries', access: 'editor', handler: api.apiCreateEntry },
  { method: 'patch', path: '/api/v1/entries', access: 'editor', handler: viewCounts.apiPatchViewCounts },
  { method: 'post', path: '/api/v1/metrics/refresh', access: 'editor', handler: metrics.apiRefreshMetrics },
  { method: 'post', path: '/api/v1/sessions', access: 'editor', handler: broadcasts.apiCreateBroadcast },
  { method: 'get', path: '/api/v1/imports', access: 'editor', handler: imports.apiListImports },
  { method: 'post', path: '/api/v1/imports', access: 'editor', handler: imports.apiImport, upload: true },
  { method: 'delete', path: '/api/v1/imports/:id', access: 'admin', handler: imports.apiUndoImport },
  { method: 'get', path: '/api/v1/schedule', access: 'user', handler: schedule.apiListSlots },
  { method: 'post', path: '/api/v1/schedule', access: 'editor', handler: schedule.apiCreateSlot },
  { method: 'get', path: '/api/v1/schedule/today', access: 'user', handler: schedule.apiToday },
  { method: 'patch', path: '/api/v1/schedule/:id', access: 'editor', handler: schedule.apiPatchSlot },
  { method: 'delete', path: '/api/v1/schedule/:id', access: 'editor', handler: schedule.apiDeleteSlot },
  { method: 'get', path: '/api/v1/entries/:id', access: 'user', handler: api.apiGetEntry },
  { method: 'patch', path: '/api/v1/entries/:id', access: 'editor', handler: api.apiPatchEntry },
  { method: 'delete', path: '/api/v1/entries/:id', access: 'editor', handler: api.apiDeleteEntry },
  { method: 'post', path: '/api/v1/entries/:id/restore', access: 'admin', handler: deleted.apiRestoreEntry },
  { method: 'get', path: '/api/v1/entries/:id/files', access: 'user', handler: files.apiListFiles },
  { method: 'post', path: '/api/v1/entries/:id/files', access: 'editor', handler: files.apiUploadFile, upload: true },
  { method: 'get', path: '/api/v1/link-preview', access: 'editor', handler: linkPreview.apiLinkPreview },
  { method: 'get', path: '/api/v1/items', access: 'user', handler: api.apiListItems },
  { method: 'post', path: '/api/v1/items/topics', access: 'editor', handler: itemTopics.apiClassifyItems },
  { method: 'get', path: '/api/v1/items/:id', access: 'user', handler: api.apiGetItem },
  { method: 'patch', path: '/api/v1/items/:id', access: 'editor', handler: api.apiPatchItem },
  { method: 'post', path: '/api/v1/items/:id/restore', access: 'admin', handler: deleted.apiRestoreItem },
  { method: 'get', path: '/api/v1/items/:id/files', access: 'user', handler: files.apiListFiles },
  { method: 'post', path: '/api/v1/items/:id/files', access: 'editor', handler: files.apiUploadFile, upload: true },
  { method: 'get', path: '/api/v1/report', access: 'user', handler: reports.apiReport },
  { method: 'get', path: '/api/v1/summaries', access: 'user', handler: summaries.apiListSummaries },
  { method: 'post', path: '/api/v1/summaries', access: 'editor', handler: summaries.apiCreateSummary },
  { method: 'get', path: '/api/v1/summaries/:id', access: 'user', handler: summaries.apiGetSummary },
  { method: 'get', path: '/api/v1/audit', access: 'audit', handler: audit.apiAudit },
  { method: 'get', path: '/api/v1/watch/places', access: 'admin', handler: watch.apiListPlaces },
  { method: 'post', path: '/api/v1/watch/places', access: 'admin', handler: watch.apiCreatePlace },
  { method: 'delete', path: '/api/v1/watch/places/:id', access: 'admin', handler: watch.apiDeletePlace },
  { method: 'post', path: '/api/v1/watch/run', access: 'editor', handler: watch.apiRunWatch },
  { method: 'get', path: '/api/v1/inbox', access: 'editor', handler: inbox.apiInbox },
  { method: 'post', path: '/api/v1/inbox/confirm', access: 'editor', handler: inbox.apiConfirmPosts },
  { method: 'post', path: '/api/v1/inbox/dismiss', access: 'editor', handler: inbox.apiDismissPosts },
  { method: 'get', path: '/city', access: 'city', handler: city.showCity },
  { method: 'post', path: '/city/communes', access: 'deployment', handler: city.createCommuneForm },
  { method: 'get', path: '/export/city.xlsx', access: 'city', handler: city.exportCityXlsx },
  { method: 'get', path: '/export/city-report.docx', access: 'city', handler: city.exportCityReportDocx },
  { method: 'get', path: '/api/v1/city/report', access: 'city', handler: city.apiCityReport },
  { method: 'get', path: '/api/v1/communes', access: 'user', handler: city.apiCommunes },
  { method: 'post', path: '/api/v1/communes', access: 'deployment', handler: city.apiCreateCommune },
  { method: 'get', path: '/api/v1/users', access: 'admin', handler: users.apiListUsers },
  { method: 'post', path: '/api/v1/users', access: 'admin', handler: users.apiCreateUser },
  { method: 'patch', path: '/api/v1/users/:username', access: 'admin', handler: users.apiPatchUser },
  // Authenticates with the username and password in its body, so it is public but rate-limited.
  { method: 'post', path: '/api/v1/tokens', access: 'public', handler: account.apiCreateToken, limit: 'login' },
  { method: 'delete', path: '/api/v1/tokens/:id', access: 'user', handler: account.apiRevokeToken },
];

/** Mounts the route table, each route behind its access check. */
export function mountRoutes(app: Express, ctx: WebContext): void {
  const limits = {
    login: loginLimiters({ userExists: async (u) => (await accountNamed(ctx.storage, u)) !== null, alerts: ctx.loginAlerts, delayStepMs: ctx.loginDelayStepMs, counters: ctx.storage.limits }),
    password: [passwordChangeLimiter(ctx.storage.limits)],
  };
  // Before any handler reads its query (and before the access check: a refused address says nothing of the page).
  app.use(refuseQueryControls);
  for (const route of ROUTES) {
    app[route.method](route.path, ...(route.upload ? [] : [checkCsrfNow]), ...(route.limit ? limits[route.limit] : []), requireAccess(ctx, route.access), route.handler(ctx));
  }
}
