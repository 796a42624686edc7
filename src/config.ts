import path from 'node:path';

/** Every setting the server reads from the environment, with its default. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Show error details in pages (never in production). */
  development: boolean;
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
} as const;

/** Reads and checks the configuration; throws a ConfigError naming the wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: keyof typeof ENV_VARS): string => env[name] ?? ENV_VARS[name].default;
  const portText = get('PORT');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError('PORT', `"${portText}" is not a port number (1-65535)`);
  const dataDir = get('DATA_DIR');
  if (!dataDir.trim()) throw new ConfigError('DATA_DIR', 'must not be empty');
  return {
    port,
    host: get('HOST'),
    dataDir: path.resolve(dataDir),
    development: get('NODE_ENV') === 'development',
  };
}
