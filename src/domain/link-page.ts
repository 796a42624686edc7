import { Parser } from 'htmlparser2';
import { LIMITS } from './fields.js';
import { capChars, cleanLine } from './text.js';
import { type LocalIso, parseIsoDateTime } from './time.js';

/** What a web page says of itself: its title and when it was published (Vietnam time), each null when it does not say. */
export interface PageFacts {
  title: string | null;
  publishedAt: LocalIso | null;
}

// Text collected from a page is capped while it is read: a page of 2 MB of <title> keeps no more than this.
const COLLECT_MAX = 4000;
// JSON-LD blocks larger than this are not read (an article's metadata is a few kilobytes).
const JSON_LD_MAX = 200_000;

/**
 * Reads a page's title (`og:title`, else `<title>`) and publication time (`article:published_time`,
 * then JSON-LD `datePublished`, also inside `@graph`, then `itemprop="datePublished"`, then the first
 * `<time datetime>`), with an HTML parser (htmlparser2) that forgives broken markup. Values are plain
 * text, one line, capped at a title's length; times without a clock time (a date alone) are not used.
 */
export function readPage(html: string): PageFacts {
  // One object, not loose variables: they are set in the parser's callbacks.
  const seen: { ogTitle: string | null; title: string | null; metaTime: string | null; itempropTime: string | null } = { ogTitle: null, title: null, metaTime: null, itempropTime: null };
  const timeAttrs: string[] = [];
  const jsonLd: string[] = [];
  let collecting: 'title' | 'ld' | null = null;
  let buffer = '';
  let svgDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'svg') svgDepth++;
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').trim().toLowerCase();
          const content = attrs.content;
          if (content === undefined) return;
          if (key === 'og:title' && seen.ogTitle === null) seen.ogTitle = content;
          else if (key === 'article:published_time' && seen.metaTime === null) seen.metaTime = content;
          else if (attrs.itemprop?.trim().toLowerCase() === 'datepublished' && seen.itempropTime === null) seen.itempropTime = content;
        } else if (name === 'title' && svgDepth === 0 && seen.title === null) {
          collecting = 'title';
          buffer = '';
        } else if (name === 'script' && /ld\+json/i.test(attrs.type ?? '')) {
          collecting = 'ld';
          buffer = '';
        } else if (name === 'time' && attrs.datetime && timeAttrs.length < 20) {
          timeAttrs.push(attrs.datetime);
        }
      },
      ontext(text) {
        if (collecting === 'title' && buffer.length < COLLECT_MAX) buffer += text;
        else if (collecting === 'ld' && buffer.length <= JSON_LD_MAX) buffer += text;
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth--;
        if (name === 'title' && collecting === 'title') {
          seen.title = buffer;
          collecting = null;
        } else if (name === 'script' && collecting === 'ld') {
          if (buffer.length <= JSON_LD_MAX) jsonLd.push(buffer);
          collecting = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const published = [seen.metaTime, ...jsonLd.map(datePublishedOf), seen.itempropTime, ...timeAttrs]
    .map((t) => (typeof t === 'string' && /\d[T ]\d/.test(t) ? parseIsoDateTime(t) : null))
    .find((t) => t !== null);
  return { title: textOf(seen.ogTitle) ?? textOf(seen.title), publishedAt: published ?? null };
}

/** One line of page text, at most a title's length; null when nothing is left. */
function textOf(value: string | null): string | null {
  if (value === null) return null;
  const text = capChars(cleanLine(value).replace(/\s+/g, ' '), LIMITS.title);
  return text || null;
}

/** The `datePublished` of a JSON-LD block: of its top object(s) or of a node of its `@graph`. */
function datePublishedOf(block: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(block);
  } catch {
    return null;
  }
  const nodes: unknown[] = Array.isArray(data) ? [...data] : [data];
  for (let i = 0; i < nodes.length && i < 200; i++) {
    const node = nodes[i];
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    const o = node as Record<string, unknown>;
    if (typeof o.datePublished === 'string') return o.datePublished;
    if (Array.isArray(o['@graph'])) nodes.push(...o['@graph']);
  }
  return null;
}

/**
 * The character set a page is written in: its byte-order mark, else the Content-Type header's
 * `charset`, else the first `<meta charset>` (or `http-equiv="Content-Type"`) in its first bytes (read as
 * latin1, which keeps every byte), else UTF-8. A lower-case label, for the decoder to check.
 */
export function charsetOf(contentType: string | undefined, head: string): string {
  if (head.startsWith('\u00ef\u00bb\u00bf')) return 'utf-8';
  if (head.startsWith('\u00ff\u00fe')) return 'utf-16le';
  if (head.startsWith('\u00fe\u00ff')) return 'utf-16be';
  const fromHeader = charsetParam(contentType ?? '');
  if (fromHeader) return fromHeader;
  const meta: { charset: string | null } = { charset: null };
  const parser = new Parser({
    onopentag(name, attrs) {
      if (meta.charset || name !== 'meta') return;
      if (attrs.charset) meta.charset = attrs.charset.trim().toLowerCase() || null;
      else if (attrs['http-equiv']?.trim().toLowerCase() === 'content-type') meta.charset = charsetParam(attrs.content ?? '');
    },
  });
  parser.write(head);
  parser.end();
  // A page that says UTF-16 in its own (ASCII-readable) markup cannot be UTF-16 (the HTML standard reads it as UTF-8).
  if (!meta.charset || /^utf-?16/.test(meta.charset)) return 'utf-8';
  return meta.charset;
}

function charsetParam(contentType: string): string | null {
  for (const part of contentType.split(';').slice(1)) {
    const [key, value] = part.split('=', 2);
    if (key?.trim().toLowerCase() === 'charset' && value) return value.trim().replace(/^["']|["']$/g, '').toLowerCase() || null;
  }
  return null;
}

/** A host name as compared: lower case, without a final dot or a leading `www.`. */
export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

/** Whether `host` is `domain` or one of its sub-domains. */
function within(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const SOCIAL_HOSTS: [string, string][] = [
  ['facebook.com', 'fanpage'],
  ['fb.com', 'fanpage'],
  ['fb.watch', 'fanpage'],
  ['fb.me', 'fanpage'],
  ['youtube.com', 'youtube'],
  ['youtu.be', 'youtube'],
  ['zalo.me', 'zalo-oa'],
];

/**
 * The channel a link's host names: the commune's own portal (`portalHost` from the settings, its
 * sub-domains too), Facebook, YouTube or Zalo; null for any other host (the user chooses).
 */
export function channelOfHost(host: string, portalHost: string | null): string | null {
  const h = normaliseHost(host);
  if (!h) return null;
  const portal = portalHost ? normaliseHost(portalHost) : '';
  if (portal && within(h, portal)) return 'portal';
  return SOCIAL_HOSTS.find(([domain]) => within(h, domain))?.[1] ?? null;
}
