import { describe, expect, it } from 'vitest';
import { channelOfHost, charsetOf, readPage } from '../../src/domain/link-page.js';

const head = (inner: string, body = '<p>Nội dung</p>') => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">${inner}</head><body>${body}</body></html>`;

describe('readPage: the title', () => {
  it('prefers og:title to <title>, which often carries the site name', () => {
    const page = head('<title>Thanh toán không dùng tiền mặt - Cổng TTĐT phường An Hải</title><meta property="og:title" content="Thanh toán không dùng tiền mặt">');
    expect(readPage(page).title).toBe('Thanh toán không dùng tiền mặt');
  });

  it('takes <title> when there is no og:title, entities decoded and white space folded', () => {
    expect(readPage(head('<title>\n  Hướng dẫn &amp; giải đáp:\n  c&#7845;p căn cước  </title>')).title).toBe('Hướng dẫn & giải đáp: cấp căn cước');
  });

  it('skips the <title> of an inline SVG icon and reads the page\'s own', () => {
    const page = `<html><body><svg><title>icon</title></svg><title>Tin bài thật</title></body></html>`;
    expect(readPage(page).title).toBe('Tin bài thật');
  });

  it('is null on a page without a title, and for a title of white space only', () => {
    expect(readPage(head('')).title).toBeNull();
    expect(readPage(head('<title>   </title><meta property="og:title" content=" ">')).title).toBeNull();
  });

  it('returns markup as text, never as markup, and caps it at a title\'s 300 characters', () => {
    expect(readPage(head('<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; Tin">')).title).toBe('<script>alert(1)</script> Tin');
    expect(readPage(head(`<title>${'Cải cách '.repeat(100)}</title>`)).title).toHaveLength(300);
  });

  it('reads broken markup as a browser would: an unclosed head, attributes without quotes', () => {
    expect(readPage('<html><head><meta property=og:title content=Tin_ngắn><body>').title).toBe('Tin_ngắn');
  });
});

describe('readPage: the publication time', () => {
  it('reads article:published_time, written in Vietnam time', () => {
    expect(readPage(head('<meta property="article:published_time" content="2026-11-20T08:15:00+07:00">')).publishedAt).toBe('2026-11-20T08:15:00+07:00');
  });

  it('converts a time in UTC or another offset to Vietnam time', () => {
    expect(readPage(head('<meta property="article:published_time" content="2026-11-20T01:15:00Z">')).publishedAt).toBe('2026-11-20T08:15:00+07:00');
    expect(readPage(head('<meta property="article:published_time" content="2026-11-19T17:15:00.000-08:00">')).publishedAt).toBe('2026-11-20T08:15:00+07:00');
  });

  it('reads JSON-LD datePublished, at the top or inside @graph', () => {
    const top = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tin","datePublished":"2026-11-18T07:00:00+07:00"}</script>';
    const graph = '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Cổng"},{"@type":"Article","datePublished":"2026-11-17T16:30:00+07:00"}]}</script>';
    expect(readPage(head(top)).publishedAt).toBe('2026-11-18T07:00:00+07:00');
    expect(readPage(head(graph)).publishedAt).toBe('2026-11-17T16:30:00+07:00');
  });

  it('reads the first <time datetime> when the head says nothing', () => {
    expect(readPage(head('', '<article><time datetime="2026-11-16T09:05:00+07:00">16/11/2026</time></article>')).publishedAt).toBe('2026-11-16T09:05:00+07:00');
  });

  it('prefers article:published_time, then JSON-LD, then <time>', () => {
    const all = '<script type="application/ld+json">{"datePublished":"2026-11-18T07:00:00+07:00"}</script><meta property="article:published_time" content="2026-11-20T08:15:00+07:00">';
    expect(readPage(head(all, '<time datetime="2026-11-16T09:05:00+07:00"></time>')).publishedAt).toBe('2026-11-20T08:15:00+07:00');
    expect(readPage(head('<script type="application/ld+json">{"datePublished":"2026-11-18T07:00:00+07:00"}</script>', '<time datetime="2026-11-16T09:05:00+07:00"></time>')).publishedAt).toBe('2026-11-18T07:00:00+07:00');
  });

  it('passes over broken JSON-LD, a date without a time and a time that is not one, to the next source', () => {
    const page = head('<script type="application/ld+json">{"datePublished": </script><meta property="article:published_time" content="2026-11-20">', '<time datetime="hôm qua"></time><time datetime="2026-11-16 09:05">16/11</time>');
    expect(readPage(page).publishedAt).toBe('2026-11-16T09:05:00+07:00');
  });

  it('is null when the page gives no time', () => {
    expect(readPage(head('<title>Tin</title>', '<p>Đăng ngày 20/11/2026</p>')).publishedAt).toBeNull();
  });
});

describe('charsetOf', () => {
  it('takes the Content-Type header first', () => {
    expect(charsetOf('text/html; charset=Windows-1258', '<meta charset="utf-8">')).toBe('windows-1258');
  });

  it('then <meta charset>, then <meta http-equiv="Content-Type">', () => {
    expect(charsetOf('text/html', '<html><head><meta charset="windows-1258"><title>x</title>')).toBe('windows-1258');
    expect(charsetOf(undefined, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')).toBe('iso-8859-1');
  });

  it('then a byte-order mark beats both; UTF-8 when nothing says', () => {
    expect(charsetOf('text/html; charset=windows-1258', '\u00ef\u00bb\u00bf<html>')).toBe('utf-8');
    expect(charsetOf(undefined, '<html><head><title>x</title>')).toBe('utf-8');
    expect(charsetOf(undefined, '<meta charset="utf-16">')).toBe('utf-8');
  });
});

describe('channelOfHost', () => {
  it.each([
    ['anhai.haiphong.gov.vn', 'portal'],
    ['www.anhai.haiphong.gov.vn', 'portal'],
    ['ANHAI.haiphong.gov.vn.', 'portal'],
    ['tintuc.anhai.haiphong.gov.vn', 'portal'],
    ['www.facebook.com', 'fanpage'],
    ['m.facebook.com', 'fanpage'],
    ['fb.watch', 'fanpage'],
    ['www.youtube.com', 'youtube'],
    ['m.youtube.com', 'youtube'],
    ['youtu.be', 'youtube'],
    ['zalo.me', 'zalo-oa'],
    ['haiphong.gov.vn', null],
    ['baohaiphong.vn', null],
    ['notfacebook.com', null],
    ['facebook.com.evil.example', null],
  ])('%s → %s', (host, channel) => {
    expect(channelOfHost(host, 'anhai.haiphong.gov.vn')).toBe(channel);
  });

  it('knows no portal until the settings name one', () => {
    expect(channelOfHost('anhai.haiphong.gov.vn', null)).toBeNull();
    expect(channelOfHost('www.facebook.com', null)).toBe('fanpage');
  });
});
