import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { apiToken, axeViolations, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';

/**
 * Pages measured in a real Chromium at desktop and phone width: the printable log never wider than
 * the screen, and the action cells of the lists level with their rows.
 */

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-12' };

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

for (const viewport of VIEWPORTS) {
  describe(`page layout (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    let base: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-layout-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      const token = await apiToken(base, ADMIN);
      const post = async (url: string, body: unknown) => {
        const r = await fetch(`${base}${url}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
      };
      const day = vnDate(-1);
      await post('/api/v1/entries', { title: 'Hướng dẫn thanh toán phí, lệ phí không dùng tiền mặt trên Cổng dịch vụ công quốc gia', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: `${day}T06:30`, playCount: 2, durationSeconds: 210 });
      await post('/api/v1/entries', { title: 'Cấp căn cước qua VNeID', format: 'article', topics: ['k'], unit: 'vh-xh', channel: 'portal', at: `${day}T09:15`, url: 'https://anhai.haiphong.gov.vn/tin/cap-can-cuoc-qua-vneid-cho-nguoi-dan' });
      await post('/api/v1/users', { username: 'bientap', fullName: 'Nguyễn Thị Biên Tập', role: 'editor', password: 'mat-khau-bien-tap-12' });
      browser = await launchChromium();
      page = await signedInPage(browser, base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('fits the printable log to the screen: its table scrolls in its own box', async () => {
      await page.goto(`${base}/entries/print`);
      await expect(page.getByRole('heading', { level: 1 })).toBeTruthy();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await page.locator('table:not(.totals) tbody tr').count()).toBe(2);
      expect(await axeViolations(page), `accessibility of the printable log at ${viewport.name}`).toEqual([]);
    });

    for (const listPath of ['/users', '/entries']) {
      it(`keeps the action cells of ${listPath} level with their rows`, async () => {
        await page.goto(`${base}${listPath}`);
        const boxes = await page.locator('td.row-actions').evaluateAll((cells) =>
          cells.map((cell) => {
            const row = cell.closest('tr')!.getBoundingClientRect();
            const box = cell.getBoundingClientRect();
            return { cellTop: box.top, cellBottom: box.bottom, rowTop: row.top, rowBottom: row.bottom, display: getComputedStyle(cell).display };
          }),
        );
        expect(boxes.length).toBeGreaterThan(0);
        for (const b of boxes) {
          if (viewport.name === 'desktop') {
            // A table cell, as tall as its row: no box of its own pushed below the row.
            expect(Math.abs(b.cellTop - b.rowTop), JSON.stringify(b)).toBeLessThanOrEqual(1);
            expect(Math.abs(b.cellBottom - b.rowBottom), JSON.stringify(b)).toBeLessThanOrEqual(1);
            expect(b.display).toBe('table-cell');
          } else {
            // On a phone each row is a card: the actions stay inside it.
            expect(b.cellTop).toBeGreaterThanOrEqual(b.rowTop);
            expect(b.cellBottom).toBeLessThanOrEqual(b.rowBottom);
          }
        }
      });
    }
  });
}
