/** The embedded engine's files of the deployment's own trail: a folder of its own, in files of bounded size. */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptDataFileError, openLowdbStorage } from '../../src/storage/lowdb/index.js';
import { ensureUser, fixedClock, openStore, tempDataDir } from '../helpers.js';

const AT = '2026-11-22T10:00:00+07:00';

async function segments(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^\d{6}\.json$/.test(n)).sort();
}

describe("lowdb engine: the deployment's own trail on disk", () => {
  it('writes it in its own folder, never in a commune\'s files, starting a new file past the size limit and leaving older ones untouched', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, segmentMaxBytes: 2 * 1024 });
    await ensureUser(store, 'an', 'editor');
    const failed = (i: number) => store.storage.deploymentAudit.append({ at: AT, user: `khong-co-${i}`, action: 'auth.login-failed', target: { type: 'user', id: `khong-co-${i}` }, after: { ip: '203.0.113.9' } });
    for (let i = 0; i < 40; i++) await failed(i);
    const dir = path.join(dataDir, 'deployment-audit', 'log');
    const files = await segments(dir);
    expect(files.length).toBeGreaterThan(2);
    const oldest = await readFile(path.join(dir, files[0]!), 'utf8');
    await failed(40);
    expect(await readFile(path.join(dir, files[0]!), 'utf8')).toBe(oldest);
    expect(JSON.parse(await readFile(path.join(dir, (await segments(dir)).at(-1)!), 'utf8')).audit.at(-1).user).toBe('khong-co-40');
    const own = await Promise.all((await segments(path.join(dataDir, 'log'))).map((f) => readFile(path.join(dataDir, 'log', f), 'utf8')));
    expect(own.join('')).not.toContain('khong-co');
    expect(await readFile(path.join(dataDir, 'users.json'), 'utf8')).not.toContain('khong-co');
    await store.close();
    const again = await openLowdbStorage({ dataDir, clock: fixedClock });
    expect((await again.deploymentAudit.queryAudit({ action: 'auth' }, { page: 1, pageSize: 100 })).total).toBe(41);
    await again.close();
  });

  it('refuses to start when a file of the trail is missing', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, segmentMaxBytes: 1024 });
    for (let i = 0; i < 20; i++) await store.storage.deploymentAudit.append({ at: AT, user: 'quantri', action: 'auth.login', target: { type: 'user', id: 'quantri' } });
    await store.close();
    const dir = path.join(dataDir, 'deployment-audit', 'log');
    await rm(path.join(dir, (await segments(dir)).at(-1)!));
    await expect(openLowdbStorage({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});
