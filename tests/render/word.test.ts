import { describe, expect, it, vi } from 'vitest';
import type { Logbook } from '../../src/domain/logbook.js';

// The log book's renderer replaced by one that takes a while and counts how many run at once.
const books = vi.hoisted(() => ({ active: 0, peak: 0, order: [] as string[] }));
vi.mock('../../src/render/logbook-docx.js', () => ({
  logbookDocx: async (book: { heading: string }) => {
    books.active++;
    books.peak = Math.max(books.peak, books.active);
    books.order.push(`start ${book.heading}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    books.active--;
    books.order.push(`end ${book.heading}`);
    if (book.heading === 'hỏng') throw new Error('broken book');
    return Buffer.from(book.heading);
  },
}));

const { logbookDocx } = await import('../../src/render/word.js');
const settings = { communeName: 'An Hải', communeKind: 'phường' } as const;
const book = (heading: string): Logbook => ({ heading }) as unknown as Logbook;

describe('Word log books', () => {
  it('are built one at a time, in the order asked for, each still given to its own caller', async () => {
    const built = await Promise.all(['Quý I', 'Năm 2026', 'Tháng 3'].map((h) => logbookDocx(book(h), settings)));
    expect(built.map((b) => b.toString())).toEqual(['Quý I', 'Năm 2026', 'Tháng 3']);
    expect(books.peak).toBe(1);
    expect(books.order).toEqual(['start Quý I', 'end Quý I', 'start Năm 2026', 'end Năm 2026', 'start Tháng 3', 'end Tháng 3']);
  });

  it('go on with the next book after one fails', async () => {
    const [failed, next] = await Promise.allSettled([logbookDocx(book('hỏng'), settings), logbookDocx(book('Quý II'), settings)]);
    expect(failed.status).toBe('rejected');
    expect(next.status === 'fulfilled' && next.value.toString()).toBe('Quý II');
  });
});
