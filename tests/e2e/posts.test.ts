import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, callApi, closeContexts, Human, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';
import { kill, killAllServers, type ServerProcess, startServer } from '../process.js';
import { NUMBERED_TITLES, numberedAt, type PageServer, startPageServer } from '../page-server.js';

/**
 * The portal editor's journeys of issue 25 in a real Chromium, at desktop and phone width: five portal
 * posts typed by hand, and five from their pasted links (the server reads each page from a local site on
 * 127.0.0.1, allowed by FETCH_ALLOW_HOSTS). Each journey counts page loads, keys (a shortcut such as
 * Ctrl+V is one) and clicks (a choice in a list is one); copying a link in the portal's own tab is not
 * counted, nor is it in the typed journey, which pastes its links too.
 */

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-1' };
const TYPIST = { username: 'gotay', password: 'mat-khau-go-tay-1' };
const PASTER = { username: 'danlink', password: 'mat-khau-dan-link-1' };
const COUNTS_FILE = process.env.POST_COUNTS_FILE;

vi.setConfig({ testTimeout: 90_000 });
afterAll(killAllServers);

const counted: Record<string, number | string>[] = [];
afterAll(async () => {
  if (COUNTS_FILE && counted.length) await writeFile(COUNTS_FILE, JSON.stringify(counted, null, 2));
});

for (const viewport of VIEWPORTS) {
  describe(`portal editor journeys (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let site: PageServer;
    let browser: Browser;
    let base: string;
    let token: string;
    const day = vnDate(-1);
    const [y, m, d] = day.split('-');

    const api = (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => callApi(base, token, method, url, body);

    async function check(page: Page, name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    /** After a save: the notice, and the next record's title box focused and on screen. */
    async function expectNextRecord(page: Page): Promise<void> {
      await page.waitForURL(/ok=entry-created/);
      const title = page.getByLabel(/Tiêu đề tin bài/);
      await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
      const box = (await title.boundingBox())!;
      expect(box.y >= 0 && box.y + box.height <= viewport.height, `title box in view at ${viewport.width} px (y ${box.y})`).toBe(true);
    }

    /** The first post's item choices (later posts keep them). */
    async function chooseItemFields(page: Page, h: Human): Promise<void> {
      await h.choose(page.getByLabel('Hình thức thể hiện'), 'article');
      await h.choose(page.getByLabel('Đơn vị thực hiện'), 'vh-xh');
      const topics = page.locator('details.topics-box');
      if (!(await topics.evaluate((el) => (el as HTMLDetailsElement).open))) await h.click(topics.locator('summary'));
      await h.click(page.getByRole('checkbox', { name: /m\) Dịch vụ công trực tuyến/ }));
    }

    async function paste(page: Page, h: Human, link: string): Promise<void> {
      // Copied in the portal's tab: not counted.
      await page.evaluate((text) => navigator.clipboard.writeText(text), link);
      await h.click(page.getByLabel(/Đường dẫn bài đăng/));
      await h.press(page, 'Control+V');
    }

    type Post = { at: string; url: string; durationSeconds: number | null; item: { title: string; topics: string[] } };
    /** The portal posts whose link starts with `prefix`. */
    async function portalPosts(prefix: string): Promise<Post[]> {
      const res = (await api('GET', '/api/v1/entries?channel=portal&pageSize=100')) as { entries: Post[] };
      return res.entries.filter((e) => e.url.startsWith(prefix));
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-posts-'));
      site = await startPageServer('127.0.0.1', { day });
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, FETCH_ALLOW_HOSTS: '127.0.0.1' });
      base = server.base;
      token = await apiToken(base, ADMIN);
      for (const [u, fullName] of [[TYPIST, 'Nguyễn Văn Gõ'], [PASTER, 'Trần Thị Dán']] as const) await api('POST', '/api/v1/users', { username: u.username, fullName, role: 'editor', password: u.password });
      browser = await launchChromium();
      // The admin names the commune's portal: its links are portal posts.
      const admin = await signedInPage(browser, base, viewport, ADMIN);
      await admin.goto(`${base}/settings`);
      await admin.getByLabel('Tên (ví dụ: An Hải)').fill('An Hải');
      await admin.getByLabel(/Địa chỉ Cổng TTĐT/).fill(site.base);
      await admin.locator('#commune').getByRole('button', { name: 'Lưu' }).click();
      await admin.waitForURL(/\/settings/);
      await expect(admin.getByLabel(/Địa chỉ Cổng TTĐT/).inputValue()).resolves.toBe('127.0.0.1');
      await admin.context().close();
    }, 60_000);

    afterAll(async () => {
      await closeContexts(browser);
      if (server) await kill(server, 'SIGTERM');
      await site?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('records five portal posts from their pasted links: title, time and channel filled from each page, then saved', async () => {
      const page = await signedInPage(browser, base, viewport, PASTER);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const h = new Human(page);
      const nav = viewport.name === 'phone' ? page.getByRole('link', { name: 'Ghi nhật ký' }).first() : page.getByRole('navigation').getByRole('link', { name: 'Ghi nhật ký' });
      await h.click(nav);
      await page.waitForURL(`${base}/entries/new`);
      await check(page, 'record-form');
      // A first-time user's channel is the radio, which has no link: the portal is chosen once.
      await expect(page.getByLabel(/Đường dẫn bài đăng/).isVisible()).resolves.toBe(false);
      await h.choose(page.getByLabel('Kênh'), 'portal');
      await expect(page.getByLabel(/Thời lượng/).isVisible()).resolves.toBe(false);
      for (let n = 1; n <= 5; n++) {
        await paste(page, h, `${site.base}/tin-tuc/bai-${n}.html`);
        const status = page.locator('[data-link-status]');
        await expect.poll(() => status.textContent()).toContain('Đã điền từ trang');
        await expect(page.getByLabel(/Tiêu đề tin bài/).inputValue()).resolves.toBe(NUMBERED_TITLES[n - 1]);
        await expect(page.getByLabel('Ngày (dd/mm/yyyy)').inputValue()).resolves.toBe(`${d}/${m}/${y}`);
        await expect(page.getByLabel('Giờ (HH:mm)').inputValue()).resolves.toBe(`08:0${n}`);
        if (n === 1) {
          await chooseItemFields(page, h);
          await check(page, 'record-form-from-link');
        } else {
          // The channel this user last posted on is a default: the page's host confirms it.
          await expect(status.textContent()).resolves.toContain('kênh Cổng TTĐT');
        }
        await h.press(page, 'Enter');
        await expectNextRecord(page);
      }
      await check(page, 'record-form-after-save');
      counted.push(h.report(`five portal posts from pasted links (${viewport.name})`));
      const posts = await portalPosts(`${site.base}/tin-tuc/bai-`);
      expect(posts.map((e) => [e.item.title, e.at, e.url, e.durationSeconds, e.item.topics]).sort()).toEqual(
        NUMBERED_TITLES.map((t, i) => [t, numberedAt(i + 1, day), `${site.base}/tin-tuc/bai-${i + 1}.html`, null, ['m']]).sort(),
      );
      await page.context().close();
    });

    it('records five portal posts typed by hand; a link the server cannot read says so and fills nothing', async () => {
      const page = await signedInPage(browser, base, viewport, TYPIST);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const h = new Human(page);
      const nav = viewport.name === 'phone' ? page.getByRole('link', { name: 'Ghi nhật ký' }).first() : page.getByRole('navigation').getByRole('link', { name: 'Ghi nhật ký' });
      await h.click(nav);
      await page.waitForURL(`${base}/entries/new`);
      await h.choose(page.getByLabel('Kênh'), 'portal');
      for (let n = 1; n <= 5; n++) {
        await h.fill(page, page.getByLabel(/Tiêu đề tin bài/), `Tin gõ tay số ${n}: ${NUMBERED_TITLES[n - 1]}`);
        await h.fill(page, page.getByLabel('Ngày (dd/mm/yyyy)'), `${d}${m}${y}`);
        await h.fill(page, page.getByLabel('Giờ (HH:mm)'), `090${n}`);
        if (n === 1) await chooseItemFields(page, h);
        // The portal's page is not there (404): the form says so and keeps what was typed.
        await paste(page, h, `${site.base}/tin-tuc/khong-doc-duoc-${n}.html`);
        const status = page.locator('[data-link-status]');
        await expect.poll(() => status.textContent()).toContain('Trang trả lời lỗi 404');
        if (n === 1) await check(page, 'record-form-link-refused');
        await expect(page.getByLabel(/Tiêu đề tin bài/).inputValue()).resolves.toBe(`Tin gõ tay số ${n}: ${NUMBERED_TITLES[n - 1]}`);
        await h.press(page, 'Enter');
        await expectNextRecord(page);
      }
      counted.push(h.report(`five portal posts typed (${viewport.name})`));
      const posts = await portalPosts(`${site.base}/tin-tuc/khong-doc-duoc-`);
      expect(posts.map((e) => [e.item.title, e.at, e.url]).sort()).toEqual(
        NUMBERED_TITLES.map((t, i) => [`Tin gõ tay số ${i + 1}: ${t}`, `${day}T09:0${i + 1}:00+07:00`, `${site.base}/tin-tuc/khong-doc-duoc-${i + 1}.html`]).sort(),
      );
      await page.context().close();
    });
  });
}

afterAll(() => {
  if (counted.length) console.log(JSON.stringify(counted));
});
