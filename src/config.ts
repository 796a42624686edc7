import path from 'node:path';
import { isValidCron } from './jobs/schedule.js';

/** Every setting the server reads from the environment, with its default. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL (`postgres://…`), which then keeps everything but uploads and files; null for the embedded store in dataDir. */
  databaseUrl: string | null;
  /** Where evidence files' bytes are kept with PostgreSQL: a folder every app process shares. */
  filesDir: string;
  /** Show error details in pages (never in production). */
  development: boolean;
  /** From SESSION_SECRET; when absent one is generated once and kept in the data directory. */
  sessionSecret: string | undefined;
  /** Express's "trust proxy" setting, for deployments behind a reverse proxy that terminates HTTPS. */
  trustProxy: boolean | number | string;
  /** The first admin, created at start when no account exists yet. */
  firstAdmin: { username: string; password: string } | null;
  /** The largest evidence file accepted, in bytes (also the largest spreadsheet imported). */
  uploadLimitBytes: number;
  /** The most rows one import may have. */
  maxImportRows: number;
  /** When the weekly summary runs (cron, Vietnam time); null when switched off. */
  weeklySummaryCron: string | null;
  /** E-mail delivery of the weekly summary, when SMTP_URL and recipients are set. */
  mail: { smtpUrl: string; from: string; to: string[] } | null;
  /** With PostgreSQL: connections per process, and how long each kind of wait may last (ms). */
  pg: { poolSize: number; waits: { queueMs: number; acquireMs: number; statementMs: number; lockMs: number; idleTransactionMs: number } };
  /** A download whose client reads nothing for this long is dropped (ms). */
  downloadStallMs: number;
  /** The most airings one log book may hold. */
  logbookMaxRows: number;
  /** Hosts whose pages the server reads for a pasted link even on a private address (an intranet portal), lower case. */
  fetchAllowHosts: string[];
  /** When views and interactions are read from the platforms (cron, Vietnam time); null when switched off. */
  metricsRefreshCron: string | null;
  /** The platforms' API addresses, and a YouTube API key for every commune that has none of its own. */
  platforms: PlatformsConfig;
  /** When the places where communes' posts appear are read (cron, Vietnam time); null when switched off. */
  portalWatchCron: string | null;
}

/** Where the platforms' APIs answer (tests point them at local servers). */
export interface PlatformsConfig {
  youtubeApiUrl: string;
  facebookGraphUrl: string;
  zaloOaApiUrl: string;
  youtubeApiKey: string | null;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Environment variable ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The table of environment variables: name, default, and how it is checked. */
export const ENV_VARS = {
  PORT: { default: '3000', help: 'TCP port the server listens on' },
  HOST: { default: '0.0.0.0', help: 'address to listen on (127.0.0.1 to allow only this machine)' },
  DATA_DIR: { default: './data', help: 'directory holding every data file; created on first start' },
  DATABASE_URL: { default: '', help: 'postgres://user:password@host:5432/db to keep the data in PostgreSQL (a city deployment); empty for the embedded store in DATA_DIR' },
  FILES_DIR: { default: '', help: 'with DATABASE_URL: the folder of evidence files, shared by every app process (default DATA_DIR/files)' },
  NODE_ENV: { default: 'production', help: '"development" shows error details in pages' },
  SESSION_SECRET: { default: '', help: 'secret that signs session cookies; generated once into DATA_DIR/secret.json when empty' },
  TRUST_PROXY: { default: '', help: 'set when behind a reverse proxy: "true", a hop count, or the proxy addresses' },
  ADMIN_USERNAME: { default: '', help: 'with ADMIN_PASSWORD: the first admin, created at start when no account exists' },
  ADMIN_PASSWORD: { default: '', help: 'the first admin\'s password (10 characters or more)' },
  MAX_UPLOAD_MB: { default: '50', help: 'the largest evidence file (and imported spreadsheet) accepted, in megabytes' },
  MAX_IMPORT_ROWS: { default: '200000', help: 'the most rows one import from Excel/CSV may have' },
  WEEKLY_SUMMARY_CRON: { default: '0 7 * * 1', help: 'when the weekly summary is made (cron, Vietnam time); empty to switch it off' },
  SMTP_URL: { default: '', help: 'mail server for the weekly summary, e.g. smtp://user:password@mail.example.vn:587' },
  SMTP_FROM: { default: 'Nhật ký tuyên truyền CCHC <no-reply@localhost>', help: 'sender of the weekly summary e-mail' },
  SUMMARY_RECIPIENTS: { default: '', help: 'comma-separated e-mail addresses that receive the weekly summary' },
  PG_POOL_SIZE: { default: '10', help: 'with DATABASE_URL: connections each app process keeps to PostgreSQL' },
  WRITE_QUEUE_TIMEOUT_MS: { default: '10000', help: 'with DATABASE_URL: how long in all a write waits for the writes of its commune before it (in this process, then at the commune\'s lock); then 503 "busy", nothing stored' },
  PG_ACQUIRE_TIMEOUT_MS: { default: '5000', help: 'with DATABASE_URL: how long a request waits for a free connection; then 503' },
  PG_STATEMENT_TIMEOUT_MS: { default: '30000', help: 'with DATABASE_URL: the longest one SQL statement may run (statement_timeout); then 503' },
  PG_LOCK_TIMEOUT_MS: { default: '10000', help: 'with DATABASE_URL: the longest wait for a lock, a commune\'s writes in other processes included (lock_timeout); then 503' },
  PG_IDLE_TX_TIMEOUT_MS: { default: '60000', help: 'with DATABASE_URL: a transaction left idle this long loses its connection (idle_in_transaction_session_timeout)' },
  LOGBOOK_MAX_ROWS: { default: '4000', help: 'the most airings one log book (of any period) may hold; a longer one is refused with a message (the bundle lists it instead)' },
  FETCH_ALLOW_HOSTS: { default: '', help: 'comma-separated hosts whose pages may be read for a pasted link although they are on a private or loopback address (an intranet portal, e.g. congthongtin.anhai.local); every other private address is refused' },
  METRICS_REFRESH_CRON: { default: '30 5 * * *', help: 'when views and interactions of the last 90 days\' posts are read from YouTube, Facebook and Zalo OA (cron, Vietnam time); empty to switch it off' },
  YOUTUBE_API_KEY: { default: '', help: 'a YouTube Data API key used by every commune that has not set its own in the settings' },
  YOUTUBE_API_URL: { default: 'https://www.googleapis.com/youtube/v3', help: 'the YouTube Data API v3 address' },
  FACEBOOK_GRAPH_URL: { default: 'https://graph.facebook.com/v25.0', help: 'the Facebook Graph API address, with its version' },
  ZALO_OA_API_URL: { default: 'https://openapi.zalo.me', help: 'the Zalo OA Open API address' },
  PORTAL_WATCH_CRON: { default: '15 */4 * * *', help: 'when the places where a commune\'s posts appear (portal section pages, feeds, vnPortal) are read for new posts (cron, Vietnam time); empty to switch it off' },
  DOWNLOAD_STALL_SECONDS: { default: '60', help: 'a download (export, log book, bundle) whose client reads nothing for this long is dropped' },
} as const;

/** Reads and checks the configuration; throws a ConfigError naming the wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: keyof typeof ENV_VARS): string => env[name] ?? ENV_VARS[name].default;
  const portText = get('PORT');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError('PORT', `"${portText}" is not a port number (1-65535)`);
  const dataDir = get('DATA_DIR');
  if (!dataDir.trim()) throw new ConfigError('DATA_DIR', 'must not be empty');
  const databaseUrl = get('DATABASE_URL').trim();
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) throw new ConfigError('DATABASE_URL', 'must look like postgres://user:password@host:5432/database');
  const filesDir = get('FILES_DIR').trim();
  const secret = get('SESSION_SECRET');
  if (secret && secret.length < 16) throw new ConfigError('SESSION_SECRET', 'must be at least 16 characters long');
  const proxyText = get('TRUST_PROXY').trim();
  let trustProxy: boolean | number | string = false;
  if (proxyText === 'true') trustProxy = true;
  else if (/^\d+$/.test(proxyText)) trustProxy = Number(proxyText);
  else if (proxyText && proxyText !== 'false') trustProxy = proxyText;
  const adminUser = get('ADMIN_USERNAME').trim();
  const adminPassword = get('ADMIN_PASSWORD');
  if (Boolean(adminUser) !== Boolean(adminPassword)) {
    throw new ConfigError(adminUser ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME', 'ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  }
  const uploadText = get('MAX_UPLOAD_MB').trim();
  const uploadMb = Number(uploadText);
  if (!/^\d+(\.\d+)?$/.test(uploadText) || uploadMb <= 0 || uploadMb > 10_000) throw new ConfigError('MAX_UPLOAD_MB', `"${uploadText}" is not a size in megabytes (for example 50)`);
  const rowsText = get('MAX_IMPORT_ROWS').trim();
  if (!/^\d{1,9}$/.test(rowsText) || Number(rowsText) < 1) throw new ConfigError('MAX_IMPORT_ROWS', `"${rowsText}" is not a number of rows (for example 200000)`);
  const cronText = env.WEEKLY_SUMMARY_CRON === undefined ? ENV_VARS.WEEKLY_SUMMARY_CRON.default : env.WEEKLY_SUMMARY_CRON.trim();
  if (cronText && !isValidCron(cronText)) throw new ConfigError('WEEKLY_SUMMARY_CRON', `"${cronText}" is not a valid cron expression (for example "0 7 * * 1": Mondays at 07:00)`);
  const smtpUrl = get('SMTP_URL').trim();
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must look like smtp://user:password@host:port or smtps://…');
  const recipients = get('SUMMARY_RECIPIENTS').split(',').map((r) => r.trim()).filter(Boolean);
  const badRecipient = recipients.find((r) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(r));
  if (badRecipient) throw new ConfigError('SUMMARY_RECIPIENTS', `"${badRecipient}" is not an e-mail address`);
  const whole = (name: keyof typeof ENV_VARS, min: number, max: number, example: string): number => {
    const text = get(name).trim();
    const n = Number(text);
    if (!/^\d{1,9}$/.test(text) || n < min || n > max) throw new ConfigError(name, `"${text}" is not a whole number from ${min} to ${max} (for example ${example})`);
    return n;
  };
  const pg = {
    poolSize: whole('PG_POOL_SIZE', 1, 1000, '10'),
    waits: {
      queueMs: whole('WRITE_QUEUE_TIMEOUT_MS', 100, 600_000, '10000'),
      acquireMs: whole('PG_ACQUIRE_TIMEOUT_MS', 100, 600_000, '5000'),
      statementMs: whole('PG_STATEMENT_TIMEOUT_MS', 100, 3_600_000, '30000'),
      lockMs: whole('PG_LOCK_TIMEOUT_MS', 100, 600_000, '10000'),
      idleTransactionMs: whole('PG_IDLE_TX_TIMEOUT_MS', 1000, 3_600_000, '60000'),
    },
  };
  const logbookMaxRows = whole('LOGBOOK_MAX_ROWS', 1, 100_000, '4000');
  const fetchAllowHosts = get('FETCH_ALLOW_HOSTS').split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean);
  const badHost = fetchAllowHosts.find((h) => !/^[a-z0-9.-]+$/.test(h) && !/^[0-9a-f:.]+$/.test(h));
  if (badHost) throw new ConfigError('FETCH_ALLOW_HOSTS', `"${badHost}" is not a host name or an IP address (no scheme, no port: for example portal.anhai.local)`);
  const downloadStallMs = whole('DOWNLOAD_STALL_SECONDS', 5, 3600, '60') * 1000;
  const metricsCron = env.METRICS_REFRESH_CRON === undefined ? ENV_VARS.METRICS_REFRESH_CRON.default : env.METRICS_REFRESH_CRON.trim();
  if (metricsCron && !isValidCron(metricsCron)) throw new ConfigError('METRICS_REFRESH_CRON', `"${metricsCron}" is not a valid cron expression (for example "30 5 * * *": every day at 05:30)`);
  const apiUrl = (name: 'YOUTUBE_API_URL' | 'FACEBOOK_GRAPH_URL' | 'ZALO_OA_API_URL'): string => {
    const text = get(name).trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(text)) throw new ConfigError(name, `"${text}" is not an http(s) address without query (for example ${ENV_VARS[name].default})`);
    return text;
  };
  const youtubeApiKey = get('YOUTUBE_API_KEY').trim();
  if (youtubeApiKey && !/^[A-Za-z0-9_-]{20,100}$/.test(youtubeApiKey)) throw new ConfigError('YOUTUBE_API_KEY', 'is not a YouTube API key (20-100 letters, digits, - or _)');
  const platforms = { youtubeApiUrl: apiUrl('YOUTUBE_API_URL'), facebookGraphUrl: apiUrl('FACEBOOK_GRAPH_URL'), zaloOaApiUrl: apiUrl('ZALO_OA_API_URL'), youtubeApiKey: youtubeApiKey || null };
  const watchText = env.PORTAL_WATCH_CRON === undefined ? ENV_VARS.PORTAL_WATCH_CRON.default : env.PORTAL_WATCH_CRON.trim();
  if (watchText && !isValidCron(watchText)) throw new ConfigError('PORTAL_WATCH_CRON', `"${watchText}" is not a valid cron expression (for example "15 */4 * * *": every four hours at a quarter past)`);
  return {
    port,
    host: get('HOST'),
    dataDir: path.resolve(dataDir),
    databaseUrl: databaseUrl || null,
    filesDir: path.resolve(filesDir || path.join(dataDir, 'files')),
    development: get('NODE_ENV') === 'development',
    sessionSecret: secret || undefined,
    trustProxy,
    firstAdmin: adminUser ? { username: adminUser, password: adminPassword } : null,
    uploadLimitBytes: Math.round(uploadMb * 1024 * 1024),
    maxImportRows: Number(rowsText),
    weeklySummaryCron: cronText || null,
    mail: smtpUrl && recipients.length ? { smtpUrl, from: get('SMTP_FROM'), to: recipients } : null,
    pg,
    downloadStallMs,
    logbookMaxRows,
    fetchAllowHosts,
    metricsRefreshCron: metricsCron || null,
    platforms,
    portalWatchCron: watchText || null,
  };
}
