import { buildLogbook, LOGBOOK_CHANNEL, type Logbook, type LogbookPeriod } from '../domain/logbook.js';
import type { EntryView } from '../domain/model.js';
import { type Settings, vocabularyFrom } from '../domain/settings.js';
import type { Scope } from './scope.js';
import { settingsOf } from './settings.js';

/**
 * The radio log book of a period, with the settings its heading needs (the commune's name and kind).
 * The storage hands over the live radio entries of the period; the loggers are named by their accounts.
 */
export async function logbookFor(scope: Scope, period: LogbookPeriod): Promise<{ book: Logbook; settings: Settings }> {
  const [settings, users] = await Promise.all([settingsOf(scope), scope.storage.users.list()]);
  const entries: EntryView[] = [];
  for await (const batch of scope.commune.streamEntries({ channel: LOGBOOK_CHANNEL, from: period.from, to: period.to })) entries.push(...batch);
  const names = new Map(users.map((u) => [u.username, u.fullName]));
  return { book: buildLogbook(period, entries, vocabularyFrom(settings), names), settings };
}
