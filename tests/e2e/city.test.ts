import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { axeViolations, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';

/**
 * The city's view in a real Chromium at desktop and phone width, as the deployment's admin sees it:
 * a period chosen with the keyboard, the communes' table sorted, the Excel download; accessible and
 * never wider than the screen; a commune added on the page, a wrong code first. (The city's other
 * tests, on both engines, are in tests/city/.)
 */

const ADMIN = { username: 'thanhpho', password: 'mat-khau-thanh-pho-1' };

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

for (const viewport of VIEWPORTS) {
  describe(`the city's view (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    const yesterday = vnDate(-1);

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-city-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      const res = await fetch(`${server.base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...ADMIN, name: 'e2e' }) });
      const token = ((await res.json()) as { token: string }).token;
      const created = await fetch(`${server.base}/api/v1/entries`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: `${yesterday}T06:30`, playCount: 3, durationSeconds: 120 }),
      });
      expect(created.status).toBe(201);
      // The city's view exists from the second commune on (a ward's own install has none).
      const commune = await fetch(`${server.base}/api/v1/communes`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'cat-bi', name: 'Cát Bi', kind: 'phường' }) });
      expect(commune.status).toBe(201);
      browser = await launchChromium();
      page = await signedInPage(browser, server.base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('shows every commune\'s figures for a period typed and sent with Enter, sorts them, and downloads them', async () => {
      await page.goto(`${server.base}/city`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Tổng hợp tuyên truyền CCHC');
      await page.getByLabel('Kỳ báo cáo').selectOption('custom');
      const [y, m, d] = yesterday.split('-');
      await page.getByLabel('Từ ngày').fill(`${d}/${m}/${y}`);
      await page.getByLabel('Đến ngày').fill(`${d}/${m}/${y}`);
      // The keyboard path: Enter in a field sends the form.
      await page.getByLabel('Đến ngày').press('Enter');
      await page.waitForURL(/period=custom/);
      const row = page.locator('tbody tr').first();
      expect(await row.locator('td').first().textContent()).toBe('1');
      expect(await page.locator('tfoot').textContent()).toContain('Toàn thành phố (2 đơn vị)');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `city page fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of the city page at ${viewport.name}`).toEqual([]);
      await page.getByRole('link', { name: 'Lượt phát' }).click();
      await page.waitForURL(/sort=plays/);
      expect(await page.locator('thead strong[aria-current]').textContent()).toBe('Lượt phát');
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải bảng tổng hợp (Excel)' }).click()]);
      expect(file.suggestedFilename()).toMatch(/^tong-hop-thanh-pho_.*\.xlsx$/);
    });

    it('adds a commune from the page: a wrong code is explained, the right one joins the table and the header', async () => {
      await page.goto(`${server.base}/city`);
      await page.getByLabel('Loại đơn vị').selectOption('phường');
      await page.getByLabel('Tên (ví dụ An Hải)').fill('An Hải');
      await page.getByLabel(/^Mã \(chữ thường/).fill('An Hải');
      await page.getByRole('button', { name: 'Thêm xã, phường' }).click();
      await page.waitForURL(/\/city\/communes(\?commune=main)?$/);
      expect(await page.locator('#e-c-code').textContent()).toContain('chữ thường không dấu');
      expect(await page.getByLabel('Tên (ví dụ An Hải)').inputValue()).toBe('An Hải');
      expect(await axeViolations(page), `accessibility of the refused form at ${viewport.name}`).toEqual([]);
      await page.getByLabel(/^Mã \(chữ thường/).fill('an-hai');
      await page.getByLabel(/^Mã \(chữ thường/).press('Enter');
      await page.waitForURL(/ok=commune-created/);
      expect(await page.locator('tfoot').textContent()).toContain('Toàn thành phố (3 đơn vị)');
      expect(await page.locator('tbody').textContent()).toContain('phường An Hải');
      expect(await page.getByLabel('Xã, phường', { exact: true }).locator('option').allTextContents()).toContain('An Hải');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `city page with the form fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of the city page after adding at ${viewport.name}`).toEqual([]);
    });

    it('keeps each tab in the commune its page was drawn for, whatever another tab chose since', async () => {
      const other = await page.context().newPage();
      await page.goto(`${server.base}/settings?commune=main`);
      // Another tab switches to the new commune; this one's form was drawn for the first.
      await other.goto(`${server.base}/?commune=an-hai`);
      await page.locator('#commune').getByLabel('Tên (ví dụ: An Hải)').fill('Lạc Viên');
      await page.locator('#commune').getByRole('button', { name: 'Lưu' }).click();
      await page.waitForURL(/ok=/);
      expect(new URL(page.url()).searchParams.get('commune')).toBe('main');
      expect(await page.locator('#commune').getByLabel('Tên (ví dụ: An Hải)').inputValue()).toBe('Lạc Viên');
      await other.goto(`${server.base}/settings?commune=an-hai`);
      expect(await other.locator('#commune').getByLabel('Tên (ví dụ: An Hải)').inputValue()).toBe('An Hải');
      // The log's filters (a form sent with GET) stay in the tab's commune too.
      await page.goto(`${server.base}/entries?commune=main`);
      await other.goto(`${server.base}/?commune=an-hai`);
      await page.getByText('Lọc, tìm kiếm').click();
      await page.getByLabel('Tìm chữ (không dấu cũng được)').fill('ho so');
      await page.getByLabel('Tìm chữ (không dấu cũng được)').press('Enter');
      await page.waitForURL(/\/entries\?/);
      expect(new URL(page.url()).searchParams.get('commune')).toBe('main');
      expect(await page.locator('tbody').textContent()).toContain('Hướng dẫn nộp hồ sơ trực tuyến');
      await other.close();
    });
  });
}
