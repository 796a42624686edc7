import { describe, expect, it } from 'vitest';
import { evidenceInOrder, type FileRecord } from '../../src/domain/files.js';

const file = (id: number, type: 'entry' | 'item', ownerId: number): FileRecord => ({
  id,
  owner: { type, id: ownerId },
  sha256: String(id).padStart(64, '0'),
  name: `tep-${id}.jpg`,
  type: 'image/jpeg',
  size: 100,
  caption: '',
  createdAt: '2026-03-01T08:00:00+07:00',
  createdBy: 'bientap',
});

describe('evidenceInOrder', () => {
  // Three live entries, oldest first: 10 and 12 air item 1, 11 airs item 2.
  const entries = [
    { id: 10, itemId: 1 },
    { id: 11, itemId: 2 },
    { id: 12, itemId: 1 },
  ];
  const files = [file(1, 'entry', 10), file(2, 'item', 1), file(3, 'entry', 12), file(4, 'item', 2), file(5, 'entry', 10), file(6, 'item', 1), file(7, 'entry', 99)];
  const filesOf = (owner: FileRecord['owner']) => files.filter((f) => f.owner.type === owner.type && f.owner.id === owner.id);

  it("puts each entry's files, then its item's the first time the item appears, entries oldest first", () => {
    const order = evidenceInOrder(entries, filesOf).map(({ file: f, entry, ofEntry }) => [f.id, entry.id, ofEntry]);
    expect(order).toEqual([
      [1, 10, true],
      [5, 10, true],
      [2, 10, false],
      [6, 10, false],
      [4, 11, false],
      [3, 12, true],
    ]);
  });

  it('leaves out the files of entries not in the period, and gives nothing without entries', () => {
    expect(evidenceInOrder(entries, filesOf).some((x) => x.file.id === 7)).toBe(false);
    expect(evidenceInOrder([], filesOf)).toEqual([]);
  });
});
