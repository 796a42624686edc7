import { buildLogbook, LOGBOOK_CHANNEL, type Logbook, type LogbookPeriod, periodHeading } from '../domain/logbook.js';
import type { EntryView } from '../domain/model.js';
import { type Settings, vocabularyFrom } from '../domain/settings.js';
import { fmtNumber } from '../domain/text.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

/**
 * The most airings one log book holds. A book is built whole (the Word writer has no streaming form):
 * measured here, a month of 2,000 airings takes about 2 s and 280 MB above the process's base at its
 * peak in Word (some 140 kB a line), 55 MB in Excel. A commune's radio airs a few sessions a day, some
 * tens of airings: 2,000 in a month is some 65 a day, beyond any real book, while 100,000 (one import
 * away) ran the server out of memory. Past the limit the book is refused with a message, never built.
 */
export const LOGBOOK_MAX_ROWS = 2_000;

export type LogbookResult =
  | { ok: true; book: Logbook; settings: Settings }
  /** Too many airings for one book: `message` says so, in Vietnamese, and what to do instead. */
  | { ok: false; settings: Settings; message: string };

/** Why the book of a period is refused, and what to choose instead. */
export function logbookTooLongMessage(period: LogbookPeriod, maxRows: number): string {
  const limit = fmtNumber(maxRows);
  const instead =
    period.kind === 'month'
      ? 'Vui lòng xem và tải sổ theo từng tuần của tháng này (ô "Tuần có ngày").'
      : 'Vui lòng dùng nhật ký của khoảng ngày này (trang Nhật ký, lọc kênh Truyền thanh, rồi Tải Excel hoặc CSV): nhật ký có đủ mọi lượt.';
  return `${periodHeading(period)} có hơn ${limit} lượt phát thanh, quá dài để làm một sổ (mỗi sổ tối đa ${limit} lượt). ${instead}`;
}

/**
 * The radio log book of a period, with the settings its heading needs (the commune's name and kind).
 * The storage hands over the live radio entries of the period; the loggers are named by their accounts.
 * At most `maxRows` airings are read: past them the book is refused (see LOGBOOK_MAX_ROWS).
 */
export async function logbookFor(scope: Scope, period: LogbookPeriod, maxRows: number = LOGBOOK_MAX_ROWS): Promise<LogbookResult> {
  const [settings, users] = await Promise.all([settingsOf(scope), scope.storage.users.list()]);
  const entries: EntryView[] = [];
  for await (const batch of scope.commune.streamEntries({ channel: LOGBOOK_CHANNEL, from: period.from, to: period.to })) {
    for (const e of batch) entries.push(e);
    // Leaving the loop ends the reading: no more than a batch past the limit is ever held.
    if (entries.length > maxRows) return { ok: false, settings, message: logbookTooLongMessage(period, maxRows) };
  }
  const names = new Map(users.map((u) => [u.username, u.fullName]));
  return { ok: true, book: buildLogbook(period, entries, vocabularyFrom(settings), names), settings };
}
