import { type MetricReading, type MetricState, type MetricsRun, mayStart, nextFigures, type PostToRead, postsToRead, refreshWindowStart, RUN_LEASE_MS, type RunError } from '../domain/metrics.js';
import { type Entry, isLive } from '../domain/model.js';
import { type Platform, PLATFORM_LABELS, PLATFORMS } from '../domain/platform-links.js';
import { KEY_LABELS } from '../domain/platform-keys.js';
import { addDays, fromLocalIso, localDateOf, toLocalIso } from '../domain/time.js';
import type { CommuneTx } from '../storage/port.js';
import { audit } from './audit.js';
import { openPlatformKeys, type OpenKeys } from './platform-keys.js';
import type { PlatformAccess, PostResult } from './platforms/access.js';
import { readFacebook } from './platforms/facebook.js';
import { readYoutube } from './platforms/youtube.js';
import { readZalo } from './platforms/zalo.js';
import type { Scope } from './scope.js';

/** What a refresh did: how many entries' figures changed and what failed; or why it did not run. */
export type RefreshOutcome =
  | { status: 'done'; posts: number; updated: number; kept: number; errors: RunError[] }
  | { status: 'running'; since: string }
  | { status: 'done-already' }
  | { status: 'no-keys' };

export interface RefreshOptions {
  /** Who asked (a username, or the schedule). */
  actor: string;
  /** Overwrite values typed by hand with the platforms' figures. */
  overwrite: boolean;
  /** The scheduled round (see `roundOf`); null for a refresh asked for by hand. */
  round: string | null;
}

/** Who refreshes when the schedule does. */
export const METRICS_SCHEDULE_USER = 'lịch tự động';

// The calls stop this long before the round's lease ends, so a slow platform never lets a round overlap the next.
const CALLS_MS = RUN_LEASE_MS - 3 * 60_000;

const KEY_OF: Record<Platform, 'youtubeApiKey' | 'facebookToken' | 'zaloToken'> = { youtube: 'youtubeApiKey', facebook: 'facebookToken', zalo: 'zaloToken' };

/**
 * Reads the views and interactions of the commune's posts of the last 90 days from YouTube, Facebook
 * and Zalo OA, and keeps them: each post's state and dated figures, and its entry's figures where the
 * rule allows (`nextFigures`: a value typed by hand stays unless `overwrite`). One round at a time per
 * commune, and a scheduled round once, whichever process comes first: the claim is written in the
 * commune's transaction (its lock on PostgreSQL), and a claim older than its lease counts for nothing.
 * The platforms are called outside any transaction; the results are written in one.
 */
export async function refreshMetrics(scope: Scope, access: PlatformAccess, options: RefreshOptions): Promise<RefreshOutcome> {
  const keys = await openPlatformKeys(scope, access);
  if (!keys.youtube && !keys.facebook && !keys.zalo && !keys.unreadable.length) return { status: 'no-keys' };
  const now = scope.clock();
  const started = toLocalIso(now);
  const claim = await scope.commune.transaction(async (tx) => {
    const last = await tx.metricsRun();
    const may = mayStart(last, options.round, now);
    if (may !== 'start') return { may, last };
    const run: MetricsRun = { round: options.round, lastRound: options.round ?? last?.lastRound ?? null, startedAt: started, finishedAt: null, by: options.actor, updated: 0, errors: [] };
    await tx.putMetricsRun(run);
    return { may, run };
  });
  if (claim.may === 'running') return { status: 'running', since: claim.last!.startedAt };
  if (claim.may === 'done') return { status: 'done-already' };
  const run = claim.run!;
  try {
    const entries = await scope.commune.entriesBetweenTimes(refreshWindowStart(now), `${addDays(localDateOf(started), 1)}T00:00:00+07:00`);
    const { posts, problems } = postsToRead(entries, keys.facebookPageId);
    const { results, missing } = await readPlatforms(posts, keys, access, scope);
    return await scope.commune.transaction((tx) => keepResults(tx, scope, { run, posts, problems, missing, results, overwrite: options.overwrite }));
  } catch (err) {
    // The round ends here: its claim must not hold the next one off until its lease runs out.
    await scope.commune.transaction((tx) => tx.putMetricsRun({ ...run, finishedAt: toLocalIso(scope.clock()), errors: [{ platform: null, entryId: null, title: null, message: 'Lần cập nhật bị dừng vì lỗi của máy chủ: sẽ thử lại ở lần sau.' }] })).catch(() => undefined);
    throw err;
  }
}

/** Calls each platform the commune has a key for, one after another; the platforms without a key are listed. */
async function readPlatforms(posts: PostToRead[], keys: OpenKeys, access: PlatformAccess, scope: Scope): Promise<{ results: Map<number, PostResult>; missing: RunError[] }> {
  const results = new Map<number, PostResult>();
  const missing: RunError[] = [];
  const clock = (): number => scope.clock().getTime();
  const deadline = clock() + CALLS_MS;
  const since = fromLocalIso(refreshWindowStart(scope.clock())).getTime() - 86_400_000;
  for (const platform of PLATFORMS) {
    const mine = posts.filter((p) => p.platform === platform);
    if (!mine.length) continue;
    const key = platform === 'youtube' ? keys.youtube : platform === 'facebook' ? keys.facebook : keys.zalo;
    if (!key) {
      const unreadable = keys.unreadable.includes(KEY_OF[platform]);
      const label = KEY_LABELS[KEY_OF[platform]];
      const why = unreadable ? `${label} đã lưu không mở được (khóa bí mật của máy chủ đã đổi): hãy nhập lại trong Cài đặt` : `Chưa có ${label.toLowerCase()} trong Cài đặt`;
      missing.push({ platform, entryId: null, title: null, message: `${why}: ${mine.length} bài ${PLATFORM_LABELS[platform]} chưa được cập nhật.` });
      continue;
    }
    const read =
      platform === 'youtube'
        ? await readYoutube(mine, key, access, deadline, clock)
        : platform === 'facebook'
          ? await readFacebook(mine, key, access, deadline, clock)
          : await readZalo(mine, key, access, since, deadline, clock);
    for (const [id, result] of read) results.set(id, result);
  }
  return { results, missing };
}

interface Kept {
  run: MetricsRun;
  posts: PostToRead[];
  problems: RunError[];
  missing: RunError[];
  results: Map<number, PostResult>;
  overwrite: boolean;
}

const blankState = (entryId: number, platform: Platform): MetricState => ({ entryId, platform, views: null, interactions: null, readAt: null, appliedViews: null, appliedInteractions: null, error: null, errorAt: null });

/** Writes a round's results in one transaction: entries' figures, states, dated figures, the round and its audit record. */
async function keepResults(tx: CommuneTx, scope: Scope, k: Kept): Promise<RefreshOutcome> {
  const at = toLocalIso(scope.clock());
  const platformOf = new Map<number, Platform>([...k.posts.map((p): [number, Platform] => [p.entryId, p.platform]), ...k.problems.map((p): [number, Platform] => [p.entryId!, p.platform!])]);
  const states = new Map((await tx.metricStates([...platformOf.keys()])).map((s) => [s.entryId, s]));
  const nextStates: MetricState[] = [];
  const readings: MetricReading[] = [];
  const errors: RunError[] = [...k.missing];
  const wide = new Map<string, { platform: Platform; message: string; posts: number }>();
  let updated = 0;
  let kept = 0;
  const fail = (entryId: number, platform: Platform, title: string, message: string, platformWide: boolean): void => {
    nextStates.push({ ...(states.get(entryId) ?? blankState(entryId, platform)), platform, error: message, errorAt: at });
    if (!platformWide) errors.push({ platform, entryId, title, message });
    else {
      const same = wide.get(`${platform}\n${message}`) ?? { platform, message, posts: 0 };
      same.posts++;
      wide.set(`${platform}\n${message}`, same);
    }
  };
  for (const [entryId, platform] of platformOf) {
    const view = await tx.entry(entryId);
    if (!view || !isLive(view)) continue;
    const problem = k.problems.find((p) => p.entryId === entryId);
    const result = k.results.get(entryId);
    if (problem) fail(entryId, platform, view.item.title, problem.message, false);
    if (problem || !result) continue;
    if (!result.ok) {
      fail(entryId, platform, view.item.title, result.failure.message, result.failure.platformWide);
      continue;
    }
    const { item: _item, ...entry } = view;
    const state = states.get(entryId) ?? null;
    const read = result.figures;
    const next = nextFigures(entry, state, read, k.overwrite);
    if (next.keptViews || next.keptInteractions) kept++;
    if (next.views !== entry.views || next.interactions !== entry.interactions) {
      const changed: Entry = { ...entry, views: next.views, interactions: next.interactions };
      await tx.replaceEntry(changed);
      updated++;
    }
    const previous = state?.readAt ? { views: state.views, interactions: state.interactions } : null;
    if (!previous || previous.views !== read.views || previous.interactions !== read.interactions) readings.push({ entryId, platform, at, ...read });
    nextStates.push({
      entryId,
      platform,
      views: read.views,
      interactions: read.interactions,
      readAt: at,
      appliedViews: read.views !== null && next.views === read.views ? read.views : (state?.appliedViews ?? null),
      appliedInteractions: read.interactions !== null && next.interactions === read.interactions ? read.interactions : (state?.appliedInteractions ?? null),
      error: null,
      errorAt: null,
    });
  }
  for (const w of wide.values()) errors.push({ platform: w.platform, entryId: null, title: null, message: `${w.message} (${w.posts} bài)` });
  await tx.putMetricStates(nextStates);
  await tx.addMetricReadings(readings);
  await tx.putMetricsRun({ ...k.run, finishedAt: at, updated, errors });
  // A daily round of a commune without posts on the platforms leaves no line in the trail.
  const posts = k.posts.length + k.problems.length;
  if (posts || errors.length) await audit(tx, scope, k.run.by, 'metrics.refresh', null, { after: { posts, updated, errors: errors.length, overwrite: k.overwrite } });
  return { status: 'done', posts: k.posts.length, updated, kept, errors };
}
