/**
 * Process-level: the server refuses to start over a damaged or partial data directory, with one clear
 * message that names the file and says to restore it from a backup, and a non-zero exit; and it never
 * offers the set-up page (which makes the first visitor admin) over a directory that holds data.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { draft, ensureUser, openStore, tempDataDir } from '../helpers.js';
import { kill, killAllServers, spawnServer, startServer } from '../process.js';

// Each case starts the server once per damaged file: several process starts per test.
vi.setConfig({ testTimeout: 60_000 });

afterAll(killAllServers);

/** A data directory with an account, settings and a log of 40 entries over several segment files. */
async function populated(): Promise<string> {
  const dataDir = await tempDataDir();
  const store = await openStore({ dataDir, segmentMaxBytes: 4 * 1024 });
  await ensureUser(store, 'quantri', 'admin');
  await store.updateSettings({ ...(await store.settings()), communeName: 'An Hải', communeKind: 'phường' }, 'quantri');
  for (let i = 0; i < 40; i++) await store.addEntry(draft({ title: `Tin ${i}` }), 'quantri');
  await store.close();
  return dataDir;
}

async function segments(dataDir: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, 'log'))).filter((n) => /^\d{6}\.json$/.test(n)).sort();
}

/** Starts the server and expects it to refuse, naming `file`. */
async function expectRefusal(dataDir: string, file: string): Promise<string> {
  const server = await spawnServer(dataDir, { WEEKLY_SUMMARY_CRON: '' });
  const code = await server.exited;
  const output = server.output();
  expect(code, output).toBe(1);
  expect(output).toContain(file);
  expect(output).toContain('Restore it');
  expect(output).toContain('backup');
  // One message, not a stack trace.
  expect(output).not.toMatch(/TypeError|\n\s+at /);
  return output;
}

describe('a damaged data directory', () => {
  it('is refused when users.json is gone but the log is there, so nobody becomes admin through set-up', async () => {
    const dataDir = await populated();
    await rm(path.join(dataDir, 'users.json'));
    const output = await expectRefusal(dataDir, 'users.json');
    expect(output).toContain('is missing');
  });

  it('is refused when users.json, settings.json or watch.json holds null, {} or [] (or watch.json a damaged post)', async () => {
    for (const file of ['users.json', 'settings.json', 'watch.json']) {
      for (const content of ['null', '{}', '[]', ...(file === 'watch.json' ? ['{"format":"cchc-watch/1","places":[],"posts":[{"id":1}],"round":null,"audit":[]}'] : [])]) {
        const dataDir = await populated();
        await writeFile(path.join(dataDir, file), content);
        await expectRefusal(dataDir, file);
      }
    }
  });

  it('is refused when a log segment is missing, in the middle or at the end', async () => {
    const middle = await populated();
    const files = await segments(middle);
    expect(files.length).toBeGreaterThan(3);
    await rm(path.join(middle, 'log', files[1]!));
    await expectRefusal(middle, files[1]!);

    const end = await populated();
    const last = (await segments(end)).at(-1)!;
    await rm(path.join(end, 'log', last));
    await expectRefusal(end, last);
  });

  it('is refused when a log segment holds null or the wrong shape', async () => {
    for (const content of ['null', '{}', '[]', '{"format":"cchc-log-segment/1","items":[{"id":"x"}],"entries":[],"audit":[]}']) {
      const dataDir = await populated();
      const first = (await segments(dataDir))[0]!;
      await writeFile(path.join(dataDir, 'log', first), content);
      await expectRefusal(dataDir, first);
    }
  });

  it("is refused when communes.json is gone while communes' folders hold their logs, so those communes do not vanish", async () => {
    const dataDir = await populated();
    const store = await openStore({ dataDir });
    await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
    await store.inCommune('an-hai').addEntry(draft({ title: 'Tin An Hải' }), 'quantri');
    await store.close();
    await rm(path.join(dataDir, 'communes.json'));
    const output = await expectRefusal(dataDir, 'communes.json');
    expect(output).toContain('is missing');
    expect(output).toContain('an-hai');
  });

  it('is refused when the manifest lists fewer files than there are, by more than a crash leaves', async () => {
    const dataDir = await populated();
    await writeFile(path.join(dataDir, 'log', 'manifest.json'), JSON.stringify({ format: 'cchc-log-manifest/1', segments: 1 }));
    await expectRefusal(dataDir, 'manifest.json');
  });
});

describe('a sound data directory', () => {
  it('starts empty and offers the set-up page', async () => {
    const dataDir = await tempDataDir();
    const server = await startServer(dataDir, { WEEKLY_SUMMARY_CRON: '' });
    try {
      const res = await fetch(`${server.base}/setup`);
      expect(res.status).toBe(200);
    } finally {
      await kill(server, 'SIGTERM');
    }
  });

  it("starts when a commune's folder was made but a crash came before communes.json listed it", async () => {
    const dataDir = await populated();
    await mkdir(path.join(dataDir, 'communes', 'an-hai', 'log'), { recursive: true });
    const server = await startServer(dataDir, { WEEKLY_SUMMARY_CRON: '' });
    await kill(server, 'SIGTERM');
  });

  it('starts when written before the log had a manifest, and records one', async () => {
    const dataDir = await populated();
    const count = (await segments(dataDir)).length;
    await rm(path.join(dataDir, 'log', 'manifest.json'));
    const server = await startServer(dataDir, { WEEKLY_SUMMARY_CRON: '' });
    try {
      expect(server.output()).toContain('40 entries');
      expect((await fetch(`${server.base}/setup`)).status).toBe(404);
    } finally {
      await kill(server, 'SIGTERM');
    }
    expect(JSON.parse(await readFile(path.join(dataDir, 'log', 'manifest.json'), 'utf8'))).toEqual({ format: 'cchc-log-manifest/1', segments: count });
  });
});
