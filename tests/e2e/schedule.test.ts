import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, callApi, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';

/**
 * The schedule's fast paths of issue 25 in a real Chromium, at desktop and phone width: several items
 * planned for a slot at once (two from the catalogue, one new title), the slot logged from its plan,
 * the saved entries shown first in airing order, the slot then saying it is logged, "Lặp lại buổi
 * trước" with nothing to repeat, and a duplicate airing named by its item and time with a link.
 */

const ADMIN = { username: 'phathanh', password: 'mat-khau-phat-thanh-1' };
const OLD_TITLES = ['Hướng dẫn nộp hồ sơ trực tuyến', 'Thanh toán không dùng tiền mặt'];
const NEW_TITLE = 'Lịch tiếp công dân tháng này';

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

const fmt = (iso: string): string => iso.split('-').reverse().join('/');

for (const viewport of VIEWPORTS) {
  describe(`schedule fast paths (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    let base: string;
    let token: string;
    /** The titles of the session logged from the plan, in airing order. */
    let sessionOrder: string[] = [];

    const api = (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => callApi(base, token, method, url, body);

    async function check(name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    /** The line of today's list about the slot starting at `start`. */
    const slotLine = (start: string) => page.locator('.today-slots li').filter({ has: page.locator('strong', { hasText: start }) });

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-schedule-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      token = await apiToken(base, ADMIN);
      // Yesterday's session aired two items; today's schedule has a morning and an evening slot, nothing planned yet.
      await api('POST', '/api/v1/sessions', { channel: 'radio', at: `${vnDate(-1)}T06:00`, entries: OLD_TITLES.map((title, i) => ({ title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', durationSeconds: 150 + i * 30 })) });
      await api('POST', '/api/v1/schedule', { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 });
      await api('POST', '/api/v1/schedule', { name: 'Bản tin trưa', channel: 'radio', start: '11:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 });
      browser = await launchChromium();
      page = await signedInPage(browser, base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('plans two catalogue items and a new title for a slot in one save, then logs the slot from its plan', async () => {
      await page.goto(`${base}/schedule`);
      await check('schedule');
      await page.getByRole('link', { name: 'Thêm tin bài dự kiến cho buổi 06:00' }).click();
      await page.waitForURL(/\/schedule\/1\/edit/);
      await check('slot-edit');
      for (const t of OLD_TITLES) await page.getByRole('checkbox', { name: new RegExp(t) }).check();
      const row = page.getByRole('group', { name: 'Tin bài mới 1' });
      await row.getByLabel('Tiêu đề').fill(NEW_TITLE);
      await row.getByLabel('Hình thức thể hiện').selectOption({ label: 'Tin' });
      await row.getByLabel('Đơn vị thực hiện').selectOption({ label: 'Văn phòng HĐND và UBND' });
      await row.getByRole('checkbox', { name: /Dịch vụ công trực tuyến, thanh toán/ }).check();
      await page.getByRole('button', { name: 'Lưu buổi phát' }).last().click();
      await page.waitForURL(/\/schedule\?ok=slot-updated/);
      await expect(page.locator('.notice').textContent()).resolves.toContain('Đã lưu thay đổi của buổi phát.');
      for (const t of [...OLD_TITLES, NEW_TITLE]) await expect(page.locator('table.log').getByText(t).count()).resolves.toBe(1);
      await check('schedule-planned');

      // "Ghi buổi này" opens the session with the three planned items: one click to save.
      await slotLine('06:00').getByRole('link', { name: 'Ghi buổi này' }).click();
      await page.waitForURL(/\/sessions\/new\?slot=1/);
      for (let i = 0; i < 3; i++) await expect(page.locator(`[name="entries.${i}.itemId"]`).inputValue()).resolves.not.toBe('');
      const rows = await page.locator('.broadcast-row .chosen strong').allTextContents();
      expect([...rows].sort()).toEqual([...OLD_TITLES, NEW_TITLE].sort());
      await check('session-from-plan');
      await page.getByRole('button', { name: 'Lưu buổi phát' }).last().click();
      await page.waitForURL(/ok=session-created/);

      // The saved entries come first, in airing order, before the day's list.
      const saved = page.getByRole('region', { name: 'Buổi phát vừa lưu' });
      await expect(saved.locator('li a[href^="/items/"]').allTextContents()).resolves.toEqual(rows);
      sessionOrder = rows;
      await expect(saved.textContent()).resolves.toContain(`Truyền thanh · ${fmt(vnDate())} từ 06:00 · 3 lượt, theo thứ tự phát`);
      const [top, table] = await Promise.all([saved.boundingBox(), page.locator('table.log').boundingBox()]);
      expect(top!.y).toBeLessThan(table!.y);
      await check('session-saved');
    });

    it('says a logged slot is logged, links to its entries, and says so when there is nothing to repeat', async () => {
      await page.goto(`${base}/schedule`);
      const morning = slotLine('06:00');
      await expect(morning.getByRole('link', { name: 'Ghi buổi này' }).count()).resolves.toBe(0);
      await expect(morning.getByRole('link', { name: 'Lặp lại buổi trước' }).count()).resolves.toBe(0);
      await check('schedule-logged');
      await morning.getByRole('link', { name: 'Đã ghi 3 lượt · Xem' }).click();
      await page.waitForURL(/\/entries\?.*session=/);
      await expect(page.getByRole('region', { name: 'Các lượt của buổi phát' }).locator('li a[href^="/items/"]').allTextContents()).resolves.toEqual(sessionOrder);
      await check('slot-entries');

      // The 11:00 slot has never been logged: repeating it says so.
      await page.goto(`${base}/schedule`);
      await slotLine('11:00').getByRole('link', { name: 'Lặp lại buổi trước' }).click();
      await page.waitForURL(/repeat=1/);
      await expect(page.getByRole('status').filter({ hasText: 'Chưa có buổi trước để lặp lại' }).textContent()).resolves.toBe(
        'Chưa có buổi trước để lặp lại: buổi 11:00 "Bản tin trưa" chưa được ghi lần nào trong 14 ngày qua. Hãy điền các tin bài của buổi này.',
      );
      await check('repeat-nothing');
    });

    it('names a duplicate airing by its item and time, with a link to the airing already logged', async () => {
      // The morning session again, from the plan: every row airs an item already logged at 06:00.
      await page.goto(`${base}/sessions/new?slot=1`);
      await page.getByRole('button', { name: 'Lưu buổi phát' }).last().click();
      await page.waitForURL(`${base}/sessions`);
      const summary = page.getByRole('alert');
      await expect(summary.textContent()).resolves.toContain(`Tin bài 1: tin bài "${sessionOrder[0]}" đã được ghi trên kênh này lúc 06:00 ngày ${fmt(vnDate())} (cùng phút).`);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(/lượt #\d/i);
      await check('session-duplicate');
      const link = page.getByRole('group', { name: 'Trùng lặp ở tin bài 1' }).getByRole('link', { name: 'xem lượt đã ghi' });
      await link.click();
      await page.waitForURL(/\/entries\/\d+$/);
      await expect(page.locator('main').textContent()).resolves.toContain(sessionOrder[0]!);
    });
  });
}
