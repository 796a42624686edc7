import type { FileRecord } from '../../domain/files.js';
import type { LocalDate } from '../../domain/time.js';
import type { Attachment, FileView } from '../port.js';
import { copyFile, copyItem, viewOf } from './copies.js';
import { eachBetween } from './entries.js';
import type { LowdbState } from './state.js';

export function file(s: LowdbState, id: number): FileView | null {
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

export function attachmentsBetween(s: LowdbState, from: LocalDate, to: LocalDate): Attachment[] {
  const out: Attachment[] = [];
  const itemsSeen = new Set<number>();
  eachBetween(s, from, to, (e, item) => {
    const own = s.filesOwnedBy({ type: 'entry', id: e.id });
    if (own.length) {
      const view = viewOf(e, item);
      for (const f of own) out.push({ file: copyFile(f), entry: view, item: copyItem(item) });
    }
    if (itemsSeen.has(item.id)) return;
    itemsSeen.add(item.id);
    for (const f of s.filesOwnedBy({ type: 'item', id: item.id })) out.push({ file: copyFile(f), entry: null, item: copyItem(item) });
  });
  return out;
}
