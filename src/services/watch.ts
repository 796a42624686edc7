import { foldText } from '../domain/text.js';
import { toLocalIso } from '../domain/time.js';
import { type InboxPost, linkKey, linkVariants, proposal, WATCH_USER } from '../domain/watch.js';
import type { CommuneTx } from '../storage/port.js';
import { logPost } from './inbox.js';
import type { FetchRules } from './page-fetch.js';
import type { Scope } from './scope.js';
import { type KnownLinks, readPlace } from './watch-read.js';

/** What a watch did: how many posts went to the inbox, how many were logged at once, and each place that could not be read. */
export interface WatchResult {
  proposed: number;
  logged: number;
  errors: { placeId: number; url: string; error: string }[];
}

type Proposal = NonNullable<ReturnType<typeof proposal>>;

/** Of these links, those of a post found before (any status) or of an entry of the log. */
function knownLinks(scope: Scope): KnownLinks {
  return async (urls) => {
    const keys = new Map(urls.flatMap((u) => (linkKey(u) ? [[u, linkKey(u)!] as const] : [])));
    const found = new Set((await scope.commune.postsMatching([...keys.values()], [])).map((p) => p.urlKey));
    const logged = await scope.commune.linkedEntries(urls.flatMap(linkVariants));
    for (const e of logged) found.add(linkKey(e.url) ?? '');
    return new Set(urls.filter((u) => !keys.has(u) || found.has(keys.get(u)!)));
  };
}

/**
 * The proposals not proposed before: a link found before (any status) or in the log, a title (folded)
 * found before on that channel or logged on it, or twice in this batch (a vnPortal article filed in two
 * sections), is left out. Read outside the transaction; the transaction checks the found posts again.
 */
async function unseen(scope: Scope, proposals: Proposal[]): Promise<Proposal[]> {
  if (!proposals.length) return [];
  const known = knownLinks(scope);
  const linked = await known(proposals.map((p) => p.url));
  const titles = [...new Set(proposals.map((p) => p.titleKey))];
  const posts = await scope.commune.postsMatching([], titles);
  const onChannel = new Set(posts.map((p) => `${p.channel}|${p.titleKey}`));
  for (const item of await scope.commune.itemsTitled(titles)) {
    for (const e of await scope.commune.entriesOfItem(item.id)) onChannel.add(`${e.channel}|${foldText(item.title)}`);
  }
  const batch = new Set<string>();
  return proposals.filter((p) => {
    const keys = [`url|${p.urlKey}`, `${p.channel}|${p.titleKey}`];
    if (linked.has(p.url) || onChannel.has(keys[1]!) || keys.some((k) => batch.has(k))) return false;
    for (const k of keys) batch.add(k);
    return true;
  });
}

/** Stores a place's new posts (logging them at once for an autoLog place) and how its reading went, in one transaction. */
async function storeFound(tx: CommuneTx, scope: Scope, placeId: number, found: Proposal[], error: string | null): Promise<{ proposed: number; logged: number }> {
  const place = await tx.watchPlace(placeId);
  // Removed while it was being read: nothing of it is kept.
  if (!place || place.deletedAt) return { proposed: 0, logged: 0 };
  const again = await tx.postsMatching(found.map((p) => p.urlKey), found.map((p) => p.titleKey));
  const fresh = found.filter((p) => !again.some((a) => a.urlKey === p.urlKey || (a.titleKey === p.titleKey && a.channel === p.channel)));
  const made = await tx.createWatchPosts(fresh.map((p): Omit<InboxPost, 'id'> => ({ ...p, status: 'new', decidedAt: null, decidedBy: null, entryId: null })));
  if (place.autoLog) for (const post of made) await logPost(tx, scope, post, post.topics, WATCH_USER);
  await tx.replaceWatchPlace({ ...place, checkedAt: toLocalIso(scope.clock()), error });
  return place.autoLog ? { proposed: 0, logged: made.length } : { proposed: made.length, logged: 0 };
}

// The run of each commune going on in this process: a second "Kiểm tra ngay" meanwhile joins it
// rather than asking the portal everything again (other processes' runs are kept apart by the checks
// of `storeFound`, made under the commune's lock).
const running = new WeakMap<object, Promise<WatchResult>>();

/**
 * Reads every place of the commune once (one after another; a place that fails is reported and the
 * others are read) and puts the posts never seen before into the inbox, or into the log for a place
 * that logs without confirmation. What "Kiểm tra ngay" and the scheduled job run.
 */
export function runWatch(scope: Scope, rules: FetchRules): Promise<WatchResult> {
  const going = running.get(scope.commune);
  if (going) return going;
  const run = watchAll(scope, rules).finally(() => running.delete(scope.commune));
  running.set(scope.commune, run);
  return run;
}

async function watchAll(scope: Scope, rules: FetchRules): Promise<WatchResult> {
  const result: WatchResult = { proposed: 0, logged: 0, errors: [] };
  const known = knownLinks(scope);
  for (const place of await scope.commune.watchPlaces()) {
    const reading = await readPlace(place, rules, known);
    const proposals = reading.posts.flatMap((p) => proposal(place, p, scope.clock()) ?? []);
    const found = await unseen(scope, proposals);
    const stored = await scope.commune.transaction((tx) => storeFound(tx, scope, place.id, found, reading.error));
    result.proposed += stored.proposed;
    result.logged += stored.logged;
    if (reading.error) result.errors.push({ placeId: place.id, url: place.url, error: reading.error });
  }
  return result;
}

/** The round a scheduled run belongs to: the minute it was due, the same in every process on the schedule. */
export function roundOf(due: Date): string {
  return toLocalIso(new Date(Math.floor(due.getTime() / 60_000) * 60_000));
}

/**
 * Claims a round of the scheduled watch for this commune: true for the first process to ask (the
 * claim is a transaction under the commune's lock, so two processes cannot both win), false for every
 * later one, and for a round older than one already run.
 */
export async function claimRound(scope: Scope, round: string): Promise<boolean> {
  return scope.commune.transaction(async (tx) => {
    const last = await tx.watchRound();
    if (last !== null && last >= round) return false;
    await tx.setWatchRound(round);
    return true;
  });
}

/** The scheduled watch of one commune: run once per round however many processes are on the schedule; null when another took the round. */
export async function runWatchRound(scope: Scope, rules: FetchRules, due: Date): Promise<WatchResult | null> {
  if (!(await scope.commune.watchPlaces()).length) return null;
  if (!(await claimRound(scope, roundOf(due)))) return null;
  return runWatch(scope, rules);
}
