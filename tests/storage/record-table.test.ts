import { describe, expect, it } from 'vitest';
import type { JsonFile } from '../../src/storage/lowdb/json-file.js';
import { RecordRange } from '../../src/storage/lowdb/record-range.js';
import { type Located, RecordTable } from '../../src/storage/lowdb/record-table.js';

const home = {} as JsonFile<unknown>;
const at = (rec: string): Located<string> => ({ rec, home });
/** A range of ids 10 to 16 in chunks of 3 (the last one short). */
function range(): RecordRange<Located<string>> {
  const r = new RecordRange<Located<string>>(10, 3);
  r.append(['a', 'b', 'c'].map(at));
  r.append(['d', 'e', 'f'].map(at));
  r.append(['g'].map(at));
  return r;
}
const recs = (values: Iterable<Located<string>>): string[] => [...values].map((l) => l.rec);

describe('a range of records (a published batch)', () => {
  it('finds each record by id across its chunks, and nothing outside it', () => {
    const r = range();
    expect(r.size).toBe(7);
    expect([10, 12, 13, 15, 16].map((id) => r.get(id)?.rec)).toEqual(['a', 'c', 'd', 'f', 'g']);
    expect([9, 17, -1, 10.5].map((id) => r.get(id))).toEqual([undefined, undefined, undefined, undefined]);
    expect([...r.keys()]).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(recs(r.values())).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('replaces and deletes a record in place, and leaves a hole', () => {
    const r = range();
    r.set(14, at('E'));
    expect(r.delete(12)).toBe(true);
    expect(r.delete(12)).toBe(false);
    expect(r.size).toBe(6);
    expect(r.get(12)).toBeUndefined();
    expect([...r.keys()]).toEqual([10, 11, 13, 14, 15, 16]);
    expect(recs(r.values())).toEqual(['a', 'b', 'd', 'E', 'f', 'g']);
    expect(() => r.set(12, at('x'))).toThrow();
    expect(() => r.set(20, at('x'))).toThrow();
  });

  it('grows only by whole chunks', () => {
    const r = new RecordRange<Located<string>>(1, 3);
    r.append(['a', 'b'].map(at));
    expect(() => r.append(['c'].map(at))).toThrow();
    expect(() => new RecordRange<Located<string>>(1, 3).append(['a', 'b', 'c', 'd'].map(at))).toThrow();
  });
});

describe('the table of records by id', () => {
  it('holds records added one by one and ranges attached whole, as one table', () => {
    const t = new RecordTable<string>();
    t.set(1, at('one'));
    t.set(2, at('two'));
    const r = range();
    t.attach(r);
    expect(t.size).toBe(9);
    expect([t.get(2)?.rec, t.get(13)?.rec, t.get(17)]).toEqual(['two', 'd', undefined]);
    expect([...t.keys()].sort((a, b) => a - b)).toEqual([1, 2, 10, 11, 12, 13, 14, 15, 16]);
    // An edit of a record of a range stays in the range; a new id goes to the map.
    t.set(13, at('D'));
    t.set(20, at('twenty'));
    expect(t.size).toBe(10);
    expect([r.get(13)?.rec, t.get(13)?.rec, t.get(20)?.rec]).toEqual(['D', 'D', 'twenty']);
    expect(t.delete(11)).toBe(true);
    expect(t.delete(2)).toBe(true);
    expect(t.delete(99)).toBe(false);
    expect(t.size).toBe(8);
    expect(recs(t.values()).sort()).toEqual(['D', 'a', 'c', 'e', 'f', 'g', 'one', 'twenty']);
  });

  it('forgets a range taken back (a transaction that failed)', () => {
    const t = new RecordTable<string>();
    t.set(1, at('one'));
    const r = range();
    t.attach(r);
    t.detach(r);
    expect(t.size).toBe(1);
    expect(t.get(10)).toBeUndefined();
    expect([...t.keys()]).toEqual([1]);
  });
});
