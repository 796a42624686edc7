import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers.js';
import { kill, spawnServer, startServer } from './process.js';

describe('server process', () => {
  it('refuses to start a second server on a data directory already in use, saying why', async () => {
    const dataDir = await tempDataDir();
    const first = await startServer(dataDir);
    try {
      const second = await spawnServer(dataDir);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('already using the data directory');
      const res = await fetch(`${first.base}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      await kill(first, 'SIGTERM');
    }
  });

  it('refuses a second server in another network namespace (another container on a shared volume)', async () => {
    const dataDir = await tempDataDir();
    const first = await startServer(dataDir);
    try {
      // unshare -n: a new network namespace, where the first server's abstract socket is not visible.
      const second = await spawnServer(dataDir, {}, ['unshare', '--net']);
      expect(await second.exited, second.output()).toBe(1);
      expect(second.output()).toContain('already using the data directory');
    } finally {
      await kill(first, 'SIGTERM');
    }
  });

  it('refuses to start while another process holds the lock file of the data directory', async () => {
    const dataDir = await tempDataDir();
    const holder = spawn('flock', [path.join(dataDir, '.lock'), '--command', 'echo held; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const server = await spawnServer(dataDir);
      expect(await server.exited, server.output()).toBe(1);
      expect(server.output()).toContain('already using the data directory');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('refuses to start with a bad PORT and names the variable', async () => {
    const dataDir = await tempDataDir();
    const server = await spawnServer(dataDir, { PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
  });
});
