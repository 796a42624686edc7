import { channelOfHost } from './link-page.js';

/** The platforms whose figures the app reads for a post. */
export type Platform = 'youtube' | 'facebook' | 'zalo';

export const PLATFORMS: readonly Platform[] = ['youtube', 'facebook', 'zalo'];

export const PLATFORM_LABELS: Record<Platform, string> = { youtube: 'YouTube', facebook: 'Facebook', zalo: 'Zalo OA' };

const PLATFORM_OF_CHANNEL: Record<string, Platform> = { youtube: 'youtube', fanpage: 'facebook', 'zalo-oa': 'zalo' };

/** A post as its platform's API knows it. */
export interface PlatformPost {
  platform: Platform;
  /** YouTube: the video id; Facebook: `{page-id}_{post-id}`; Zalo OA: the article id. */
  id: string;
}

/** A link read: the post it names, or why its post cannot be told (in Vietnamese). */
export type PostOfLink = { ok: true; post: PlatformPost } | { ok: false; platform: Platform; problem: string };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const NUMERIC = /^\d{1,30}$/;
const ZALO_ID = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * The platform post a link leads to: null when the link is not on YouTube, Facebook or Zalo; a problem
 * when it is but the post cannot be told from the link alone (a form the app does not read, or a
 * Facebook link naming the Page by its name while the settings have no Page id). Never a guess.
 */
export function postOfLink(link: string, options: { facebookPageId: string | null }): PostOfLink | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const channel = channelOfHost(url.hostname, null);
  const platform = channel ? PLATFORM_OF_CHANNEL[channel] : undefined;
  if (!platform) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if (platform === 'youtube') return youtubePost(url, parts);
  if (platform === 'facebook') return facebookPost(url, parts, options.facebookPageId);
  return zaloPost(url, parts);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const found = (platform: Platform, id: string): PostOfLink => ({ ok: true, post: { platform, id } });
const problem = (platform: Platform, text: string): PostOfLink => ({ ok: false, platform, problem: text });

function youtubePost(url: URL, parts: string[]): PostOfLink {
  const host = url.hostname.toLowerCase();
  let id: string | null | undefined = null;
  if (host === 'youtu.be' || host.endsWith('.youtu.be')) id = parts[0];
  else if (parts[0] === 'watch') id = url.searchParams.get('v');
  else if (['shorts', 'live', 'embed', 'v'].includes(parts[0] ?? '')) id = parts[1];
  if (id && YOUTUBE_ID.test(id)) return found('youtube', id);
  return problem('youtube', 'Link YouTube này không chỉ tới một video: cần dạng youtube.com/watch?v=…, youtu.be/… hoặc youtube.com/shorts/….');
}

const FACEBOOK_FORMS = 'cần link bài viết dạng facebook.com/<Trang>/posts/<số> hoặc facebook.com/permalink.php?story_fbid=<số>&id=<số>';

function facebookPost(url: URL, parts: string[], pageId: string | null): PostOfLink {
  const first = parts[0] ?? '';
  if (first === 'permalink.php' || first === 'story.php') {
    const story = url.searchParams.get('story_fbid') ?? '';
    const page = url.searchParams.get('id') ?? '';
    if (NUMERIC.test(story) && NUMERIC.test(page)) return found('facebook', `${page}_${story}`);
    if (/^pfbid/i.test(story)) return problem('facebook', pfbid());
    return problem('facebook', `Link Facebook này không đủ mã Trang và mã bài: ${FACEBOOK_FORMS}.`);
  }
  if (parts[1] === 'posts' && parts[2]) {
    const post = parts[2];
    if (/^pfbid/i.test(post)) return problem('facebook', pfbid());
    if (!NUMERIC.test(post)) return problem('facebook', `Không đọc được mã bài trong link Facebook này: ${FACEBOOK_FORMS}.`);
    if (NUMERIC.test(first)) return found('facebook', `${first}_${post}`);
    if (pageId) return found('facebook', `${pageId}_${post}`);
    return problem('facebook', 'Link gọi Trang Facebook bằng tên: hãy nhập Mã Trang Facebook (một dãy số) trong Cài đặt để đọc được bài này.');
  }
  const names = (list: string[]): boolean => list.includes(first) || list.includes(parts[1] ?? '');
  if (names(['videos', 'reel', 'reels', 'watch'])) return problem('facebook', 'Chưa đọc được số liệu của video/reel Facebook: hãy nhập tay.');
  if (names(['share', 'photo', 'photo.php', 'photos']) || /fb\.(me|watch)$/i.test(url.hostname)) {
    return problem('facebook', `Link Facebook dạng chia sẻ/ảnh không cho biết mã bài: ${FACEBOOK_FORMS}.`);
  }
  return problem('facebook', `Link Facebook này không chỉ tới một bài viết: ${FACEBOOK_FORMS}.`);
}

const pfbid = (): string =>
  'Link Facebook dạng pfbid… không cho biết mã bài: hãy mở bài trên Trang, bấm vào thời gian đăng và dán link dạng …/posts/<số> (hoặc permalink.php?story_fbid=<số>).';

function zaloPost(url: URL, parts: string[]): PostOfLink {
  const param = url.searchParams.get('id') ?? url.searchParams.get('article_id') ?? url.searchParams.get('articleId');
  const pathId = parts[0] === 'article' && parts.length === 2 && parts[1] !== 'share' && parts[1] !== 'detail' ? parts[1] : null;
  const id = param ?? pathId;
  if (id && ZALO_ID.test(id)) return found('zalo', id);
  return problem('zalo', 'Link Zalo này không chỉ tới một bài viết của OA: cần link bài dạng oa.zalo.me/article/<mã bài> hoặc có ?id=<mã bài>.');
}
