import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, closeContexts, launchChromium } from './browser.js';

/**
 * The accessibility check every journey ends its pages with (`axeViolations`) on a page known to break the
 * rules: it must name the serious and critical violations and leave out the lesser ones, or the journeys'
 * "no violations" would prove nothing (axe-core's text is rewritten before it is injected, browser.ts).
 */

const BROKEN = `<!doctype html><html lang="vi"><head><title>Trang lỗi</title></head><body><main>
<img src="/anh-khong-co-mo-ta.png">
<p style="color:#bbb;background:#fff">Chữ quá nhạt trên nền trắng</p>
<button></button>
</main></body></html>`;

describe('the accessibility check of the browser journeys', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  });
  afterAll(() => closeContexts(browser));

  it('names the serious and critical violations of a page, not the moderate ones', async () => {
    await page.setContent(BROKEN);
    const violations = await axeViolations(page);
    expect(violations.map((v) => v.split(' ')[0]).sort()).toEqual(['button-name', 'color-contrast', 'image-alt']);
    expect(violations.find((v) => v.startsWith('image-alt'))).toContain('(critical)');
    expect(violations.find((v) => v.startsWith('color-contrast'))).toContain('(serious)');
    // The page has no h1 either: axe-core calls that moderate, and the check leaves it out.
    expect(violations.join('\n')).not.toContain('page-has-heading-one');
  });

  it('checks the page again after a change within it, with the axe-core already there', async () => {
    await page.setContent(BROKEN);
    expect(await axeViolations(page)).toHaveLength(3);
    await page.evaluate(() => {
      document.querySelector('img')!.setAttribute('alt', 'Ảnh minh hoạ');
      document.querySelector('button')!.textContent = 'Lưu';
      document.querySelector('p')!.setAttribute('style', 'color:#222;background:#fff');
    });
    expect(await axeViolations(page)).toEqual([]);
  });
});
