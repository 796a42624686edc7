/**
 * PostgreSQL counts with the domain's rules: every entry row holds what `contributionOf` and `monthOf`
 * give for the entry it holds, whichever way it was written (one entry, an edit, many at once, an
 * import's batch, a delete and a restore), and the reports sum those columns. A counting rule changed
 * in one engine only (the SQL, or what the PostgreSQL engine writes) fails here; one changed in the
 * domain changes both engines' counts.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contributionOf } from '../../src/domain/counting.js';
import type { Entry } from '../../src/domain/model.js';
import type { CommuneTx } from '../../src/storage/port.js';
import { entryRecord, itemRecord } from '../fixtures.js';
import { openStore, type TestStore } from '../helpers.js';
import { countedRows, rowsCountedOtherwise } from '../pg/counted.js';
import { poolOf } from '../pg/databases.js';

const STAMP = '2026-11-22T10:00:00+07:00';

/** A new entry of item `itemId` with the given figures (a radio play with no length by default). */
const entry = (itemId: number, over: Partial<Entry>): Omit<Entry, 'id'> => {
  const { id: _id, ...fields } = entryRecord(0, { itemId, ...over });
  return fields;
};


/** Every row counted as the domain counts it, and as many rows as expected. */
async function expectCountedAsDomain(store: TestStore, rows: number): Promise<void> {
  expect(await rowsCountedOtherwise(poolOf(store))).toEqual([]);
  expect(await countedRows(poolOf(store))).toHaveLength(rows);
}

describe('what an entry counts for in PostgreSQL', () => {
  it('is what the domain counts, after every kind of write', async () => {
    const store = await openStore({ engine: 'postgres' });
    const write = <T>(work: (tx: CommuneTx) => Promise<T>): Promise<T> => store.commune.transaction(work);
    const { id: itemId } = await write((tx) => tx.createItem(itemRecord(0)));

    // One at a time: a length or none, views and interactions or none, at a month's last minute.
    const made = await write(async (tx) => [
      await tx.createEntry(entry(itemId, { playCount: 3, durationSeconds: 210, at: '2026-01-31T23:59:00+07:00' })),
      await tx.createEntry(entry(itemId, { playCount: 2, durationSeconds: null, at: '2026-02-01T00:00:00+07:00' })),
      await tx.createEntry(entry(itemId, { channel: 'portal', durationSeconds: 95, views: 1500, interactions: 40, url: 'https://a.vn/1' })),
      await tx.createEntry(entry(itemId, { channel: 'fanpage', views: 0, interactions: null, url: 'https://a.vn/2' })),
    ]);
    await expectCountedAsDomain(store, 4);

    // Edits of every figure and of the month.
    const [radio, noLength, portal, fanpage] = made as [Entry, Entry, Entry, Entry];
    await write((tx) => tx.replaceEntry({ ...radio, playCount: 1, durationSeconds: null, at: '2025-12-31T23:59:59+07:00' }));
    await write((tx) => tx.replaceEntry({ ...noLength, durationSeconds: 45 }));
    await write((tx) => tx.replaceEntry({ ...portal, views: null, interactions: 7 }));
    await write((tx) => tx.replaceEntry({ ...fanpage, views: 320, interactions: 12, playCount: 2 }));
    await expectCountedAsDomain(store, 4);

    // Many at once, then an import's batch (with its new items) prepared ahead and published.
    await write((tx) => tx.createEntries([1, 2, 3].map((d) => entry(itemId, { playCount: d, durationSeconds: d % 2 ? d * 60 : null, views: d % 2 ? null : d, at: `2026-0${d}-28T07:00:00+07:00` }))));
    const batch = await store.commune.prepareBatch({
      items: [itemRecord(0, { title: 'Nhập 1' }), itemRecord(0, { title: 'Nhập 2' })],
      entries: [entryRecord(0, { playCount: 4, durationSeconds: 30 }), entryRecord(0, { channel: 'youtube', views: 99, interactions: 1, at: '2026-03-01T00:00:00+07:00' }), entryRecord(0, { itemId })],
      newItemOf: [0, 1, -1],
    });
    await write((tx) => tx.publishBatch(batch));
    await expectCountedAsDomain(store, 10);

    // Deleted, then restored: what an entry counts for does not depend on its being live.
    await write((tx) => tx.deleteMany({ entryIds: [radio.id, portal.id], itemIds: [] }, STAMP, 'an'));
    await expectCountedAsDomain(store, 10);
    for (const e of [radio, portal]) {
      const now = (await store.commune.entry(e.id))!;
      const { item: _item, ...stored } = now;
      await write((tx) => tx.replaceEntry({ ...stored, deletedAt: null, deletedBy: null }));
    }
    await expectCountedAsDomain(store, 10);

    // The rows hold what the domain gives for the edited figures (not only what equals it by chance).
    const rows = await countedRows(poolOf(store));
    expect(rows.find((r) => r.id === radio.id)!.stored).toEqual({ ...contributionOf({ playCount: 1, durationSeconds: null, views: null, interactions: null }), month: '2025-12' });
    expect(rows.find((r) => r.id === noLength.id)!.stored).toEqual({ entries: 1, plays: 2, airtimeSeconds: 90, views: 0, interactions: 0, month: '2026-02' });
    expect(rows.find((r) => r.id === fanpage.id)!.stored).toMatchObject({ plays: 2, views: 320, interactions: 12 });
  });

  it('is given by migration 0006 to the rows already there, and its down migration gives 0003 back', async () => {
    const store = await openStore({ engine: 'postgres' });
    const pool = poolOf(store);
    const { id: itemId } = await store.commune.transaction((tx) => tx.createItem(itemRecord(0)));
    await store.commune.transaction((tx) =>
      tx.createEntries([
        entry(itemId, { playCount: 3, durationSeconds: 210, at: '2026-01-31T23:59:00+07:00' }),
        entry(itemId, { playCount: 2 }),
        entry(itemId, { channel: 'portal', views: 1500, interactions: 40 }),
        entry(itemId, { channel: 'zalo-oa', views: 7, deletedAt: STAMP, deletedBy: 'an' }),
      ]),
    );
    const rollup = 'SELECT * FROM entry_months ORDER BY commune_id, item_id, channel, month';
    const kept = (await pool.query(rollup)).rows;
    const [up, down] = (await readFile(new URL('../../src/storage/postgres/migrations/0006_entry_contributions.sql', import.meta.url), 'utf8')).split('-- Down Migration');

    await pool.query(down!);
    const columns = await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'entries' AND column_name IN ('month', 'airtime', 'counted_views', 'counted_interactions')`);
    expect(columns.rows).toEqual([]);
    await pool.query(up!);
    await expectCountedAsDomain(store, 4);
    // The figures were the same before: the rollup is left as it was, and is what a rebuild makes.
    expect((await pool.query(rollup)).rows).toEqual(kept);
    await pool.query('SELECT entry_months_rebuild(NULL)');
    expect((await pool.query(rollup)).rows).toEqual(kept);
  });
});
