/** Attached evidence files' records (in the segment files; their bytes are in `blobs.ts`): the reads, the evidence of a period, and attaching in a transaction. */
import { evidenceInOrder, type FileRecord } from '../../domain/files.js';
import type { Entry } from '../../domain/model.js';
import type { LocalDate } from '../../domain/time.js';
import type { Attachment, FileWithOwner } from '../port.js';
import { removeFrom, type AnyFile, type TxChanges } from './changes.js';
import { copyFile, copyItem, viewOf } from './copies.js';
import { eachBetween } from './entries.js';
import type { LowdbState } from './state.js';

export function file(s: LowdbState, id: number): FileWithOwner | null {
  const found = s.files.get(id)?.rec;
  if (!found) return null;
  const { owner } = found;
  let ownerLive: boolean;
  if (owner.type === 'item') ownerLive = !!s.item(owner.id) && !s.item(owner.id)!.deletedAt;
  else {
    const e = s.entries.get(owner.id)?.rec;
    ownerLive = !!e && s.isLiveEntry(e);
  }
  return { ...copyFile(found), ownerLive };
}

export function filesOf(s: LowdbState, owner: FileRecord['owner']): FileRecord[] {
  return s.filesOwnedBy(owner).map(copyFile);
}

/** The evidence of [from, to], in the order the domain gives (`evidenceInOrder`). */
export function attachmentsBetween(s: LowdbState, from: LocalDate, to: LocalDate): Attachment[] {
  const live: Entry[] = [];
  eachBetween(s, from, to, (e) => void live.push(e));
  return evidenceInOrder(live, (owner) => s.filesOwnedBy(owner)).map(({ file, entry, ofEntry }) => {
    const item = s.item(entry.itemId)!;
    return { file: copyFile(file), entry: ofEntry ? viewOf(entry, item) : null, item: copyItem(item) };
  });
}

/** The attached files' part of a transaction. */
export class TxFiles {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async createFile(fields: Omit<FileRecord, 'id'>): Promise<FileRecord> {
    const { s, c } = this;
    const file: FileRecord = copyFile({ id: s.next.file++, ...fields });
    const data = c.activeData();
    const list = (data.files ??= []);
    list.push(file);
    s.files.set(file.id, { rec: file, home: c.active().doc as AnyFile });
    const owned = s.ownerFiles(file.owner);
    owned.push(file);
    c.undo(() => {
      removeFrom(list, file);
      removeFrom(owned, file);
      s.files.delete(file.id);
    });
    return copyFile(file);
  }
}
