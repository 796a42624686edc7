import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, callApi, closeJourney, Human, launchChromium, menuLink, signedInPage, VIEWPORTS } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { ARTICLES, type PortalServer, startPortalServer } from '../portal-server.js';

/**
 * The portal editor's journey of issue 27 in a real Chromium, at desktop and phone width: the watch
 * (standing in for its schedule) has found the section's five new posts on the local portal
 * (127.0.0.1, allowed by FETCH_ALLOW_HOSTS); the editor opens them from the dashboard's notice (the
 * header's "Tin mới (5)" says the same), checks them (all ticked) and logs them with one "Ghi vào sổ". Page loads, keys and clicks are counted as in the
 * journeys of issue 25 (tests/e2e/posts.test.ts), from the signed-in dashboard.
 */

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-1' };
const EDITOR = { username: 'bientapcong', password: 'mat-khau-bien-tap-1' };
const COUNTS_FILE = process.env.WATCH_COUNTS_FILE;

vi.setConfig({ testTimeout: 90_000 });
afterAll(killAllServers);

const counted: Record<string, number | string>[] = [];
afterAll(async () => {
  if (COUNTS_FILE && counted.length) await writeFile(COUNTS_FILE, JSON.stringify(counted, null, 2));
  if (counted.length) console.log(JSON.stringify(counted));
});

for (const viewport of VIEWPORTS) {
  describe(`the inbox of posts found (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let site: PortalServer;
    let browser: Browser;
    let base: string;
    let token: string;

    const api = (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => callApi(base, token, method, url, body);

    async function check(page: Page, name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-watch-'));
      site = await startPortalServer('127.0.0.1');
      // The schedule is off: the test runs the watch itself, when it wants.
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, FETCH_ALLOW_HOSTS: '127.0.0.1', PORTAL_WATCH_CRON: '' });
      base = server.base;
      token = await apiToken(base, ADMIN);
      await api('POST', '/api/v1/users', { username: EDITOR.username, fullName: 'Lê Thị Cổng', role: 'editor', password: EDITOR.password });
      browser = await launchChromium();
      // The admin adds the portal's CCHC section once, in the settings (not counted).
      const admin = await signedInPage(browser, base, viewport, ADMIN);
      await admin.goto(`${base}/settings#watch`);
      await check(admin, 'settings-watch');
      const form = admin.locator('#watch form.block-form');
      await form.getByLabel(/^Địa chỉ/).fill(`${site.base}/cai-cach-hanh-chinh`);
      await form.getByLabel('Hình thức thể hiện').selectOption('article');
      await form.locator('summary').click();
      await form.getByRole('checkbox', { name: /m\) Dịch vụ công trực tuyến/ }).check();
      await form.getByRole('button', { name: 'Thêm nơi theo dõi' }).click();
      await admin.waitForURL(/ok=watch-place-added/);
      await expect(admin.locator('#watch table').textContent()).resolves.toContain(`${site.base}/cai-cach-hanh-chinh`);
      await check(admin, 'settings-watch-added');
      await admin.context().close();
      // The schedule's round, run now.
      expect(await api('POST', '/api/v1/watch/run')).toEqual({ proposed: 5, logged: 0, errors: [] });
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
      await site?.close();
    });

    it('logs the five posts found with one save: each on the portal with its link, title and time (Vietnam), article, topic m', async () => {
      const page = await signedInPage(browser, base, viewport, EDITOR);
      // The header counts them too (opening a phone's menu here is not part of the journey).
      await expect((await menuLink(page, 'Tin mới (5)')).isVisible()).resolves.toBe(true);
      await page.reload();
      const notice = page.locator('[data-inbox]');
      await expect(notice.textContent()).resolves.toContain('5 tin bài mới phát hiện');
      const h = new Human(page);
      await h.click(notice.getByRole('link', { name: 'Xem và ghi vào sổ' }));
      await page.waitForURL(`${base}/inbox`);
      await check(page, 'inbox');
      const boxes = page.locator('input[name="ids"]');
      await expect(boxes.count()).resolves.toBe(5);
      for (let i = 0; i < 5; i++) await expect(boxes.nth(i).isChecked()).resolves.toBe(true);
      await h.click(page.getByRole('button', { name: 'Ghi vào sổ' }));
      await page.waitForURL(/ok=inbox-logged/);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Đã ghi các tin bài đã đánh dấu vào sổ.');
      await expect(page.locator('p.count').textContent()).resolves.toContain('Không có tin bài mới nào');
      await check(page, 'inbox-after-save');
      counted.push(h.report(`five portal posts through the inbox (${viewport.name})`));
      const res = (await api('GET', '/api/v1/entries?channel=portal&pageSize=100')) as { entries: { at: string; url: string; recordedBy: string; item: { title: string; format: string; topics: string[] } }[] };
      expect(res.entries.map((e) => [e.item.title, e.at, e.url, e.recordedBy, e.item.format, e.item.topics])).toEqual(ARTICLES.map((a) => [a.title, a.at, `${site.base}${a.path}`, EDITOR.username, 'article', ['m']]));
      await page.context().close();
    });
  });
}
