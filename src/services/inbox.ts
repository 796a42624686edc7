import { readTopics } from '../domain/fields.js';
import { ENTRY_FIELD_KEYS, type EntryWithItem, entryStamps, type FieldErrors, type Item, ITEM_FIELD_KEYS, itemStamps, type Result } from '../domain/model.js';
import { toLocalIso } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';
import { type InboxPost, postTime, readPostIds } from '../domain/watch.js';
import type { CommuneTx } from '../storage/port.js';
import { audit, pick } from './audit.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** The posts waiting in the inbox ("Tin bài mới phát hiện"), newest first. */
export function inboxOf(scope: Scope): Promise<InboxPost[]> {
  return scope.commune.inboxPosts();
}

/**
 * Logs a found post: an entry on its channel, dated by its publication (Vietnam time), with its link,
 * of the live item titled like it (a content item posted on several channels is one item) or of a new
 * item with its title, format, topics and unit; each write audited. The post is marked logged.
 */
export async function logPost(tx: CommuneTx, scope: Scope, post: InboxPost, topics: readonly string[], actor: string): Promise<EntryWithItem> {
  const now = toLocalIso(scope.clock());
  let item: Item | undefined = (await tx.itemsTitled([post.titleKey])).find((i) => !i.deletedAt);
  if (!item) {
    item = await tx.createItem({ title: post.title, summary: '', format: post.format, topics: [...topics], unit: post.unit, author: '', sourceUrl: null, ...itemStamps(actor, now) });
    await audit(tx, scope, actor, 'item.create', { type: 'item', id: item.id }, { after: pick(item, ITEM_FIELD_KEYS) });
  }
  const entry = await tx.createEntry({ itemId: item.id, channel: post.channel, at: postTime(post), playCount: 1, durationSeconds: null, url: post.url, views: null, interactions: null, note: '', ...entryStamps(actor, now) });
  await audit(tx, scope, actor, 'entry.create', { type: 'entry', id: entry.id }, { after: { itemId: entry.itemId, ...pick(entry, ENTRY_FIELD_KEYS) } });
  await tx.replaceWatchPost({ ...post, topics: [...topics], status: 'logged', decidedAt: now, decidedBy: actor, entryId: entry.id });
  return { ...entry, item };
}

/** The waiting posts among `ids`, or the error naming those that are not (gone, or logged or dismissed by someone else meanwhile). */
async function waiting(tx: CommuneTx, ids: number[]): Promise<Result<InboxPost[]>> {
  const posts = await tx.watchPosts(ids);
  const missing = ids.filter((id) => !posts.some((p) => p.id === id));
  const decided = posts.filter((p) => p.status !== 'new');
  if (missing.length) return { ok: false, errors: { ids: `Không tìm thấy tin bài ${missing.map((id) => `#${id}`).join(', ')} trong danh sách. Chưa lưu gì; vui lòng tải lại trang.` } };
  if (decided.length) return { ok: false, errors: { ids: `${decided.map((p) => `"${p.title}"`).join(', ')} đã được ghi vào sổ hoặc bỏ qua. Chưa lưu gì; vui lòng tải lại trang.` } };
  return { ok: true, value: posts };
}

/**
 * Logs every post of `ids` in one transaction (`{ ids, topics? }`): the topics given replace each
 * post's proposed ones; none given, each keeps its own. All or nothing: an unknown id, a post already
 * logged or dismissed, or a bad topic stores nothing. The entries come back in the order of the ids.
 */
export async function confirmPosts(scope: Scope, raw: Raw, actor: string): Promise<Result<EntryWithItem[]>> {
  const errors: FieldErrors = {};
  const ids = readPostIds(raw);
  if (!ids.ok) Object.assign(errors, ids.errors);
  const topics = readTopics(raw, errors, await vocabularyOf(scope), undefined, true);
  if (!ids.ok || Object.keys(errors).length) return { ok: false, errors };
  return scope.commune.transaction(async (tx) => {
    const posts = await waiting(tx, ids.value);
    if (!posts.ok) return posts;
    const entries: EntryWithItem[] = [];
    for (const post of posts.value) entries.push(await logPost(tx, scope, post, topics.length ? topics : post.topics, actor));
    return { ok: true, value: entries };
  });
}

/** Dismisses every post of `ids` (`{ ids }`), each audited: they leave the inbox and are never proposed again. All or nothing. */
export async function dismissPosts(scope: Scope, raw: Raw, actor: string): Promise<Result<{ dismissed: number }>> {
  const ids = readPostIds(raw);
  if (!ids.ok) return ids;
  return scope.commune.transaction(async (tx) => {
    const posts = await waiting(tx, ids.value);
    if (!posts.ok) return posts;
    const now = toLocalIso(scope.clock());
    for (const post of posts.value) {
      await tx.replaceWatchPost({ ...post, status: 'dismissed', decidedAt: now, decidedBy: actor });
      await audit(tx, scope, actor, 'inbox.dismiss', { type: 'inbox', id: post.id }, { after: { title: post.title, url: post.url, channel: post.channel } });
    }
    return { ok: true, value: { dismissed: posts.value.length } };
  });
}
