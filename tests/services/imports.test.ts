import { describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import { analyseImport, commitImport, type ImportAnalysis } from '../../src/services/imports.js';
import { draft, ensureUser, openStore } from '../helpers.js';
import type { TestStore } from '../test-store.js';

const ALL = { page: 1, pageSize: 500 };
const HEADER = ['Ngày', 'Giờ', 'Kênh', 'Tiêu đề', 'Hình thức', 'Nội dung tuyên truyền', 'Đơn vị', 'Số lượt phát'];
const row = (day: string, title: string): SheetCell[] => [day, '6:00', 'Truyền thanh', title, 'Tin', 'm', 'tt-dvsnc', 1];

async function* rowsOf(cells: SheetCell[][]): AsyncIterable<SheetCell[][]> {
  yield cells;
}

async function analysed(store: TestStore, cells: SheetCell[][]): Promise<ImportAnalysis> {
  const result = await analyseImport(store, { description: 'thử', rows: rowsOf([HEADER, ...cells]) }, { maxRows: 1000 });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  if (result.value.problems.length) throw new Error(JSON.stringify(result.value.problems));
  return result.value;
}

describe('storing an import planned before the log changed', () => {
  it('stores the plan as it is when what came in meanwhile does not touch it', async () => {
    const store = await openStore();
    await ensureUser(store, 'an', 'editor');
    const analysis = await analysed(store, [row('02/03/2026', 'Tin A'), row('03/03/2026', 'Tin A'), row('03/03/2026', 'Tin B')]);
    await store.addEntry(draft({ title: 'Tin khác', entry: { at: '2026-03-02T06:00:00+07:00' } }), 'an');
    const done = await commitImport(store, analysis, { name: 'a.csv', sha256: 'x' }, 'an');
    expect(done.ok && done.value.counts).toMatchObject({ entries: 3, newItems: 2, duplicates: 0 });
    expect((await store.listEntries({}, ALL)).total).toBe(4);
  });

  it('counts an airing logged meanwhile as a duplicate, and an item made meanwhile as the one re-aired', async () => {
    const store = await openStore();
    await ensureUser(store, 'an', 'editor');
    const analysis = await analysed(store, [row('02/03/2026', 'Tin A'), row('03/03/2026', 'Tin A'), row('03/03/2026', 'Tin B')]);
    expect(analysis.plan.counts).toMatchObject({ entries: 3, newItems: 2, duplicates: 0 });
    // Logged by hand between the preview and the import: Tin A at 06:00 on 02/03, on the radio.
    const meanwhile = await store.addEntry(draft({ title: 'Tin A', entry: { channel: 'radio', at: '2026-03-02T06:00:00+07:00' } }), 'an');
    const done = await commitImport(store, analysis, { name: 'a.csv', sha256: 'x' }, 'an');
    if (!done.ok) throw new Error('refused');
    expect(done.value.counts).toMatchObject({ entries: 2, newItems: 1, reairs: 1, duplicates: 1 });
    const rows = (await store.listEntries({}, ALL)).rows;
    expect(rows).toHaveLength(3);
    // New ids, each its own, after the entry logged meanwhile (ids set aside for the plan are skipped).
    const ids = rows.map((e) => e.id).filter((id) => id !== meanwhile.entry.id);
    expect(new Set(ids).size).toBe(2);
    expect(Math.min(...ids)).toBeGreaterThan(meanwhile.entry.id);
    expect(new Set(rows.map((e) => e.itemId)).size).toBe(2);
    expect(rows.filter((e) => e.itemId === meanwhile.item.id)).toHaveLength(2);
  });

  it('plans again when a record was changed meanwhile', async () => {
    const store = await openStore();
    await ensureUser(store, 'an', 'editor');
    const old = await store.addEntry(draft({ title: 'Tin A', entry: { channel: 'radio', at: '2026-03-01T06:00:00+07:00' } }), 'an');
    const analysis = await analysed(store, [row('02/03/2026', 'Tin A')]);
    expect(analysis.plan.counts).toMatchObject({ entries: 1, reairs: 1 });
    // Moved onto the minute the file has: the row is now a duplicate.
    await store.updateEntry(old.entry.id, { ...draft().entry, channel: 'radio', at: '2026-03-02T06:00:00+07:00' }, 'an');
    const done = await commitImport(store, analysis, { name: 'a.csv', sha256: 'x' }, 'an');
    expect(done.ok && done.value.counts).toMatchObject({ entries: 0, duplicates: 1 });
    expect((await store.listEntries({}, ALL)).total).toBe(1);
  });
});
