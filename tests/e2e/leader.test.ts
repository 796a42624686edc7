import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, closeJourney, launchChromium, menuLink, openMenu, screenshot, signedInPage, VIEWPORTS, vnDate } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';

/**
 * The leader on a phone (issue 25, points 8 and 9) in a real Chromium at desktop and phone width: the
 * header is one line on a phone with its sections behind a "Menu" button (by mouse, keyboard, and
 * without JavaScript); the dashboard leads a leader with the figures and targets and a clerk with the
 * day's work; the chart's labels are drawn at 11 px or more; the deadline opens the period it is about;
 * the report page groups its downloads.
 */

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-1' };
const CLERK = { username: 'vanthu', fullName: 'Lê Thị Văn Thư', password: 'mat-khau-van-thu-1' };
const LEADER = { username: 'lanhdao', fullName: 'Trần Văn Lãnh Đạo', password: 'mat-khau-lanh-dao-1' };
/** One line of the header on a phone: the app and commune, and the Menu button. */
const ONE_LINE_PX = 56;

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

/** The header's height on the page, in CSS px. */
const headerHeight = (page: Page): Promise<number> => page.evaluate(() => document.querySelector('header.top')!.getBoundingClientRect().height);

/** The size each visible label of the charts is drawn at, in CSS px: its font size times the SVG's scale. */
function chartLabelSizes(page: Page): Promise<{ text: string; drawn: number; box: number }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGTextElement>('figure.chart svg text')]
      .filter((t) => t.checkVisibility())
      .map((t) => ({ text: t.textContent ?? '', drawn: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a, box: t.getBoundingClientRect().height })),
  );
}

/** dd/mm/yyyy of a date built from numbers. */
const dmy = (d: number, m: number, y: number): string => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;

for (const viewport of VIEWPORTS) {
  const phone = viewport.name === 'phone';
  describe(`the leader on a ${viewport.name} (${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let clerk: Page;
    let leader: Page;
    let base: string;

    async function check(page: Page, name: string): Promise<void> {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      expect(await axeViolations(page), `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-leader-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      const token = await apiToken(base, ADMIN);
      const api = async (url: string, body: unknown): Promise<void> => {
        const r = await fetch(`${base}${url}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        if (!r.ok) throw new Error(`POST ${url}: ${r.status} ${await r.text()}`);
      };
      await api('/api/v1/users', { ...CLERK, role: 'editor' });
      await api('/api/v1/users', { ...LEADER, role: 'viewer' });
      // This year's log, and a radio slot every day.
      const year = Number(vnDate().slice(0, 4));
      for (let m = 1; m <= 3; m++) await api('/api/v1/entries', { title: `Bản tin CCHC tháng ${m}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: m === 2 ? 'portal' : 'radio', at: `${year}-0${m}-10T06:00`, ...(m === 2 ? { url: `https://anhai.haiphong.gov.vn/bai-${m}` } : { durationSeconds: 180 }) });
      await api('/api/v1/schedule', { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 });
      browser = await launchChromium();
      clerk = await signedInPage(browser, base, viewport, CLERK);
      leader = await signedInPage(browser, base, viewport, LEADER);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it(phone ? 'keeps the header to one line on every main page, the sections behind the Menu button' : 'shows the sections in the header, with no Menu button', async () => {
      for (const url of ['/', '/entries', '/entries/new', '/sessions/new', '/items', '/schedule', '/reports', '/plan', '/summaries']) {
        await clerk.goto(`${base}${url}`);
        const height = await headerHeight(clerk);
        const summary = clerk.locator('header.top details.menu > summary');
        const reports = clerk.getByRole('navigation', { name: 'Chính' }).getByRole('link', { name: 'Báo cáo', exact: true });
        if (phone) {
          expect(height, `header of ${url} at ${viewport.width} px`).toBeLessThanOrEqual(ONE_LINE_PX);
          await expect(summary.isVisible(), url).resolves.toBe(true);
          await expect(reports.isVisible(), `${url}: the sections wait behind the button`).resolves.toBe(false);
        } else {
          await expect(summary.isVisible(), url).resolves.toBe(false);
          await expect(reports.isVisible(), url).resolves.toBe(true);
        }
        await check(clerk, `header of ${url}`);
      }
      await leader.goto(`${base}/reports`);
      if (phone) expect(await headerHeight(leader)).toBeLessThanOrEqual(ONE_LINE_PX);
    });

    it('reaches every section from the menu', async () => {
      const sections: [string, string][] = [['Ghi nhật ký', '/entries/new'], ['Ghi buổi phát', '/sessions/new'], ['Nhật ký', '/entries'], ['Tin bài', '/items'], ['Lịch phát sóng', '/schedule'], ['Sổ phát thanh', '/logbook'], ['Tổng quan', '/'], ['Báo cáo', '/reports'], ['Kế hoạch', '/plan'], ['Tổng hợp tuần', '/summaries']];
      await clerk.goto(`${base}/items`);
      for (const [name, url] of sections) {
        if (phone) {
          await openMenu(clerk);
          expect(await clerk.locator('header.top details.menu').evaluate((d) => (d as HTMLDetailsElement).open), 'the Menu button opens the menu').toBe(true);
          if (name === 'Ghi nhật ký') await check(clerk, 'open menu');
        }
        await (await menuLink(clerk, name)).click();
        await clerk.waitForURL(`${base}${url}`);
        await expect(clerk.locator('header.top [aria-current="page"]').textContent(), url).resolves.toBe(name);
      }
      // The leader's menu has the audit trail and none of the clerk's forms.
      await (await menuLink(leader, 'Nhật ký thay đổi')).click();
      await leader.waitForURL(`${base}/audit`);
      await openMenu(leader);
      await expect(leader.getByRole('navigation', { name: 'Chính' }).getByRole('link', { name: 'Ghi nhật ký' }).count()).resolves.toBe(0);
    });

    it('opens the menu and follows a section with the keyboard alone; Escape closes it again', async () => {
      await clerk.goto(`${base}/items`);
      const focused = () => clerk.evaluate(() => (document.activeElement?.textContent ?? '').trim());
      let reached = false;
      for (let i = 0; i < 20 && !reached; i++) {
        await clerk.keyboard.press('Tab');
        const text = await focused();
        if (phone && text === 'Menu') {
          await clerk.keyboard.press('Enter');
          expect(await clerk.locator('header.top details.menu').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
        }
        reached = text === 'Báo cáo';
      }
      expect(reached, 'Tab reaches "Báo cáo" in the header').toBe(true);
      await clerk.keyboard.press('Enter');
      await clerk.waitForURL(`${base}/reports`);
      if (phone) {
        await openMenu(clerk);
        await (await menuLink(clerk, 'Tin bài')).focus();
        await clerk.keyboard.press('Escape');
        expect(await clerk.locator('header.top details.menu').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
        await expect(focused()).resolves.toBe('Menu');
      }
    });

    it('works without JavaScript', async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, locale: 'vi-VN', javaScriptEnabled: false });
      const page = await context.newPage();
      page.setDefaultTimeout(8_000);
      await page.goto(`${base}/login`);
      await page.getByLabel('Tên đăng nhập').fill(CLERK.username);
      await page.getByLabel('Mật khẩu').fill(CLERK.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(`${base}/`);
      if (phone) expect(await headerHeight(page)).toBeLessThanOrEqual(ONE_LINE_PX);
      await (await menuLink(page, 'Báo cáo')).click();
      await page.waitForURL(`${base}/reports`);
      await context.close();
    });

    it("leads a leader with the period's figures and the targets, with no radio schedule", async () => {
      await leader.goto(`${base}/`);
      const top = (selector: string) => leader.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top);
      await expect(leader.locator('.today-slots').count()).resolves.toBe(0);
      await expect(leader.getByText('Lịch phát sóng hôm nay').count()).resolves.toBe(0);
      // The figures come straight after the title, on the first screen, the targets next, then the deadline.
      await expect(leader.locator('h1 + h2').getAttribute('id')).resolves.toBe('glance-h');
      const figures = await top('#glance-h');
      expect(figures).toBeLessThan(viewport.height / 3);
      expect(await top('h2:has-text("Tiến độ chỉ tiêu")')).toBeGreaterThan(figures);
      expect(await top('[data-deadline]')).toBeGreaterThan(await top('h2:has-text("Tiến độ chỉ tiêu")'));
      await check(leader, 'leader dashboard');
    });

    it("leads a clerk with the day's work: the write buttons and today's schedule, then the figures", async () => {
      await clerk.goto(`${base}/`);
      const top = (selector: string) => clerk.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top);
      await expect(clerk.locator('.today-slots').textContent()).resolves.toContain('Bản tin sáng');
      expect(await top('main .actions')).toBeLessThan(await top('.today-slots'));
      expect(await top('.today-slots')).toBeLessThan(await top('#glance-h'));
      await check(clerk, 'clerk dashboard');
    });

    it('shows the deadline once and opens the quarter it is about, or its Decree 09 period', async () => {
      await leader.goto(`${base}/`);
      const notice = leader.locator('[data-deadline]');
      await expect(notice.count()).resolves.toBe(1);
      const text = (await notice.textContent()) ?? '';
      const [, d, m, y] = /(?:Hạn báo cáo tiếp theo: |hạn )(\d{2})\/(\d{2})\/(\d{4})/.exec(text) ?? [];
      expect(d, text).toBeDefined();
      // The deadline is stated once on the page.
      expect((await leader.locator('main').textContent())!.match(new RegExp(`[Hh]ạn (báo cáo tiếp theo: )?${d}/${m}/${y}`, 'g'))).toHaveLength(1);
      const month = Number(m);
      const year = Number(y);
      const first = month - 2;
      const quarterDates = `${dmy(1, first, year)}–${dmy(month === 6 || month === 9 ? 30 : 31, month, year)}`;
      const govDates = `${first === 1 ? dmy(15, 12, year - 1) : dmy(15, first - 1, year)}–${dmy(14, month, year)}`;
      await leader.getByRole('link', { name: new RegExp(`^Mở báo cáo quý .* \\(${quarterDates}\\)$`) }).click();
      await leader.waitForURL(/\/reports\?/);
      await expect(leader.locator('main h2').first().textContent()).resolves.toContain(`(từ ngày ${quarterDates.replace('–', ' đến ngày ')})`);
      await leader.goBack();
      await leader.getByRole('link', { name: `kỳ báo cáo theo NĐ 09/2019 (${govDates})` }).click();
      await leader.waitForURL(/period=gov-q/);
      await expect(leader.locator('main h2').first().textContent()).resolves.toContain(`(kỳ báo cáo ${govDates})`);
    });

    it('draws the chart labels at 11 px or more, on the dashboard and the report', async () => {
      const year = vnDate().slice(0, 4);
      for (const url of ['/', `/reports?period=year&year=${year}`]) {
        await leader.goto(`${base}${url}`);
        const labels = await chartLabelSizes(leader);
        expect(labels.map((l) => l.text), `${url}: month labels`).toContain('T1');
        for (const l of labels) {
          expect(l.drawn, `"${l.text}" on ${url} drawn at`).toBeGreaterThanOrEqual(11);
          expect(l.box, `"${l.text}" on ${url} is as tall as`).toBeGreaterThanOrEqual(11);
        }
        // Bars are drawn too, not just labels.
        await expect(leader.locator('figure.chart svg rect:visible').count()).resolves.toBeGreaterThan(0);
      }
    });

    it('groups the report downloads: the Word report and appendix first, then the bundle, then spreadsheets', async () => {
      await leader.goto(`${base}/reports?period=year&year=${vnDate().slice(0, 4)}`);
      const groups = leader.getByRole('region', { name: 'Tải về' }).getByRole('group');
      await expect(groups.evaluateAll((els) => els.map((g) => g.querySelector('h4')?.textContent))).resolves.toEqual(['Báo cáo và phụ lục (gửi cấp trên)', 'Minh chứng', 'Bảng tính']);
      const first = groups.first();
      await expect(first.getByRole('link', { name: 'Báo cáo (Word)' }).isVisible()).resolves.toBe(true);
      // The Word report is the first download met in reading order (above the others on a phone, left of them on a desktop).
      const box = async (name: string) => (await leader.getByRole('link', { name, exact: true }).boundingBox())!;
      const readBefore = async (a: string, b: string) => {
        const [p, q] = [await box(a), await box(b)];
        return p.y < q.y - 2 || (Math.abs(p.y - q.y) <= 2 && p.x < q.x);
      };
      expect(await readBefore('Báo cáo (Word)', 'Tải bộ minh chứng (.zip)')).toBe(true);
      expect(await readBefore('Tải bộ minh chứng (.zip)', 'Số liệu (Excel)')).toBe(true);
      if (phone) expect((await box('Số liệu (Excel)')).y).toBeGreaterThan((await box('Tải bộ minh chứng (.zip)')).y);
      await check(leader, 'report downloads');
      await screenshot(leader, `leader-${viewport.name}-report`);
    });
  });
}
