import type { Entry, Item } from '../src/domain/model.js';

/** A stored item record with plain defaults (a radio news item of the TT DVSNC on topic m). */
export function itemRecord(id: number, over: Partial<Item> = {}): Item {
  return {
    id,
    title: `Tin bài ${id}`,
    summary: '',
    format: 'news',
    topics: ['m'],
    unit: 'tt-dvsnc',
    author: '',
    sourceUrl: null,
    createdAt: '2026-01-01T08:00:00+07:00',
    createdBy: 'bientap',
    updatedAt: '2026-01-01T08:00:00+07:00',
    updatedBy: 'bientap',
    deletedAt: null,
    deletedBy: null,
    ...over,
  };
}

/** A stored entry record with plain defaults (one radio play of item 1); `at` should usually be given. */
export function entryRecord(id: number, over: Partial<Entry> = {}): Entry {
  const at = over.at ?? '2026-01-05T06:30:00+07:00';
  return {
    id,
    itemId: 1,
    channel: 'radio',
    at,
    playCount: 1,
    durationSeconds: null,
    url: null,
    views: null,
    interactions: null,
    note: '',
    recordedBy: 'bientap',
    recorderName: null,
    recordedAt: at,
    updatedAt: at,
    updatedBy: 'bientap',
    deletedAt: null,
    deletedBy: null,
    ...over,
  };
}
