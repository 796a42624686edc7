import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { apiToken, axeViolations, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';

/**
 * A clerk's first import of a log whose headers the app does not know, in a real Chromium at desktop
 * and phone width: the preview says it found no header and lists every column with samples; the clerk
 * maps them one by one and picks the defaults, sees the one bad row, leaves it out, and the import is
 * stored with that row kept as left out. Every page accessible and never wider than the screen.
 */

const ADMIN = { username: 'vanthu', password: 'mat-khau-van-thu-12' };
const dmy = (iso: string): string => iso.split('-').reverse().join('/');

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

for (const viewport of VIEWPORTS) {
  describe(`an import mapped by hand (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    let base: string;
    let token: string;

    async function check(name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-imports-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      token = await apiToken(base, ADMIN);
      browser = await launchChromium();
      page = await signedInPage(browser, base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('maps an unknown header column by column, leaves the bad row out, and stores the rest', async () => {
      await page.goto(`${base}/imports`);
      await check('imports');
      const [a, b] = [dmy(vnDate(-3)), dmy(vnDate(-2))];
      const csv = [
        'Cột A;Cột B;Cột C;Cột D',
        `${a} 06:30;Hướng dẫn đăng ký thường trú trực tuyến;Truyền thanh;2 lần`,
        `${b} 17:00;Lịch tiếp công dân của Chủ tịch xã;Truyền thanh;1`,
        `31/02/2026 06:30;Bản tin ghi nhầm ngày;Truyền thanh;1`,
      ].join('\r\n');
      await page.getByLabel('Chọn tệp (.xlsx hoặc .csv)').setInputFiles({ name: 'so-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) });
      await page.getByRole('button', { name: 'Đọc và kiểm tra tệp' }).click();
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Không tìm thấy dòng tiêu đề cột');
      await expect(page.getByText('Ví dụ: Hướng dẫn đăng ký thường trú trực tuyến · Lịch tiếp công dân của Chủ tịch xã · Bản tin ghi nhầm ngày').count()).resolves.toBe(1);
      await check('import-unknown-header');
      await page.getByLabel('Cột 1: Cột A').selectOption('at');
      await page.getByLabel('Cột 2: Cột B').selectOption('title');
      await page.getByLabel('Cột 3: Cột C').selectOption('channel');
      await page.getByLabel('Cột 4: Cột D').selectOption('playCount');
      await page.getByLabel('Hình thức', { exact: true }).selectOption('news');
      await page.getByLabel('Đơn vị thực hiện', { exact: true }).selectOption('tt-dvsnc');
      await page.getByRole('button', { name: 'Kiểm tra lại với cách đọc này' }).click();
      const skip = page.getByRole('button', { name: 'Nhập 2 lượt, bỏ 1 dòng lỗi' });
      await skip.waitFor();
      await expect(page.locator('#problems').textContent()).resolves.toContain('Ngày 31/02/2026 không có trên lịch.');
      await check('import-mapped');
      await skip.click();
      await page.waitForURL(/\/imports\/\d+\?ok=import-done/);
      await expect(page.locator('.notice').textContent()).resolves.toContain('Đã nhập vào nhật ký.');
      await expect(page.getByRole('cell', { name: 'Dòng 4' }).count()).resolves.toBe(1);
      await check('import-stored');
      const res = await fetch(`${base}/api/v1/entries`, { headers: { Authorization: `Bearer ${token}` } });
      const entries = ((await res.json()) as { entries: { playCount: number; item: { title: string; topics: string[] } }[] }).entries;
      expect(entries.map((e) => [e.item.title, e.playCount, e.item.topics])).toEqual([
        ['Lịch tiếp công dân của Chủ tịch xã', 1, []],
        ['Hướng dẫn đăng ký thường trú trực tuyến', 2, []],
      ]);
    });
  });
}
