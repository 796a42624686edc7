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
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
