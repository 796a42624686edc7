/**
 * Views and interactions read from the platforms: what is kept of each post (its last reading, what
 * the refresh last wrote into the entry, its last failure), its dated history, each round of refreshes,
 * and the rule that decides what an entry's figures become. Pure.
 */
import type { Figures } from './platform-answers.js';
import { type Platform, PLATFORM_LABELS, postOfLink } from './platform-links.js';
import { addDays, fmtDateTime, type LocalIso, localDateOf, toLocalIso } from './time.js';

/** Where a post stands with its platform. */
export interface MetricState {
  entryId: number;
  platform: Platform;
  /** The last figures read, and when; null until a reading succeeds. */
  views: number | null;
  interactions: number | null;
  readAt: LocalIso | null;
  /** The figures the refresh last wrote into the entry (a different value there was typed by hand). */
  appliedViews: number | null;
  appliedInteractions: number | null;
  /** The last failure (in Vietnamese), cleared by the next success. */
  error: string | null;
  errorAt: LocalIso | null;
}

/** A dated value of a post's figures: kept each time a refresh finds them changed. */
export interface MetricReading {
  entryId: number;
  platform: Platform;
  at: LocalIso;
  views: number | null;
  interactions: number | null;
}

/** A failure of a round, for one post (`entryId`) or for a whole platform (`entryId` null). */
export interface RunError {
  /** Null for a failure of the round itself. */
  platform: Platform | null;
  entryId: number | null;
  /** The post's title, to name it. */
  title: string | null;
  message: string;
}

/** A round of refreshes of one commune: claimed when it starts, filled in when it ends. */
export interface MetricsRun {
  /** The scheduled round (its minute, Vietnam time); null for a refresh asked for by hand. */
  round: string | null;
  /** The latest scheduled round started, this one or an earlier one (a refresh by hand keeps it). */
  lastRound: string | null;
  startedAt: LocalIso;
  finishedAt: LocalIso | null;
  by: string;
  updated: number;
  errors: RunError[];
}

/** The posts a refresh reads: those of the last 90 days. */
export const REFRESH_DAYS = 90;

/** A round not finished after this long is taken for dead (its process stopped) and may be run again. */
export const RUN_LEASE_MS = 15 * 60_000;

/** The start of the refresh window: midnight (Vietnam time) 90 days ago. */
export function refreshWindowStart(now: Date): LocalIso {
  return `${addDays(localDateOf(toLocalIso(now)), -REFRESH_DAYS)}T00:00:00+07:00`;
}

/** The key of a scheduled round: the minute it is due, Vietnam time (every process computes the same). */
export function roundOf(now: Date): string {
  return toLocalIso(now).slice(0, 16);
}

/**
 * Whether a round may start now: not while another is running (and not past its lease), and a
 * scheduled round only once (another process ran it already).
 */
export function mayStart(last: MetricsRun | null, round: string | null, now: Date): 'start' | 'running' | 'done' {
  if (!last) return 'start';
  if (last.finishedAt === null && now.getTime() - Date.parse(last.startedAt) < RUN_LEASE_MS) return 'running';
  if (round !== null && last.lastRound !== null && round <= last.lastRound) return 'done';
  return 'start';
}

/** What an entry's figures become, and which typed values were kept. */
export interface NextFigures {
  views: number | null;
  interactions: number | null;
  keptViews: boolean;
  keptInteractions: boolean;
}

/**
 * The rule: each figure becomes the one read, unless the entry holds a value typed by hand (a value
 * the refresh did not write) and the user did not choose to overwrite typed values. A figure the
 * platform does not give leaves the entry's as it is.
 */
export function nextFigures(entry: Figures, state: MetricState | null, read: Figures, overwrite: boolean): NextFigures {
  const one = (current: number | null, applied: number | null, value: number | null): [number | null, boolean] => {
    if (value === null) return [current, false];
    const typed = current !== null && (state === null || applied !== current);
    if (typed && !overwrite) return [current, current !== value];
    return [value, false];
  };
  const [views, keptViews] = one(entry.views, state?.appliedViews ?? null, read.views);
  const [interactions, keptInteractions] = one(entry.interactions, state?.appliedInteractions ?? null, read.interactions);
  return { views, interactions, keptViews, keptInteractions };
}

/** How the figures of an entry came to be, for the line beside them. */
export type FiguresSource = { kind: 'platform'; text: string } | { kind: 'typed'; text: string } | { kind: 'none' };

/**
 * The line beside an entry's figures: "cập nhật từ YouTube lúc 22/11/2026 06:00" while they are the
 * refresh's, or, when a typed value differs from the platform's, the platform's figures beside it.
 */
export function figuresSource(entry: Figures, state: MetricState | null, fmt: (n: number) => string): FiguresSource {
  if (!state?.readAt) return { kind: 'none' };
  const p = PLATFORM_LABELS[state.platform];
  const fromPlatform = (entry.views === null || entry.views === state.appliedViews) && (entry.interactions === null || entry.interactions === state.appliedInteractions);
  if (fromPlatform) return { kind: 'platform', text: `cập nhật từ ${p} lúc ${fmtDateTime(state.readAt)}` };
  const read = [state.views === null ? '' : `${fmt(state.views)} lượt xem`, state.interactions === null ? '' : `${fmt(state.interactions)} lượt tương tác`].filter(Boolean).join(', ');
  return { kind: 'typed', text: `số nhập tay được giữ; ${p} lúc ${fmtDateTime(state.readAt)}: ${read || 'không có số'}` };
}

/** A logged post to read from its platform. */
export interface PostToRead {
  entryId: number;
  platform: Platform;
  /** The platform's id of the post. */
  id: string;
  url: string;
}

/**
 * The posts among these entries that a refresh reads (those with a link on YouTube, Facebook or Zalo),
 * and the links on those platforms whose post cannot be told, reported per post.
 */
export function postsToRead(entries: readonly { id: number; url: string | null; item: { title: string } }[], facebookPageId: string | null): { posts: PostToRead[]; problems: RunError[] } {
  const posts: PostToRead[] = [];
  const problems: RunError[] = [];
  for (const e of entries) {
    if (!e.url) continue;
    const read = postOfLink(e.url, { facebookPageId });
    if (!read) continue;
    if (read.ok) posts.push({ entryId: e.id, platform: read.post.platform, id: read.post.id, url: e.url });
    else problems.push({ platform: read.platform, entryId: e.id, title: e.item.title, message: read.problem });
  }
  return { posts, problems };
}
