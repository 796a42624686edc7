/**
 * The storage contract of recording one entry (`entryGround`, `recordEntry`): every engine checks what
 * the write relied on when it comes to write, gives the ids, and writes them into the audit records.
 * And reading entries and items back by their ids in one call (`entriesWithIds`, `itemsWithIds`), as a page of them does.
 */
import { describe, expect, it } from 'vitest';
import { entryStamps, type Item, itemStamps } from '../../src/domain/model.js';
import { foldText } from '../../src/domain/text.js';
import type { EntryWrite } from '../../src/storage/entry-write.js';
import { draft } from '../helpers.js';
import type { EngineHarness } from './contract.js';

const NOW = '2026-11-22T08:00:00+07:00';
const FIELDS: Omit<Item, 'id'> = { title: '', summary: '', format: 'news', topics: ['m'], unit: 'tt-dvsnc', author: '', sourceUrl: null, ...itemStamps('an', NOW) };
const ENTRY = { ...draft().entry, ...entryStamps('an', NOW) };
const audit = (action: 'item.create' | 'entry.create', after: Record<string, unknown>) => ({ at: NOW, user: 'an', action, target: { type: action === 'item.create' ? ('item' as const) : ('entry' as const), id: 0 }, after });

function newItemWrite(title: string, check = true): EntryWrite {
  return { item: { fields: { ...FIELDS, title } }, entry: ENTRY, check: check ? { titleKey: foldText(title) } : null, audit: { item: audit('item.create', { title }), entry: audit('entry.create', { itemId: 0, channel: 'radio' }) } };
}

function reairWrite(itemId: number, at: string, check = true): EntryWrite {
  return { item: { id: itemId }, entry: { ...ENTRY, at }, check: check ? { airingFrom: `${at.slice(0, 16)}:00+07:00`, airingTo: '2026-11-20T06:31:00+07:00' } : null, audit: { entry: audit('entry.create', { itemId: 0, channel: 'radio' }) } };
}

export function recordContract(engine: string, h: EngineHarness): void {
  describe(`storage contract, recording one entry: ${engine}`, () => {
    it('stores a new item and its entry with the ids in their audit records, and reads them back as ground', async () => {
      const store = await h.open();
      const done = await store.commune.recordEntry(newItemWrite('Tin một cửa'));
      if (!done.ok) throw new Error(JSON.stringify(done));
      expect(await store.item(done.itemId)).toMatchObject({ title: 'Tin một cửa', topics: ['m'] });
      expect(await store.entry(done.entryId)).toMatchObject({ itemId: done.itemId, at: ENTRY.at, playCount: 2, durationSeconds: 180 });
      expect(await store.auditOf('item', done.itemId)).toMatchObject([{ action: 'item.create', target: { type: 'item', id: done.itemId }, after: { title: 'Tin một cửa' } }]);
      expect(await store.auditOf('entry', done.entryId)).toMatchObject([{ action: 'entry.create', target: { type: 'entry', id: done.entryId }, after: { itemId: done.itemId } }]);
      const ground = await store.commune.entryGround(done.itemId);
      expect(ground.item).toMatchObject({ id: done.itemId, title: 'Tin một cửa', topics: ['m'], deletedAt: null });
      expect(ground.lastAiring).toMatchObject({ id: done.entryId, channel: 'radio', durationSeconds: 180 });
      expect(ground.settings.units.length).toBeGreaterThan(0);
      expect(await store.commune.entryGround(null)).toMatchObject({ item: null, lastAiring: null });
      expect(await store.commune.entryGround(done.itemId + 1000)).toMatchObject({ item: null, lastAiring: null });
      // Settings the caller read already (this request's) come back as they are: the engine does not read them again.
      const known = { ...ground.settings, communeName: 'Đã đọc' };
      expect((await store.commune.entryGround(done.itemId, known)).settings).toBe(known);
      expect((await store.commune.entryGround(done.itemId, known)).item).toMatchObject({ id: done.itemId });
    });

    it('reads entries, and items, by their ids in one call: in the order asked, deleted ones too, unknown ids left out', async () => {
      const store = await h.open();
      const ids: number[] = [];
      for (const title of ['Tin một', 'Tin hai', 'Tin ba']) {
        const done = await store.commune.recordEntry(newItemWrite(title));
        if (!done.ok) throw new Error(JSON.stringify(done));
        ids.push(done.entryId);
      }
      await store.deleteEntry(ids[1]!, 'an');
      const read = await store.commune.entriesWithIds([ids[2]!, 9999, 10 ** 12, ids[0]!, ids[1]!]);
      expect(read.map((e) => [e.id, e.item.title, e.deletedBy])).toEqual([
        [ids[2], 'Tin ba', null],
        [ids[0], 'Tin một', null],
        [ids[1], 'Tin hai', 'an'],
      ]);
      expect(await store.commune.entriesWithIds([])).toEqual([]);
      const items = read.map((e) => e.item.id);
      await store.deleteItem(items[2]!, 'an');
      expect((await store.commune.itemsWithIds([items[1]!, 9999, items[2]!, 10 ** 12, items[0]!])).map((i) => [i.id, i.title, i.deletedBy])).toEqual([
        [items[1], 'Tin một', null],
        [items[2], 'Tin hai', 'an'],
        [items[0], 'Tin ba', null],
      ]);
      expect(await store.commune.itemsWithIds([])).toEqual([]);
    });

    it('refuses a duplicate title or airing unless allowed, and an item deleted meanwhile, storing nothing', async () => {
      const store = await h.open();
      const first = await store.commune.recordEntry(newItemWrite('Tin một cửa'));
      if (!first.ok) throw new Error(JSON.stringify(first));
      const before = await store.stats();

      const sameTitle = await store.commune.recordEntry(newItemWrite('TIN  MOT CUA'));
      expect(sameTitle).toMatchObject({ ok: false, duplicateItem: { id: first.itemId, title: 'Tin một cửa', format: 'news' } });
      const sameMinute = await store.commune.recordEntry(reairWrite(first.itemId, '2026-11-20T06:30:40+07:00'));
      expect(sameMinute).toMatchObject({ ok: false, duplicateEntry: { id: first.entryId, itemId: first.itemId, at: ENTRY.at } });
      expect(await store.stats()).toEqual(before);

      // Another channel at that minute is no duplicate; allowed duplicates are stored.
      const tv = await store.commune.recordEntry({ ...reairWrite(first.itemId, ENTRY.at), entry: { ...ENTRY, channel: 'portal', url: 'https://example.org/a' } });
      expect(tv.ok).toBe(true);
      expect((await store.commune.recordEntry(newItemWrite('Tin một cửa', false))).ok).toBe(true);
      expect((await store.commune.recordEntry(reairWrite(first.itemId, ENTRY.at, false))).ok).toBe(true);

      await store.deleteItem(first.itemId, 'an');
      const counted = await store.stats();
      expect(await store.commune.recordEntry(reairWrite(first.itemId, '2026-11-21T06:30:00+07:00', false))).toEqual({ ok: false, gone: true });
      expect(await store.stats()).toEqual(counted);
      // A deleted item's title does not block a new one.
      const other = await store.commune.recordEntry(newItemWrite('Tin riêng'));
      if (!other.ok) throw new Error(JSON.stringify(other));
      await store.deleteItem(other.itemId, 'an');
      expect((await store.commune.recordEntry(newItemWrite('tin RIÊNG'))).ok).toBe(true);
    });
  });
}
