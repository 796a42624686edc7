/**
 * The storage contract: what every engine behind the storage port must do, written once against the
 * port (through the tests' TestStore, which calls the services and the port as the app does) and run
 * against each engine by its own test file.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Entry, entryStamps, type Item, type ItemFields, itemStamps } from '../../src/domain/model.js';
import { defaultTasks } from '../../src/domain/year-plan.js';
import type { NewBatch } from '../../src/storage/port.js';
import { audit } from '../../src/services/audit.js';
import { draft, ensureUser } from '../helpers.js';
import type { TestStore } from '../test-store.js';
import { deploymentAuditContract } from './contract-deployment-audit.js';

export interface EngineHarness {
  /** A fresh, empty storage with an account `an` (editor). */
  open(): Promise<TestStore>;
  /** The same data after closing the storage and opening it again (a restart). */
  reopen(store: TestStore): Promise<TestStore>;
}

const ALL = { page: 1, pageSize: 500 };

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

/** A batch of new items (by title) and entries `[item, at]`: the item `{ n }` is the n-th new one, a number an item of the log. */
function newBatch(titles: string[], entries: [{ n: number } | number, string][]): NewBatch {
  const now = '2026-11-22T08:00:00+07:00';
  const items: Item[] = titles.map((title) => ({ id: 0, title, summary: '', format: 'news', topics: ['m'], unit: 'tt-dvsnc', author: '', sourceUrl: null, ...itemStamps('an', now) }));
  return {
    items,
    entries: entries.map(([ref, at]): Entry => ({ id: 0, itemId: typeof ref === 'number' ? ref : 0, channel: 'radio', at, playCount: 1, durationSeconds: 120, url: null, views: null, interactions: null, note: '', ...entryStamps('an', now) })),
    newItemOf: entries.map(([ref]) => (typeof ref === 'number' ? -1 : ref.n)),
  };
}

export function storageContract(engine: string, h: EngineHarness): void {
  deploymentAuditContract(engine, h);
  describe(`storage contract: ${engine}`, () => {
    it('keeps every entry, item and audit record across a restart', async () => {
      const store = await h.open();
      const first = await store.addEntry(draft(), 'an');
      await store.addEntry({ item: { existingId: first.item.id }, entry: draft().entry }, 'an');
      await ensureUser(store, 'binh', 'editor');
      await store.updateEntry(first.entry.id, { ...draft().entry, playCount: 5 }, 'binh');
      const again = await h.reopen(store);
      expect(await again.stats()).toMatchObject({ items: 1, entries: 2 });
      expect((await again.entry(first.entry.id))?.playCount).toBe(5);
      expect((await again.item(first.item.id))?.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
      expect((await again.auditOf('entry', first.entry.id)).map((r) => r.action)).toEqual(['entry.create', 'entry.update']);
      expect((await again.auditOf('entry', first.entry.id))[1]).toMatchObject({ user: 'binh', before: { playCount: 2 }, after: { playCount: 5 } });
      const next = await again.addEntry(draft({ title: 'Tin thứ hai' }), 'an');
      expect(next.entry.id).toBeGreaterThan(first.entry.id + 1);
      expect(next.item.id).toBeGreaterThan(first.item.id);
    });

    it('stores 200 concurrent creations once each, with distinct ids', async () => {
      const store = await h.open();
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.addEntry(draft({ title: `Tin ${i}` }), 'an')));
      expect(new Set(results.map((r) => r.entry.id)).size).toBe(200);
      const again = await h.reopen(store);
      expect((await again.listEntries({}, ALL)).total).toBe(200);
      const titles = new Set(await Promise.all((await again.listEntries({}, ALL)).rows.map(async (e) => (await again.item(e.itemId))!.title)));
      expect(titles.size).toBe(200);
    });

    it('hides a soft-deleted entry from lists and counts but keeps it', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft(), 'an');
      await store.addEntry({ item: { existingId: a.item.id }, entry: draft().entry }, 'an');
      await store.deleteEntry(a.entry.id, 'an');
      expect((await store.listEntries({}, ALL)).total).toBe(1);
      expect(await store.entriesBetween('2026-11-01', '2026-11-30')).toHaveLength(1);
      expect(await store.entriesOfItem(a.item.id)).toHaveLength(1);
      expect((await store.commune.countEntries('2026-11-01', '2026-11-30')).totals.entries).toBe(1);
      const again = await h.reopen(store);
      expect(await again.entry(a.entry.id)).toMatchObject({ deletedBy: 'an' });
      expect((await again.listEntries({}, ALL)).total).toBe(1);
      expect((await again.commune.deletedEntries()).map((e) => [e.id, e.item.id])).toEqual([[a.entry.id, a.item.id]]);
    });

    it('hides the entries of a deleted item, and lists the item as deleted', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft(), 'an');
      await store.addEntry(draft({ title: 'Tin khác' }), 'an');
      await store.deleteItem(a.item.id, 'an');
      expect((await store.listEntries({}, ALL)).rows.map((e) => e.itemId)).not.toContain(a.item.id);
      expect(await store.entriesBetween('2026-01-01', '2026-12-31')).toHaveLength(1);
      expect(await store.isLiveItem(a.item.id)).toBe(false);
      expect((await store.commune.deletedItems()).map((i) => i.id)).toEqual([a.item.id]);
      expect((await store.commune.listItems('', ALL)).rows.map((i) => i.title)).toEqual(['Tin khác']);
    });

    it('counts an entry at 23:59 on 31/03 in March and one at 00:00 on 01/04 in April (Vietnam time)', async () => {
      const store = await h.open();
      await store.addEntry(draft({ entry: { at: '2026-03-31T23:59:00+07:00' } }), 'an');
      await store.addEntry(draft({ entry: { at: '2026-04-01T00:00:00+07:00' } }), 'an');
      expect((await store.entriesBetween('2026-01-01', '2026-03-31')).map((e) => e.at)).toEqual(['2026-03-31T23:59:00+07:00']);
      expect((await store.entriesBetween('2026-04-01', '2026-06-30')).map((e) => e.at)).toEqual(['2026-04-01T00:00:00+07:00']);
      expect((await store.listEntries({ from: '2026-04-01' }, ALL)).total).toBe(1);
      expect((await store.listEntries({ to: '2026-03-31' }, ALL)).total).toBe(1);
      expect((await store.commune.countEntries('2026-01-01', '2026-03-31')).byMonth).toEqual({ '2026-03': expect.objectContaining({ entries: 1 }) });
    });

    it('lists entries newest first, by time of airing, then by id', async () => {
      const store = await h.open();
      await store.addEntry(draft({ entry: { at: '2026-11-02T06:00:00+07:00' } }), 'an');
      await store.addEntry(draft({ entry: { at: '2026-11-05T06:00:00+07:00' } }), 'an');
      await store.addEntry(draft({ entry: { at: '2026-11-01T06:00:00+07:00' } }), 'an');
      const same = await store.addEntry(draft({ entry: { at: '2026-11-01T06:00:00+07:00' } }), 'an');
      expect((await store.listEntries({}, ALL)).rows.map((e) => e.at.slice(0, 10))).toEqual(['2026-11-05', '2026-11-02', '2026-11-01', '2026-11-01']);
      expect((await store.listEntries({}, ALL)).rows[2]!.id).toBe(same.entry.id);
      expect((await store.listEntries({}, { page: 2, pageSize: 3 })).rows.map((e) => e.at.slice(0, 10))).toEqual(['2026-11-01']);
      const streamed: number[] = [];
      for await (const batch of store.commune.streamEntries({ from: '2026-11-02' })) for (const e of batch) streamed.push(e.id);
      expect(streamed).toEqual((await store.listEntries({ from: '2026-11-02' }, ALL)).rows.map((e) => e.id));
    });

    it('finds entries and items by text typed without diacritics', async () => {
      const store = await h.open();
      await store.addEntry(draft({ title: 'Đẩy mạnh cải cách hành chính' }), 'an');
      await store.addEntry(draft({ title: 'Dịch vụ công trực tuyến' }), 'an');
      expect((await store.listEntries({ q: 'cai cach' }, ALL)).total).toBe(1);
      expect((await store.listEntries({ q: 'day manh' }, ALL)).total).toBe(1);
      expect((await store.listEntries({ q: 'DỊCH VỤ' }, ALL)).total).toBe(1);
      expect((await store.listItems('truc tuyen', ALL)).rows.map((i) => i.title)).toEqual(['Dịch vụ công trực tuyến']);
    });

    it('filters entries by channel, format, topic and unit', async () => {
      const store = await h.open();
      await store.addEntry(draft({ title: 'Radio m' }), 'an');
      const portal = await store.addEntry(draft({ title: 'Cổng k', entry: { channel: 'portal', playCount: 1, durationSeconds: null } }), 'an');
      await store.updateItem(portal.item.id, { ...(await store.item(portal.item.id))!, topics: ['k', 'a'], unit: 'vh-xh', format: 'article' }, 'an');
      const titles = async (filter: object) => (await store.commune.listEntries(filter, ALL)).rows.map((e) => e.item.title);
      expect(await titles({ channel: 'portal' })).toEqual(['Cổng k']);
      expect(await titles({ format: 'article' })).toEqual(['Cổng k']);
      expect(await titles({ topic: 'a' })).toEqual(['Cổng k']);
      expect(await titles({ unit: 'tt-dvsnc' })).toEqual(['Radio m']);
    });

    it('remembers the channel a user last recorded on', async () => {
      const store = await h.open();
      await ensureUser(store, 'binh', 'editor');
      await store.addEntry(draft(), 'an');
      await store.addEntry(draft({ entry: { channel: 'portal', playCount: 1, durationSeconds: null } }), 'an');
      await store.addEntry(draft({ entry: { channel: 'fanpage', playCount: 1 } }), 'binh');
      expect(await store.lastChannelUsedBy('an')).toBe('portal');
      expect(await store.lastChannelUsedBy('binh')).toBe('fanpage');
      expect(await store.lastChannelUsedBy('chi')).toBeUndefined();
    });

    it('stores nothing of a transaction that fails half-way', async () => {
      const store = await h.open();
      await store.addEntry(draft({ title: 'Đã lưu' }), 'an');
      const before = await store.stats();
      await expect(
        store.commune.transaction(async (tx) => {
          const item = await tx.createItem({ ...(draft().item as { fields: ItemFields }).fields, createdAt: '2026-11-22T10:00:00+07:00', createdBy: 'an', updatedAt: '2026-11-22T10:00:00+07:00', updatedBy: 'an', deletedAt: null, deletedBy: null });
          await audit(tx, store, 'an', 'item.create', { type: 'item', id: item.id });
          throw new Error('the second half fails');
        }),
      ).rejects.toThrow('the second half fails');
      expect(await store.stats()).toEqual(before);
      expect((await store.listItems('', ALL)).rows.map((i) => i.title)).toEqual(['Đã lưu']);
      const again = await h.reopen(store);
      expect(await again.stats()).toEqual(before);
    });

    it('counts a period: totals, distinct items, breakdowns, months, and first airings', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ title: 'A', entry: { at: '2026-02-03T06:30:00+07:00', playCount: 3, durationSeconds: 100 } }), 'an');
      await store.addEntry({ item: { existingId: a.item.id }, entry: { ...draft().entry, at: '2026-03-03T06:30:00+07:00', playCount: 1, durationSeconds: 100 } }, 'an');
      await store.addEntry(draft({ title: 'B', entry: { at: '2026-03-04T08:00:00+07:00', channel: 'portal', playCount: 1, durationSeconds: null, views: 40, interactions: 4 } }), 'an');
      await store.addEntry(draft({ title: 'Before', entry: { at: '2026-01-31T23:59:00+07:00' } }), 'an');
      const counts = await store.commune.countEntries('2026-02-01', '2026-03-31');
      expect(counts.totals).toEqual({ entries: 3, plays: 5, items: 2, airtimeSeconds: 400, views: 40, interactions: 4 });
      expect(counts.byChannel.radio).toEqual({ entries: 2, plays: 4, items: 1, airtimeSeconds: 400, views: 0, interactions: 0 });
      expect(counts.byTopic.m?.items).toBe(2);
      expect(counts.byMonth['2026-03']?.entries).toBe(2);
      expect(counts.monthChannel).toEqual({ '2026-02': { radio: 1 }, '2026-03': { radio: 1, portal: 1 } });
      expect(counts.channelUnit).toEqual({ radio: { 'tt-dvsnc': 2 }, portal: { 'tt-dvsnc': 1 } });
      expect(await store.commune.countFirstAirings('2026-03-01', '2026-03-31')).toBe(1);
      expect(await store.commune.countFirstAirings('2026-02-01', '2026-02-28')).toBe(1);
    });

    it('offers the items of the most recent entries, each once, and the codes items use', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ title: 'A', entry: { at: '2026-11-01T06:00:00+07:00' } }), 'an');
      await store.addEntry(draft({ title: 'B', entry: { at: '2026-11-02T06:00:00+07:00' } }), 'an');
      await store.addEntry({ item: { existingId: a.item.id }, entry: { ...draft().entry, at: '2026-11-03T06:00:00+07:00' } }, 'an');
      expect((await store.commune.recentItems(8)).map((i) => i.title)).toEqual(['A', 'B']);
      expect(await store.commune.codesInUse()).toEqual({ units: ['tt-dvsnc'], topics: ['m'] });
    });

    it('filters the audit trail by date, user, action family and record, newest first', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft(), 'an');
      await store.recordEvent('an', 'auth.login', { type: 'user', id: 'an' });
      const page = await store.queryAudit({ action: 'auth' }, ALL);
      expect(page.rows.map((r) => r.action)).toEqual(['auth.login']);
      expect((await store.queryAudit({ target: { type: 'entry', id: a.entry.id } }, ALL)).rows.map((r) => r.action)).toEqual(['entry.create']);
      expect((await store.queryAudit({ user: 'an' }, { page: 1, pageSize: 2 })).total).toBe(3);
      expect((await store.queryAudit({ from: '2026-11-23' }, ALL)).total).toBe(0);
      expect((await store.queryAudit({ to: '2026-11-22' }, ALL)).rows[0]!.action).toBe('auth.login');
    });

    it('keeps attachments with their owners, says whether the owner is live, and lists a period\'s', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ title: 'A', entry: { at: '2026-03-03T06:30:00+07:00' } }), 'an');
      const { sha256, size } = await store.storage.blobs.put(Readable.from([Buffer.from('minh chứng')]));
      expect(size).toBe(Buffer.byteLength('minh chứng'));
      expect(await text((await store.storage.blobs.open(sha256))!)).toBe('minh chứng');
      expect(await store.storage.blobs.open('0'.repeat(64))).toBeNull();
      const put = (owner: { type: 'entry' | 'item'; id: number }) =>
        store.commune.transaction((tx) => tx.createFile({ owner, sha256, name: 'a.pdf', type: 'application/pdf', size, caption: '', createdAt: '2026-11-22T10:00:00+07:00', createdBy: 'an' }));
      const f1 = await put({ type: 'entry', id: a.entry.id });
      const f2 = await put({ type: 'item', id: a.item.id });
      expect((await store.filesOf('entry', a.entry.id)).map((f) => f.id)).toEqual([f1.id]);
      expect((await store.commune.attachmentsBetween('2026-03-01', '2026-03-31')).map((x) => [x.file.id, x.entry?.id ?? null])).toEqual([[f1.id, a.entry.id], [f2.id, null]]);
      expect((await store.commune.file(f1.id))?.ownerLive).toBe(true);
      await store.deleteEntry(a.entry.id, 'an');
      expect((await store.commune.file(f1.id))?.ownerLive).toBe(false);
      expect((await store.commune.file(f2.id))?.ownerLive).toBe(true);
    });

    it('keeps weekly summaries with their versions and the last week of the schedule', async () => {
      const store = await h.open();
      const figures = { weekStart: '2026-11-16' } as never;
      const make = (version: number) =>
        store.commune.transaction(async (tx) => {
          const s = await tx.createSummary({ weekStart: '2026-11-16', version, createdAt: '2026-11-22T10:00:00+07:00', createdBy: 'an', figures, delivery: { status: 'none', attempts: 0, lastError: null, at: null } });
          await tx.setLastSummarizedWeek('2026-11-16');
          return s;
        });
      const v1 = await make(1);
      const v2 = await make(2);
      await store.commune.transaction((tx) => tx.setSummaryDelivery(v1.id, { status: 'sent', attempts: 1, lastError: null, at: 'x' }));
      const again = await h.reopen(store);
      expect((await again.listSummaries()).map((s) => s.version)).toEqual([2, 1]);
      expect((await again.summary(v1.id))?.delivery.status).toBe('sent');
      expect((await again.summary(v2.id))?.delivery.status).toBe('none');
      expect(await again.lastSummarizedWeek()).toBe('2026-11-16');
    });

    it('reads the entries of a time window, items by folded title, and each item\'s last airing', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ entry: { at: '2026-11-20T06:00:00+07:00' } }), 'an');
      const b = await store.addEntry(draft({ title: 'Thanh toán không dùng tiền mặt', entry: { at: '2026-11-20T06:00:30+07:00', durationSeconds: 90 } }), 'an');
      await store.addEntry({ item: { existingId: a.item.id }, entry: draft({ entry: { at: '2026-11-21T06:00:00+07:00', durationSeconds: 200 } }).entry }, 'an');
      const gone = await store.addEntry(draft({ title: 'Tin bị xóa', entry: { at: '2026-11-20T06:00:10+07:00' } }), 'an');
      await store.deleteEntry(gone.entry.id, 'an');
      const minute = await store.commune.entriesBetweenTimes('2026-11-20T06:00:00+07:00', '2026-11-20T06:01:00+07:00');
      expect(minute.map((e) => [e.id, e.item.title])).toEqual([[a.entry.id, 'Hướng dẫn nộp hồ sơ trực tuyến'], [b.entry.id, 'Thanh toán không dùng tiền mặt']]);
      expect(await store.commune.entriesBetweenTimes('2026-11-20T06:00:31+07:00', '2026-11-21T06:00:00+07:00')).toEqual([]);
      expect((await store.commune.itemsTitled(['huong dan nop ho so truc tuyen', 'tin bi xoa', 'khong co'])).map((i) => i.id)).toEqual([gone.item.id, a.item.id]);
      // A renamed item is found by its new title only; a deleted one not at all.
      await store.updateItem(b.item.id, { ...(draft().item as { fields: ItemFields }).fields, title: 'Thanh toán trực tuyến' }, 'an');
      expect((await store.commune.itemsTitled(['thanh toan khong dung tien mat'])).length).toBe(0);
      expect((await store.commune.itemsTitled(['thanh toan truc tuyen'])).map((i) => i.id)).toEqual([b.item.id]);
      await store.deleteItem(gone.item.id, 'an');
      expect((await store.commune.itemsTitled(['tin bi xoa'])).length).toBe(0);
      const last = await store.commune.lastAirings([a.item.id, b.item.id, 999]);
      expect(Object.keys(last).map(Number).sort()).toEqual([a.item.id, b.item.id].sort());
      expect(last[a.item.id]).toMatchObject({ at: '2026-11-21T06:00:00+07:00', durationSeconds: 200 });
      expect(last[b.item.id]).toMatchObject({ durationSeconds: 90 });
    });

    it('reads inside a transaction what the log holds: settings, last airings, accounts, plan and imports, its own changes included', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ entry: { at: '2026-11-20T06:00:00+07:00', durationSeconds: 150 } }), 'an');
      const seen = await store.commune.transaction(async (tx) => {
        const settings = await tx.settings();
        await tx.putSettings({ ...settings, communeName: 'An Hải' });
        await tx.putPlanTasks(2026, defaultTasks().slice(0, 2));
        const made = await tx.createEntry({ ...draft({ entry: { at: '2026-11-21T06:00:00+07:00', durationSeconds: 90 } }).entry, itemId: a.item.id, ...entryStamps('an', '2026-11-22T08:00:00+07:00') });
        const record = await tx.createImport({ fileName: 'so.csv', sha256: 'a'.repeat(64), counts: { rows: 1, entries: 1, items: 0 } as never, mapping: {} as never, entryIds: [made.id], itemIds: [], createdAt: '2026-11-22T08:00:00+07:00', createdBy: 'an', undoneAt: null, undoneBy: null });
        return {
          name: (await tx.settings()).communeName,
          last: (await tx.lastAirings([a.item.id]))[a.item.id]?.durationSeconds,
          users: (await tx.users()).map((u) => u.username),
          years: await tx.planYears(),
          tasks: (await tx.planTasks(2026))?.length,
          none: await tx.planTasks(2025),
          imported: (await tx.importRecord(record.id))?.entryIds,
        };
      });
      expect(seen).toMatchObject({ name: 'An Hải', last: 90, users: ['an'], years: [2026], tasks: 2, none: null });
      expect(seen.imported).toHaveLength(1);
    });

    it('deletes many entries and items softly at once, counting only those that were live', async () => {
      const store = await h.open();
      const a = await store.addEntry(draft({ entry: { at: '2026-11-20T06:00:00+07:00' } }), 'an');
      const b = await store.addEntry(draft({ title: 'Tin thứ hai', entry: { at: '2026-11-20T07:00:00+07:00' } }), 'an');
      const c = await store.addEntry(draft({ title: 'Tin còn lại', entry: { at: '2026-11-20T08:00:00+07:00' } }), 'an');
      await store.deleteEntry(b.entry.id, 'an');
      const at = '2026-11-22T09:00:00+07:00';
      const counted = await store.commune.transaction((tx) => tx.deleteMany({ entryIds: [a.entry.id, b.entry.id, 99_999], itemIds: [a.item.id, b.item.id] }, at, 'quantri'));
      expect(counted).toEqual({ entries: 1, items: 2 });
      expect(await store.commune.entry(a.entry.id)).toMatchObject({ deletedAt: at, deletedBy: 'quantri', updatedAt: at, updatedBy: 'quantri' });
      // Already deleted: kept as it was.
      expect((await store.commune.entry(b.entry.id))?.deletedBy).toBe('an');
      expect((await store.commune.item(a.item.id))?.deletedAt).toBe(at);
      const again = await h.reopen(store);
      expect((await again.commune.listEntries({}, ALL)).rows.map((e) => e.id)).toEqual([c.entry.id]);
      expect((await again.commune.countEntries('2026-11-01', '2026-11-30')).totals.entries).toBe(1);
    });

    it('adds a prepared batch only when it is published, in log order, and keeps it across a restart', async () => {
      const store = await h.open();
      const old = await store.addEntry(draft({ entry: { at: '2026-03-01T06:00:00+07:00' } }), 'an');
      const at = (d: string): string => `2026-03-${d}T06:00:00+07:00`;
      const batch = await store.commune.prepareBatch(newBatch(['Tin lô A', 'Tin lô B'], [[{ n: 0 }, at('03')], [old.item.id, at('02')], [{ n: 1 }, at('01')], [{ n: 0 }, at('02')]]));
      // Ready, not visible: no entry, no item, no count.
      expect((await store.listEntries({}, ALL)).total).toBe(1);
      expect(await store.commune.itemsTitled(['tin lo a'])).toEqual([]);
      expect(await store.commune.entry(batch.entryIds[0]!)).toBeNull();
      await store.commune.transaction((tx) => tx.publishBatch(batch));
      const again = await h.reopen(store);
      const rows = (await again.listEntries({}, ALL)).rows;
      expect(rows.map((e) => e.at)).toEqual([at('03'), at('02'), at('02'), at('01'), '2026-03-01T06:00:00+07:00']);
      const [a, b] = batch.itemIds;
      expect(rows.map((e) => e.itemId)).toEqual([a, a, old.item.id, b, old.item.id]);
      // Ids follow the order of time; of one time, the later id comes first in the log.
      expect(rows[1]!.id).toBeGreaterThan(rows[2]!.id);
      expect((await again.commune.entry(batch.entryIds[1]!))?.item.id).toBe(old.item.id);
      expect((await again.commune.itemsTitled(['tin lo b'])).map((i) => i.id)).toEqual([b]);
      expect((await again.commune.countEntries('2026-03-01', '2026-03-31')).totals).toMatchObject({ entries: 5, items: 3 });
      // An entry of the batch is edited like any other, and the edit is kept.
      await again.updateEntry(batch.entryIds[0]!, { ...draft().entry, at: at('03'), playCount: 7 }, 'an');
      const third = await h.reopen(again);
      expect((await third.entry(batch.entryIds[0]!))?.playCount).toBe(7);
      expect(await third.stats()).toMatchObject({ items: 3, entries: 5 });
    });

    it('edits and deletes an entry of a published batch at once, before any restart', async () => {
      const store = await h.open();
      const at = (d: string): string => `2026-04-${d}T06:00:00+07:00`;
      const batch = await store.commune.prepareBatch(newBatch(['Tin lô C'], [[{ n: 0 }, at('01')], [{ n: 0 }, at('02')], [{ n: 0 }, at('03')]]));
      await store.commune.transaction((tx) => tx.publishBatch(batch));
      const [first, second] = batch.entryIds;
      await store.updateEntry(first!, { ...draft().entry, at: at('05'), playCount: 4 }, 'an');
      await store.deleteEntry(second!, 'an');
      expect((await store.entry(first!))?.playCount).toBe(4);
      expect((await store.listEntries({}, ALL)).rows.map((e) => e.at)).toEqual([at('05'), at('03')]);
      expect((await store.commune.countEntries('2026-04-01', '2026-04-30')).totals).toMatchObject({ entries: 2, plays: 5 });
      expect(await store.stats()).toMatchObject({ items: 1, entries: 3 });
      const again = await h.reopen(store);
      expect((await again.listEntries({}, ALL)).rows.map((e) => [e.at, e.playCount])).toEqual([[at('05'), 4], [at('03'), 1]]);
    });

    it('keeps who recorded an entry: none named for the app\'s own, the file\'s name or blank for an import\'s, through edits and a restart', async () => {
      const store = await h.open();
      const own = await store.addEntry(draft(), 'an');
      const at = (d: string): string => `2026-05-${d}T06:00:00+07:00`;
      const made = newBatch(['Tin nhập'], [[{ n: 0 }, at('01')], [{ n: 0 }, at('02')]]);
      made.entries[0]!.recorderName = 'Nguyễn Thị Lan';
      made.entries[1]!.recorderName = '';
      const batch = await store.commune.prepareBatch(made);
      await store.commune.transaction((tx) => tx.publishBatch(batch));
      const [named, blank] = batch.entryIds;
      await store.updateEntry(named!, { ...draft().entry, at: at('01'), playCount: 3 }, 'an');
      await store.deleteEntry(blank!, 'an');
      const again = await h.reopen(store);
      expect((await again.entry(own.entry.id))?.recorderName).toBeNull();
      expect(await again.entry(named!)).toMatchObject({ recorderName: 'Nguyễn Thị Lan', recordedBy: 'an', playCount: 3 });
      expect((await again.entry(blank!))?.recorderName).toBe('');
      expect((await again.commune.entry(named!))?.recorderName).toBe('Nguyễn Thị Lan');
      const made2 = await again.commune.transaction((tx) => tx.createEntry({ ...draft().entry, itemId: own.item.id, ...entryStamps('an', at('03')), recorderName: 'Trần Văn Bình' }));
      expect((await (await h.reopen(again)).entry(made2.id))?.recorderName).toBe('Trần Văn Bình');
    });

    it('keeps nothing of a batch discarded, or published in a transaction that fails', async () => {
      const store = await h.open();
      const dropped = await store.commune.prepareBatch(newBatch(['Tin bỏ'], [[{ n: 0 }, '2026-03-01T06:00:00+07:00']]));
      await dropped.discard();
      const failed = await store.commune.prepareBatch(newBatch(['Tin hỏng'], [[{ n: 0 }, '2026-03-02T06:00:00+07:00']]));
      await expect(
        store.commune.transaction(async (tx) => {
          await tx.publishBatch(failed);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      await failed.discard();
      expect((await store.listEntries({}, ALL)).total).toBe(0);
      expect(await store.commune.itemsTitled(['tin hong'])).toEqual([]);
      const later = await store.addEntry(draft(), 'an');
      const again = await h.reopen(store);
      expect(await again.stats()).toMatchObject({ items: 1, entries: 1 });
      expect((await again.commune.entry(later.entry.id))?.item.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
    });

    it('tells what was created since a mark, and that it cannot tell once records were changed', async () => {
      const store = await h.open();
      const before = await store.addEntry(draft(), 'an');
      const mark = await store.commune.logMark();
      expect(await store.commune.transaction((tx) => tx.changesSince(mark))).toEqual({ items: [], entries: [] });
      const added = await store.addEntry(draft({ title: 'Tin mới' }), 'an');
      const changes = await store.commune.transaction((tx) => tx.changesSince(mark));
      expect(changes?.items.map((i) => i.title)).toEqual(['Tin mới']);
      expect(changes?.entries.map((e) => e.id)).toEqual([added.entry.id]);
      await store.updateEntry(before.entry.id, { ...draft().entry, playCount: 4 }, 'an');
      expect(await store.commune.transaction((tx) => tx.changesSince(mark))).toBeNull();
    });

    it('keeps each year\'s plan tasks and the notes of each report period across a restart', async () => {
      const store = await h.open();
      expect(await store.commune.planYears()).toEqual([]);
      expect(await store.commune.planTasks(2026)).toBeNull();
      const tasks = defaultTasks().slice(0, 2);
      await store.commune.transaction((tx) => tx.putPlanTasks(2026, tasks));
      await store.commune.transaction((tx) => tx.putPlanTasks(2025, tasks.slice(0, 1)));
      const note = { year: 2026, taskId: 't1', from: '2026-01-01', to: '2026-03-31', text: 'Phát đủ các buổi.' };
      await store.commune.transaction(async (tx) => {
        await tx.putTaskNote(note);
        await tx.putTaskNote({ ...note, taskId: 't2', text: 'Ghi chú khác' });
        await tx.putTaskNote({ ...note, to: '2026-06-30', text: '6 tháng' });
      });
      // The same task and period again: replaced; an empty text: removed.
      await store.commune.transaction(async (tx) => {
        await tx.putTaskNote({ ...note, text: 'Phát đủ 180 buổi.' });
        await tx.putTaskNote({ ...note, taskId: 't2', text: '' });
      });
      const again = await h.reopen(store);
      expect(await again.commune.planYears()).toEqual([2025, 2026]);
      expect(await again.commune.planTasks(2026)).toEqual(tasks);
      expect((await again.commune.planTasks(2025))?.map((t) => t.id)).toEqual(['t1']);
      expect(await again.commune.taskNotes(2026, '2026-01-01', '2026-03-31')).toEqual([{ ...note, text: 'Phát đủ 180 buổi.' }]);
      expect((await again.commune.taskNotes(2026, '2026-01-01', '2026-06-30')).map((n) => n.text)).toEqual(['6 tháng']);
      // What a failed transaction set is not kept.
      await expect(
        again.commune.transaction(async (tx) => {
          await tx.putPlanTasks(2026, []);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await again.commune.planTasks(2026)).toEqual(tasks);
    });

    it('keeps the programme schedule across a restart, deleted slots out of the list', async () => {
      const store = await h.open();
      const made = await store.commune.transaction(async (tx) => {
        const base = { channel: 'radio', days: [1, 2, 3], durationMinutes: 30, plans: [{ itemId: 1, from: null, to: '2026-11-30', playCount: 2 }], createdAt: '2026-11-22T10:00:00+07:00', createdBy: 'an', updatedAt: '2026-11-22T10:00:00+07:00', updatedBy: 'an', deletedAt: null, deletedBy: null };
        const evening = await tx.createSlot({ ...base, name: 'Chiều', start: '17:00' });
        const morning = await tx.createSlot({ ...base, name: 'Sáng', start: '06:00' });
        await tx.replaceSlot({ ...evening, deletedAt: '2026-11-22T10:00:00+07:00', deletedBy: 'an' });
        return { evening, morning };
      });
      expect(made.morning.id).not.toBe(made.evening.id);
      const again = await h.reopen(store);
      expect((await again.commune.slots()).map((x) => [x.name, x.start, x.plans])).toEqual([['Sáng', '06:00', [{ itemId: 1, from: null, to: '2026-11-30', playCount: 2 }]]]);
      expect((await again.commune.slot(made.evening.id))?.deletedBy).toBe('an');
      expect(await again.commune.slot(999)).toBeNull();
    });

    it('keeps communes apart: each its own log, ids, counts and audit trail, the accounts shared, across a restart', async () => {
      const store = await h.open();
      expect(await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' })).toBe('created');
      expect(await store.storage.createCommune({ code: 'an-hai', name: 'Khác', kind: 'xã' })).toBe('exists');
      expect(await store.storage.createCommune({ code: 'lac-phuong', name: 'Lạc Phượng', kind: 'xã' })).toBe('created');
      const anHai = store.inCommune('an-hai');
      await anHai.users.create({ username: 'lan', fullName: 'Cán bộ Lan', role: 'editor', passwordHash: 'x', commune: 'an-hai' }, 'quantri');
      const own = await store.addEntry(draft(), 'an');
      // Two communes creating at once: each keeps its own.
      const [theirs] = await Promise.all([
        anHai.addEntry(draft({ title: 'Tin An Hải', entry: { channel: 'loudspeaker' } }), 'lan'),
        anHai.addEntry(draft({ title: 'Tin An Hải thứ hai', entry: { at: '2026-11-21T06:30:00+07:00', playCount: 3 } }), 'lan'),
        store.addEntry(draft({ title: 'Tin của xã đầu' }), 'an'),
      ]);

      // Ids are the deployment's: a number names one record whichever commune asks.
      expect(theirs.entry.id).not.toBe(own.entry.id);
      expect(await store.commune.entry(theirs.entry.id)).toBeNull();
      const check = async (main: TestStore): Promise<void> => {
        const other = main.inCommune('an-hai');
        expect((await main.storage.communes()).map((c) => [c.code, c.name, c.kind])).toEqual([
          ['main', expect.any(String), expect.any(String)],
          ['an-hai', 'An Hải', 'phường'],
          ['lac-phuong', 'Lạc Phượng', 'xã'],
        ]);
        expect((await main.commune.listEntries({}, ALL)).rows.map((e) => e.item.title).sort()).toEqual(['Hướng dẫn nộp hồ sơ trực tuyến', 'Tin của xã đầu']);
        expect((await other.commune.listEntries({}, ALL)).rows.map((e) => [e.item.title, e.channel, e.playCount])).toEqual([
          ['Tin An Hải thứ hai', 'radio', 3],
          ['Tin An Hải', 'loudspeaker', 2],
        ]);
        expect(await other.commune.itemsTitled(['huong dan nop ho so truc tuyen'])).toEqual([]);
        expect((await other.commune.item(theirs.item.id))?.title).toBe('Tin An Hải');
        expect((await main.commune.entry(own.entry.id))?.item.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
        // The account is the deployment's to read; its creation is in the trail of the commune that made it only.
        expect((await main.storage.users.get('lan'))?.commune).toBe('an-hai');
        expect((await other.auditOf('user', 'lan')).map((r) => [r.action, r.user])).toEqual([['user.create', 'quantri']]);
        expect(await main.auditOf('user', 'lan')).toEqual([]);
        expect((await other.commune.queryAudit({}, ALL)).rows.map((r) => r.action).sort()).toEqual(['entry.create', 'entry.create', 'item.create', 'item.create', 'user.create']);
        const city = await main.storage.cityCounts('2026-11-01', '2026-11-30');
        expect(city.map((c) => [c.code, c.counts.totals.entries, c.counts.totals.plays, c.counts.totals.items])).toEqual([
          ['main', 2, 4, 2],
          ['an-hai', 2, 5, 2],
          ['lac-phuong', 0, 0, 0],
        ]);
        expect(city[1]!.counts.byChannel).toMatchObject({ radio: { entries: 1, plays: 3 }, loudspeaker: { entries: 1, plays: 2 } });
        expect(city[1]!.counts).toMatchObject({ totals: (await other.commune.countEntries('2026-11-01', '2026-11-30')).totals });
        expect(await main.storage.idleCommunes('2000-01-01T00:00:00+07:00')).toEqual(['lac-phuong']);
      };
      await check(store);
      await check(await h.reopen(store));
    });

    it('keeps accounts, tokens and sessions', async () => {
      const store = await h.open();
      await ensureUser(store, 'binh', 'viewer');
      const token = await store.users.addToken('binh', 'máy', 'hash-1', 'binh');
      expect((await store.storage.users.tokenByHash('hash-1'))?.id).toBe(token.id);
      expect((await store.storage.users.userOfToken('hash-1'))?.username).toBe('binh');
      expect(await store.storage.users.userOfToken('hash-none')).toBeNull();
      await store.commune.transaction(async (tx) => tx.replaceToken({ ...token, revokedAt: '2026-11-22T10:00:00+07:00' }));
      expect(await store.storage.users.tokenByHash('hash-1')).toBeNull();
      expect(await store.storage.users.userOfToken('hash-1')).toBeNull();
      await store.storage.loginSessions.set('sid-1', { username: 'binh' }, fixedFuture());
      const again = await h.reopen(store);
      expect((await again.storage.users.list()).map((u) => u.username)).toEqual(['an', 'binh']);
      expect(await again.storage.users.tokensOf('binh')).toEqual([]);
      expect(await again.storage.loginSessions.get('sid-1')).toEqual({ username: 'binh' });
      await again.storage.loginSessions.destroy('sid-1');
      expect(await again.storage.loginSessions.get('sid-1')).toBeNull();
      expect(await again.storage.sessionSecret()).toBe(await again.storage.sessionSecret());
    });
  });
}

/** A session expiry a day after the tests' fixed clock. */
function fixedFuture(): number {
  return new Date('2026-11-23T03:00:00Z').getTime();
}
