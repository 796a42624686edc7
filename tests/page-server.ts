import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

/**
 * A web server on a loopback address with the pages the link preview meets: a commune portal's article
 * (as haiphong.gov.vn's portals write them: Vietnamese, Open Graph tags, JSON-LD, article:published_time),
 * a page with only a <title>, a slow page, a huge page, redirects, another character set, a gzip answer,
 * a file and a missing page. It records every request it answers.
 */

export const ARTICLE_TITLE = 'Phường An Hải đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính';
export const ARTICLE_AT = '2026-11-20T08:15:00+07:00';
export const ARTICLE_PATH = '/tin-tuc/cai-cach-hanh-chinh/phuong-an-hai-day-manh-thanh-toan-khong-dung-tien-mat-12345.html';
export const TITLE_ONLY = 'Lịch tiếp công dân tháng 11/2026 | UBND phường An Hải';

export const ARTICLE_HTML = `<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Phường An Hải đẩy mạnh thanh toán không dùng tiền mặt - Cổng thông tin điện tử phường An Hải</title>
<meta name="description" content="Thực hiện Kế hoạch cải cách hành chính năm 2026, UBND phường An Hải tăng cường hướng dẫn người dân thanh toán phí, lệ phí trực tuyến." />
<meta property="og:site_name" content="Cổng thông tin điện tử phường An Hải" />
<meta property="og:type" content="article" />
<meta property="og:title" content="${ARTICLE_TITLE}" />
<meta property="og:url" content="https://anhai.haiphong.gov.vn${ARTICLE_PATH}" />
<meta property="og:image" content="https://anhai.haiphong.gov.vn/upload/2026/11/thanh-toan.jpg" />
<meta property="article:section" content="Cải cách hành chính" />
<meta property="article:published_time" content="${ARTICLE_AT}" />
<link rel="stylesheet" href="/Portals/_default/skins/haiphong/css/style.css" />
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Cổng thông tin điện tử phường An Hải","url":"https://anhai.haiphong.gov.vn/"},
{"@type":"NewsArticle","headline":"${ARTICLE_TITLE}","datePublished":"${ARTICLE_AT}","dateModified":"2026-11-20T10:02:00+07:00","author":{"@type":"Organization","name":"UBND phường An Hải"}}]}
</script>
<script>window.dataLayer = window.dataLayer || []; if (1 < 2 && "</title>") {}</script>
</head>
<body class="news-detail">
<header><div class="logo"><svg viewBox="0 0 10 10"><title>Quốc huy</title></svg> ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/cai-cach-hanh-chinh">Cải cách hành chính</a></li></ul></nav></header>
<main><article>
<h1 class="title">${ARTICLE_TITLE}</h1>
<div class="meta"><span class="date"><time datetime="2026-11-21T09:00:00+07:00">Thứ Sáu, 20/11/2026 08:15</time></span> | <span class="view">Lượt xem: 152</span></div>
<div class="sapo"><strong>Thực hiện Kế hoạch cải cách hành chính năm 2026, UBND phường tăng cường hướng dẫn người dân thanh toán phí, lệ phí trực tuyến qua Cổng Dịch vụ công quốc gia.</strong></div>
<div class="content"><p>Tại Trung tâm Phục vụ hành chính công phường, cán bộ hướng dẫn từng bước&nbsp;cho người dân&hellip;</p>
<p><img src="/upload/2026/11/thanh-toan.jpg" alt="Cán bộ hướng dẫn người dân thanh toán trực tuyến" /></p></div>
</article></main>
<footer><p>Bản quyền thuộc UBND phường An Hải, thành phố Hải Phòng</p></footer>
</body></html>`;

/** The titles of the portal's numbered articles (`/tin-tuc/bai-N.html`, N from 1), published on one day at 08:0N. */
export const NUMBERED_TITLES = [
  'Hướng dẫn nộp hồ sơ đăng ký khai sinh trực tuyến trên Cổng Dịch vụ công',
  'Phường An Hải triển khai thanh toán phí, lệ phí không dùng tiền mặt',
  'Kết quả chỉ số cải cách hành chính năm 2025 của phường',
  'Tiếp nhận hồ sơ ngoài giờ hành chính tại Trung tâm Phục vụ hành chính công',
  'Cấp căn cước cho trẻ em dưới 14 tuổi qua ứng dụng VNeID',
];

/** When numbered article N was published (Vietnam time), on `day` (yyyy-mm-dd). */
export const numberedAt = (n: number, day: string): string => `${day}T08:${String(n).padStart(2, '0')}:00+07:00`;

const numberedHtml = (n: number, day: string): string =>
  ARTICLE_HTML.replaceAll(ARTICLE_TITLE, NUMBERED_TITLES[n - 1]!).replaceAll(ARTICLE_AT, numberedAt(n, day));

const TITLE_ONLY_HTML = `<html><head><title>${TITLE_ONLY}</title></head><body><h2>Lịch tiếp công dân</h2><p>Thứ Năm hằng tuần.</p></body></html>`;

/** Text as a Windows-1258 page holds it: letters with their vowel marks, tone marks as combining characters after them. */
function cp1258Text(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(\P{M})(\p{M}*)/gu, (_all, base: string, marks: string) => {
      const tones = marks.replace(/[^\u0300\u0301\u0303\u0309\u0323]/g, '');
      return (base + marks.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')).normalize('NFC') + tones;
    });
}

export interface PageServer {
  host: string;
  port: number;
  /** `http://host:port` */
  base: string;
  /** The paths asked, in order. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * Starts the page server on a loopback address (127.0.0.1 unless told). `slowMs`: how long the slow page
 * keeps its answer; `day`: when the numbered articles were published.
 */
export async function startPageServer(host = '127.0.0.1', { slowMs = 8_000, day = '2026-11-20' } = {}): Promise<PageServer> {
  const hits: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(url.pathname);
    const html = (body: string | Buffer, type = 'text/html; charset=utf-8') => res.writeHead(200, { 'Content-Type': type }).end(body);
    const numbered = /^\/tin-tuc\/bai-(\d)\.html$/.exec(url.pathname);
    if (numbered && Number(numbered[1]) >= 1 && Number(numbered[1]) <= NUMBERED_TITLES.length) return html(numberedHtml(Number(numbered[1]), day));
    switch (url.pathname) {
      case ARTICLE_PATH:
        return html(ARTICLE_HTML);
      case '/chi-co-tieu-de':
        return html(TITLE_ONLY_HTML, 'text/html');
      case '/cham': {
        // Headers at once, the page never within the limit.
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.write('<html><head>');
        const t = setTimeout(() => res.end(`<title>Quá muộn</title></head></html>`), slowMs);
        timers.add(t);
        return;
      }
      case '/rat-lon': {
        // 2.5 MB, its title first: a reader that kept only the start would still find it.
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.write(`<html><head><title>Trang rất lớn</title></head><body>`);
        const chunk = `<p>${'Cải cách hành chính. '.repeat(40)}</p>\n`;
        let sent = 0;
        const more = (): void => {
          while (sent < 2.5 * 1024 * 1024) {
            sent += Buffer.byteLength(chunk);
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end('</body></html>');
        };
        return more();
      }
      case '/chuyen':
        return res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' }).end();
      case '/vong': {
        const n = Number(url.searchParams.get('n') ?? '0');
        return res.writeHead(301, { Location: n >= 10 ? ARTICLE_PATH : `/vong?n=${n + 1}` }).end();
      }
      case '/windows-1258':
        return html(iconv.encode(cp1258Text(`<html><head><meta charset="windows-1258"><title>Hội nghị tổng kết công tác cải cách hành chính</title></head><body></body></html>`), 'windows-1258'), 'text/html');
      case '/nen':
        return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(ARTICLE_HTML));
      case '/cham-nen': {
        // A compressed page whose end never comes within the limit.
        const whole = zlib.gzipSync(ARTICLE_HTML);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip' });
        res.write(whole.subarray(0, 200));
        const t = setTimeout(() => res.end(whole.subarray(200)), slowMs);
        timers.add(t);
        return;
      }
      case '/bom-nen': {
        // 2.5 MB of HTML in about 3 kB of gzip.
        const body = zlib.gzipSync(Buffer.alloc(2.5 * 1024 * 1024, ' '));
        return res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }).end(body);
      }
      case '/tep.pdf':
        return res.writeHead(200, { 'Content-Type': 'application/pdf' }).end('%PDF-1.7');
      default:
        return res.writeHead(404, { 'Content-Type': 'text/html' }).end('<title>Không tìm thấy</title>');
    }
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
