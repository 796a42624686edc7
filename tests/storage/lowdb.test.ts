import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptDataFileError, DataDirLockedError, openLowdbStorage } from '../../src/storage/lowdb/index.js';
import { segmentPieces } from '../../src/storage/lowdb/batch.js';
import { draft, ensureUser, fixedClock, openStore, tempDataDir } from '../helpers.js';
import { type EngineHarness, storageContract } from './contract.js';
import { recordContract } from './contract-record.js';
import { watchContract } from './contract-watch.js';

const harness: EngineHarness = {
  open: async () => {
    const store = await openStore();
    await ensureUser(store, 'an', 'editor');
    return store;
  },
  reopen: async (store) => {
    await store.close();
    return openStore({ dataDir: store.dataDir });
  },
};

storageContract('lowdb', harness);
recordContract('lowdb', harness);
watchContract('lowdb', harness);

const ALL = { page: 1, pageSize: 500 };

async function segmentFiles(dataDir: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, 'log'))).filter((n) => /^\d{6}\.json$/.test(n)).sort();
}

describe('lowdb engine: files on disk', () => {
  it('refuses a second store on the same data directory while the first is open', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    await expect(openLowdbStorage({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(DataDirLockedError);
    await store.close();
    const reopened = await openLowdbStorage({ dataDir, clock: fixedClock });
    await reopened.close();
  });

  it('starts a new segment when the newest passes the size limit, and leaves older ones untouched', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, segmentMaxBytes: 4 * 1024 });
    await ensureUser(store, 'an', 'editor');
    for (let i = 0; i < 30; i++) await store.addEntry(draft({ title: `Tin ${i}` }), 'an');
    const files = await segmentFiles(dataDir);
    expect(files.length).toBeGreaterThan(2);
    const oldest = await readFile(path.join(dataDir, 'log', files[0]!), 'utf8');
    await store.addEntry(draft({ title: 'Tin mới' }), 'an');
    expect(await readFile(path.join(dataDir, 'log', files[0]!), 'utf8')).toBe(oldest);
    const newest = JSON.parse(await readFile(path.join(dataDir, 'log', (await segmentFiles(dataDir)).at(-1)!), 'utf8'));
    expect(newest.items.map((i: { title: string }) => i.title)).toContain('Tin mới');
  });

  it('writes an edit of an old entry into that entry\'s own segment', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, segmentMaxBytes: 4 * 1024 });
    await ensureUser(store, 'an', 'editor');
    const first = await store.addEntry(draft({ title: 'Tin đầu' }), 'an');
    for (let i = 0; i < 30; i++) await store.addEntry(draft({ title: `Tin ${i}` }), 'an');
    const files = await segmentFiles(dataDir);
    const newestBefore = await readFile(path.join(dataDir, 'log', files.at(-1)!), 'utf8');
    await store.updateEntry(first.entry.id, { ...draft().entry, note: 'sửa lại' }, 'an');
    const oldest = JSON.parse(await readFile(path.join(dataDir, 'log', files[0]!), 'utf8'));
    expect(oldest.entries.find((e: { id: number }) => e.id === first.entry.id).note).toBe('sửa lại');
    expect(await readFile(path.join(dataDir, 'log', files.at(-1)!), 'utf8')).toBe(newestBefore);
  });

  it('reads entries written before "who recorded it" was kept: an import\'s rows name nobody, the others their account', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    const typed = await store.addEntry(draft({ title: 'Tin gõ tay' }), 'an');
    const imported = await store.addEntry(draft({ title: 'Tin nhập từ tệp' }), 'an');
    await store.close();
    // As an older version wrote them: no `recorderName`, and an import that made the second entry.
    const file = path.join(dataDir, 'log', (await segmentFiles(dataDir))[0]!);
    const segment = JSON.parse(await readFile(file, 'utf8'));
    for (const e of segment.entries) delete e.recorderName;
    await writeFile(file, JSON.stringify(segment));
    const record = { id: 1, fileName: 'so.xlsx', sha256: 'ab', counts: {}, mapping: { columns: {}, defaults: {} }, entryIds: [imported.entry.id], itemIds: [imported.item.id], createdAt: '2026-11-22T08:00:00+07:00', createdBy: 'an', undoneAt: null, undoneBy: null };
    await writeFile(path.join(dataDir, 'imports.json'), JSON.stringify({ format: 'cchc-imports/1', imports: [record], lastMapping: null, audit: [] }));
    const again = await openStore({ dataDir });
    expect((await again.entry(typed.entry.id))?.recorderName).toBeNull();
    expect((await again.entry(imported.entry.id))?.recorderName).toBe('');
    // Kept from the next write of the file on.
    await again.updateEntry(typed.entry.id, { ...draft().entry, note: 'sửa' }, 'an');
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.entries.map((e: { recorderName: unknown }) => e.recorderName)).toEqual([null, '']);
  });

  it('undoes a change in memory when its write fails, so memory never holds what the disk lacks', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    const kept = await store.addEntry(draft({ title: 'Đã lưu' }), 'an');
    const file = path.join(dataDir, 'log', (await segmentFiles(dataDir))[0]!);
    // Put a non-empty directory where the segment is, so the rename of the next write fails.
    await rm(file);
    await mkdir(path.join(file, 'blocker'), { recursive: true });
    await expect(store.addEntry(draft({ title: 'Không lưu được' }), 'an')).rejects.toThrow();
    await expect(store.updateEntry(kept.entry.id, { ...draft().entry, note: 'x' }, 'an')).rejects.toThrow();
    expect((await store.listEntries({}, ALL)).total).toBe(1);
    expect((await store.entry(kept.entry.id))?.note).toBe('');
    expect((await store.listItems('', ALL)).rows.map((i) => i.title)).toEqual(['Đã lưu']);
  });

  it('drops leftovers of an interrupted write and refuses to start over a corrupt file', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    await store.addEntry(draft(), 'an');
    await store.close();
    await writeFile(path.join(dataDir, 'log', '.000001.json.abc.tmp'), '{"half');
    const again = await openStore({ dataDir });
    expect((await again.stats()).entries).toBe(1);
    expect((await readdir(path.join(dataDir, 'log'))).some((n) => n.endsWith('.tmp'))).toBe(false);
    await again.close();
    await writeFile(path.join(dataDir, 'log', '000001.json'), '{"items": [');
    await expect(openLowdbStorage({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});

describe('lowdb engine: what a start tidies', () => {
  it('empties tmp/ (uploads a crash cut off were never acknowledged)', async () => {
    const store = await openStore();
    await store.close();
    await mkdir(path.join(store.dataDir, 'tmp', 'c0ffee'), { recursive: true });
    await writeFile(path.join(store.dataDir, 'tmp', 'c0ffee', 'half-uploaded'), 'x'.repeat(1000));
    await openStore({ dataDir: store.dataDir });
    await expect(stat(path.join(store.dataDir, 'tmp'))).rejects.toThrow();
  });

  it('makes private the evidence files an older version left readable', async () => {
    const store = await openStore();
    await store.close();
    const folder = path.join(store.dataDir, 'files', 'ab');
    const blob = path.join(folder, 'ab'.padEnd(64, '0'));
    await mkdir(folder, { recursive: true });
    await writeFile(blob, 'x');
    await chmod(blob, 0o644);
    await chmod(folder, 0o755);
    await chmod(path.join(store.dataDir, 'files'), 0o755);
    await openStore({ dataDir: store.dataDir });
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    expect(await mode(blob)).toBe(0o600);
    expect(await mode(folder)).toBe(0o700);
    expect(await mode(path.join(store.dataDir, 'files'))).toBe(0o700);
  });
});

describe('lowdb engine: communes', () => {
  it('keeps a further commune in its own folder; its accounts are the deployment\'s, their audit records its own', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    expect(await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' })).toBe('created');
    const anHai = store.inCommune('an-hai');
    await anHai.addEntry(draft(), 'an');
    await anHai.users.create({ username: 'lan', fullName: 'Cán bộ Lan', role: 'editor', passwordHash: 'x', commune: 'an-hai' }, 'an');
    await store.close();

    const json = async (...parts: string[]) => JSON.parse(await readFile(path.join(dataDir, ...parts), 'utf8'));
    expect((await json('communes.json')).communes).toEqual([{ code: 'an-hai', name: 'An Hải', kind: 'phường', createdAt: expect.any(String) }]);
    const users = await json('users.json');
    expect(users.users.map((u: { username: string }) => u.username)).toEqual(['an', 'lan']);
    // `an` belongs to no commune: its creation is in the deployment's own trail, not in the data directory's.
    expect(users.audit).toEqual([]);
    expect((await json('deployment-audit', 'log', '000001.json')).audit.map((r: { target: { id: string } }) => r.target.id)).toEqual(['an']);
    const segment = await json('communes', 'an-hai', 'log', '000001.json');
    expect(segment.audit.map((r: { action: string }) => r.action)).toEqual(['item.create', 'entry.create', 'user.create']);
    expect(await segmentFiles(dataDir)).toEqual([]);
    // A write a crash interrupted in the commune's folder was never acknowledged: its leftover goes.
    await writeFile(path.join(dataDir, 'communes', 'an-hai', 'log', '.000001.json.abc.tmp'), '{"half');
    const again = await openStore({ dataDir });
    expect((await again.inCommune('an-hai').stats()).entries).toBe(1);
    expect((await again.stats()).entries).toBe(0);
    expect(await readdir(path.join(dataDir, 'communes', 'an-hai', 'log'))).toEqual(['000001.json', 'manifest.json']);
  });

  it('refuses to start over a damaged list of communes', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    await store.close();
    await writeFile(path.join(dataDir, 'communes.json'), JSON.stringify({ format: 'cchc-communes/1', communes: [{ code: '../x', name: 'X', kind: 'xã', createdAt: 'x' }] }));
    await expect(openLowdbStorage({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});

describe('segment text written in pieces', () => {
  it('is the JSON of the segment, with or without more fields, and with more records than one piece', () => {
    const entry = (id: number) => ({ id, itemId: 1, channel: 'radio', at: '2026-11-20T06:30:00+07:00', playCount: 1, durationSeconds: null, url: '', views: null, interactions: null, note: 'Tin "có" ngoặc\n', createdAt: 'x', createdBy: 'a', updatedAt: 'x', updatedBy: 'a', deletedAt: null, deletedBy: null });
    const shapes = [
      { format: 'cchc-log-segment/1' as const, items: [], entries: [], audit: [] },
      { format: 'cchc-log-segment/1' as const, items: [], entries: Array.from({ length: 600 }, (_, i) => entry(i + 1)), audit: [] },
      { format: 'cchc-log-segment/1' as const, items: [], entries: [entry(1)], audit: [], files: [] },
    ];
    for (const data of shapes) {
      const text = [...segmentPieces(data as never)].join('');
      expect(text).toBe(JSON.stringify(data));
    }
  });
});
