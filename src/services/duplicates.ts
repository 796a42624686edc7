import type { EntryWithItem, FieldErrors, Item } from '../domain/model.js';
import { foldText } from '../domain/text.js';
import { fmtDate, fmtTime, fromLocalIso, type LocalIso, toLocalIso } from '../domain/time.js';
import type { CommuneTx } from '../storage/port.js';

/**
 * A row that would inflate the counts: a new item whose title is already an item's (case, spacing and
 * diacritics ignored), or an airing of an item on a channel at a minute that is already logged (the
 * stored entry's id, or 0 for another row of the same write; the item's title, to name it).
 */
export type Duplicate =
  | { row: number; kind: 'title'; itemId: number; title: string; format: string; unit: string }
  | { row: number; kind: 'airing'; entryId: number; itemId: number; title: string; channel: string; at: LocalIso };

/** What a write that may meet duplicates gives back. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; duplicates?: Duplicate[] };

/** A row to check: a new item's title, or an existing item's airing. */
export type DuplicateProbe =
  | { row: number; allow: boolean; title: string }
  | { row: number; allow: boolean; itemId: number; channel: string; at: LocalIso };

/** The first second of an instant's minute and of the next, as stored times. */
export function minuteOf(at: LocalIso): { from: LocalIso; to: LocalIso } {
  const from = `${at.slice(0, 16)}:00${at.slice(19)}`;
  return { from, to: toLocalIso(new Date(fromLocalIso(from).getTime() + 60_000)) };
}

/**
 * The duplicates among the probes that do not allow them: against the stored log, and within the
 * probes themselves (two new rows with one title, one item twice at one minute on one channel).
 */
export async function findDuplicates(tx: CommuneTx, probes: readonly DuplicateProbe[]): Promise<Duplicate[]> {
  const found: Duplicate[] = [];
  const titles = probes.filter((p): p is Extract<DuplicateProbe, { title: string }> => 'title' in p);
  const known = new Map<string, Item>();
  if (titles.length) for (const item of await tx.itemsTitled([...new Set(titles.map((p) => foldText(p.title)))])) if (!known.has(foldText(item.title))) known.set(foldText(item.title), item);
  const seenTitles = new Map<string, number>();
  for (const p of titles) {
    const key = foldText(p.title);
    const stored = known.get(key);
    if (!p.allow && stored) found.push({ row: p.row, kind: 'title', itemId: stored.id, title: stored.title, format: stored.format, unit: stored.unit });
    else if (!p.allow && seenTitles.has(key)) found.push({ row: p.row, kind: 'title', itemId: 0, title: p.title, format: '', unit: '' });
    if (!seenTitles.has(key)) seenTitles.set(key, p.row);
  }
  const seenAirings = new Set<string>();
  for (const p of probes) {
    if (!('itemId' in p)) continue;
    const minute = minuteOf(p.at);
    const key = `${p.itemId}|${p.channel}|${minute.from}`;
    if (!p.allow) {
      const stored = (await tx.entriesBetweenTimes(minute.from, minute.to)).find((e: EntryWithItem) => e.itemId === p.itemId && e.channel === p.channel);
      if (stored) found.push({ row: p.row, kind: 'airing', entryId: stored.id, itemId: p.itemId, title: stored.item.title, channel: p.channel, at: stored.at });
      else if (seenAirings.has(key)) found.push({ row: p.row, kind: 'airing', entryId: 0, itemId: p.itemId, title: (await tx.item(p.itemId))?.title ?? '', channel: p.channel, at: p.at });
    }
    seenAirings.add(key);
  }
  return found.sort((a, b) => a.row - b.row);
}

/** The Vietnamese message of a duplicate, for the row it belongs to: the item and the time by name, never an id. */
export function duplicateMessage(d: Duplicate): string {
  if (d.kind === 'title') return d.itemId ? `Tin bài "${d.title}" đã có — phát lại tin bài đó, hay vẫn tạo tin bài mới trùng tên?` : 'Tên tin bài này trùng với một dòng khác của buổi phát.';
  const when = `${fmtTime(d.at)} ngày ${fmtDate(d.at)}`;
  const item = d.title ? `Tin bài "${d.title}"` : 'Tin bài này';
  return d.entryId ? `${item} đã được ghi trên kênh này lúc ${when} (cùng phút).` : `${item} lặp lại ở một dòng khác cùng phút (${when}).`;
}
