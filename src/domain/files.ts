import { capChars, cleanLine } from './text.js';

/** The evidence file types accepted, by the type found in the file's own bytes. */
export const ALLOWED_TYPES: Record<string, { ext: string; kind: 'audio' | 'image' | 'pdf' | 'video'; label: string }> = {
  'audio/mpeg': { ext: 'mp3', kind: 'audio', label: 'âm thanh MP3' },
  'audio/wav': { ext: 'wav', kind: 'audio', label: 'âm thanh WAV' },
  'audio/x-wav': { ext: 'wav', kind: 'audio', label: 'âm thanh WAV' },
  'audio/vnd.wave': { ext: 'wav', kind: 'audio', label: 'âm thanh WAV' },
  'audio/x-m4a': { ext: 'm4a', kind: 'audio', label: 'âm thanh M4A' },
  'audio/mp4': { ext: 'm4a', kind: 'audio', label: 'âm thanh M4A' },
  'audio/ogg': { ext: 'ogg', kind: 'audio', label: 'âm thanh OGG' },
  'audio/opus': { ext: 'ogg', kind: 'audio', label: 'âm thanh OGG' },
  'image/jpeg': { ext: 'jpg', kind: 'image', label: 'ảnh JPG' },
  'image/png': { ext: 'png', kind: 'image', label: 'ảnh PNG' },
  'image/webp': { ext: 'webp', kind: 'image', label: 'ảnh WebP' },
  'application/pdf': { ext: 'pdf', kind: 'pdf', label: 'PDF' },
  'video/mp4': { ext: 'mp4', kind: 'video', label: 'video MP4' },
};

export const ACCEPTED_DESCRIPTION = 'âm thanh (mp3, wav, m4a, ogg), ảnh (jpg, png, webp), PDF, video (mp4)';

/** An attached evidence file: the bytes live once under their SHA-256; this is the attachment. */
export interface FileRecord {
  id: number;
  owner: { type: 'entry' | 'item'; id: number };
  sha256: string;
  /** The original name, made safe for display and for use inside a ZIP. */
  name: string;
  type: string;
  size: number;
  caption: string;
  createdAt: string;
  createdBy: string;
}

/**
 * Makes an uploaded file's name safe: the last path segment only, no control characters or NUL, no
 * leading dots, at most 150 characters (the extension kept). The name is only ever shown or used
 * inside a ZIP; files are stored under their hash, so a name can never choose a place on disk.
 */
export function safeFileName(raw: string, ext: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cf}/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const dot = base.lastIndexOf('.');
  let stem = dot > 0 ? base.slice(0, dot) : base;
  stem = [...stem].slice(0, 140).join('').trim() || 'tep';
  return `${stem}.${ext}`;
}

/** Cleans a caption: one line, at most 300 characters. */
export function cleanCaption(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return capChars(cleanLine(raw), 300);
}

/** Human size in Vietnamese style: 1,5 MB. */
export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** A file of a period's evidence, with the entry it comes with. */
export interface EvidenceFile<E> {
  file: FileRecord;
  /** The entry the file is attached to; for a file of an item, the entry through which the item first appears. */
  entry: E;
  /** Whether the file is attached to the entry itself (else to its item). */
  ofEntry: boolean;
}

/**
 * The evidence files of a period in the bundle's order, whatever keeps them: for each live entry,
 * oldest first, the files attached to it, then, the first time its item appears, the item's files.
 * `filesOf` gives an owner's files in the order they were attached.
 */
export function evidenceInOrder<E extends { id: number; itemId: number }>(entriesOldestFirst: Iterable<E>, filesOf: (owner: FileRecord['owner']) => readonly FileRecord[]): EvidenceFile<E>[] {
  const out: EvidenceFile<E>[] = [];
  const itemsSeen = new Set<number>();
  for (const entry of entriesOldestFirst) {
    for (const file of filesOf({ type: 'entry', id: entry.id })) out.push({ file, entry, ofEntry: true });
    if (itemsSeen.has(entry.itemId)) continue;
    itemsSeen.add(entry.itemId);
    for (const file of filesOf({ type: 'item', id: entry.itemId })) out.push({ file, entry, ofEntry: false });
  }
  return out;
}
