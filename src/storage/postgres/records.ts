/**
 * How the domain's records sit in PostgreSQL's rows: the columns read, and the row → record mappers.
 * Items and entries have a column per field (reports are computed on them in SQL); the other records
 * are kept whole as JSON documents beside the columns they are looked up by.
 */
import { contributionOf, monthOf } from '../../domain/counting.js';
import type { Entry, EntryWithItem, Item } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';
import type { Row } from './db.js';

/** An item's columns, prefixed `i_`. */
export const ITEM_COLUMNS = `i.id AS i_id, i.title AS i_title, i.summary AS i_summary, i.format AS i_format, i.topics AS i_topics, i.unit AS i_unit,
  i.author AS i_author, i.source_url AS i_source_url, i.created_at AS i_created_at, i.created_by AS i_created_by, i.updated_at AS i_updated_at,
  i.updated_by AS i_updated_by, i.deleted_at AS i_deleted_at, i.deleted_by AS i_deleted_by`;

/** An entry's columns, prefixed `e_`. */
export const ENTRY_COLUMNS = `e.id AS e_id, e.item_id AS e_item_id, e.channel AS e_channel, e.at AS e_at, e.play_count AS e_play_count,
  e.duration_seconds AS e_duration_seconds, e.url AS e_url, e.views AS e_views, e.interactions AS e_interactions, e.note AS e_note,
  e.recorded_by AS e_recorded_by, e.recorder_name AS e_recorder_name, e.recorded_at AS e_recorded_at, e.updated_at AS e_updated_at, e.updated_by AS e_updated_by,
  e.deleted_at AS e_deleted_at, e.deleted_by AS e_deleted_by`;

export function itemOf(r: Row): Item {
  return {
    id: r.i_id as number,
    title: r.i_title as string,
    summary: r.i_summary as string,
    format: r.i_format as string,
    topics: r.i_topics as string[],
    unit: r.i_unit as string,
    author: r.i_author as string,
    sourceUrl: r.i_source_url as string | null,
    createdAt: r.i_created_at as string,
    createdBy: r.i_created_by as string,
    updatedAt: r.i_updated_at as string,
    updatedBy: r.i_updated_by as string,
    deletedAt: r.i_deleted_at as string | null,
    deletedBy: r.i_deleted_by as string | null,
  };
}

export function entryOf(r: Row): Entry {
  return {
    id: r.e_id as number,
    itemId: r.e_item_id as number,
    channel: r.e_channel as string,
    at: r.e_at as string,
    playCount: r.e_play_count as number,
    durationSeconds: r.e_duration_seconds as number | null,
    url: r.e_url as string | null,
    views: r.e_views as number | null,
    interactions: r.e_interactions as number | null,
    note: r.e_note as string,
    recordedBy: r.e_recorded_by as string,
    recorderName: r.e_recorder_name as string | null,
    recordedAt: r.e_recorded_at as string,
    updatedAt: r.e_updated_at as string,
    updatedBy: r.e_updated_by as string,
    deletedAt: r.e_deleted_at as string | null,
    deletedBy: r.e_deleted_by as string | null,
  };
}

/** An entry joined with its item (a row with both column sets). */
export const viewOf = (r: Row): EntryWithItem => ({ ...entryOf(r), item: itemOf(r) });

/** The folded text an item is found by: title, summary and author (see `entrySearchText`). */
export const itemSearch = (i: Pick<Item, 'title' | 'summary' | 'author'>): string => foldText(`${i.title} ${i.summary} ${i.author}`);
/** The folded text an entry adds to its item's: its note and link. */
export const entrySearch = (e: Pick<Entry, 'note' | 'url'>): string => foldText(`${e.note} ${e.url ?? ''}`);

/** The values of an item's columns after the commune and id, in `ITEM_INSERT` order. */
export const itemValues = (i: Omit<Item, 'id'>): unknown[] => [
  i.title, i.summary, i.format, i.topics, i.unit, i.author, i.sourceUrl, i.createdAt, i.createdBy, i.updatedAt, i.updatedBy, i.deletedAt, i.deletedBy, foldText(i.title), itemSearch(i),
];
export const ITEM_FIELDS = 'title, summary, format, topics, unit, author, source_url, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by, title_key, search';

/**
 * The values of an entry's columns after the commune and id, in `ENTRY_FIELDS` order. Every write of
 * an entry writes them all, so the four after `search`, what it counts for (migration 0006), are
 * always the domain's `contributionOf` and `monthOf`: the reports' SQL sums them and `play_count` (an
 * entry's plays are its play count as it is) and counts rows (an entry is one), and computes no rule
 * itself. `recorder_name` (migration 0009) comes last.
 */
export const entryValues = (e: Omit<Entry, 'id'>): unknown[] => {
  const counted = contributionOf(e);
  return [
    e.itemId, e.channel, e.at, e.playCount, e.durationSeconds, e.url, e.views, e.interactions, e.note, e.recordedBy, e.recordedAt, e.updatedAt, e.updatedBy, e.deletedAt, e.deletedBy, entrySearch(e),
    monthOf(e.at), counted.airtimeSeconds, counted.views, counted.interactions, e.recorderName,
  ];
};
export const ENTRY_FIELDS = 'item_id, channel, at, play_count, duration_seconds, url, views, interactions, note, recorded_by, recorded_at, updated_at, updated_by, deleted_at, deleted_by, search, month, airtime, counted_views, counted_interactions, recorder_name';

/** `$first, $first+1, …` for `n` values. */
export const params = (first: number, n: number): string => Array.from({ length: n }, (_, i) => `$${first + i}`).join(', ');

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** A text for LIKE that matches itself only (`%`, `_` and `\` escaped). */
export const likeWord = (word: string): string => `%${escapeLike(word)}%`;

/** A text for LIKE that matches what starts with `prefix` (`%`, `_` and `\` escaped). */
export const likePrefix = (prefix: string): string => `${escapeLike(prefix)}%`;
