import { buildLogbook, LOGBOOK_CHANNEL, type Logbook } from '../domain/logbook.js';
import type { EntryWithItem } from '../domain/model.js';
import type { Period } from '../domain/periods.js';
import { type Settings, vocabularyFrom } from '../domain/settings.js';
import { fmtNumber } from '../domain/text.js';
import { type LocalDate, localToday } from '../domain/time.js';
import { accountNames } from './exports.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

/**
 * The most airings one log book holds. A book is built whole (the Word writer has no streaming form):
 * measured on a loaded 2-core machine, a book of 3,000 airings peaked at about 350 MB above the process's
 * base in Word and of 4,000 at about 420 MB (the workbook: about 70 MB); Word books are built one at a
 * time (render/word.ts). A busy ward airs two sessions a day of several items, about 3,000 airings a
 * year: 4,000 holds its year's book, while 100,000 (one import away) ran the server out of memory. Past
 * the limit the book is refused with a message, never built.
 */
export const LOGBOOK_MAX_ROWS = 4_000;

export type LogbookResult =
  | { ok: true; book: Logbook; settings: Settings }
  /** Too many airings for one book: `message` says so, in Vietnamese, and what to do instead. */
  | { ok: false; settings: Settings; message: string };

/** Why the book of a period is refused, and what to choose instead. */
export function logbookTooLongMessage(period: Pick<Period, 'heading'>, maxRows: number): string {
  const limit = fmtNumber(maxRows);
  return `${period.heading} có hơn ${limit} lượt phát thanh, quá dài để làm một sổ (mỗi sổ tối đa ${limit} lượt). Vui lòng chọn kỳ ngắn hơn (một quý, một tháng), hoặc dùng nhật ký của kỳ (trang Nhật ký, lọc kênh Truyền thanh, rồi Tải Excel hoặc CSV): nhật ký có đủ mọi lượt.`;
}

/**
 * The radio log book of a period, with the settings its heading needs (the commune's name and kind).
 * The storage hands over the live radio entries of the period; who recorded each is named by its
 * account's name, or by the file it was imported from. At most `maxRows` airings are read: past them
 * the book is refused (see LOGBOOK_MAX_ROWS). `accounts`: the accounts' names, when the caller has them (a bundle's dozen books).
 */
export async function logbookFor(scope: Scope, period: Pick<Period, 'from' | 'to' | 'label' | 'heading'>, maxRows: number = LOGBOOK_MAX_ROWS, accounts?: Map<string, string>): Promise<LogbookResult> {
  const [settings, names] = await Promise.all([settingsOf(scope), accounts ?? accountNames(scope)]);
  const entries: EntryWithItem[] = [];
  for await (const batch of scope.commune.streamEntries({ channel: LOGBOOK_CHANNEL, from: period.from, to: period.to })) {
    for (const e of batch) entries.push(e);
    // Leaving the loop ends the reading: no more than a batch past the limit is ever held.
    if (entries.length > maxRows) return { ok: false, settings, message: logbookTooLongMessage(period, maxRows) };
  }
  const today: LocalDate = localToday(scope.clock());
  return { ok: true, book: buildLogbook(period, entries, vocabularyFrom(settings), names, today), settings };
}
