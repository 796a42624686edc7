/**
 * A throwaway PostgreSQL server for the tests and the benchmark: Debian's binaries, a cluster in a
 * temporary directory, reachable only on a Unix socket there (nothing listens on the network). As
 * root, the cluster belongs to the `postgres` account (initdb refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  /** The socket directory and port, as a connection string for a database of this server. */
  url(database: string): string;
  stop(): void;
}

/** The newest PostgreSQL binaries installed (Debian keeps them in /usr/lib/postgresql/N/bin). */
export function postgresBin(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

const asRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as `postgres` when we are root. */
function run(bin: string, program: string, args: string[]): void {
  const file = path.join(bin, program);
  const res = asRoot() ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' }) : spawnSync(file, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${program} failed (${res.status}): ${res.stderr || res.stdout}`);
}

/** Starts a new cluster; `port` only names the socket file; `settings` are passed to the server (`-c name=value`). */
export function startCluster(port = 5432 + Math.floor(Math.random() * 20_000), settings: Record<string, string> = {}): Cluster {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set PG_BIN to its bin directory)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cchc-pg-'));
  chmodSync(dir, 0o755);
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`).join('');
  const options = `-p ${port} -k ${dir} -c listen_addresses='' -c max_connections=300 -c shared_buffers=64MB${extra}`;
  run(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: (database) => `postgresql://postgres@/${database}?host=${encodeURIComponent(dir)}&port=${port}`,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
