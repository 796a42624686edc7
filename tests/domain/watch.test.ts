import { describe, expect, it } from 'vitest';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';
import { readFeed, readFeedDate, readVnPortal, vnPortalMessage } from '../../src/domain/watch-feeds.js';
import { hasOgTitle, readSection, textDate } from '../../src/domain/watch-pages.js';
import { linkKey, linkVariants, postTime, readPostIds, validatePlace } from '../../src/domain/watch.js';

const BASE = new URL('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh');

describe('links as compared', () => {
  it('ignores the scheme, www., a final slash, the fragment and click-tracking parameters, and sorts the others', () => {
    const key = 'anhai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-a-812345.html?b=2&id=7';
    expect(linkKey('https://www.AnHai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-a-812345.html?id=7&b=2&utm_source=zalo&fbclid=x#binh-luan')).toBe(key);
    expect(linkKey('http://anhai.haiphong.gov.vn:80/cai-cach-hanh-chinh/tin-a-812345.html/?id=7&b=2')).toBe(key);
    expect(linkKey('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/Tin-A-812345.html?id=7&b=2')).not.toBe(key);
    expect(linkKey('http://127.0.0.1:8080/a/')).toBe('127.0.0.1:8080/a');
    expect(linkKey('ftp://anhai.haiphong.gov.vn/a')).toBeNull();
    expect(linkKey('không phải link')).toBeNull();
  });

  it('looks a link up in the log the ways a person may have typed it', () => {
    const variants = linkVariants('https://anhai.haiphong.gov.vn/tin-a-812345?utm_source=fb');
    expect(variants).toContain('https://anhai.haiphong.gov.vn/tin-a-812345?utm_source=fb');
    expect(variants).toContain('http://www.anhai.haiphong.gov.vn/tin-a-812345/');
    expect(variants).toContain('https://anhai.haiphong.gov.vn/tin-a-812345');
    expect(variants.length).toBe(9);
  });
});

describe('dates as feeds and portals write them, in Vietnam time', () => {
  it.each([
    ['2026-11-20T08:15:00+07:00', '2026-11-20T08:15:00+07:00'],
    ['2026-11-20T01:15:00Z', '2026-11-20T08:15:00+07:00'],
    ['2026-11-20T08:15:00', '2026-11-20T08:15:00+07:00'],
    ['2026-11-20T08:15:00.123+0700', '2026-11-20T08:15:00+07:00'],
    ['Fri, 20 Nov 2026 08:15:00 +0700', '2026-11-20T08:15:00+07:00'],
    ['Thu, 19 Nov 2026 18:15:00 GMT', '2026-11-20T01:15:00+07:00'],
    ['20 Nov 2026 08:15 ICT', '2026-11-20T08:15:00+07:00'],
    ['Fri, 20 Nov 2026 08:15:00', '2026-11-20T08:15:00+07:00'],
    ['20/11/2026 08:15', '2026-11-20T08:15:00+07:00'],
    ['5/1/2026 - 7h05', '2026-01-05T07:05:00+07:00'],
    ['/Date(1795136400000)/', '2026-11-20T08:00:00+07:00'],
  ])('reads %s', (text, at) => {
    expect(readFeedDate(text)).toBe(at);
  });

  it.each(['', '20/11/2026', 'Fri, 20 Foo 2026 08:15:00 GMT', '31/02/2026 08:00', 'hôm qua'])('reads no time in "%s"', (text) => {
    expect(readFeedDate(text)).toBeNull();
  });
});

describe('feeds', () => {
  it('reads an RSS feed\'s items: CDATA titles, text links, RFC 822 dates; items without a link are left out', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Cổng</title><link>https://anhai.haiphong.gov.vn/</link>
      <item><title><![CDATA[Tin "một" & hai]]></title><link>https://anhai.haiphong.gov.vn/tin-1-812301.html</link><pubDate>Sat, 21 Nov 2026 02:00:00 GMT</pubDate></item>
      <item><title>Tin &amp; ba</title><link>/tin-3-812303.html</link><dc:date>2026-11-20T07:00:00+07:00</dc:date></item>
      <item><title>Không có link</title></item>
      <item><title>Không có ngày</title><link>https://anhai.haiphong.gov.vn/tin-4-812304.html</link></item></channel></rss>`;
    expect(readFeed(xml, BASE)).toEqual([
      { url: 'https://anhai.haiphong.gov.vn/tin-1-812301.html', title: 'Tin "một" & hai', publishedAt: '2026-11-21T09:00:00+07:00' },
      { url: 'https://anhai.haiphong.gov.vn/tin-3-812303.html', title: 'Tin & ba', publishedAt: '2026-11-20T07:00:00+07:00' },
      { url: 'https://anhai.haiphong.gov.vn/tin-4-812304.html', title: 'Không có ngày', publishedAt: null },
    ]);
  });

  it('reads an Atom feed\'s entries: the alternate link (not an enclosure), published before updated', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title><link href="/" rel="alternate"/>
      <entry><title type="html">Hội nghị &lt;CCHC&gt;</title><link rel="enclosure" href="/anh.jpg"/><link href="/tin-5-812305.html"/><updated>2026-11-22T08:00:00+07:00</updated><published>2026-11-19T09:00:00+07:00</published></entry></feed>`;
    expect(readFeed(xml, BASE)).toEqual([{ url: 'https://anhai.haiphong.gov.vn/tin-5-812305.html', title: 'Hội nghị <CCHC>', publishedAt: '2026-11-19T09:00:00+07:00' }]);
  });
});

describe('vnPortal\'s public API', () => {
  it('reads the articles under any of the names its versions use, links read on the portal', () => {
    const json = { data: [{ ArticleID: 1, Title: ' Bài  một ', PublishedDate: '2026-11-21T10:30:00', Url: '/tin-tuc/bai-mot-1' }, { id: 2, title: 'Không link' }, { Title: 'Bài ba', link: 'https://xa.vnportal.vn/bai-ba-3', createdDate: 1795136400000 }] };
    expect(readVnPortal(json, new URL('https://xa.vnportal.vn/'))).toEqual([
      { url: 'https://xa.vnportal.vn/tin-tuc/bai-mot-1', title: 'Bài một', publishedAt: '2026-11-21T10:30:00+07:00' },
      { url: 'https://xa.vnportal.vn/bai-ba-3', title: 'Bài ba', publishedAt: '2026-11-20T08:00:00+07:00' },
    ]);
    expect(readVnPortal([{ title: 'Mảng', url: '/a-1' }], new URL('https://xa.vnportal.vn/'))).toHaveLength(1);
    expect(readVnPortal({ message: 'Khong co thong tin' }, new URL('https://xa.vnportal.vn/'))).toEqual([]);
    expect(vnPortalMessage({ message: 'Khong co thong tin' })).toBe('Khong co thong tin');
  });
});

describe('section pages', () => {
  const frame = (main: string) => `<html><body><header><nav class="menu"><a href="/gioi-thieu-810001">Giới thiệu</a></nav></header><main>${main}</main><aside><a href="/tin-noi-bat-810900">Nổi bật</a></aside><footer><a href="/lien-he-810002">Liên hệ</a></footer></body></html>`;

  it('takes the haiphong.gov.vn article links (ending in -<number>) of the page, each once with its longest text, not the menus, side column, pager or other sites', () => {
    const html = frame(`<ul class="list-news"><li><a href="/cai-cach-hanh-chinh/tin-a-812345.html"><img alt=""></a><a href="/cai-cach-hanh-chinh/tin-a-812345.html">Tin A</a></li>
      <li><a href="https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-b-812346">Tin B</a></li><li><a href="https://chinhphu.vn/tin-c-812347">Tin C</a></li></ul>
      <div class="pagination"><a href="?page=2">2</a> <a href="/cai-cach-hanh-chinh/trang-123">123</a></div>`);
    const page = readSection(html, BASE);
    expect(page.links).toEqual([
      { url: 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-a-812345.html', text: 'Tin A' },
      { url: 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-b-812346', text: 'Tin B' },
    ]);
    expect(page.next).toBe('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh?page=2');
  });

  it('takes the links of the page\'s main list on a portal whose addresses end in no number', () => {
    const html = frame(`<div class="intro"><a href="/gioi-thieu/lich-su">Lịch sử</a></div><div class="danh-sach"><h3><a href="/tin/bai-mot">Bài một</a></h3><h3><a href="/tin/bai-hai">Bài hai</a></h3><h3><a href="/tin/bai-ba">Bài ba</a></h3></div>
      <a rel="next" href="/tin?trang=2">Xem tiếp</a>`);
    const page = readSection(html, new URL('https://xa.vnportal.vn/tin'));
    expect(page.links.map((l) => l.text)).toEqual(['Bài một', 'Bài hai', 'Bài ba']);
    expect(page.next).toBe('https://xa.vnportal.vn/tin?trang=2');
  });

  it('has no next page on the last, and no articles on a page without a list', () => {
    expect(readSection(frame('<div class="paging"><a href="?page=1">1</a></div>'), BASE, 2)).toEqual({ links: [], next: null });
  });
});

describe('article pages without markup for their time', () => {
  it('reads the first date and time of the visible text, not of the menu or scripts', () => {
    expect(textDate('<html><head><script>var d="01/01/2020 00:00"</script></head><body><nav>02/02/2021 10:00</nav><p>Thứ Sáu, 20/11/2026 - 14:30 | Lượt xem: 3</p></body></html>')).toBe('2026-11-20T14:30:00+07:00');
    expect(textDate('<p>Cập nhật 07:05 ngày 21/11/2026</p>')).toBe('2026-11-21T07:05:00+07:00');
    expect(textDate('<p>Không có ngày</p>')).toBeNull();
    expect(hasOgTitle('<meta content="T" property="og:title">')).toBe(true);
    expect(hasOgTitle('<title>T</title>')).toBe(false);
  });
});

describe('places and batches as typed', () => {
  const vocab = defaultVocabulary();

  it('takes a section page with its defaults, and a vnPortal category with its number', () => {
    expect(validatePlace({ url: ' https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh ', kind: 'page', channel: 'portal', topics: ['m', 'a'] }, vocab)).toEqual({
      ok: true,
      value: { url: 'https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh', kind: 'page', categoryId: null, channel: 'portal', format: 'news', topics: ['a', 'm'], unit: 'tt-dvsnc', autoLog: false },
    });
    const vn = validatePlace({ url: 'https://xa.vnportal.vn', kind: 'vnportal', categoryId: 12, channel: 'portal', format: 'article', unit: 'vh-xh', autoLog: 'on' }, vocab);
    expect(vn).toMatchObject({ ok: true, value: { url: 'https://xa.vnportal.vn/', categoryId: '12', format: 'article', unit: 'vh-xh', autoLog: true } });
  });

  it('refuses what is not a place, each field with its message', () => {
    const r = validatePlace({ url: 'ftp://x', kind: 'vnportal', categoryId: 'abc', channel: 'radio', topics: ['zz'] }, vocab);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['categoryId', 'channel', 'topics', 'url']);
    expect(r.errors.channel).toContain('không hợp lệ');
    expect(validatePlace({ url: 'https://u:p@anhai.haiphong.gov.vn/', kind: 'page', channel: 'portal' }, vocab)).toMatchObject({ ok: false, errors: { url: expect.stringContaining('mật khẩu') } });
    expect(validatePlace({}, vocab)).toMatchObject({ ok: false, errors: { url: expect.any(String), kind: expect.any(String), channel: expect.any(String) } });
  });

  it('reads a batch\'s ids: a list or one, whole numbers, at least one', () => {
    expect(readPostIds({ ids: ['3', 4, '3'] })).toEqual({ ok: true, value: [3, 4] });
    expect(readPostIds({ ids: '7' })).toEqual({ ok: true, value: [7] });
    expect(readPostIds({})).toMatchObject({ ok: false, errors: { ids: 'Vui lòng đánh dấu ít nhất một tin bài.' } });
    expect(readPostIds({ ids: ['1', 'x'] })).toMatchObject({ ok: false });
  });

  it('dates a post by its publication, or by when it was found when its page does not say or says a day ahead', () => {
    const foundAt = '2026-11-22T10:00:00+07:00';
    expect(postTime({ publishedAt: '2026-11-21T00:15:00+07:00', foundAt })).toBe('2026-11-21T00:15:00+07:00');
    expect(postTime({ publishedAt: null, foundAt })).toBe(foundAt);
    expect(postTime({ publishedAt: '2026-11-24T10:00:00+07:00', foundAt })).toBe(foundAt);
  });
});
