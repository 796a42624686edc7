import { describe, expect, it } from 'vitest';
import { pageCount, pageNumbers } from '../../src/domain/paging.js';

describe('pageCount', () => {
  it.each([
    { total: 0, size: 50, pages: 1 },
    { total: 50, size: 50, pages: 1 },
    { total: 51, size: 50, pages: 2 },
    { total: 120, size: 50, pages: 3 },
  ])('counts $total rows at $size a page as $pages pages', ({ total, size, pages }) => {
    expect(pageCount(total, size)).toBe(pages);
  });
});

describe('pageNumbers', () => {
  // null is an ellipsis.
  it.each([
    { current: 1, pages: 1, shown: [1] },
    { current: 1, pages: 3, shown: [1, 2, 3] },
    { current: 3, pages: 3, shown: [1, 2, 3] },
    { current: 1, pages: 30, shown: [1, 2, 3, null, 30] },
    { current: 6, pages: 30, shown: [1, null, 4, 5, 6, 7, 8, null, 30] },
    { current: 30, pages: 30, shown: [1, null, 28, 29, 30] },
    // A gap of one page shows that page rather than an ellipsis.
    { current: 5, pages: 30, shown: [1, 2, 3, 4, 5, 6, 7, null, 30] },
    { current: 4, pages: 7, shown: [1, 2, 3, 4, 5, 6, 7] },
  ])('offers $shown on page $current of $pages', ({ current, pages, shown }) => {
    expect(pageNumbers(current, pages)).toEqual(shown);
  });
});
