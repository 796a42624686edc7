import { Parser } from 'htmlparser2';
import { type LocalIso, parseIsoDateTime, toLocalIso } from './time.js';

/** A post as a feed, an API or a section page lists it: its link (absolute), title and publication time (Vietnam time) when told. */
export interface ListedPost {
  url: string;
  title: string;
  publishedAt: LocalIso | null;
}

// A feed holds at most a few hundred items; more than this is not a feed of a commune's posts.
const MAX_ITEMS = 500;
const TEXT_MAX = 4000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, string> = { GMT: 'Z', UT: 'Z', UTC: 'Z', Z: 'Z', EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00', MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00', ICT: '+07:00' };
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A date as feeds and portals write it, in Vietnam time: ISO 8601 (without an offset: Vietnam time),
 * RFC 822 (`Fri, 20 Nov 2026 08:15:00 +0700`; without a zone: Vietnam time), `dd/mm/yyyy HH:mm[:ss]`
 * or ASP.NET's `/Date(1763601300000)/`. Null when it is none of them or has no clock time.
 */
export function readFeedDate(text: string): LocalIso | null {
  const t = text.trim();
  if (!t) return null;
  const iso = parseIsoDateTime(t);
  if (iso) return iso;
  const ms = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/.exec(t);
  if (ms) return toLocalIso(new Date(Number(ms[1])));
  const rfc = /^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,4}|[+-]\d{4})?$/.exec(t);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase()) + 1;
    if (!month) return null;
    const zone = rfc[7] ? (/^[+-]\d{4}$/.test(rfc[7]) ? `${rfc[7].slice(0, 3)}:${rfc[7].slice(3)}` : ZONES[rfc[7].toUpperCase()]) : '+07:00';
    if (!zone) return null;
    return parseIsoDateTime(`${rfc[3]}-${pad(month)}-${pad(Number(rfc[1]))}T${pad(Number(rfc[4]))}:${rfc[5]}:${rfc[6] ?? '00'}${zone}`);
  }
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[\sT,-]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?$/.exec(t);
  if (vn) return parseIsoDateTime(`${vn[3]}-${pad(Number(vn[2]))}-${pad(Number(vn[1]))}T${pad(Number(vn[4]))}:${vn[5]}:${vn[6] ?? '00'}+07:00`);
  return null;
}

/** An absolute http(s) link from an href read on `base`; null for anything else. */
export function absoluteLink(href: string, base: URL): string | null {
  if (!href.trim()) return null;
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The items of an RSS 2.0 or RSS 1.0 feed (`item`: title, link, pubDate or dc:date) or an Atom feed
 * (`entry`: title, the `alternate` link, published or updated), in the feed's order. Items without
 * a title or a link are left out; relative links are read on `base`.
 */
export function readFeed(xml: string, base: URL): ListedPost[] {
  const out: ListedPost[] = [];
  let current: { title: string; link: string; date: string; atomLink: string } | null = null;
  let field: 'title' | 'link' | 'date' | null = null;
  let depth = 0;
  let itemDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        const tag = name.toLowerCase();
        if ((tag === 'item' || tag === 'entry') && !current) {
          current = { title: '', link: '', date: '', atomLink: '' };
          itemDepth = depth;
          return;
        }
        if (!current || depth !== itemDepth + 1) return;
        if (tag === 'title') field = 'title';
        else if (tag === 'link') {
          // Atom names its link in attributes; RSS writes it as text.
          const rel = (attrs.rel ?? 'alternate').toLowerCase();
          if (attrs.href && rel === 'alternate' && !current.atomLink) current.atomLink = attrs.href;
          else if (!attrs.href) field = 'link';
        } else if (['pubdate', 'dc:date', 'published', 'updated'].includes(tag) && !(tag === 'updated' && current.date)) {
          current.date = '';
          field = 'date';
        }
      },
      ontext(text) {
        if (!current || !field) return;
        if (current[field].length < TEXT_MAX) current[field] += text;
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (current && (tag === 'item' || tag === 'entry') && depth === itemDepth) {
          const c: { title: string; link: string; date: string; atomLink: string } = current;
          const link = absoluteLink(c.atomLink || c.link, base);
          const title = c.title.replace(/\s+/g, ' ').trim();
          if (link && title && out.length < MAX_ITEMS) out.push({ url: link, title, publishedAt: readFeedDate(c.date) });
          current = null;
        }
        field = null;
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(xml);
  parser.end();
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field of an article by any of the names vnPortal versions give it (case ignored). */
function pick(o: Obj, names: readonly string[]): unknown {
  for (const [k, v] of Object.entries(o)) if (names.includes(k.toLowerCase()) && v !== null && v !== undefined && v !== '') return v;
  return undefined;
}

/**
 * The articles of a vnPortal public API answer (`/api/public/articles?articleCatID=…`): a list, or a
 * list under `data`, `items`, `articles`, `result` or `value`; each article's title, its link
 * (absolute or read on `base`) and its publication time. Articles without a title or a link are left out.
 */
export function readVnPortal(json: unknown, base: URL): ListedPost[] {
  let list: unknown = json;
  for (let i = 0; i < 3 && isObj(list); i++) list = pick(list, ['data', 'items', 'articles', 'result', 'value', 'list']);
  if (!Array.isArray(list)) return [];
  const out: ListedPost[] = [];
  for (const a of list.slice(0, MAX_ITEMS)) {
    if (!isObj(a)) continue;
    const title = pick(a, ['title', 'articletitle', 'name', 'tieude']);
    const href = pick(a, ['url', 'link', 'articleurl', 'friendlyurl', 'detailurl', 'href']);
    const date = pick(a, ['publisheddate', 'publishdate', 'publisheddatetime', 'datepublished', 'publishedat', 'createddate', 'createdat', 'ngayxuatban']);
    const link = typeof href === 'string' ? absoluteLink(href, base) : null;
    if (typeof title !== 'string' || !title.trim() || !link) continue;
    out.push({ url: link, title: title.replace(/\s+/g, ' ').trim(), publishedAt: typeof date === 'string' ? readFeedDate(date) : typeof date === 'number' ? toLocalIso(new Date(date)) : null });
  }
  return out;
}

/** The message of a vnPortal error answer (`{"message":"Khong co thong tin"}`), or null. */
export function vnPortalMessage(json: unknown): string | null {
  if (!isObj(json)) return null;
  const m = pick(json, ['message', 'error', 'msg']);
  return typeof m === 'string' && m.trim() ? m.trim().slice(0, 300) : null;
}
