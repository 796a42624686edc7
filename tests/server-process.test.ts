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

  it('refuses to start with a bad PORT and names the variable', async () => {
    const dataDir = await tempDataDir();
    const server = await spawnServer(dataDir, { PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
  });
});
