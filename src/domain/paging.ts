/** The number of pages of `total` rows, `pageSize` a page; an empty list still has its one page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The page numbers a pager offers: the first, the last, and `radius` pages either side of the current
 * one, in order; `null` stands for a run of pages left out (an ellipsis). A run of one page is shown
 * as its number, since an ellipsis would take as much room: 1 … 4 5 [6] 7 8 … 30, or 1 2 [3].
 */
export function pageNumbers(current: number, pages: number, radius = 2): (number | null)[] {
  const shown = new Set<number>([1, pages]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= pages) shown.add(p);
  const out: (number | null)[] = [];
  let previous = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p - previous === 2) out.push(previous + 1);
    else if (p - previous > 2) out.push(null);
    out.push(p);
    previous = p;
  }
  return out;
}
