import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureFirstAdmin } from './first-admin.js';
import { startMetricsRefresh } from './jobs/metrics.js';
import { startWeeklySummaries } from './jobs/weekly.js';
import { platformAccess } from './platform-access.js';
import { startPortalWatch } from './jobs/watch.js';
import { DEFAULT_FETCH_RULES } from './services/page-fetch.js';
import { scopeOf } from './services/scope.js';
import { CorruptDataFileError } from './storage/lowdb/json-file.js';
import { DataDirLockedError } from './storage/lowdb/lock.js';
import { openStorage } from './storage/open.js';
import { sweepUploads } from './web/upload.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const { storage, uploadDir, heldDir } = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, filesDir: config.filesDir, pg: config.pg });
  // What a crash of this machine's processes left in the upload folder (the embedded engine empties it whole).
  for (const dir of new Set([uploadDir, heldDir])) sweepUploads(dir).catch((err: unknown) => console.error('Cannot sweep the upload folder:', err));
  const clock = () => new Date();
  const scope = scopeOf(storage, clock);
  if (await ensureFirstAdmin(scope, config.firstAdmin)) console.log(`Created the first admin "${config.firstAdmin!.username}" from ADMIN_USERNAME.`);
  const secret = config.sessionSecret ?? (await storage.sessionSecret());
  const app = createApp({ storage, sessionSecret: secret, development: config.development, trustProxy: config.trustProxy, uploadLimitBytes: config.uploadLimitBytes, maxImportRows: config.maxImportRows, uploadDir, heldDir, stallMs: config.downloadStallMs, logbookMaxRows: config.logbookMaxRows, linkPreview: { allowHosts: config.fetchAllowHosts }, platforms: config.platforms });
  const noAccount = (await storage.users.count()) === 0;
  // Counting a large database's entries takes a while: the server listens without waiting for it.
  // (The embedded engine's counts are at hand: its line comes out before the "listening" one.)
  storage.describe().then(
    (described) => console.log(`Storage: ${described}`),
    (err: unknown) => console.error('Cannot describe the storage:', err),
  );
  const server = app.listen(config.port, config.host, () => {
    console.log(`CCHC log listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (ready in ${Date.now() - started} ms)`);
    if (noAccount) console.log('No account yet: open the address above to create the first admin (Thiết lập).');
  });
  const everyCommune = async () => (await storage.communes()).map((c) => scopeOf(storage, clock, c.code));
  const weekly = startWeeklySummaries(everyCommune, { cron: config.weeklySummaryCron, mail: config.mail });
  const metrics = startMetricsRefresh(everyCommune, platformAccess(secret, { ...DEFAULT_FETCH_RULES, allowHosts: config.fetchAllowHosts }, config.platforms), { cron: config.metricsRefreshCron });
  const watch = startPortalWatch(everyCommune, { cron: config.portalWatchCron, rules: { ...DEFAULT_FETCH_RULES, allowHosts: config.fetchAllowHosts } });
  server.on('error', (err) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = (): void => {
    weekly.task?.stop();
    metrics?.stop();
    watch?.stop();
    server.close();
    server.closeAllConnections();
    void storage.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A stray error must not take the whole office offline: a rejected promise nobody awaited, or an error
 * event of a stream or socket that nobody listened to (a download cancelled at the wrong moment), is
 * logged and the server goes on. Any other uncaught exception leaves the process in an unknown state:
 * it is logged and the process exits, for a supervisor to restart it.
 */
function surviveStrayErrors(): void {
  process.on('unhandledRejection', (reason) => {
    console.error('Unhandled promise rejection (the server goes on):', reason);
  });
  process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
    if (isStreamError(err)) {
      console.error('Stray stream error (the server goes on):', err);
      return;
    }
    console.error('Uncaught exception; the server stops:', err);
    process.exit(1);
  });
}

const STREAM_ERROR_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_UNABLE_TO_PIPE', 'EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ABORT_ERR']);

function isStreamError(err: NodeJS.ErrnoException): boolean {
  return !!err && typeof err === 'object' && (STREAM_ERROR_CODES.has(String(err.code)) || err.name === 'AbortError');
}

surviveStrayErrors();
main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof CorruptDataFileError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
