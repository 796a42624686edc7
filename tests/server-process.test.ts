import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function startServer(dataDir: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server process', () => {
  it('refuses to start a second server on a data directory already in use, saying why', async () => {
    const dataDir = await tempDataDir();
    const first = startServer(dataDir, await freePort());
    try {
      await waitFor(() => first.output().includes('listening'), 15_000);
      const second = startServer(dataDir, await freePort());
      const code = await second.exited;
      expect(code).toBe(1);
      expect(second.output()).toContain('already using the data directory');
      const res = await fetch(`http://127.0.0.1:${first.output().match(/:(\d+) /)![1]}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('refuses to start with a bad PORT and names the variable', async () => {
    const dataDir = await tempDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, DATA_DIR: dataDir, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(text).toContain('PORT');
  });
});
