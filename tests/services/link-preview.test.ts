import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/domain/settings.js';
import { MAX_PREVIEWS_PER_MINUTE, previewLink, type PreviewResult } from '../../src/services/link-preview.js';
import { DEFAULT_FETCH_RULES, type FetchRules } from '../../src/services/page-fetch.js';
import { replaceSettings } from '../../src/services/settings.js';
import { openStore } from '../helpers.js';
import { ARTICLE_AT, ARTICLE_PATH, ARTICLE_TITLE, type PageServer, startPageServer, TITLE_ONLY } from '../page-server.js';

// The allowed test host is 127.0.0.1; 127.0.0.2 (loopback too) stands for a private address that is not allowed.
const RULES: FetchRules = { ...DEFAULT_FETCH_RULES, allowHosts: ['127.0.0.1'] };

let site: PageServer;
let inside: PageServer;

beforeAll(async () => {
  site = await startPageServer('127.0.0.1');
  inside = await startPageServer('127.0.0.2');
});
afterAll(async () => {
  await site?.close();
  await inside?.close();
});

async function preview(url: string, rules: Partial<FetchRules> = {}, portalHost = '127.0.0.1'): Promise<PreviewResult> {
  const store = await openStore();
  await replaceSettings(store, { ...defaultSettings(), portalHost }, 'test');
  return previewLink(store, 'bientap', url, { ...RULES, ...rules });
}

function refusal(result: PreviewResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  expect(result.status).toBe(422);
  return result.error;
}

describe('previewLink: what a page says', () => {
  it('reads a portal article: its og:title, its article:published_time in Vietnam time, and the portal as its channel', async () => {
    const result = await preview(`${site.base}${ARTICLE_PATH}`);
    expect(result).toEqual({ ok: true, value: { url: `${site.base}${ARTICLE_PATH}`, title: ARTICLE_TITLE, publishedAt: ARTICLE_AT, channel: 'portal' } });
  });

  it('reads a page with only a <title>: no time, and no channel when the host is not the portal', async () => {
    const result = await preview(`${site.base}/chi-co-tieu-de`, {}, 'anhai.haiphong.gov.vn');
    expect(result).toEqual({ ok: true, value: { url: `${site.base}/chi-co-tieu-de`, title: TITLE_ONLY, publishedAt: null, channel: null } });
  });

  it('decodes a page written in Windows-1258 (its <meta charset>) and one sent gzip-compressed', async () => {
    const legacy = await preview(`${site.base}/windows-1258`);
    expect(legacy.ok && legacy.value.title).toBe('Hội nghị tổng kết công tác cải cách hành chính');
    const gzip = await preview(`${site.base}/nen`);
    expect(gzip.ok && gzip.value.title).toBe(ARTICLE_TITLE);
  });

  it('follows up to three redirects on the allowed host', async () => {
    const result = await preview(`${site.base}/vong?n=8`);
    expect(result.ok && result.value).toMatchObject({ title: ARTICLE_TITLE, url: `${site.base}/vong?n=8` });
  });
});

describe('previewLink: what it refuses, with a message', () => {
  it('a page slower than the time limit', async () => {
    // The page ends 8 s after it starts: the test's limit is 0.3 s (the app's, 5 s).
    expect(refusal(await preview(`${site.base}/cham`, { timeoutMs: 300 }))).toBe('Trang không trả lời trong 0,3 giây: hãy thử lại sau hoặc nhập tay.');
    expect(refusal(await preview(`${site.base}/cham-nen`, { timeoutMs: 300 }))).toBe('Trang không trả lời trong 0,3 giây: hãy thử lại sau hoặc nhập tay.');
  });

  it('a page over 2 MB, as sent and once decompressed', async () => {
    expect(refusal(await preview(`${site.base}/rat-lon`))).toMatch(/^Trang quá lớn \(hơn 2 MB\)/);
    expect(refusal(await preview(`${site.base}/bom-nen`))).toMatch(/^Trang quá lớn \(hơn 2 MB\)/);
  });

  it('a redirect to a loopback address that is not allowed, without asking it anything', async () => {
    const to = `${inside.base}${ARTICLE_PATH}`;
    expect(refusal(await preview(`${site.base}/chuyen?to=${encodeURIComponent(to)}`))).toBe('Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.2).');
    expect(inside.hits).toEqual([]);
  });

  it('a redirect to a host name that resolves to a loopback address (the check follows the name to its addresses)', async () => {
    const to = `http://localhost:${site.port}${ARTICLE_PATH}`;
    const before = site.hits.length;
    expect(refusal(await preview(`${site.base}/chuyen?to=${encodeURIComponent(to)}`))).toMatch(/^Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ \(localhost → (127\.0\.0\.1|::1)\)\.$/);
    expect(site.hits.slice(before)).toEqual(['/chuyen']);
  });

  it('a loopback address typed in the link, when not allowed', async () => {
    expect(refusal(await preview(`${inside.base}${ARTICLE_PATH}`))).toBe('Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.2).');
    expect(refusal(await preview(`${site.base}${ARTICLE_PATH}`, { allowHosts: [] }))).toBe('Không đọc link trỏ vào mạng nội bộ hoặc chính máy chủ (127.0.0.1).');
    expect(inside.hits).toEqual([]);
  });

  it('a fourth redirect', async () => {
    expect(refusal(await preview(`${site.base}/vong?n=0`))).toBe('Link chuyển hướng quá 3 lần: hãy dán link cuối cùng của bài.');
  });

  it('a redirect out of http(s), a link that is not http(s), or no link', async () => {
    expect(refusal(await preview(`${site.base}/chuyen?to=${encodeURIComponent('file:///etc/passwd')}`))).toBe('Chỉ đọc được link bắt đầu bằng http:// hoặc https://.');
    for (const link of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://anhai.haiphong.gov.vn/a', 'anhai.haiphong.gov.vn/tin']) {
      expect(refusal(await preview(link)), link).toBe('Đây không phải link trang web: link phải bắt đầu bằng http:// hoặc https://.');
    }
    expect(refusal(await preview('  '))).toBe('Vui lòng dán link bài đăng (bắt đầu bằng http:// hoặc https://).');
  });

  it('a missing page, and a file that is not a web page', async () => {
    expect(refusal(await preview(`${site.base}/khong-co`))).toBe('Trang trả lời lỗi 404 (không tìm thấy bài): kiểm tra lại link.');
    expect(refusal(await preview(`${site.base}/tep.pdf`))).toBe('Link không dẫn tới một trang web (có thể là tệp tải về): hãy nhập tay.');
  });

  it(`a user's link past ${MAX_PREVIEWS_PER_MINUTE} in a minute (429)`, async () => {
    const store = await openStore();
    for (let i = 0; i < MAX_PREVIEWS_PER_MINUTE; i++) expect((await previewLink(store, 'an', `${site.base}/chi-co-tieu-de`, RULES)).ok).toBe(true);
    const past = await previewLink(store, 'an', `${site.base}/chi-co-tieu-de`, RULES);
    expect(past).toEqual({ ok: false, status: 429, error: `Đã đọc quá ${MAX_PREVIEWS_PER_MINUTE} link trong một phút. Vui lòng đợi một phút rồi dán lại, hoặc nhập tay.` });
    expect((await previewLink(store, 'binh', `${site.base}/chi-co-tieu-de`, RULES)).ok).toBe(true);
  });
});
