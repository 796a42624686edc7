import { describe, expect, it } from 'vitest';
import { countOf, platformWords, readArticleSlice, readGraphPost, readVideoList } from '../../src/domain/platform-answers.js';

describe('readVideoList (YouTube videos.list, part=statistics)', () => {
  it('reads viewCount as views and likeCount + commentCount as interactions, either may be hidden', () => {
    const read = readVideoList(200, {
      kind: 'youtube#videoListResponse',
      items: [
        { kind: 'youtube#video', id: 'aaaaaaaaaaa', statistics: { viewCount: '1085', likeCount: '12', dislikeCount: '0', favoriteCount: '0', commentCount: '3' } },
        { kind: 'youtube#video', id: 'bbbbbbbbbbb', statistics: { viewCount: '40', commentCount: '2' } },
        { kind: 'youtube#video', id: 'ccccccccccc', statistics: { viewCount: '7' } },
      ],
    });
    expect(read.ok && [...read.videos]).toEqual([
      ['aaaaaaaaaaa', { views: 1085, interactions: 15 }],
      ['bbbbbbbbbbb', { views: 40, interactions: 2 }],
      ['ccccccccccc', { views: 7, interactions: null }],
    ]);
  });

  it.each([
    [403, 'quotaExceeded', 'quota', true, /^YouTube báo đã dùng hết hạn mức gọi \(quota\) trong ngày.*YouTube trả lời: “The request cannot be completed because you have exceeded your quota\.”$/],
    [403, 'rateLimitExceeded', 'rate', true, /^YouTube báo gọi quá nhiều/],
    [400, 'keyInvalid', 'token', true, /^YouTube không nhận khóa API/],
    [403, 'accessNotConfigured', 'token', true, /^YouTube không nhận khóa API/],
    [400, 'badRequest', 'answer', false, /^YouTube trả lời lỗi 400/],
    [503, 'backendError', 'answer', true, /^YouTube trả lời lỗi 503/],
  ])('reads a %i %s error as %s', (status, reason, kind, platformWide, message) => {
    const read = readVideoList(status, { error: { code: status, message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', errors: [{ domain: 'youtube.quota', reason }] } });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.failure).toMatchObject({ kind, platformWide });
    expect(read.failure.message).toMatch(message);
  });

  it('takes a key refused with "API key not valid" (reason badRequest) for a key problem, and a bare 429 for a rate limit', () => {
    const bad = readVideoList(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', errors: [{ reason: 'badRequest' }] } });
    expect(!bad.ok && bad.failure.kind).toBe('token');
    const many = readVideoList(429, 'Too Many Requests');
    expect(!many.ok && many.failure).toMatchObject({ kind: 'rate', platformWide: true, message: 'YouTube báo gọi quá nhiều trong thời gian ngắn: sẽ thử lại ở lần cập nhật sau.' });
  });
});

describe('readGraphPost (Facebook Page post with insights)', () => {
  const post = {
    id: '100064123456789_1234567890123',
    shares: { count: 3 },
    reactions: { data: [], summary: { total_count: 21, viewer_reaction: 'NONE' } },
    comments: { data: [], summary: { order: 'ranked', total_count: 4, can_comment: true } },
    insights: { data: [{ name: 'post_media_view', period: 'lifetime', values: [{ value: 830 }], title: 'Lifetime Media Views', id: 'x/insights/post_media_view/lifetime' }], paging: {} },
  };

  it('reads post_media_view as views and reactions + comments + shares as interactions', () => {
    expect(readGraphPost(200, post)).toEqual({ ok: true, figures: { views: 830, interactions: 28 } });
  });

  it('counts no shares when Graph leaves `shares` out (a post never shared), and no views without the metric', () => {
    const { shares: _s, insights: _i, ...bare } = post;
    expect(readGraphPost(200, bare)).toEqual({ ok: true, figures: { views: null, interactions: 25 } });
  });

  it.each([
    [400, { message: 'Error validating access token: Session has expired on Friday, 20-Nov-26 01:00:00 PST.', type: 'OAuthException', code: 190, error_subcode: 463 }, 'token', true],
    [400, { message: 'Error validating access token: The user has not authorized application 123.', type: 'OAuthException', code: 190, error_subcode: 458 }, 'token', true],
    [400, { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32 }, 'rate', true],
    [403, { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4 }, 'rate', true],
    [400, { message: "Unsupported get request. Object with ID '1_2' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", type: 'GraphMethodException', code: 100, error_subcode: 33 }, 'gone', false],
    [400, { message: '(#100) The value must be a valid insights metric', type: 'OAuthException', code: 100 }, 'answer', false],
    [500, { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1 }, 'answer', true],
  ])('reads a %i answer %o as %s', (status, error, kind, platformWide) => {
    const read = readGraphPost(status, { error: { ...error, fbtrace_id: 'AbC' } });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.failure).toMatchObject({ kind, platformWide });
    expect(read.failure.message).toContain(`Facebook trả lời: “${error.message}”`);
  });
});

describe('readArticleSlice (Zalo OA article/getslice)', () => {
  it('reads total_view as views and total_share as interactions, with each article id and time', () => {
    const read = readArticleSlice(200, {
      error: 0,
      message: 'Success',
      data: {
        medias: [
          { id: 'a1b2c3', type: 'normal', title: 'Bài 1', status: 'show', total_view: 312, total_share: 9, create_date: 1763517600000 },
          { id: 'd4e5f6', type: 'normal', title: 'Bài 2', status: 'show', total_view: 5, total_share: 0, create_date: 1763517600, link: 'https://oa.zalo.me/article/d4e5f6' },
        ],
        total: 2,
      },
    });
    expect(read).toEqual({
      ok: true,
      articles: [
        { id: 'a1b2c3', figures: { views: 312, interactions: 9 }, createdAt: 1763517600000, link: null },
        { id: 'd4e5f6', figures: { views: 5, interactions: 0 }, createdAt: 1763517600000, link: 'https://oa.zalo.me/article/d4e5f6' },
      ],
    });
  });

  it.each([
    [200, { error: -216, message: 'Access token is invalid' }, 'token', /^Zalo OA không nhận mã truy cập.*Zalo OA trả lời: “Access token is invalid”$/],
    [200, { error: -201, message: 'maximum limit is 10' }, 'answer', /^Zalo OA trả lời lỗi: sẽ thử lại.*“maximum limit is 10”$/],
    [200, { error: -32, message: 'Request exceeds rate limit' }, 'rate', /^Zalo OA báo gọi quá nhiều/],
    [200, { error: -201, message: 'type accept only 2 value normal and video.' }, 'answer', /^Zalo OA trả lời lỗi: sẽ thử lại/],
    [429, {}, 'rate', /^Zalo OA báo gọi quá nhiều/],
  ])('reads a %i answer %o as %s, for the whole OA', (status, body, kind, message) => {
    const read = readArticleSlice(status, body);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.failure).toMatchObject({ kind, platformWide: true });
    expect(read.failure.message).toMatch(message);
  });
});

describe('countOf and platformWords', () => {
  it('reads counts as numbers or digit strings, capped at the largest figure kept', () => {
    expect([countOf(12), countOf('1520'), countOf('-3'), countOf(1.5), countOf(null), countOf('99999999999')]).toEqual([12, 1520, null, null, null, 1_000_000_000]);
  });

  it('keeps a platform message as one plain line without markup, at most 300 characters', () => {
    expect(platformWords('exceeded your <a href="/x">quota</a>.\n Try later')).toBe('exceeded your quota. Try later');
    expect(platformWords('x'.repeat(400))?.length).toBe(300);
    expect(platformWords(42)).toBeNull();
  });
});
