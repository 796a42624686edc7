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
