import type { Entry } from '../domain/model.js';
import { fmtDuration } from '../domain/text.js';
import { fmtDate, fmtTime } from '../domain/time.js';
import type { FormValues } from '../services/record-form.js';

export type { FormValues } from '../services/record-form.js';

/** The edit form's values of an entry. */
export function entryValues(entry: Entry): FormValues {
  return {
    channel: entry.channel,
    date: fmtDate(entry.at),
    time: fmtTime(entry.at),
    playCount: String(entry.playCount),
    durationSeconds: fmtDuration(entry.durationSeconds),
    url: entry.url ?? '',
    views: entry.views === null ? '' : String(entry.views),
    interactions: entry.interactions === null ? '' : String(entry.interactions),
    note: entry.note,
  };
}
