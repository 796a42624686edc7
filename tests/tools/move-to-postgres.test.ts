/**
 * Moving a ward's embedded data directory into a commune of the city's PostgreSQL database: every
 * record (deleted ones, the audit trail, files and their bytes, accounts, plan, schedule, summaries,
 * imports) reads the same through the storage port afterwards, under the same ids.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import { defaultTasks } from '../../src/domain/year-plan.js';
import { storeDraft } from '../../src/services/entries.js';
import { attachFile } from '../../src/services/files.js';
import { addCommune } from '../../src/services/city.js';
import { analyseImport, commitImport } from '../../src/services/imports.js';
import { setTaskNote } from '../../src/services/year-plan.js';
import { scopeOf } from '../../src/services/scope.js';
import { makeSummaryOnDemand, runWeeklySummary } from '../../src/services/summaries.js';
import { MoveRefusedError } from '../../src/storage/dump.js';
import type { Storage } from '../../src/storage/port.js';
import { openPostgresStorage, type PostgresStorage } from '../../src/storage/postgres/index.js';
import { moveToPostgres, type MoveOptions } from '../../src/tools/move-to-postgres.js';
import { draft, ensureUser, fixedClock, NOW, openStore, tempDataDir } from '../helpers.js';
import { rowsCountedOtherwise } from '../pg/counted.js';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';
import type { TestStore } from '../test-store.js';

const ALL = { page: 1, pageSize: 10_000 };
/** A month, a quarter, a year, a week, and March (when the import's rows aired). */
const PERIODS: [string, string][] = [
  ['2026-11-01', '2026-11-30'],
  ['2026-10-01', '2026-12-31'],
  ['2026-01-01', '2026-12-31'],
  ['2026-11-16', '2026-11-22'],
  ['2026-03-01', '2026-03-31'],
];
const Q1 = { year: 2026, from: '2026-01-01', to: '2026-03-31' };
const PDF = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh database (with its empty first commune `main`) and a files folder. */
async function cityDatabase(): Promise<{ url: string; filesDir: string }> {
  const db = await newTestDatabase();
  cleanups.push(() => dropTestDatabase(db.name));
  return { url: db.url, filesDir: path.join(await tempDataDir(), 'files') };
}

async function openCity(city: { url: string; filesDir: string }): Promise<PostgresStorage> {
  const storage = await openPostgresStorage({ url: city.url, filesDir: city.filesDir, clock: fixedClock, poolSize: 4 });
  cleanups.push(() => storage.close());
  return storage;
}

const move = (city: { url: string; filesDir: string }, dataDir: string, options: Partial<MoveOptions> & { code: string }) =>
  moveToPostgres({ dataDir, databaseUrl: city.url, filesDir: city.filesDir, ...options });

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

/** A ward with a year of work: edits, deletions, re-airs, a file, accounts, settings, plan, schedule, summaries, an import. */
async function busyWard(): Promise<TestStore> {
  const store = await openStore({ engine: 'lowdb' });
  await ensureUser(store, 'an', 'editor');
  await ensureUser(store, 'binh', 'admin');
  await store.updateSettings({ ...(await store.settings()), communeName: 'An Hải', communeKind: 'phường', deadlineDay: 10, targets: { 2026: { radio: 120 } } }, 'binh');
  const first = await store.addEntry(draft({ entry: { at: '2026-11-02T06:30:00+07:00' } }), 'an');
  await store.addEntry({ item: { existingId: first.item.id }, entry: draft({ entry: { at: '2026-11-09T06:30:00+07:00', playCount: 3 } }).entry }, 'an');
  const reair = await store.addEntry({ item: { existingId: first.item.id }, entry: draft({ entry: { at: '2026-11-16T17:00:00+07:00' } }).entry }, 'binh');
  const online = await store.addEntry(draft({ title: 'Thanh toán không dùng tiền mặt', entry: { channel: 'fanpage', at: '2026-11-18T09:00:00+07:00', durationSeconds: null, url: 'https://facebook.com/p/1', views: 250, interactions: 12, note: 'Đăng lại' } }), 'an');
  const gone = await store.addEntry(draft({ title: 'Tin bị xóa', entry: { at: '2026-10-05T06:30:00+07:00' } }), 'an');
  await store.addEntry({ item: { existingId: gone.item.id }, entry: draft({ entry: { at: '2026-10-12T06:30:00+07:00' } }).entry }, 'an');
  await store.updateEntry(first.entry.id, { ...draft().entry, at: '2026-11-02T06:30:00+07:00', playCount: 5, note: 'Sửa số lượt' }, 'binh');
  await store.deleteEntry(reair.entry.id, 'binh');
  await store.deleteItem(gone.item.id, 'binh');
  const upload = path.join(await tempDataDir(), 'minh-chung.pdf');
  await writeFile(upload, PDF, 'latin1');
  await attachFile(store, { type: 'entry', id: online.entry.id }, { path: upload, originalName: 'Minh chứng.pdf', size: PDF.length }, 'Ảnh chụp bài đăng', 'an');
  await attachFile(store, { type: 'item', id: first.item.id }, { path: upload, originalName: 'Kịch bản.pdf', size: PDF.length }, '', 'an');
  const token = await store.users.addToken('an', 'máy quét', 'hash-an-1', 'an');
  await store.users.addToken('an', 'điện thoại', 'hash-an-2', 'an');
  await store.commune.transaction((tx) => tx.replaceToken({ ...token, revokedAt: '2026-11-21T08:00:00+07:00' }));
  await store.commune.transaction((tx) => tx.putPlanTasks(2026, defaultTasks().slice(0, 3)));
  const note = await setTaskNote(store, Q1, 't1', 'Phát đủ các buổi theo kế hoạch.', 'binh');
  expect(note.ok).toBe(true);
  await store.commune.transaction(async (tx) => {
    const base = { channel: 'radio', days: [1, 3, 5], durationMinutes: 30, plans: [{ itemId: first.item.id, from: null, to: '2026-12-31', playCount: 2 }], createdAt: '2026-11-20T10:00:00+07:00', createdBy: 'binh', updatedAt: '2026-11-20T10:00:00+07:00', updatedBy: 'binh', deletedAt: null, deletedBy: null };
    await tx.createSlot({ ...base, name: 'Sáng', start: '06:30' });
    const evening = await tx.createSlot({ ...base, name: 'Chiều', start: '17:00' });
    await tx.replaceSlot({ ...evening, deletedAt: '2026-11-21T10:00:00+07:00', deletedBy: 'binh' });
  });
  const header = ['Ngày', 'Giờ', 'Kênh', 'Tiêu đề', 'Hình thức', 'Nội dung tuyên truyền', 'Đơn vị', 'Số lượt phát', 'Người ghi'];
  const rows: SheetCell[][] = [header, ['02/03/2026', '6:00', 'Truyền thanh', 'Tin nhập A', 'Tin', 'm', 'tt-dvsnc', 1, 'Nguyễn Thị Lan'], ['03/03/2026', '6:00', 'Truyền thanh', 'Tin nhập A', 'Tin', 'm', 'tt-dvsnc', 2, ''], ['04/03/2026', '6:00', 'Truyền thanh', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Tin', 'm', 'tt-dvsnc', 1, 'Trần Văn Bình']];
  const analysis = await analyseImport(store, { description: 'so-lieu.csv', rows: (async function* () { yield rows; })() }, { maxRows: 100 });
  if (!analysis.ok || analysis.value.problems.length) throw new Error('the import was refused');
  expect((await commitImport(store, analysis.value, { name: 'so-lieu.csv', sha256: 'a'.repeat(64) }, 'binh')).ok).toBe(true);
  expect(await runWeeklySummary(store, NOW)).toHaveLength(1);
  await makeSummaryOnDemand(store, '2026-11-16', 'binh', false);
  await makeSummaryOnDemand(store, '2026-11-09', 'binh', false);
  await store.recordEvent('an', 'auth.login', { type: 'user', id: 'an' });
  return store;
}

/**
 * Everything a commune and the deployment show through the storage port. `withOwnTrail`: the deployment's
 * own trail read as part of the commune's, as it moves with a ward's own commune (its accounts' events).
 */
async function snapshot(storage: Storage, code?: string, withOwnTrail = false) {
  const c = storage.commune(code);
  const own = withOwnTrail ? await storage.deploymentAudit.queryAudit({}, ALL) : { total: 0, rows: [] };
  const commune = await c.counts();
  const counts = { ...commune, audit: commune.audit + own.total };
  const audit = await c.queryAudit({}, ALL);
  const upTo = (n: number): number[] => Array.from({ length: n + 3 }, (_, i) => i + 1);
  const files = [];
  for (const id of upTo(5)) {
    const file = await c.file(id);
    files.push({ file, bytes: file ? await text(await storage.blobs.open(file.sha256)) : null });
  }
  const users = await storage.users.list();
  const summaries = await c.listSummaries();
  const imports = await c.imports();
  const years = await c.planYears();
  return {
    counts,
    reports: await Promise.all(PERIODS.map(async ([from, to]) => ({ from, to, counts: await c.countEntries(from, to), first: await c.countFirstAirings(from, to) }))),
    entries: await Promise.all(upTo(counts.entries).map((id) => c.entry(id))),
    items: await Promise.all(upTo(counts.items).map((id) => c.item(id))),
    live: await c.listEntries({}, ALL),
    deletedEntries: await c.deletedEntries(),
    deletedItems: await c.deletedItems(),
    codesInUse: await c.codesInUse(),
    audit: { total: audit.total + own.total, rows: [...audit.rows, ...own.rows].sort((a, b) => b.id - a.id) },
    auditOfUser: [...(await c.auditOf('user', 'an')), ...(withOwnTrail ? await storage.deploymentAudit.auditOf('user', 'an') : [])].sort((a, b) => a.id - b.id),
    files,
    attachments: await c.attachmentsBetween('2026-01-01', '2026-12-31'),
    users,
    tokens: await Promise.all(users.map((u) => storage.users.tokensOf(u.username))),
    tokensByHash: await Promise.all(['hash-an-1', 'hash-an-2'].map((h) => storage.users.tokenByHash(h))),
    settings: await c.settings(),
    plan: await Promise.all(years.map(async (y) => ({ y, tasks: await c.planTasks(y) }))),
    notes: await c.taskNotes(Q1.year, Q1.from, Q1.to),
    slots: await c.slots(),
    slotById: await Promise.all(upTo(2).map((id) => c.slot(id))),
    summaries,
    summaryById: await Promise.all(summaries.map((s) => c.summary(s.id))),
    lastSummarizedWeek: await c.lastSummarizedWeek(),
    imports,
    importRecords: await Promise.all(imports.map((r) => c.importRecord(r.id))),
    lastImportMapping: await c.lastImportMapping(),
  };
}

/** A small ward: its own item 1 and entry 1, recorded by its account (`an` unless named). */
async function smallWard(title: string, username = 'an'): Promise<TestStore> {
  const store = await openStore({ engine: 'lowdb' });
  await ensureUser(store, username, 'editor');
  await store.updateSettings({ ...(await store.settings()), communeName: 'Hòa Khánh', communeKind: 'xã' }, username);
  await store.addEntry(draft({ title, entry: { at: '2026-11-03T06:30:00+07:00', playCount: 4 } }), username);
  await store.addEntry(draft({ title: `${title} (2)`, entry: { at: '2026-11-04T06:30:00+07:00' } }), username);
  return store;
}

/** A snapshot without the accounts' commune (which the move sets), and the communes apart. */
function accountsApart<T extends { users: { username: string; commune?: string }[] }>(snap: T): { snap: T; communes: Record<string, string | null> } {
  const communes = Object.fromEntries(snap.users.map((u) => [u.username, u.commune ?? null]));
  return { snap: { ...snap, users: snap.users.map(({ commune: _c, ...u }) => u) }, communes };
}

describe('moving a ward to PostgreSQL', () => {
  it('copies every record, deleted ones, the audit trail and the files\' bytes included, so that every figure and record reads the same', async () => {
    const ward = await busyWard();
    const before = await snapshot(ward.storage, undefined, true);
    // The data set is what it should be: edits, deletions, files, a revoked token, a deleted slot, several summaries.
    expect(before.entries.filter(Boolean)).toHaveLength(before.counts.entries);
    expect(before.items.filter(Boolean)).toHaveLength(before.counts.items);
    expect(before.entries.filter((e) => e?.deletedAt).length).toBeGreaterThan(0);
    expect(before.items.filter((i) => i?.deletedAt)).toHaveLength(1);
    expect(before.files.filter((f) => f.bytes === PDF)).toHaveLength(2);
    expect(before.tokensByHash.map((t) => t?.name ?? null)).toEqual([null, 'điện thoại']);
    expect(before.slotById.filter((s) => s?.deletedAt)).toHaveLength(1);
    expect(before.summaries.length).toBeGreaterThan(2);
    expect(before.reports[2]!.counts).not.toEqual(before.reports[0]!.counts);
    expect([before.notes.length, before.plan.length, before.imports.length, before.importRecords[0]?.entryIds.length]).toEqual([1, 1, 1, 3]);
    expect([before.lastSummarizedWeek, before.lastImportMapping === null, before.settings.communeName]).toEqual(['2026-11-09', false, 'An Hải']);
    expect(before.auditOfUser.length).toBeGreaterThan(1);
    // Who recorded each imported row, as the file names them (blank when it names nobody); none for the app's own.
    expect(before.importRecords[0]!.entryIds.map((id) => before.entries[id - 1]?.recorderName)).toEqual(['Nguyễn Thị Lan', '', 'Trần Văn Bình']);
    expect(before.entries[0]?.recorderName).toBeNull();
    await ward.close();
    const city = await cityDatabase();

    const report = await move(city, ward.dataDir, { code: 'main' });

    expect(report).toMatchObject({ code: 'main', name: 'An Hải', kind: 'phường', created: false, items: before.counts.items, entries: before.counts.entries, audit: before.counts.audit, files: 2, blobs: { copied: 1, missing: [], damaged: [] }, users: { added: 2, existing: 0 }, tokens: { added: 2, existing: 0 } });
    const pg = await openCity(city);
    const after = accountsApart(await snapshot(pg));
    expect(after.snap).toEqual(before);
    // Each moved entry's row holds what the domain counts for it (the reports only sum those columns).
    expect(await rowsCountedOtherwise(pg.pool)).toEqual([]);
    // Into a database with no account yet, the ward's admins stay the deployment's; everyone else belongs to the commune.
    expect(after.communes).toEqual(Object.fromEntries(before.users.map((u) => [u.username, u.role === 'admin' ? null : 'main'])));
    expect((await pg.pool.query(`SELECT code, name, kind FROM communes`)).rows).toEqual([{ code: 'main', name: 'An Hải', kind: 'phường' }]);
    // New records get new ids.
    const scope = scopeOf(pg, fixedClock);
    const added = await pg.commune().transaction((tx) => storeDraft(tx, scope, draft({ title: 'Tin mới' }), 'an'));
    expect(added!.entry.id).toBe(before.counts.entries + 1);
    expect(added!.item.id).toBe(before.counts.items + 1);
    expect(await pg.commune().entry(before.counts.entries)).toEqual(before.entries[before.counts.entries - 1]);
    const lastAudit = before.audit.rows[0]!.id;
    expect((await pg.commune().auditOf('entry', added!.entry.id))[0]!.id).toBeGreaterThan(lastAudit);
    expect((await pg.commune().queryAudit({}, ALL)).rows.filter((r) => r.id <= lastAudit)).toEqual(before.audit.rows);
  });

  it('keeps two wards apart in one database, each with its own ids, and new ids collide with neither', async () => {
    const a = await smallWard('Tin phường A');
    const b = await smallWard('Tin xã B', 'binh');
    const [beforeA, beforeB] = [await snapshot(a.storage, undefined, true), await snapshot(b.storage, undefined, true)];
    expect(beforeA.items[0]?.id).toBe(1);
    expect(beforeB.items[0]?.id).toBe(1);
    await a.close();
    await b.close();
    const city = await cityDatabase();

    await move(city, a.dataDir, { code: 'an-hai', name: 'An Hải', kind: 'phường' });
    const second = await move(city, b.dataDir, { code: 'hoa-khanh' });

    expect(second).toMatchObject({ created: true, name: 'Hòa Khánh', kind: 'xã', users: { added: 1, existing: 0 } });
    const pg = await openCity(city);
    expect((await pg.communes()).map((c) => c.code)).toEqual(['main', 'an-hai', 'hoa-khanh']);
    // Accounts are the deployment's: each snapshot lists both; each account belongs to its ward's commune.
    const [afterA, afterB] = [accountsApart(await snapshot(pg, 'an-hai')), accountsApart(await snapshot(pg, 'hoa-khanh'))];
    expect({ ...afterA.snap, users: [], tokens: [] }).toEqual({ ...beforeA, users: [], tokens: [] });
    expect({ ...afterB.snap, users: [], tokens: [] }).toEqual({ ...beforeB, users: [], tokens: [] });
    expect(afterA.communes).toEqual({ an: 'an-hai', binh: 'hoa-khanh' });
    expect((await pg.commune('an-hai').item(1))?.title).toBe('Tin phường A');
    expect((await pg.commune('hoa-khanh').item(1))?.title).toBe('Tin xã B');
    expect(await pg.commune('main').counts()).toEqual({ items: 0, entries: 0, audit: 0 });
    const made = await pg.commune('an-hai').transaction((tx) => storeDraft(tx, scopeOf(pg, fixedClock, 'an-hai'), draft({ title: 'Tin mới' }), 'an'));
    expect(made!.entry.id).toBe(3);
    expect(made!.item.id).toBe(3);
    expect((await pg.commune('hoa-khanh').entry(3))).toBeNull();
  });

  it('moves the places watched and the posts found there, so that the inbox reads the same and nothing is proposed again', async () => {
    const ward = await smallWard('Tin A');
    const at = '2026-11-22T08:00:00+07:00';
    const place = { url: 'https://hoakhanh.haiphong.gov.vn/cai-cach-hanh-chinh', kind: 'page' as const, categoryId: null, channel: 'portal', format: 'news', topics: ['m'], unit: 'tt-dvsnc', autoLog: false, createdAt: at, createdBy: 'an', deletedAt: null, deletedBy: null, checkedAt: at, error: null };
    const post = (n: number, status: 'new' | 'dismissed') => ({ placeId: 1, url: `https://hoakhanh.haiphong.gov.vn/tin-${n}-81230${n}`, urlKey: `hoakhanh.haiphong.gov.vn/tin-${n}-81230${n}`, title: `Tin ${n}`, titleKey: `tin ${n}`, publishedAt: at, channel: 'portal', format: 'news', topics: ['m'], unit: 'tt-dvsnc', foundAt: at, status, decidedAt: null, decidedBy: null, entryId: null });
    await ward.commune.transaction(async (tx) => {
      await tx.createWatchPlace(place);
      await tx.createWatchPosts([post(1, 'new'), post(2, 'dismissed')]);
      await tx.setWatchRound('2026-11-22T08:15:00+07:00');
    });
    const [places, inbox, known] = [await ward.commune.watchPlaces(), await ward.commune.inboxPosts(), await ward.commune.postsMatching(['hoakhanh.haiphong.gov.vn/tin-2-812302'], [])];
    await ward.close();
    const city = await cityDatabase();

    expect(await move(city, ward.dataDir, { code: 'hoa-khanh' })).toMatchObject({ watchPlaces: 1, watchPosts: 2 });

    const pg = (await openCity(city)).commune('hoa-khanh');
    expect([await pg.watchPlaces(), await pg.inboxPosts(), await pg.postsMatching(['hoakhanh.haiphong.gov.vn/tin-2-812302'], [])]).toEqual([places, inbox, known]);
    expect(await pg.transaction((tx) => tx.watchRound())).toBe('2026-11-22T08:15:00+07:00');
    expect((await pg.transaction((tx) => tx.createWatchPlace({ ...place, url: 'https://hoakhanh.haiphong.gov.vn/rss' }))).id).toBe(2);
  });

  it('moves the communes of a data directory that serves several, one at a time, each with its own accounts', async () => {
    const ward = await smallWard('Tin phường A');
    await addCommune(ward.storage, fixedClock, { code: 'lac', name: 'Lạc Phượng', kind: 'xã' }, 'an');
    const lac = ward.inCommune('lac');
    await lac.users.create({ username: 'lan', fullName: 'Cán bộ Lan', role: 'editor', passwordHash: 'x', commune: 'lac' }, 'an');
    await lac.addEntry(draft({ title: 'Tin Lạc Phượng', entry: { at: '2026-11-05T06:30:00+07:00' } }), 'lan');
    const [beforeMain, beforeLac] = [await snapshot(ward.storage, undefined, true), await snapshot(ward.storage, 'lac')];
    await ward.close();
    const city = await cityDatabase();

    await move(city, ward.dataDir, { code: 'an-hai' });
    const second = await move(city, ward.dataDir, { code: 'lac-phuong', from: 'lac' });
    await expect(move(city, ward.dataDir, { code: 'khac', from: 'nowhere' })).rejects.toThrow(/holds no commune "nowhere" \(it holds: main, lac\)/);

    expect(second).toMatchObject({ name: 'Lạc Phượng', kind: 'xã', items: 1, entries: 1, users: { added: 1, existing: 0 } });
    const pg = await openCity(city);
    expect((await pg.commune('lac-phuong').listEntries({}, ALL)).rows.map((e) => e.item.title)).toEqual(['Tin Lạc Phượng']);
    expect((await pg.commune('an-hai').listEntries({}, ALL)).rows.map((e) => e.item.title)).toEqual(['Tin phường A (2)', 'Tin phường A']);
    expect((await pg.users.list()).map((u) => [u.username, u.commune])).toEqual([['an', 'an-hai'], ['lan', 'lac-phuong']]);
    const without = (snap: Awaited<ReturnType<typeof snapshot>>) => ({ ...accountsApart(snap).snap, users: [], tokens: [] });
    expect(without(await snapshot(pg, 'an-hai'))).toEqual(without(beforeMain));
    expect(without(await snapshot(pg, 'lac-phuong'))).toEqual(without(beforeLac));
  });

  it('refuses a commune that already holds records, and writes nothing', async () => {
    const a = await smallWard('Tin A');
    const b = await smallWard('Tin B');
    await a.close();
    await b.close();
    const city = await cityDatabase();
    await move(city, a.dataDir, { code: 'an-hai' });

    await expect(move(city, b.dataDir, { code: 'an-hai' })).rejects.toThrow(/"an-hai" already holds data \(2 items row\(s\), 2 entries row\(s\), \d+ audit row\(s\).*never into one with records/);

    const pg = await openCity(city);
    expect((await pg.commune('an-hai').item(1))?.title).toBe('Tin A');
    expect(await pg.commune('an-hai').counts()).toMatchObject({ items: 2, entries: 2 });
  });

  it.each(['An-Hai', 'an_hai', 'an hai', '-an-hai', 'an--hai', '', 'phường-1'])('refuses the commune code %j', async (code) => {
    const a = await smallWard('Tin A');
    await a.close();
    const city = await cityDatabase();
    await expect(move(city, a.dataDir, { code })).rejects.toThrow(/is not a commune code: use lowercase letters a-z, digits and single hyphens/);
    await expect(move(city, a.dataDir, { code: 'an-hai', kind: 'tỉnh' })).rejects.toThrow(/"tỉnh" is not a kind of commune/);
  });

  it('refuses an account the database holds with other details, naming it, and moves nothing', async () => {
    const a = await smallWard('Tin A');
    const b = await smallWard('Tin B', 'binh');
    await ensureUser(a, 'binh', 'admin');
    await a.close();
    await b.close();
    const city = await cityDatabase();
    await move(city, a.dataDir, { code: 'an-hai' });

    const refused = await move(city, b.dataDir, { code: 'hoa-khanh' }).catch((err: unknown) => err);

    expect(refused).toBeInstanceOf(MoveRefusedError);
    expect((refused as Error).message).toMatch(/already has account "binh" with different details/);
    const pg = await openCity(city);
    expect((await pg.communes()).map((c) => c.code)).toEqual(['main', 'an-hai']);
    expect((await pg.users.get('binh'))?.role).toBe('admin');
  });

  it('refuses a data directory its server is using, and a folder that is not a data directory', async () => {
    const running = await smallWard('Tin A');
    const city = await cityDatabase();
    await expect(move(city, running.dataDir, { code: 'an-hai' })).rejects.toThrow(/already using the data directory/);
    await expect(move(city, await tempDataDir(), { code: 'an-hai' })).rejects.toThrow(/is not a CCHC log data directory/);
  });

  it('runs as `npm run move-to-postgres` and prints what it moved', async () => {
    const a = await smallWard('Tin A');
    await a.close();
    const city = await cityDatabase();
    const run = (args: string[]) =>
      promisify(execFile)('npm', ['run', '--silent', 'move-to-postgres', '--', ...args], { env: { ...process.env, DATABASE_URL: city.url, FILES_DIR: city.filesDir }, cwd: fileURLToPath(new URL('../..', import.meta.url)) });

    const { stdout } = await run(['--data-dir', a.dataDir, '--commune', 'an-hai', '--name', 'Phường An Hải']);

    expect(stdout).toContain(`Moved ${a.dataDir} into the commune "an-hai" (Phường An Hải, xã; new`);
    expect(stdout).toMatch(/entries: +2 \(0 deleted\)/);
    const again = await run(['--data-dir', a.dataDir, '--commune', 'an-hai']).catch((err: { code: number; stderr: string }) => err);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('Nothing was moved. The commune "an-hai" already holds data') });
  });
});
