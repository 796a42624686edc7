import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A web server on a loopback address that answers like the three platforms, from their documented
 * shapes: YouTube Data API v3 `videos.list?part=statistics` (key in `X-Goog-Api-Key`), the Facebook
 * Graph API's Page post with `shares`, `reactions`/`comments` summaries and `insights.metric(...)`
 * (token as a Bearer), Zalo OA `v2.0/article/getslice` (token in the `access_token` header, at most 10
 * a call, newest first). Their error answers too: Graph's OAuthException 190 for a revoked token and
 * code 100/33 for a post that is gone, its "invalid insights metric" for a retired metric, YouTube's
 * `quotaExceeded` 403 and `keyInvalid` 400, a 429, Zalo's -216 "Access token is invalid". Each test
 * sets the figures and failures; every request is recorded.
 */
export interface PlatformServer {
  base: string;
  port: number;
  /** Every request: its path and query, and its headers. */
  hits: { path: string; headers: http.IncomingHttpHeaders }[];
  youtube: { key: string; videos: Map<string, Record<string, string>>; fail: { status: number; body: unknown } | null };
  graph: { token: string; posts: Map<string, { views?: number; reactions: number; comments: number; shares?: number }>; fail: { status: number; body: unknown } | null };
  zalo: { token: string; articles: { id: string; type: 'normal' | 'video'; total_view: number; total_share: number; create_date: number }[]; fail: { status: number; body: unknown } | null };
  close(): Promise<void>;
}

export const YOUTUBE_KEY = 'AIzaSyTestKey-0123456789abcdefghijk';
export const GRAPH_TOKEN = 'EAAGtestPageToken0123456789abcdefghijklmnopqrstuvwxyz';
export const ZALO_TOKEN = 'zalo-oa-test-token-0123456789-abcdefghijklmnop';

/** Graph's answer to a token that expired or was revoked (HTTP 400, code 190). */
export const GRAPH_REVOKED = {
  status: 400,
  body: { error: { message: 'Error validating access token: The user has not authorized application 1234567890.', type: 'OAuthException', code: 190, error_subcode: 458, fbtrace_id: 'AbCdEfGh123' } },
};
/** YouTube's answer once the day's quota is spent (HTTP 403). */
export const YOUTUBE_QUOTA = {
  status: 403,
  body: {
    error: {
      code: 403,
      message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
      errors: [{ message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', domain: 'youtube.quota', reason: 'quotaExceeded' }],
    },
  },
};
export const TOO_MANY = { status: 429, body: { error: { code: 429, message: 'Too Many Requests' } } };

const send = (res: http.ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
};

function youtube(s: PlatformServer, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (s.youtube.fail) return send(res, s.youtube.fail.status, s.youtube.fail.body);
  if (req.headers['x-goog-api-key'] !== s.youtube.key) {
    return send(res, 400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
  }
  const ids = (url.searchParams.get('id') ?? '').split(',').filter(Boolean);
  if (url.searchParams.get('part') !== 'statistics' || ids.length > 50) return send(res, 400, { error: { code: 400, message: 'Bad request', errors: [{ reason: 'badRequest' }] } });
  const items = ids.flatMap((id) => (s.youtube.videos.has(id) ? [{ kind: 'youtube#video', etag: 'x', id, statistics: s.youtube.videos.get(id) }] : []));
  send(res, 200, { kind: 'youtube#videoListResponse', etag: 'y', items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } });
}

function graph(s: PlatformServer, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (s.graph.fail) return send(res, s.graph.fail.status, s.graph.fail.body);
  if (req.headers.authorization !== `Bearer ${s.graph.token}`) return send(res, GRAPH_REVOKED.status, GRAPH_REVOKED.body);
  const fields = url.searchParams.get('fields') ?? '';
  if (/post_impressions/.test(fields)) return send(res, 400, { error: { message: '(#100) The value must be a valid insights metric', type: 'OAuthException', code: 100, fbtrace_id: 'x' } });
  const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const post = s.graph.posts.get(id);
  if (!post) {
    return send(res, 400, { error: { message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'x' } });
  }
  const body: Record<string, unknown> = {
    id,
    reactions: { data: [], summary: { total_count: post.reactions, viewer_reaction: 'NONE' } },
    comments: { data: [], summary: { order: 'ranked', total_count: post.comments, can_comment: true } },
  };
  if (post.shares !== undefined) body.shares = { count: post.shares };
  if (post.views !== undefined) {
    body.insights = { data: [{ name: 'post_media_view', period: 'lifetime', values: [{ value: post.views }], title: 'Lifetime Media Views', description: 'Lifetime: The number of times your post was on screen.', id: `${id}/insights/post_media_view/lifetime` }], paging: {} };
  }
  send(res, 200, body);
}

function zalo(s: PlatformServer, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (s.zalo.fail) return send(res, s.zalo.fail.status, s.zalo.fail.body);
  if (req.headers.access_token !== s.zalo.token) return send(res, 200, { error: -216, message: 'Access token is invalid' });
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 5);
  const type = url.searchParams.get('type');
  if (limit > 10) return send(res, 200, { error: -201, message: 'maximum limit is 10' });
  if (type !== 'normal' && type !== 'video') return send(res, 200, { error: -201, message: 'type accept only 2 value normal and video.' });
  const list = s.zalo.articles.filter((a) => a.type === type).sort((a, b) => b.create_date - a.create_date);
  const medias = list.slice(offset, offset + limit).map((a) => ({ id: a.id, type: a.type, title: `Bài ${a.id}`, status: 'show', total_view: a.total_view, total_share: a.total_share, create_date: a.create_date, update_date: a.create_date, thumb: 'https://example.invalid/t.jpg' }));
  send(res, 200, { error: 0, message: 'Success', data: { medias, total: list.length } });
}

/** Starts the three platforms' test server on a loopback address. */
export async function startPlatformServer(host = '127.0.0.1'): Promise<PlatformServer> {
  const s = {
    hits: [],
    youtube: { key: YOUTUBE_KEY, videos: new Map(), fail: null },
    graph: { token: GRAPH_TOKEN, posts: new Map(), fail: null },
    zalo: { token: ZALO_TOKEN, articles: [], fail: null },
  } as unknown as PlatformServer;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    s.hits.push({ path: `${url.pathname}${url.search}`, headers: req.headers });
    if (url.pathname === '/youtube/v3/videos') return youtube(s, url, req, res);
    if (url.pathname.startsWith('/graph/v25.0/')) return graph(s, url, req, res);
    if (url.pathname === '/zalo/v2.0/article/getslice') return zalo(s, url, req, res);
    send(res, 404, { error: { message: 'Unknown path' } });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  s.port = port;
  s.base = `http://${host}:${port}`;
  s.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return s;
}

/** The app's platform addresses on a test server. */
export const platformUrls = (s: PlatformServer) => ({ youtubeApiUrl: `${s.base}/youtube/v3`, facebookGraphUrl: `${s.base}/graph/v25.0`, zaloOaApiUrl: `${s.base}/zalo` });
