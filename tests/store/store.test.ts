import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptDataFileError } from '../../src/store/durable-file.js';
import { DataDirLockedError } from '../../src/store/lock.js';
import { Store } from '../../src/store/store.js';
import { draft, ensureUser, fixedClock, openStore, tempDataDir } from '../helpers.js';

const ALL = { page: 1, pageSize: 500 };

async function segmentFiles(dataDir: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, 'log'))).filter((n) => /^\d{6}\.json$/.test(n)).sort();
}

describe('store', () => {
  it('keeps every entry, item and audit record across a restart', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    const first = await store.addEntry(draft(), 'an');
    await store.addEntry({ item: { existingId: first.item.id }, entry: draft().entry }, 'an');
    await store.updateEntry(first.entry.id, { ...draft().entry, playCount: 5 }, 'binh');
    await store.close();

    const again = await openStore({ dataDir });
    expect(again.stats()).toMatchObject({ items: 1, entries: 2 });
    expect(again.entry(first.entry.id)?.playCount).toBe(5);
    expect(again.item(first.item.id)?.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
    expect(again.auditOf('entry', first.entry.id).map((r) => r.action)).toEqual(['entry.create', 'entry.update']);
    expect(again.auditOf('entry', first.entry.id)[1]).toMatchObject({ user: 'binh', before: { playCount: 2 }, after: { playCount: 5 } });
    const next = await again.addEntry(draft({ title: 'Tin thứ hai' }), 'an');
    expect(next.entry.id).toBe(3);
    expect(next.item.id).toBe(2);
  });

  it('refuses a second store on the same data directory while the first is open', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    await expect(Store.open({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(DataDirLockedError);
    await store.close();
    const reopened = await Store.open({ dataDir, clock: fixedClock });
    await reopened.close();
  });

  it('stores 200 concurrent creations once each, with distinct ids', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, segmentMaxBytes: 8 * 1024 });
    await ensureUser(store, 'an', 'editor');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.addEntry(draft({ title: `Tin ${i}` }), 'an')));
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(200);
    await store.close();
    const again = await openStore({ dataDir });
    expect(again.listEntries({}, ALL).total).toBe(200);
    const titles = new Set(again.listEntries({}, ALL).rows.map((e) => again.item(e.itemId)!.title));
    expect(titles.size).toBe(200);
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

  it('hides a soft-deleted entry from lists and counts but keeps it on disk', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    const a = await store.addEntry(draft(), 'an');
    await store.addEntry({ item: { existingId: a.item.id }, entry: draft().entry }, 'an');
    await store.deleteEntry(a.entry.id, 'an');
    expect(store.listEntries({}, ALL).total).toBe(1);
    expect(store.entriesBetween('2026-11-01', '2026-11-30')).toHaveLength(1);
    expect(store.entriesOfItem(a.item.id)).toHaveLength(1);
    await store.close();
    const again = await openStore({ dataDir });
    expect(again.entry(a.entry.id)).toMatchObject({ deletedBy: 'an' });
    expect(again.listEntries({}, ALL).total).toBe(1);
  });

  it('hides the entries of a deleted item', async () => {
    const store = await openStore();
    const a = await store.addEntry(draft(), 'an');
    await store.addEntry(draft({ title: 'Tin khác' }), 'an');
    await store.deleteItem(a.item.id, 'an');
    expect(store.listEntries({}, ALL).rows.map((e) => e.itemId)).not.toContain(a.item.id);
    expect(store.entriesBetween('2026-01-01', '2026-12-31')).toHaveLength(1);
    expect(store.isLiveItem(a.item.id)).toBe(false);
  });

  it('counts an entry at 23:59 on 31/03 in March and one at 00:00 on 01/04 in April (Vietnam time)', async () => {
    const store = await openStore();
    await store.addEntry(draft({ entry: { at: '2026-03-31T23:59:00+07:00' } }), 'an');
    await store.addEntry(draft({ entry: { at: '2026-04-01T00:00:00+07:00' } }), 'an');
    expect(store.entriesBetween('2026-01-01', '2026-03-31').map((e) => e.at)).toEqual(['2026-03-31T23:59:00+07:00']);
    expect(store.entriesBetween('2026-04-01', '2026-06-30').map((e) => e.at)).toEqual(['2026-04-01T00:00:00+07:00']);
    expect(store.listEntries({ from: '2026-04-01' }, ALL).total).toBe(1);
    expect(store.listEntries({ to: '2026-03-31' }, ALL).total).toBe(1);
  });

  it('lists entries newest first, by time of airing', async () => {
    const store = await openStore();
    await store.addEntry(draft({ entry: { at: '2026-11-02T06:00:00+07:00' } }), 'an');
    await store.addEntry(draft({ entry: { at: '2026-11-05T06:00:00+07:00' } }), 'an');
    await store.addEntry(draft({ entry: { at: '2026-11-01T06:00:00+07:00' } }), 'an');
    expect(store.listEntries({}, ALL).rows.map((e) => e.at.slice(0, 10))).toEqual(['2026-11-05', '2026-11-02', '2026-11-01']);
    expect(store.listEntries({}, { page: 2, pageSize: 2 }).rows.map((e) => e.at.slice(0, 10))).toEqual(['2026-11-01']);
  });

  it('finds entries by text typed without diacritics', async () => {
    const store = await openStore();
    await store.addEntry(draft({ title: 'Đẩy mạnh cải cách hành chính' }), 'an');
    await store.addEntry(draft({ title: 'Dịch vụ công trực tuyến' }), 'an');
    expect(store.listEntries({ q: 'cai cach' }, ALL).total).toBe(1);
    expect(store.listEntries({ q: 'day manh' }, ALL).total).toBe(1);
    expect(store.listEntries({ q: 'DỊCH VỤ' }, ALL).total).toBe(1);
    expect(store.listItems('truc tuyen', ALL).rows.map((i) => i.title)).toEqual(['Dịch vụ công trực tuyến']);
  });

  it('remembers the channel a user last recorded on', async () => {
    const store = await openStore();
    await store.addEntry(draft(), 'an');
    await store.addEntry(draft({ entry: { channel: 'portal', playCount: 1, durationSeconds: null } }), 'an');
    await store.addEntry(draft({ entry: { channel: 'fanpage', playCount: 1 } }), 'binh');
    expect(store.lastChannelUsedBy('an')).toBe('portal');
    expect(store.lastChannelUsedBy('binh')).toBe('fanpage');
    expect(store.lastChannelUsedBy('chi')).toBeUndefined();
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
    expect(store.listEntries({}, ALL).total).toBe(1);
    expect(store.entry(kept.entry.id)?.note).toBe('');
    expect(store.listItems('', ALL).rows.map((i) => i.title)).toEqual(['Đã lưu']);
  });

  it('drops leftovers of an interrupted write and refuses to start over a corrupt file', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir });
    await ensureUser(store, 'an', 'editor');
    await store.addEntry(draft(), 'an');
    await store.close();
    await writeFile(path.join(dataDir, 'log', '.000001.json.abc.tmp'), '{"half');
    const again = await openStore({ dataDir });
    expect(again.stats().entries).toBe(1);
    expect((await readdir(path.join(dataDir, 'log'))).some((n) => n.endsWith('.tmp'))).toBe(false);
    await again.close();
    await writeFile(path.join(dataDir, 'log', '000001.json'), '{"items": [');
    await expect(Store.open({ dataDir, clock: fixedClock })).rejects.toBeInstanceOf(CorruptDataFileError);
  });
});
