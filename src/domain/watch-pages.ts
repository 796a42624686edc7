import { Parser } from 'htmlparser2';
import { normaliseHost } from './link-page.js';
import type { LocalIso } from './time.js';
import { absoluteLink, readFeedDate } from './watch-feeds.js';

/** A link to an article on a section page, with its text (the title a list shows). */
export interface ArticleLink {
  url: string;
  text: string;
}

/** What a section page offers: its links to articles, and the address of its next page (null on the last). */
export interface SectionPage {
  links: ArticleLink[];
  next: string | null;
}

// The page's frame, not its list: menus, banners, footers and side columns.
const CHROME_TAGS = new Set(['header', 'nav', 'footer', 'aside']);
const CHROME_WORDS = new Set(['menu', 'nav', 'navbar', 'navigation', 'footer', 'header', 'sidebar', 'breadcrumb', 'breadcrumbs', 'banner', 'topbar', 'main-menu', 'top-menu']);
// What a list of articles is called in portals' markup ("danh-sach", "list-news", "tin-bai").
const LIST_WORDS = /list|news|tin|bai|items|article|post|danh-?sach/i;
const PAGER_WORDS = /pag|phan-?trang/i;
const NEXT_TEXTS = new Set(['trang sau', 'trang tiếp', 'tiếp', 'tiếp theo', 'sau', 'next', '›', '»', '>', '>>', '»»']);
// haiphong.gov.vn portals end an article's address with its number: `/cai-cach-hanh-chinh/<slug>-812345`.
const NUMBERED_ARTICLE = /-\d{3,}(\.html?)?$/i;

interface Frame {
  tag: string;
  chrome: boolean;
  /** The list this element is (an index), or the one it is in. */
  list: number;
  pager: boolean;
}

const tokens = (attrs: Record<string, string>): string[] => `${attrs.class ?? ''} ${attrs.id ?? ''}`.toLowerCase().split(/\s+/).filter(Boolean);

/**
 * Reads a section page (page `pageNo` of its list): the links to articles of the same site. A link
 * whose path ends in `-<number>` (haiphong.gov.vn portals) is an article; on a page with none, the
 * articles are the links of its main list (the list element holding the most links to the site).
 * Menus, headers, footers, side columns and the pager are never read as articles.
 */
export function readSection(html: string, pageUrl: URL, pageNo = 1): SectionPage {
  const host = normaliseHost(pageUrl.hostname);
  const stack: Frame[] = [];
  const anchors: { url: string; text: string; list: number; pager: boolean; rel: string }[] = [];
  // One object, not loose variables: they are set in the parser's callbacks.
  const st: { lists: number; base: URL; linkNext: string | null; open: { href: string; text: string; list: number; pager: boolean; rel: string } | null } = { lists: 0, base: pageUrl, linkNext: null, open: null };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const parent = stack.at(-1);
        const words = tokens(attrs);
        const isList = name === 'ul' || name === 'ol' || words.some((w) => LIST_WORDS.test(w));
        stack.push({
          tag: name,
          chrome: (parent?.chrome ?? false) || CHROME_TAGS.has(name) || words.some((w) => CHROME_WORDS.has(w)),
          list: isList ? ++st.lists : (parent?.list ?? 0),
          pager: (parent?.pager ?? false) || words.some((w) => PAGER_WORDS.test(w)),
        });
        if (name === 'base' && attrs.href) st.base = new URL(absoluteLink(attrs.href, pageUrl) ?? pageUrl.href);
        if (name === 'link' && attrs.href && /\bnext\b/i.test(attrs.rel ?? '')) st.linkNext = attrs.href;
        const top = stack.at(-1)!;
        if (name === 'a' && attrs.href && !top.chrome) st.open = { href: attrs.href, text: '', list: top.list, pager: top.pager, rel: (attrs.rel ?? '').toLowerCase() };
      },
      ontext(text) {
        if (st.open && st.open.text.length < 1000) st.open.text += text;
      },
      onclosetag(name) {
        if (name === 'a' && st.open) {
          const url = absoluteLink(st.open.href, st.base);
          if (url) anchors.push({ ...st.open, url, text: st.open.text.replace(/\s+/g, ' ').trim() });
          st.open = null;
        }
        stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const here = pageUrl.href.replace(/#.*$/, '');
  const sameSite = anchors.filter((a) => {
    const u = new URL(a.url);
    return normaliseHost(u.hostname) === host && u.port === pageUrl.port && a.url !== here;
  });
  const articles = sameSite.filter((a) => !a.pager && !/^\d+$/.test(a.text) && !NEXT_TEXTS.has(a.text.toLowerCase()));
  let chosen = articles.filter((a) => NUMBERED_ARTICLE.test(new URL(a.url).pathname.replace(/\/+$/, '')));
  if (!chosen.length) {
    const counts = new Map<number, number>();
    for (const a of articles) if (a.list) counts.set(a.list, (counts.get(a.list) ?? 0) + 1);
    const [best] = [...counts].sort((x, y) => y[1] - x[1])[0] ?? [];
    chosen = best !== undefined && (counts.get(best) ?? 0) >= 2 ? articles.filter((a) => a.list === best) : [];
  }
  return { links: uniqueLinks(chosen), next: nextOf(sameSite, st.linkNext, st.base, pageNo) };
}

/** Each article once (a list shows a picture and a title, both linked), with the longest text it is linked by. */
function uniqueLinks(list: { url: string; text: string }[]): ArticleLink[] {
  const byUrl = new Map<string, ArticleLink>();
  for (const a of list) {
    const seen = byUrl.get(a.url);
    if (!seen) byUrl.set(a.url, { url: a.url, text: a.text });
    else if (a.text.length > seen.text.length) seen.text = a.text;
  }
  return [...byUrl.values()];
}

/** The next page: a `rel="next"` link, a "Trang sau" link, or the pager's link to page `pageNo + 1`. */
function nextOf(sameSite: { url: string; text: string; pager: boolean; rel: string }[], linkNext: string | null, base: URL, pageNo: number): string | null {
  const byRel = sameSite.find((a) => /\bnext\b/.test(a.rel));
  if (byRel) return byRel.url;
  if (linkNext) return absoluteLink(linkNext, base);
  const byText = sameSite.find((a) => NEXT_TEXTS.has(a.text.toLowerCase()));
  if (byText) return byText.url;
  return sameSite.find((a) => a.pager && a.text === String(pageNo + 1))?.url ?? null;
}

const SKIPPED = new Set(['script', 'style', 'head', 'nav', 'header']);

/** Whether a page names its title in an Open Graph tag (portals' `<title>` adds the site's name). */
export function hasOgTitle(html: string): boolean {
  return /<meta\b[^>]*["']og:title["'][^>]*>/i.test(html.slice(0, 200_000));
}

/**
 * The first date and time the page's visible text gives (`20/11/2026 08:15`, `08:15 20/11/2026`,
 * `Thứ Sáu, 20/11/2026 - 08:15`), in Vietnam time: how a portal without markup for it shows when an
 * article was published. Null when there is none.
 */
export function textDate(html: string): LocalIso | null {
  const st = { text: '', skip: 0 };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) st.skip++;
      },
      ontext(t) {
        if (!st.skip && st.text.length < 100_000) st.text += t;
      },
      onclosetag(name) {
        if (SKIPPED.has(name) && st.skip) st.skip--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html.slice(0, 2_000_000));
  parser.end();
  const flat = st.text.replace(/\s+/g, ' ');
  const dateFirst = /(\d{1,2}\/\d{1,2}\/\d{4})\s*[-|,]?\s*(\d{1,2}[:h]\d{2})/.exec(flat);
  const timeFirst = /(\d{1,2}:\d{2})\s*[-|,]?\s*(?:ngày\s*)?(\d{1,2}\/\d{1,2}\/\d{4})/i.exec(flat);
  const found = dateFirst && (!timeFirst || dateFirst.index <= timeFirst.index) ? `${dateFirst[1]} ${dateFirst[2]}` : timeFirst ? `${timeFirst[2]} ${timeFirst[1]}` : null;
  return found ? readFeedDate(found) : null;
}
