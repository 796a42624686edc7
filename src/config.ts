import path from 'node:path';

/** Every setting the server reads from the environment, with its default. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Show error details in pages (never in production). */
  development: boolean;
  /** From SESSION_SECRET; when absent one is generated once and kept in the data directory. */
  sessionSecret: string | undefined;
  /** Express's "trust proxy" setting, for deployments behind a reverse proxy that terminates HTTPS. */
  trustProxy: boolean | number | string;
  /** The first admin, created at start when no account exists yet. */
  firstAdmin: { username: string; password: string } | null;
  /** The largest evidence file accepted, in bytes. */
  uploadLimitBytes: number;
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
  NODE_ENV: { default: 'production', help: '"development" shows error details in pages' },
  SESSION_SECRET: { default: '', help: 'secret that signs session cookies; generated once into DATA_DIR/secret.json when empty' },
  TRUST_PROXY: { default: '', help: 'set when behind a reverse proxy: "true", a hop count, or the proxy addresses' },
  ADMIN_USERNAME: { default: '', help: 'with ADMIN_PASSWORD: the first admin, created at start when no account exists' },
  ADMIN_PASSWORD: { default: '', help: 'the first admin\'s password (10 characters or more)' },
  MAX_UPLOAD_MB: { default: '50', help: 'the largest evidence file accepted, in megabytes' },
} as const;

/** Reads and checks the configuration; throws a ConfigError naming the wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: keyof typeof ENV_VARS): string => env[name] ?? ENV_VARS[name].default;
  const portText = get('PORT');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError('PORT', `"${portText}" is not a port number (1-65535)`);
  const dataDir = get('DATA_DIR');
  if (!dataDir.trim()) throw new ConfigError('DATA_DIR', 'must not be empty');
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
  return {
    port,
    host: get('HOST'),
    dataDir: path.resolve(dataDir),
    development: get('NODE_ENV') === 'development',
    sessionSecret: secret || undefined,
    trustProxy,
    firstAdmin: adminUser ? { username: adminUser, password: adminPassword } : null,
    uploadLimitBytes: Math.round(uploadMb * 1024 * 1024),
  };
}
