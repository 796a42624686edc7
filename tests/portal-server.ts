import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A commune portal on a loopback address, as the watch meets them: a haiphong.gov.vn-style section
 * page "Cải cách hành chính" with article links `…-<number>.html` among menus, a side column and an
 * outside link, and a pager (page 2); article pages with Open Graph tags, and one without (its time
 * only in the page's text); an RSS 2.0 feed and an Atom feed; and a vnPortal-like public API
 * (`/api/public/articles?articleCatID=…`: a category whose article is filed twice, and the 404
 * "Khong co thong tin" of a category without articles). Times are Vietnam time. It records every path asked.
 */

export interface Article {
  path: string;
  title: string;
  /** Vietnam time, as the page says it. */
  at: string;
  /** The page has Open Graph tags; without them its <title> adds the portal's name and its time is only in the text. */
  og: boolean;
}

const slug = (n: number): string => `/cai-cach-hanh-chinh/tin-cchc-so-${n}-81234${n}.html`;

/** The section's articles, newest first: three on page 1, two on page 2. */
export const ARTICLES: Article[] = [
  { path: slug(1), title: 'Phường An Hải công bố bộ thủ tục hành chính mới thuộc thẩm quyền giải quyết', at: '2026-11-21T16:45:00+07:00', og: true },
  { path: slug(2), title: 'Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia', at: '2026-11-21T08:30:00+07:00', og: true },
  { path: slug(3), title: 'Kết quả khảo sát sự hài lòng của người dân về phục vụ hành chính quý IV', at: '2026-11-21T00:15:00+07:00', og: true },
  { path: slug(4), title: 'Trung tâm Phục vụ hành chính công phường tiếp nhận hồ sơ vào sáng thứ Bảy', at: '2026-11-20T14:30:00+07:00', og: false },
  { path: slug(5), title: 'Tuyên truyền Chương trình tổng thể cải cách hành chính giai đoạn 2021–2030', at: '2026-11-20T10:00:00+07:00', og: true },
];

/** A post published after the first watch (`publish()`), at the top of page 1. */
export const LATE_ARTICLE: Article = { path: '/cai-cach-hanh-chinh/thong-bao-lich-tiep-cong-dan-812399.html', title: 'Thông báo lịch tiếp công dân định kỳ tháng 12/2026', at: '2026-11-22T09:10:00+07:00', og: true };

/** The RSS feed: the section's first article again (one post, two places), and two of its own. */
export const FEED_ITEMS = [
  { path: ARTICLES[0]!.path, title: ARTICLES[0]!.title, pubDate: 'Sat, 21 Nov 2026 09:45:00 GMT', at: ARTICLES[0]!.at },
  { path: '/tin-tuc/dich-vu-cong-truc-tuyen-muc-do-toan-trinh-812360.html', title: 'Dịch vụ công trực tuyến toàn trình: thêm 12 thủ tục', pubDate: 'Sat, 21 Nov 2026 02:00:00 GMT', at: '2026-11-21T09:00:00+07:00' },
  { path: '/tin-tuc/ra-mat-mo-hinh-mot-cua-thong-minh-812361.html', title: 'Ra mắt mô hình "Một cửa thông minh" tại phường', pubDate: 'Fri, 20 Nov 2026 15:20:00 +0700', at: '2026-11-20T15:20:00+07:00' },
];

/** The Atom feed's one entry. */
export const ATOM_ENTRY = { path: '/tin-tuc/hoi-nghi-doi-thoai-ve-cai-cach-hanh-chinh-812370.html', title: 'Hội nghị đối thoại với doanh nghiệp về cải cách hành chính', at: '2026-11-19T09:00:00+07:00' };

/** vnPortal category 12: one article filed in two sections (two ids, one title), and another. */
export const VNPORTAL_CATEGORY = '12';
export const VNPORTAL_ARTICLES = [
  { ArticleID: 901, Title: 'Phường An Hải đạt điểm cao về chỉ số hài lòng SIPAS', PublishedDate: '2026-11-21T10:30:00', Url: '/tin-tuc/phuong-an-hai-dat-diem-cao-sipas-901' },
  { ArticleID: 902, Title: 'Phường An Hải đạt điểm cao về chỉ số hài lòng SIPAS', PublishedDate: '2026-11-21T10:30:00', Url: '/cai-cach-hanh-chinh/phuong-an-hai-dat-diem-cao-sipas-902' },
  { ArticleID: 903, Title: 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', PublishedDate: '/Date(1795136400000)/', Url: '/tin-tuc/so-hoa-ho-so-903' },
];
/** When article 903 was published, in Vietnam time (its date is ASP.NET's epoch milliseconds). */
export const VNPORTAL_903_AT = '2026-11-20T08:00:00+07:00';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const vnText = (at: string): string => `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} - ${at.slice(11, 16)}`;

function chrome(body: string): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cải cách hành chính - Cổng thông tin điện tử phường An Hải</title></head>
<body><header><div class="logo">ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI</div>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu/co-cau-to-chuc-810001.html">Cơ cấu tổ chức</a></li><li><a href="/cai-cach-hanh-chinh">Cải cách hành chính</a></li></ul></nav></header>
${body}
<footer><a href="/lien-he-810002.html">Liên hệ</a> · Bản quyền thuộc UBND phường An Hải</footer></body></html>`;
}

function sectionPage(list: Article[], page: number): string {
  const items = list.map((a) => `<li class="news-item"><a href="${a.path}"><img src="/anh.jpg" alt=""></a><h3><a href="${a.path}">${esc(a.title)}</a></h3><span class="date">${vnText(a.at)}</span></li>`).join('\n');
  const pager = page === 1 ? `<div class="paging"><span>1</span> <a href="/cai-cach-hanh-chinh?page=2">2</a> <a href="/cai-cach-hanh-chinh?page=2">Trang sau</a></div>` : `<div class="paging"><a href="/cai-cach-hanh-chinh">1</a> <span>2</span></div>`;
  return chrome(`<main><h1>Cải cách hành chính</h1><ul class="list-news">${items}</ul>${pager}</main>
<aside class="sidebar"><h2>Tin nổi bật</h2><a href="/tin-tuc/le-hoi-hoa-phuong-do-810900.html">Lễ hội Hoa Phượng Đỏ</a></aside>
<p>Xem thêm tại <a href="https://chinhphu.vn/cai-cach-hanh-chinh-123456">Cổng thông tin Chính phủ</a></p>`);
}

function articlePage(a: Article): string {
  if (!a.og) return chrome(`<main><article><h1>${esc(a.title)}</h1><div class="meta">Thứ Sáu, ${vnText(a.at)} | Lượt xem: 37</div><p>Nội dung bài viết.</p></article></main>`).replace('<title>Cải cách hành chính - ', `<title>${esc(a.title)} - `);
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${esc(a.title)} - Cổng thông tin điện tử phường An Hải</title>
<meta property="og:title" content="${esc(a.title)}"><meta property="article:published_time" content="${a.at}"></head>
<body><main><article><h1>${esc(a.title)}</h1><p>Nội dung bài viết.</p></article></main></body></html>`;
}

function rss(): string {
  const items = FEED_ITEMS.map((i) => `<item><title><![CDATA[${i.title}]]></title><link>{base}${i.path}</link><pubDate>${i.pubDate}</pubDate><description>Tóm tắt &lt;b&gt;bài&lt;/b&gt;</description></item>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Cổng TTĐT phường An Hải</title><link>{base}/</link>${items}</channel></rss>`;
}

function atom(): string {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin tức</title><link href="/" rel="alternate"/>
<entry><title type="text">${esc(ATOM_ENTRY.title)}</title><link rel="enclosure" href="/anh.jpg"/><link rel="alternate" href="${ATOM_ENTRY.path}"/><published>${ATOM_ENTRY.at}</published><updated>2026-11-22T08:00:00+07:00</updated></entry></feed>`;
}

export interface PortalServer {
  host: string;
  port: number;
  base: string;
  hits: string[];
  /** Puts LATE_ARTICLE at the top of the section's first page (or takes it off). */
  publish(on?: boolean): void;
  close(): Promise<void>;
}

/** Starts the portal on a loopback address (127.0.0.1 unless told). */
export async function startPortalServer(host = '127.0.0.1'): Promise<PortalServer> {
  const hits: string[] = [];
  let published = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(`${url.pathname}${url.search}`);
    const base = `http://${host}:${(server.address() as AddressInfo).port}`;
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'Content-Type': type }).end(body);
    const list = published ? [LATE_ARTICLE, ...ARTICLES] : ARTICLES;
    if (url.pathname === '/cai-cach-hanh-chinh') {
      const page = url.searchParams.get('page') === '2' ? 2 : 1;
      return send(200, 'text/html; charset=utf-8', sectionPage(page === 1 ? list.slice(0, list.length - 2) : list.slice(-2), page));
    }
    const article = list.find((a) => a.path === url.pathname);
    if (article) return send(200, 'text/html; charset=utf-8', articlePage(article));
    if (url.pathname === '/rss.xml') return send(200, 'application/rss+xml; charset=utf-8', rss().replaceAll('{base}', base));
    if (url.pathname === '/atom.xml') return send(200, 'application/atom+xml; charset=utf-8', atom());
    if (url.pathname === '/api/public/articles') {
      if (url.searchParams.get('articleCatID') === VNPORTAL_CATEGORY) return send(200, 'application/json; charset=utf-8', JSON.stringify({ data: VNPORTAL_ARTICLES, total: VNPORTAL_ARTICLES.length }));
      return send(404, 'application/json; charset=utf-8', JSON.stringify({ message: 'Khong co thong tin' }));
    }
    return send(404, 'text/html; charset=utf-8', '<title>Không tìm thấy</title>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    base: `http://${host}:${port}`,
    hits,
    publish: (on = true) => {
      published = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
