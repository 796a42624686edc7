import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { axeViolations, closeJourney, launchChromium, menuLink, openMenu, screenshot, SCREENSHOTS, SCREENSHOTS_DIR, VIEWPORTS } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';

/**
 * The staff's journeys in a real Chromium (Debian's, driven by playwright-core), at desktop width and
 * on a phone-sized screen, against the real server on a fresh data directory. Every page met is
 * checked with axe-core (no serious or critical violation), and photographed into test-results/screenshots
 * when asked for (`E2E_SCREENSHOTS=1`).
 */

const ADMIN = { username: 'quantri', fullName: 'Nguyễn Thị Quản Trị', password: 'mat-khau-quan-tri-1' };
const VIEWER = { username: 'lanhdao', fullName: 'Trần Văn Lãnh Đạo', password: 'mat-khau-lanh-dao-1' };
const RADIO_TITLE = 'Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến';
const PORTAL_TITLE = 'Thanh toán trực tuyến phí, lệ phí thủ tục hành chính';

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

for (const viewport of VIEWPORTS) {
  describe(`staff journeys (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let base: string;
    let shot = 0;

    /** Checks the page with axe-core (no serious or critical violation) and saves a screenshot (`E2E_SCREENSHOTS=1`). */
    async function check(name: string): Promise<void> {
      const violations = await axeViolations(page);
      expect(violations, `accessibility of ${name} at ${viewport.name}`).toEqual([]);
      shot += 1;
      await screenshot(page, `${viewport.name}-${String(shot).padStart(2, '0')}-${name}`);
    }

    /** Opens the filter box on small screens, where it starts folded. */
    async function openFilters(): Promise<void> {
      const box = page.locator('details.filter-box');
      if ((await box.count()) && !(await box.evaluate((d) => (d as HTMLDetailsElement).open))) await box.locator('summary').click();
    }

    /** Opens the topics list, folded into one line on phones. */
    async function openTopics(): Promise<void> {
      const box = page.locator('details.topics-box');
      if (!(await box.evaluate((d) => (d as HTMLDetailsElement).open))) await box.locator('summary').click();
    }

    async function logIn(user: { username: string; password: string }): Promise<void> {
      await page.goto(`${base}/login`);
      await page.getByLabel('Tên đăng nhập').fill(user.username);
      await page.getByLabel('Mật khẩu').fill(user.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(`${base}/`);
    }

    async function logOut(): Promise<void> {
      await openMenu(page);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL(/\/login/);
    }

    beforeAll(async () => {
      if (SCREENSHOTS) {
        await mkdir(SCREENSHOTS_DIR, { recursive: true });
        for (const old of await readdir(SCREENSHOTS_DIR)) if (old.startsWith(`${viewport.name}-`)) await rm(path.join(SCREENSHOTS_DIR, old));
      }
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-'));
      server = await startServer(dataDir);
      base = server.base;
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, acceptDownloads: true, locale: 'vi-VN', timezoneId: 'America/New_York' });
      page = await context.newPage();
      // A step that cannot happen fails within seconds, naming the element it waited for.
      page.setDefaultTimeout(8_000);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('first start leads every page to the set-up, which creates the admin', async () => {
      await page.goto(`${base}/entries`);
      await expect.poll(() => page.url()).toBe(`${base}/setup`);
      await check('setup');
      await page.getByRole('radio', { name: 'xã', exact: true }).check();
      await page.getByLabel('Tên (ví dụ: An Hải)').fill('An Lão');
      await page.getByLabel(/Tên đăng nhập/).fill(ADMIN.username);
      await page.getByLabel('Họ và tên').fill(ADMIN.fullName);
      await page.getByLabel(/^Mật khẩu/).fill('ngan');
      await page.getByLabel('Nhập lại mật khẩu').fill('ngan');
      await page.getByRole('button', { name: /Tạo quản trị viên/ }).click();
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain('ít nhất 10 ký tự');
      await check('setup-error');
      await page.getByLabel(/^Mật khẩu/).fill(ADMIN.password);
      await page.getByLabel('Nhập lại mật khẩu').fill(ADMIN.password);
      await page.getByRole('button', { name: /Tạo quản trị viên/ }).click();
      await page.waitForURL(/\/\?ok=setup-done/);
      await expect(page.locator('.who').textContent()).resolves.toContain(ADMIN.fullName);
      await expect(page.locator('.brand .commune').textContent()).resolves.toBe('xã An Lão');
      await check('dashboard-empty');
    });

    it('logs out and back in, from the keyboard', async () => {
      await logOut();
      await check('login');
      await page.getByLabel('Tên đăng nhập').focus();
      await page.keyboard.type(ADMIN.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(ADMIN.password);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/`);
      await check('dashboard');
    });

    it('records a broadcast with a new item, after a refused attempt that keeps what was typed', async () => {
      await page.getByRole('link', { name: 'Ghi nhật ký' }).first().click();
      await page.waitForURL(`${base}/entries/new`);
      await check('record-form');
      await page.getByLabel('Tóm tắt').fill('Hướng dẫn từng bước nộp hồ sơ trên Cổng dịch vụ công.');
      await page.getByLabel('Số lượt phát').fill('0');
      await page.getByRole('button', { name: 'Lưu vào nhật ký' }).click();
      const summary = page.getByRole('alert');
      await expect(summary.textContent()).resolves.toContain('Chưa lưu được');
      await expect(page.getByLabel('Tóm tắt').inputValue()).resolves.toBe('Hướng dẫn từng bước nộp hồ sơ trên Cổng dịch vụ công.');
      await check('record-form-errors');
      await page.getByLabel(/Tiêu đề tin bài/).fill(RADIO_TITLE);
      await page.getByLabel('Hình thức thể hiện').selectOption('news');
      await page.getByLabel('Đơn vị thực hiện').selectOption('tt-dvsnc');
      await openTopics();
      await page.getByRole('checkbox', { name: /m\) Dịch vụ công trực tuyến/ }).check();
      await page.getByLabel('Kênh').selectOption('radio');
      await page.getByLabel('Số lượt phát').fill('2');
      await page.getByLabel(/Thời lượng 1 lần phát/).fill('3:00');
      await page.getByLabel('Giờ (HH:mm)').fill('0630');
      await page.getByRole('button', { name: 'Lưu vào nhật ký' }).click();
      await page.waitForURL(/ok=entry-created/);
      await expect(page.locator('.saved-card').textContent()).resolves.toContain(RADIO_TITLE);
      await check('record-saved');
    });

    it('re-airs the item from its page (Phát lại)', async () => {
      await page.getByRole('link', { name: 'Xem tin bài' }).click();
      await page.waitForURL(/\/items\/\d+$/);
      await check('item');
      await page.getByRole('link', { name: 'Phát lại' }).click();
      await page.waitForURL(/\/entries\/new\?itemId=/);
      await expect(page.getByRole('radio', { name: /Tin bài đã có/ }).isChecked()).resolves.toBe(true);
      await expect(page.getByRole('radio', { name: new RegExp(RADIO_TITLE) }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel(/Thời lượng 1 lần phát/).inputValue()).resolves.toBe('3:00');
      await check('reair-form');
      // The same item on the same channel in the same minute is refused as a duplicate airing.
      const time = page.getByLabel('Giờ (HH:mm)');
      await time.fill('0630');
      await page.getByRole('button', { name: 'Lưu vào nhật ký' }).click();
      // Named by its item and time, with a link to the airing already logged (never by its number).
      await expect(page.locator('.duplicate').textContent()).resolves.toMatch(new RegExp(`Đã ghi\\s+${RADIO_TITLE}\\s+trên kênh này lúc 06:30`));
      await expect(page.locator('.duplicate').getByRole('link', { name: 'xem lượt đã ghi' }).getAttribute('href')).resolves.toMatch(/^\/entries\/\d+$/);
      await check('reair-duplicate');
      await time.fill('1700');
      await page.getByRole('button', { name: 'Lưu vào nhật ký' }).click();
      await page.waitForURL(/ok=entry-created/);
      await page.getByRole('link', { name: 'Xem tin bài' }).click();
      await expect(page.locator('ul.totals').textContent()).resolves.toMatch(/2\s*lượt phát\/đăng/);
    });

    it('records a portal post with its link and views', async () => {
      await page.goto(`${base}/entries/new`);
      await page.getByLabel(/Tiêu đề tin bài/).fill(PORTAL_TITLE);
      await page.getByLabel('Hình thức thể hiện').selectOption('article');
      await page.getByLabel('Đơn vị thực hiện').selectOption('vp-hdnd-ubnd');
      await openTopics();
      await page.getByRole('checkbox', { name: /m\) Dịch vụ công trực tuyến/ }).check();
      await page.getByLabel('Kênh').selectOption('portal');
      await expect(page.getByLabel('Số lượt phát').isVisible()).resolves.toBe(false);
      await page.getByLabel(/Đường dẫn bài đăng/).fill('https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/thanh-toan');
      await page.getByLabel(/Lượt xem/).fill('150');
      await page.getByRole('button', { name: 'Lưu vào nhật ký' }).click();
      await page.waitForURL(/ok=entry-created/);
      await expect(page.locator('.saved-card').textContent()).resolves.toContain('Cổng TTĐT');
    });

    it('finds both with the filters, typed without diacritics, and keeps the filter in the address', async () => {
      await (await menuLink(page, 'Nhật ký')).click();
      await page.waitForURL(`${base}/entries`);
      await expect(page.locator('.count').textContent()).resolves.toContain('3 lượt phát/đăng');
      await openFilters();
      await page.getByLabel(/Tìm chữ/).fill('truc tuyen');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/q=truc\+tuyen/);
      await expect(page.locator('.count').textContent()).resolves.toContain('3 lượt phát/đăng khớp bộ lọc');
      await openFilters();
      await page.getByLabel('Kênh').selectOption('portal');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/channel=portal/);
      await expect(page.locator('.count').textContent()).resolves.toContain('1 lượt phát/đăng khớp bộ lọc');
      await expect(page.locator('table.log').textContent()).resolves.toContain(PORTAL_TITLE);
      await check('log-filtered');
    });

    it('edits the post to fill in its views later', async () => {
      await page.getByRole('link', { name: /^Sửa lượt/ }).first().click();
      await page.waitForURL(/\/entries\/\d+\/edit/);
      await check('entry-edit');
      await page.getByLabel(/Lượt xem/).fill('300');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      // Back on the list it came from, the filter kept, the views in their column.
      await page.waitForURL(/\/entries\?.*ok=entry-updated/);
      await expect(page.locator('td[data-label="Lượt xem"]').first().textContent()).resolves.toContain('300');
      await page.getByRole('link', { name: PORTAL_TITLE }).first().click();
      await page.waitForURL(/\/items\/\d+$/);
      await expect(page.locator('ul.totals').textContent()).resolves.toMatch(/300\s*lượt xem/);
    });

    it('deletes the post after confirmation, and the admin restores it', async () => {
      await page.getByRole('link', { name: 'Xóa', exact: true }).last().click();
      await page.waitForURL(/\/entries\/\d+\/delete/);
      await check('entry-delete-confirm');
      await page.getByRole('button', { name: 'Xóa', exact: true }).click();
      await page.waitForURL(/ok=entry-deleted/);
      await page.goto(`${base}/entries`);
      await expect(page.locator('.count').textContent()).resolves.toContain('2 lượt phát/đăng');
      await (await menuLink(page, 'Đã xóa')).click();
      await page.waitForURL(`${base}/deleted`);
      await check('deleted');
      await page.getByRole('button', { name: 'Khôi phục' }).first().click();
      await page.waitForURL(/ok=restored/);
      await page.goto(`${base}/entries`);
      await expect(page.locator('.count').textContent()).resolves.toContain('3 lượt phát/đăng');
    });

    it('shows the quarter report with its figures and sentence', async () => {
      await (await menuLink(page, 'Báo cáo')).click();
      await page.waitForURL(/\/reports/);
      const totals = await page.locator('ul.totals').textContent();
      expect(totals).toMatch(/3\s*lượt phát\/đăng/);
      expect(totals).toMatch(/4\s*lượt phát\n/); // 2 + 1 (the re-air opens with one play) + 1 post
      expect(totals).toMatch(/2\s*tin bài/);
      const sentence = await page.locator('#report-sentence').inputValue();
      expect(sentence).toContain('đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát, tổng thời lượng 9 phút; cập nhật 1 tin bài trên Cổng thông tin điện tử xã (300 lượt xem).');
      await expect(page.getByRole('button', { name: 'Sao chép' }).isVisible()).resolves.toBe(true);
      await check('report');
    });

    it('downloads the evidence bundle of the quarter as a ZIP', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải bộ minh chứng/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^bo-minh-chung_\d{4}-Q[1-4]\.zip$/);
      const bytes = await readFile((await download.path())!);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('opens the printable appendix', async () => {
      await page.getByRole('link', { name: 'Bản in phụ lục' }).click();
      await page.waitForURL(/\/reports\/appendix/);
      const headers = await page.locator('thead th').allTextContents();
      expect(headers).toEqual(['TT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện/hoàn thành', 'Kết quả thực hiện']);
      // One row per task of the plan: a new install's six default tasks, the radio's from the log.
      await expect(page.locator('tbody tr').count()).resolves.toBe(6);
      expect(await page.locator('tbody tr').first().textContent()).toContain('Đã thực hiện: xây dựng và phát sóng');
      await page.emulateMedia({ media: 'print' });
      await check('appendix-print');
      await page.emulateMedia({ media: 'screen' });
    });

    it('downloads the CSV of the log, starting with the UTF-8 BOM', async () => {
      await page.goto(`${base}/entries`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải CSV/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^nhat-ky_tu-dau_\d{4}-\d{2}-\d{2}\.csv$/);
      const bytes = await readFile((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toContain(PORTAL_TITLE);
    });

    it('attaches an evidence image to an entry and sees its thumbnail', async () => {
      await page.goto(`${base}/entries/1`);
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      await page.getByLabel(/Chọn tệp/).setInputFiles({ name: 'ảnh chụp.png', mimeType: 'image/png', buffer: png });
      await page.getByLabel(/Chú thích/).fill('Ảnh chụp buổi phát');
      await page.getByRole('button', { name: 'Đính kèm' }).click();
      await page.waitForURL(/ok=file-attached/);
      await expect(page.locator('.file-list img.thumb').count()).resolves.toBe(1);
      await check('entry-with-file');
    });

    it('opens the weekly summaries, the audit trail and the settings', async () => {
      for (const [link, name] of [['Tổng hợp tuần', 'summaries'], ['Nhật ký thay đổi', 'audit'], ['Cài đặt', 'settings']] as const) {
        await (await menuLink(page, link)).click();
        await page.waitForURL(new RegExp(`/${name}`));
        await check(name);
      }
    });

    it('adds a viewer, who sees no write buttons anywhere', async () => {
      await (await menuLink(page, 'Người dùng')).click();
      await page.waitForURL(`${base}/users`);
      await page.getByLabel(/Tên đăng nhập/).fill(VIEWER.username);
      await page.getByLabel('Họ và tên').fill(VIEWER.fullName);
      await page.getByLabel('Vai trò').selectOption('viewer');
      await page.getByLabel(/^Mật khẩu/).fill(VIEWER.password);
      await page.getByLabel('Nhập lại mật khẩu').fill(VIEWER.password);
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      await page.waitForURL(/ok=user-created/);
      await check('users');
      await logOut();
      await logIn(VIEWER);
      // The menu open, so that its links are counted too.
      await openMenu(page);
      await expect(page.getByRole('link', { name: 'Ghi nhật ký' }).count()).resolves.toBe(0);
      await page.goto(`${base}/entries`);
      await expect(page.getByRole('link', { name: /^Sửa/ }).count()).resolves.toBe(0);
      await page.locator('table.log a[href^="/items/"]').first().click();
      await page.waitForURL(/\/items\/\d+$/);
      for (const name of ['Phát lại', 'Sửa tin bài', 'Xóa tin bài', 'Sửa', 'Xóa']) {
        await expect(page.getByRole('link', { name, exact: true }).count(), name).resolves.toBe(0);
      }
      await check('viewer-item');
    });

    it('logs out', async () => {
      await logOut();
      await page.goto(`${base}/`);
      await expect.poll(() => page.url()).toMatch(/\/login/);
    });
  });
}
