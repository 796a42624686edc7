// C0 and C1 control characters; a multi-line text keeps its tabs and line breaks.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
const CONTROLS_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Invisible format characters (Unicode category Cf): bidirectional overrides and isolates (U+202E,
// U+2066…), zero-width characters, the BOM. They can make a name read differently from what it is.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
// Code points that are not characters: the noncharacters (U+FDD0–U+FDEF and the last two of every plane,
// U+FFFE and U+FFFF among them) and halves of a surrogate pair left alone. XML cannot hold U+FFFE, U+FFFF or
// a lone surrogate, so one of them stored in a title would spoil every workbook and document showing it.
const NON_CHARACTERS = /\p{Noncharacter_Code_Point}|\p{Cs}/gu;
// What XML 1.0 forbids (its Char production): C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;
const XML_FORBIDDEN_ALL = new RegExp(XML_FORBIDDEN.source, 'gu');

/** Whether a text holds a C0 or C1 control character (NUL among them): no filter or search has a use for one. */
export function hasControlChars(value: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f]/.test(value);
}

/** Text without noncharacters and lone surrogates (which no keyboard types, and XML cannot hold). */
export function dropNonCharacters(value: string): string {
  return value.replace(NON_CHARACTERS, '');
}

/**
 * Text a workbook or a Word document can hold: what XML 1.0 forbids is dropped. The writers' backstop
 * for text stored before input was cleaned; input itself goes through `cleanLine`/`cleanMultiline`.
 */
export function xmlSafe(value: string): string {
  // Most text is clean: tested first, so that a large export copies nothing.
  return XML_FORBIDDEN.test(value) ? value.replace(XML_FORBIDDEN_ALL, '') : value;
}

/** One line of text as typed: control characters become spaces, format characters and noncharacters go, trimmed. */
export function cleanLine(value: string): string {
  return dropNonCharacters(value).replace(FORMAT_CHARACTERS, '').replace(CONTROLS, ' ').trim();
}

/** A multi-line text as typed: line breaks kept (as \n), other control and format characters and noncharacters removed, trimmed. */
export function cleanMultiline(value: string): string {
  return dropNonCharacters(value).replace(FORMAT_CHARACTERS, '').replace(CONTROLS_BUT_BREAKS, '').replace(/\r\n?/g, '\n').trim();
}

/** At most `max` characters (code points, so no character is cut in half). */
export function capChars(value: string, max: number): string {
  return value.length <= max ? value : [...value].slice(0, max).join('');
}

/** Lower-cases and strips Vietnamese diacritics, so "cai cach" matches "Cải cách". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query occurs in the folded haystack. */
export function matchesQuery(foldedHaystack: string, foldedQuery: string): boolean {
  if (!foldedQuery) return true;
  return foldedQuery.split(' ').every((word) => foldedHaystack.includes(word));
}

/** Formats a whole number the Vietnamese way: 1.234.567. */
export function fmtNumber(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Formats seconds as m:ss or h:mm:ss for durations. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  return seconds >= 3600 ? fmtHms(seconds) : `${Math.floor(seconds / 60)}:${twoDigits(seconds % 60)}`;
}

/**
 * Formats seconds as h:mm:ss always, hours not wrapped at 24 (247370 → 68:42:50, 59 → 0:00:59), for
 * exports and print where every cell of a column should read alike; '' when there is no duration.
 */
export function fmtHms(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  return `${Math.floor(seconds / 3600)}:${twoDigits(Math.floor((seconds % 3600) / 60))}:${twoDigits(seconds % 60)}`;
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');
