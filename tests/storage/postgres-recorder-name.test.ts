/**
 * Migration 0009 gives entries who recorded them as their file names them (`recorderName`): the rows
 * an import made before it existed name nobody (their account is whoever ran the import), the others
 * were recorded in the app.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/model.js';
import { entryRecord, itemRecord } from '../fixtures.js';
import { openStore } from '../helpers.js';
import { poolOf } from '../pg/databases.js';


const fields = (over: Partial<Entry>): Omit<Entry, 'id'> => {
  const { id: _id, ...rest } = entryRecord(0, over);
  return rest;
};

describe('migration 0009 (who recorded an entry)', () => {
  it('marks the rows of earlier imports as naming nobody, leaves the app\'s own unnamed, and goes down and up again', async () => {
    const store = await openStore({ engine: 'postgres' });
    const pool = poolOf(store);
    const { id: itemId } = await store.commune.transaction((tx) => tx.createItem(itemRecord(0)));
    const [typed, imported, alsoImported] = await store.commune.transaction((tx) =>
      tx.createEntries([fields({ itemId, recorderName: null }), fields({ itemId, recorderName: null }), fields({ itemId, recorderName: null, deletedAt: '2026-01-06T08:00:00+07:00', deletedBy: 'an' })]),
    );
    await store.commune.transaction((tx) =>
      tx.createImport({ fileName: 'so.xlsx', sha256: 'ab', counts: { rows: 2, entries: 2, newItems: 0, reairs: 2, duplicates: 0, errors: 0 }, mapping: { columns: {}, defaults: {} }, entryIds: [imported!.id, alsoImported!.id], itemIds: [], createdAt: '2026-01-06T08:00:00+07:00', createdBy: 'an', undoneAt: null, undoneBy: null }),
    );
    const [up, down] = (await readFile(new URL('../../src/storage/postgres/migrations/0009_entry_recorder_name.sql', import.meta.url), 'utf8')).split('-- Down Migration');
    await pool.query(down!);
    expect((await pool.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'entries' AND column_name = 'recorder_name'`)).rows).toEqual([]);
    await pool.query(up!);
    const names = async (id: number) => (await store.commune.entry(id))?.recorderName;
    expect(await names(typed!.id)).toBeNull();
    expect(await names(imported!.id)).toBe('');
    expect(await names(alsoImported!.id)).toBe('');
  });
});
