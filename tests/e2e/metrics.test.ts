import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { GRAPH_TOKEN, type PlatformServer, platformUrls, startPlatformServer, YOUTUBE_KEY, ZALO_TOKEN } from '../platform-server.js';

/**
 * Views from the platforms in a real Chromium against the real server (its configuration read from the
 * environment): an admin saves the keys in the settings, an editor presses "Cập nhật lượt xem" on the
 * views page and reads where each figure came from; at desktop and phone width, axe clean.
 */

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-1' };
const PAGE_ID = '100064123456789';

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

describe('views from the platforms, in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let site: PlatformServer;
  let browser: Browser;
  let base: string;

  async function check(page: Page, name: string, width: number): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${width} px`).toBe(true);
    expect(await axeViolations(page), `accessibility of ${name} at ${width} px`).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-metrics-'));
    site = await startPlatformServer();
    site.youtube.videos.set('dQw4w9WgXcQ', { viewCount: '1520', likeCount: '40', commentCount: '5' });
    site.graph.posts.set(`${PAGE_ID}_1234567890123`, { views: 830, reactions: 21, comments: 4, shares: 3 });
    const urls = platformUrls(site);
    server = await startServer(dataDir, {
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      YOUTUBE_API_URL: urls.youtubeApiUrl,
      FACEBOOK_GRAPH_URL: urls.facebookGraphUrl,
      ZALO_OA_API_URL: urls.zaloOaApiUrl,
      METRICS_REFRESH_CRON: '',
    });
    base = server.base;
    browser = await launchChromium();
    const token = await apiToken(base, ADMIN);
    const at = `${vnDate(-1)}T08:00`;
    const posts = [
      { title: 'Video hướng dẫn nộp hồ sơ trực tuyến', channel: 'youtube', url: 'https://youtu.be/dQw4w9WgXcQ' },
      { title: 'Bài Fanpage về thanh toán không dùng tiền mặt', channel: 'fanpage', url: `https://www.facebook.com/phuonganhai/posts/1234567890123`, views: 900 },
    ];
    for (const p of posts) {
      const res = await fetch(`${base}/api/v1/entries`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ format: 'article', topics: ['m'], unit: 'vh-xh', at, ...p }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await closeJourney(browser, server, dataDir);
    await site?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`saves the keys and refreshes the views at ${viewport.width} px`, async () => {
      const page = await signedInPage(browser, base, viewport, ADMIN);
      await page.goto(`${base}/settings#platforms`);
      const keys = page.locator('#platforms');
      await keys.getByLabel(/Khóa YouTube API/).fill(YOUTUBE_KEY);
      await keys.getByLabel(/Mã truy cập Trang Facebook/).fill(GRAPH_TOKEN);
      await keys.getByLabel(/Mã Trang Facebook \(Page ID/).fill(PAGE_ID);
      await keys.getByLabel(/Mã truy cập Zalo OA/).fill(ZALO_TOKEN);
      await keys.getByRole('button', { name: 'Lưu' }).click();
      await page.waitForURL(/ok=platform-keys-saved/);
      await expect(page.locator('#platforms .key-status').allTextContents()).resolves.toEqual(['đã lưu', 'đã lưu', 'đã lưu']);
      expect(await page.content()).not.toContain(GRAPH_TOKEN);
      await check(page, 'the settings', viewport.width);

      await page.goto(`${base}/entries/views`);
      await page.getByRole('button', { name: 'Cập nhật lượt xem' }).click();
      await page.waitForURL(/ok=metrics-refreshed/);
      await page.getByText(/cập nhật từ YouTube lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/).waitFor();
      // The Fanpage post's views were typed by hand: kept, Facebook's beside them, and the choice to take them.
      await page.getByText(/số nhập tay được giữ; Facebook lúc .*: 830 lượt xem, 28 lượt tương tác/).waitFor();
      expect(await page.getByLabel(/Lượt xem: Video hướng dẫn/).inputValue()).toBe('1520');
      expect(await page.getByLabel(/Lượt xem: Bài Fanpage/).inputValue()).toBe('900');
      await check(page, 'the views page', viewport.width);
      await page.getByRole('button', { name: /Dùng số của nền tảng cho bài Bài Fanpage/ }).click();
      await page.waitForURL(/ok=metrics-used/);
      expect(await page.getByLabel(/Lượt xem: Bài Fanpage/).inputValue()).toBe('830');
      // Next time round (the other width), the post is typed by hand again.
      await page.getByLabel(/Lượt xem: Bài Fanpage/).fill('900');
      await page.getByRole('button', { name: 'Lưu tất cả' }).last().click();
      await page.waitForURL(/ok=views-updated/);
      await page.context().close();
    });
  }
});
