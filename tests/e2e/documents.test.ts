import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killAllServers, type ServerProcess, startServer } from '../process.js';
import { docxText, unzip } from '../zip.js';
import { apiToken, axeViolations, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';

/**
 * The documents an office submits, in a real Chromium at desktop and phone width: the plan's tasks,
 * the report page's Word downloads (report and appendix), a note written on the appendix, the PAR
 * estimate and the radio log book; every page accessible and never wider than the screen.
 */

const ADMIN = { username: 'vanphong', password: 'mat-khau-van-phong-1' };

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

for (const viewport of VIEWPORTS) {
  describe(`documents to submit (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    let base: string;
    const yesterday = vnDate(-1);
    const year = yesterday.slice(0, 4);

    async function check(name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    /** Clicks a download link and gives the text of the Word document it brings. */
    async function download(name: string): Promise<string> {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      expect(file.suggestedFilename()).toMatch(/\.docx$/);
      const bytes = await readFile((await file.path())!);
      return docxText((await unzip(bytes)).get('word/document.xml')!.toString());
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-documents-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      const token = await apiToken(base, ADMIN);
      const post = (body: object) => fetch(`${base}/api/v1/entries`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 'news', topics: ['m'], unit: 'tt-dvsnc', ...body }) });
      for (const [i, title] of ['Hướng dẫn nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia và ứng dụng VNeID', 'Thanh toán không dùng tiền mặt'].entries()) {
        expect((await post({ title, channel: 'radio', at: `${yesterday}T0${6 + i}:00`, playCount: 2, durationSeconds: 180 })).status).toBe(201);
      }
      expect((await post({ title: 'Bài đăng trên Cổng thông tin điện tử về cải cách hành chính', channel: 'portal', at: `${yesterday}T09:00`, views: 120 })).status).toBe(201);
      browser = await launchChromium();
      page = await signedInPage(browser, base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('shows the plan\'s tasks and adds one', async () => {
      await page.goto(`${base}/plan?year=${year}`);
      await check('plan');
      await page.getByLabel('Số thứ tự (TT)').fill('7');
      await page.getByLabel('Nội dung công việc').fill('Phát lại các tin hướng dẫn dịch vụ công vào buổi chiều');
      await page.getByLabel('Truyền thanh').check();
      // The keyboard path: Enter in a field of the form submits it.
      await page.getByLabel('Cơ quan chủ trì').fill('Trung tâm Dịch vụ sự nghiệp công');
      await page.getByLabel('Cơ quan chủ trì').press('Enter');
      await page.waitForURL(/ok=plan-saved/);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã lưu nhiệm vụ của kế hoạch.');
      expect(await page.locator('table.plan-tasks tbody tr').count()).toBe(7);
      await check('plan-saved');
    });

    it('downloads the report and the appendix as Word documents from the report page', async () => {
      await page.goto(`${base}/reports?period=year&year=${year}`);
      await check('report');
      const report = await download('Báo cáo (Word)');
      expect(report).toContain('BÁO CÁO');
      expect(report).toContain('xây dựng và phát sóng 2 tin bài trên hệ thống truyền thanh');
      const appendix = await download('Phụ lục (Word)');
      expect(appendix).toContain('PHỤ LỤC');
      expect(appendix).toContain('Phát lại các tin hướng dẫn dịch vụ công vào buổi chiều');
      expect(appendix).toContain('Đã thực hiện: cập nhật 1 tin bài trên Cổng thông tin điện tử');
    });

    it('writes the office\'s note on a task of the appendix, and shows the PAR estimate and the log book', async () => {
      await page.goto(`${base}/reports/appendix?period=year&year=${year}`);
      await check('appendix');
      await page.getByText('Thêm ghi chú cho nhiệm vụ 6').click();
      await page.getByRole('textbox', { name: 'Ghi chú kết quả' }).last().fill('Đã cử 02 cán bộ dự tập huấn của thành phố.');
      await page.getByRole('button', { name: 'Lưu ghi chú' }).last().click();
      await page.waitForURL(/ok=note-saved/);
      expect(await page.locator('td p.pre').allTextContents()).toContain('Đã cử 02 cán bộ dự tập huấn của thành phố.');
      await page.goto(`${base}/par?period=year&year=${year}`);
      await check('par');
      expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^4\.2\. Đa dạng hình thức tuyên truyền: 0,42\/1 điểm$/)]));
      await page.goto(`${base}/logbook?week=${yesterday}`);
      await check('logbook');
      expect(await page.textContent('main')).toContain('Thanh toán không dùng tiền mặt');
    });
  });
}
