import { fmtSize } from '../domain/files.js';
import { fmtDuration, fmtHms, fmtNumber } from '../domain/text.js';
import { fmtDate, fmtDateTime, fmtTime } from '../domain/time.js';
import { type Platform, PLATFORM_LABELS } from '../domain/platform-links.js';
import { labelOf } from '../domain/vocabulary.js';

/** Functions every view may call; plain functions because EJS locals lose prototypes. */
export const viewHelpers = {
  fmtDate,
  fmtDateTime,
  fmtTime,
  fmtNumber,
  fmtDuration,
  fmtHms,
  fmtSize,
  labelOf,
  /** A platform's name (YouTube, Facebook, Zalo OA). */
  platformLabel: (code: Platform): string => PLATFORM_LABELS[code] ?? code,
  /** The value of a form field as a string ('' when absent). */
  str(value: unknown): string {
    if (value === undefined || value === null) return '';
    return Array.isArray(value) ? String(value[0] ?? '') : String(value);
  },
  /** Whether a multi-valued form field holds a value. */
  holds(value: unknown, code: string): boolean {
    return Array.isArray(value) ? value.includes(code) : value === code;
  },
};
