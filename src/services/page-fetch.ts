import dns from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { isIpAddress, isPublicAddress } from '../domain/addresses.js';

/** How the server fetches a page a user pasted the link of. */
export interface FetchRules {
  /** Hosts fetched whatever their addresses (an intranet portal; the tests' 127.0.0.1), lower case. */
  allowHosts: readonly string[];
  /** The whole fetch, redirects included, in milliseconds. */
  timeoutMs: number;
  /** The most bytes of a page read (after decompression). */
  maxBytes: number;
  /** The most redirects followed. */
  maxRedirects: number;
}

export const DEFAULT_FETCH_RULES: FetchRules = { allowHosts: [], timeoutMs: 5000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3 };

/** Why a page was not fetched, in words for the user (Vietnamese). */
export class FetchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchRefused';
  }
}

/** A fetched page: where it was finally read, its Content-Type and its bytes. */
export interface FetchedPage {
  url: URL;
  contentType: string | undefined;
  body: Buffer;
}

/** A polite user agent: says what reads the page, for the portal's and the platforms' logs. */
export const USER_AGENT = 'Mozilla/5.0 (compatible; CCHC-log/1.0; commune propaganda log)';

const HEADERS = {
  'User-Agent': USER_AGENT,
  'Accept-Language': 'vi,en;q=0.5',
  'Accept-Encoding': 'gzip, deflate, br',
};

const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';

/** What else a fetch asks for: its Accept header, more headers (a platform's token), and whether an error answer is read. */
export interface FetchOptions {
  accept?: string;
  headers?: Record<string, string>;
  /** Return a 4xx/5xx answer with its body (a platform's JSON error) instead of refusing it. */
  errorAnswers?: boolean;
  /** The Content-Types read (checked before the body is read); others are refused. */
  types?: RegExp;
}

/** A fetched answer: where it was finally read, its status, Content-Type and bytes. */
export interface FetchedAnswer extends FetchedPage {
  status: number;
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');

const seconds = (ms: number): string => (ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toLocaleString('vi-VN'));

/** Refuses a link the server must not fetch: not http(s), with a password in it, or naming an address it may not reach. */
function checkUrl(url: URL, rules: FetchRules): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused('Chỉ đọc được link bắt đầu bằng http:// hoặc https://.');
  if (url.username || url.password) throw new FetchRefused('Link có tên đăng nhập hoặc mật khẩu bên trong: không đọc link này.');
  const host = hostOf(url);
  if (!rules.allowHosts.includes(host) && isIpAddress(host) && !isPublicAddress(host)) throw new FetchRefused(refusedAddress(host));
}

const refusedAddress = (host: string): string => `Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (${host}).`;

/**
 * A lookup for http.request that resolves every address of the host and refuses the host when one of
 * them is not a public address (unless the host is allowed): the connection then goes to an address
 * checked here, so a name that resolves differently a moment later (DNS rebinding) reaches nothing else.
 */
function checkedLookup(rules: FetchRules): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true, family: options.family }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const host = hostname.toLowerCase().replace(/\.$/, '');
      const bad = rules.allowHosts.includes(host) ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (bad || !addresses.length) return callback(new FetchRefused(refusedAddress(`${host} → ${bad?.address ?? '?'}`)), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** One request: its answer's head, and its body stream (decompressed), or the error in words. */
function request(url: URL, rules: FetchRules, signal: AbortSignal, options: FetchOptions): Promise<IncomingMessage> {
  checkUrl(url, rules);
  const client = url.protocol === 'https:' ? https : http;
  const headers = { ...options.headers, ...HEADERS, Accept: options.accept ?? HTML_ACCEPT };
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'GET', headers, lookup: checkedLookup(rules), signal, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads a body to at most `maxBytes`, decompressed; past it, refuses. */
async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const length = Number(res.headers['content-length']);
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const tooLarge = new FetchRefused(`Trang quá lớn (hơn ${Math.round(maxBytes / 1024 / 1024)} MB): không đọc hết được, hãy nhập tay.`);
  if (!encoding && Number.isFinite(length) && length > maxBytes) {
    res.destroy();
    throw tooLarge;
  }
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  // A pipeline, not a pipe: the answer cut off (the time limit) must end the decompression with its error.
  const source = decoder ? pipeline(res, decoder, () => undefined) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge;
      chunks.push(chunk);
    }
  } finally {
    res.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks, size);
}

/** The words for a failed connection or request. */
function failure(err: unknown, url: URL, rules: FetchRules, signal: AbortSignal): FetchRefused {
  if (err instanceof FetchRefused) return err;
  if (signal.aborted) return new FetchRefused(`Trang không trả lời trong ${seconds(rules.timeoutMs)} giây: hãy thử lại sau hoặc nhập tay.`);
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  // A refusal from the lookup comes back wrapped by some Node versions.
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof FetchRefused) return cause;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FetchRefused(`Không tìm thấy trang web ${hostOf(url)}: kiểm tra lại link.`);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new FetchRefused(`Không kết nối được tới ${hostOf(url)}.`);
  if (/CERT|SSL|TLS/i.test(code)) return new FetchRefused(`Không kết nối an toàn (HTTPS) được tới ${hostOf(url)}.`);
  if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1' || /^Z_|^ERR__?BROTLI/i.test(code)) return new FetchRefused('Trang gửi về dữ liệu nén bị hỏng.');
  return new FetchRefused(`Không đọc được trang ${hostOf(url)}${code ? ` (${code})` : ''}.`);
}

/**
 * Fetches a web page for a user: http(s) only; the host's every address checked before connecting, and
 * the connection made to a checked one; redirects followed by hand, each checked again; the whole in
 * `timeoutMs` and at most `maxBytes`. Anything else is a FetchRefused with the reason in Vietnamese.
 */
export async function fetchPage(link: URL, rules: FetchRules): Promise<FetchedPage> {
  return fetchAnswer(link, rules, { accept: HTML_ACCEPT, types: /^\s*(text\/html|application\/xhtml\+xml)\b/i });
}

/**
 * Fetches any answer (a page, a feed, a platform's JSON) under the same rules as fetchPage, one fetch at
 * a time per host (a portal or a platform is never sent two requests at once by this server). A 4xx/5xx
 * answer is refused in words, or returned with its body when `errorAnswers` (the platform says why).
 */
export function fetchAnswer(link: URL, rules: FetchRules, options: FetchOptions = {}): Promise<FetchedAnswer> {
  return oneAtATime(hostOf(link), () => fetchNow(link, rules, options));
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `job` after every earlier job for the same host has ended (well or not). */
function oneAtATime<T>(host: string, job: () => Promise<T>): Promise<T> {
  const before = queues.get(host) ?? Promise.resolve();
  const mine = before.then(job, job);
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(host, settled);
  void settled.then(() => {
    if (queues.get(host) === settled) queues.delete(host);
  });
  return mine;
}

async function fetchNow(link: URL, rules: FetchRules, options: FetchOptions): Promise<FetchedAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), rules.timeoutMs);
  let url = link;
  try {
    for (let redirects = 0; ; redirects++) {
      let res: IncomingMessage;
      try {
        res = await request(url, rules, controller.signal, options);
      } catch (err) {
        throw failure(err, url, rules, controller.signal);
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.destroy();
        if (redirects >= rules.maxRedirects) throw new FetchRefused(`Link chuyển hướng quá ${rules.maxRedirects} lần: hãy dán link cuối cùng của bài.`);
        try {
          url = new URL(res.headers.location, url);
        } catch {
          throw new FetchRefused('Trang chuyển hướng tới một địa chỉ không đọc được.');
        }
        continue;
      }
      if ((status < 200 || status >= 300) && !(options.errorAnswers && status >= 400)) {
        res.destroy();
        throw new FetchRefused(`Trang trả lời lỗi ${status}${status === 404 ? ' (không tìm thấy bài)' : status === 401 || status === 403 ? ' (không cho đọc)' : ''}: kiểm tra lại link.`);
      }
      const contentType = res.headers['content-type'];
      if (contentType && options.types && !options.types.test(contentType)) {
        res.destroy();
        throw new FetchRefused('Link không dẫn tới một trang web (có thể là tệp tải về): hãy nhập tay.');
      }
      try {
        return { url, status, contentType, body: await readBody(res, rules.maxBytes) };
      } catch (err) {
        throw failure(err, url, rules, controller.signal);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
