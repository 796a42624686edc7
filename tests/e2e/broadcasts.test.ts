import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiToken, axeViolations, callApi, closeJourney, launchChromium, signedInPage, VIEWPORTS, vnDate } from './browser.js';
import { killAllServers, type ServerProcess, startServer } from '../process.js';

/**
 * The radio operator's journeys of issue 12 in a real Chromium, at desktop and phone width: a five-item
 * session (three new items, two re-airs of yesterday's), a planned slot confirmed, and the views of five
 * posts filled in. Each journey counts what a person does, the way the issue measured the old form:
 * page loads, form submissions, fields touched, keystrokes and clicks (a choice in a list is a click),
 * and turns them into human time at 2.5 keystrokes a second and 1.5 s a click.
 */

const ADMIN = { username: 'phathanh', password: 'mat-khau-phat-thanh-1' };
const NEW_TITLES = ['Lợi ích dịch vụ công trực tuyến', 'Cấp căn cước qua VNeID', 'Tiếp nhận hồ sơ ngoài giờ'];
const OLD_TITLES = ['Hướng dẫn nộp hồ sơ trực tuyến', 'Thanh toán không dùng tiền mặt'];
const COUNTS_FILE = process.env.JOURNEY_COUNTS_FILE;

vi.setConfig({ testTimeout: 60_000 });
afterAll(killAllServers);

/** What a person does on a page, counted. */
class Human {
  loads = 0;
  submissions = 0;
  keys = 0;
  clicks = 0;
  readonly fields = new Set<string>();
  constructor(private readonly page: Page) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.loads++;
    });
    page.on('request', (req) => {
      if (req.isNavigationRequest() && req.method() === 'POST') this.submissions++;
    });
  }
  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }
  /** Clicks into a field and types; a field filled in for the user is selected on focus, so typing replaces it. */
  async fill(target: Locator, text: string): Promise<void> {
    this.fields.add((await target.getAttribute('name')) ?? '?');
    await this.click(target);
    await this.type(text);
  }
  /** Picks an option of a list box: one click opens it, one chooses. */
  async select(target: Locator, label: string): Promise<void> {
    this.fields.add((await target.getAttribute('name')) ?? '?');
    this.clicks += 2;
    await target.selectOption({ label });
  }
  async type(text: string): Promise<void> {
    this.keys += [...text].length;
    await this.page.keyboard.type(text);
  }
  async press(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }
  get seconds(): number {
    return this.keys / 2.5 + this.clicks * 1.5;
  }
  report(name: string): Record<string, number | string> {
    return { journey: name, pageLoads: this.loads, submissions: this.submissions, fields: this.fields.size, keystrokes: this.keys, clicks: this.clicks, humanSeconds: Math.round(this.seconds * 10) / 10 };
  }
}

const counted: Record<string, number | string>[] = [];
afterAll(async () => {
  if (COUNTS_FILE && counted.length) await writeFile(COUNTS_FILE, JSON.stringify(counted, null, 2));
});

for (const viewport of VIEWPORTS) {
  describe(`radio operator journeys (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;
    let base: string;
    let token: string;

    const api = (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => callApi(base, token, method, url, body);

    async function check(name: string, { fits = true } = {}): Promise<void> {
      // No sideways scrolling, on a phone too.
      if (fits) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport.width} px`).toBe(true);
      const violations = await axeViolations(page);
      expect(violations, `accessibility of ${name} at ${viewport.name}`).toEqual([]);
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-sessions-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      base = server.base;
      token = await apiToken(base, ADMIN);
      // Five portal posts without views, yesterday's morning session (the operator's last), and the 17:00 slot with two planned items.
      const yesterday = vnDate(-1);
      for (let i = 1; i <= 5; i++) {
        await api('POST', '/api/v1/entries', { title: `Bài đăng cổng số ${i}`, format: 'article', topics: ['m'], unit: 'vh-xh', channel: 'portal', at: `${yesterday}T0${i}:30`, url: `https://anhai.haiphong.gov.vn/bai-${i}` });
      }
      const made = await api('POST', '/api/v1/sessions', {
        channel: 'radio',
        at: `${yesterday}T06:00`,
        entries: OLD_TITLES.map((title, i) => ({ title, format: 'news', topics: ['m'], unit: 'tt-dvsnc', durationSeconds: 150 + i * 30 })),
      });
      const itemIds = (made.entries as { itemId: number }[]).map((e) => e.itemId);
      await api('POST', '/api/v1/schedule', { name: 'Bản tin chiều', channel: 'radio', start: '17:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30, plans: itemIds.map((itemId) => ({ itemId })) });
      browser = await launchChromium();
      page = await signedInPage(browser, base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('logs a five-item session (three new, two re-airs) in one page load and one submission', async () => {
      await check('dashboard-with-slots');
      const h = new Human(page);
      const nav = viewport.name === 'phone' ? page.getByRole('link', { name: 'Ghi buổi phát' }).first() : page.getByRole('navigation').getByRole('link', { name: 'Ghi buổi phát' });
      await h.click(nav);
      await page.waitForURL(`${base}/sessions/new`);
      await check('broadcast-form');
      await h.fill(page.getByLabel('Giờ bắt đầu (HH:mm)'), '600');
      const durations = ['3:00', '2:30', '4:00'];
      for (let i = 0; i < 3; i++) {
        await h.fill(page.locator(`[name="entries.${i}.title"]`), NEW_TITLES[i]!);
        await h.fill(page.locator(`[name="entries.${i}.durationSeconds"]`), durations[i]!);
      }
      for (const [i, search] of [[3, 'huong'], [4, 'thanh']] as const) {
        await h.click(page.getByRole('button', { name: 'Thêm dòng' }));
        const title = page.locator(`[name="entries.${i}.title"]`);
        await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
        h.fields.add(`entries.${i}.title`);
        await h.type(search);
        await page.locator(`[id="f-entries.${i}.suggest"] [role=option]`).first().waitFor();
        await h.press('ArrowDown');
        await h.press('Enter');
        await expect(page.locator(`[name="entries.${i}.itemId"]`).inputValue()).resolves.not.toBe('');
      }
      // Re-airs took their last length from yesterday.
      await expect(page.locator('[name="entries.3.durationSeconds"]').inputValue()).resolves.toBe('2:30');
      await check('session-filled');
      await h.click(page.getByRole('button', { name: 'Lưu buổi phát' }).last());
      await page.waitForURL(/ok=session-created/);
      await expect(page.locator('.notice').textContent()).resolves.toContain('Đã lưu buổi phát');
      for (const t of [...NEW_TITLES, ...OLD_TITLES]) await expect(page.getByRole('link', { name: t }).count()).resolves.toBeGreaterThan(0);
      const r = h.report(`five-item session (${viewport.name})`);
      counted.push(r);
      // One page load to open the form, one after the save; one submission.
      expect([h.loads - 1, h.submissions]).toEqual([1, 1]);
      expect(h.seconds).toBeLessThanOrEqual(60);
      const saved = (await api('GET', `/api/v1/entries?from=${vnDate()}&to=${vnDate()}&channel=radio`)) as { entries: { at: string; durationSeconds: number; item: { title: string } }[] };
      expect(saved.entries.map((e) => [e.item.title, e.at.slice(11, 16), e.durationSeconds]).sort()).toEqual(
        [[NEW_TITLES[0], '06:00', 180], [NEW_TITLES[1], '06:00', 150], [NEW_TITLES[2], '06:00', 240], [OLD_TITLES[0], '06:00', 150], [OLD_TITLES[1], '06:00', 180]].sort(),
      );
    });

    it('confirms the planned 17:00 slot in at most three clicks', async () => {
      await page.goto(`${base}/`);
      const h = new Human(page);
      await h.click(page.getByRole('link', { name: 'Ghi buổi này' }).first());
      await page.waitForURL(/\/sessions\/new\?slot=/);
      await expect(page.locator('[name="entries.0.itemId"]').inputValue()).resolves.not.toBe('');
      await h.click(page.getByRole('button', { name: 'Lưu buổi phát' }).last());
      await page.waitForURL(/ok=session-created/);
      counted.push(h.report(`planned slot (${viewport.name})`));
      expect(h.clicks).toBeLessThanOrEqual(3);
      expect(h.submissions).toBe(1);
      await page.goto(`${base}/`);
      await expect(page.locator('.today-slots').textContent()).resolves.toMatch(/Đã ghi 2 lượt/);
    });

    it('fills in the views of five posts in one page load and one save', async () => {
      await page.goto(`${base}/entries?channel=portal`);
      const h = new Human(page);
      await h.click(page.getByRole('link', { name: 'Cập nhật lượt xem' }));
      await page.waitForURL(/\/entries\/views/);
      await check('view-counts');
      const inputs = page.locator('input[name^="views."]');
      await expect(inputs.count()).resolves.toBe(5);
      for (let i = 0; i < 5; i++) await h.fill(inputs.nth(i), String(100 + i * 25));
      await h.click(page.getByRole('button', { name: 'Lưu tất cả' }).last());
      await page.waitForURL(/ok=views-updated/);
      counted.push(h.report(`views of five posts (${viewport.name})`));
      expect([h.loads - 1, h.submissions]).toEqual([1, 1]);
      const posts = (await api('GET', '/api/v1/entries?channel=portal')) as { entries: { views: number }[] };
      expect(posts.entries.map((e) => e.views).sort()).toEqual([100, 125, 150, 175, 200]);
    });

    it('imports a hand-kept CSV: preview with counts, then one click to import', async () => {
      await page.goto(`${base}/imports`);
      await check('imports');
      const csv = `Ngày phát;Giờ;Tên tin bài;Hình thức;Kênh;Đơn vị;Nội dung tuyên truyền;Thời lượng\r\n${vnDate(-2).split('-').reverse().join('/')};6h;Tin nhập từ sổ cũ;Tin;Truyền thanh;TT DVSNC;m;3 phút\r\n${vnDate(-2).split('-').reverse().join('/')};17h;${OLD_TITLES[0]};Tin;Truyền thanh;TT DVSNC;m;2:30\r\n`;
      await page.getByLabel('Chọn tệp (.xlsx hoặc .csv)').setInputFiles({ name: 'so-cu.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
      await page.getByRole('button', { name: 'Đọc và kiểm tra tệp' }).click();
      const go = page.getByRole('button', { name: 'Nhập 2 lượt vào nhật ký' });
      await go.waitFor();
      await expect(page.locator('.glance').textContent()).resolves.toMatch(/Phát lại tin bài đã có\s*1/);
      await check('import-preview');
      await go.click();
      await page.waitForURL(/\/imports\/\d+\?ok=import-done/);
      await expect(page.locator('.notice').textContent()).resolves.toContain('Đã nhập vào nhật ký.');
      await check('import-done');
    });

    it('adds, moves and removes rows from the keyboard', async () => {
      await page.goto(`${base}/sessions/new`);
      await page.locator('[name="entries.0.title"]').fill('Dòng A');
      await page.locator('[name="entries.1.title"]').fill('Dòng B');
      await page.locator('[name="entries.1.title"]').focus();
      const up = page.locator('[data-row]').nth(1).getByRole('button', { name: 'Lên' });
      await up.focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('[name="entries.0.title"]').inputValue()).resolves.toBe('Dòng B');
      await expect(page.locator('[name="entries.1.title"]').inputValue()).resolves.toBe('Dòng A');
      await page.locator('[data-row]').nth(0).getByRole('button', { name: 'Bỏ dòng này' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('[name="entries.0.title"]').inputValue()).resolves.toBe('Dòng A');
      await page.getByRole('button', { name: 'Thêm dòng' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-row]').count()).resolves.toBe(3);
      // A bad row comes back with its message at the row, every row as typed.
      await page.locator('[name="entries.0.durationSeconds"]').fill('ba phút');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/sessions`);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Tin bài 1: thời lượng');
      await expect(page.locator('[name="entries.0.title"]').inputValue()).resolves.toBe('Dòng A');
      await check('session-errors');
      await page.goto(`${base}/schedule`);
      await check('schedule');
    });

    it('never saves from a title box: Enter takes the suggestion shown or being searched for, else moves on', async () => {
      await page.goto(`${base}/sessions/new`);
      const h = new Human(page);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
      // The habit: type, see the one suggestion, press Enter.
      await h.fill(page.locator('[name="entries.0.title"]'), 'thanh toan');
      await page.locator('[id="f-entries.0.suggest"] [role=option]').first().waitFor();
      await h.press('Enter');
      await expect.poll(() => page.locator('[name="entries.0.itemId"]').inputValue()).not.toBe('');
      await expect(page.locator('[name="entries.0.title"]').inputValue()).resolves.toBe(OLD_TITLES[1]);
      await expect.poll(focused).toBe('entries.0.playCount');
      // Enter before any suggestion shows: the search under way is waited for.
      await h.fill(page.locator('[name="entries.1.title"]'), 'huong dan');
      await h.press('Enter');
      await expect.poll(() => page.locator('[name="entries.1.itemId"]').inputValue()).not.toBe('');
      await expect.poll(focused).toBe('entries.1.playCount');
      // A title no item has: Enter moves on to the row's format, shown open.
      await h.fill(page.locator('[name="entries.2.title"]'), 'Tin chưa có trong danh mục');
      await h.press('Enter');
      await expect.poll(focused).toBe('entries.2.format');
      await expect(page.locator('[name="entries.2.format"]').isVisible()).resolves.toBe(true);
      // A phone's ↵/Go key may submit the form with no keydown of Enter: from a title box it does what Enter does.
      await page.locator('[name="entries.2.title"]').focus();
      await page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>('[data-broadcast-form]')!;
        form.requestSubmit(form.querySelector<HTMLButtonElement>('.default-submit'));
      });
      await expect.poll(focused).toBe('entries.2.format');
      expect(h.submissions).toBe(0);
      expect(page.url()).toBe(`${base}/sessions/new`);
      await check('session-title-enter');
    });

    it('fits the dashboard and the year report of a full log: wide tables scroll in their own focusable box, never the page', async () => {
      // Long titles over eight channels, four formats, five topics and six units, with large figures; yearly targets set.
      const channels = ['radio', 'portal', 'fanpage', 'zalo-oa', 'youtube', 'press', 'banner', 'meeting'];
      const formats = ['news', 'article', 'report', 'infographic'];
      const topics = ['a', 'b', 'c', 'k', 'm'];
      const units = ['tt-dvsnc', 'vp-hdnd-ubnd', 'tt-phcc', 'vh-xh', 'kt-ht-dt', 'mttq'];
      const day = vnDate(-1);
      const year = day.slice(0, 4);
      for (let i = 0; i < 16; i++) {
        const channel = channels[i % channels.length]!;
        const online = ['portal', 'fanpage', 'zalo-oa', 'youtube'].includes(channel);
        await api('POST', '/api/v1/entries', {
          title: `Tuyên truyền thủ tục liên thông đăng ký khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi trên môi trường điện tử, số ${i + 1}`,
          format: formats[i % formats.length],
          topics: [topics[i % topics.length], topics[(i + 2) % topics.length]],
          unit: units[i % units.length],
          channel,
          at: `${day}T${String(8 + (i % 12)).padStart(2, '0')}:${String(10 + i).padStart(2, '0')}`,
          ...(channel === 'radio' ? { playCount: 999, durationSeconds: 3599 } : online ? { views: 1234567, interactions: 98765 } : {}),
        });
      }
      await page.goto(`${base}/settings?year=${year}`);
      for (const c of ['radio', 'portal', 'fanpage', 'youtube']) await page.locator(`#f-target_${c}`).fill('1200');
      await page.getByRole('button', { name: `Lưu chỉ tiêu năm ${year}` }).click();
      await page.waitForURL(/ok=settings-saved/);

      for (const [name, url] of [['dashboard-full', '/'], ['report-year-full', `/reports?period=year&year=${year}`], ['appendix-year-full', `/reports/appendix?period=year&year=${year}`]] as const) {
        await page.goto(`${base}${url}`);
        await check(name);
        // A table wider than what holds it sits in a scrolling region a keyboard can reach and a screen reader can name.
        const tables = await page.evaluate(() =>
          Array.from(document.querySelectorAll('table')).map((t) => ({
            wide: t.getBoundingClientRect().width > t.parentElement!.clientWidth + 1,
            boxed: t.parentElement!.matches('.scroll-x[role="region"][tabindex="0"][aria-label]'),
          })),
        );
        expect(tables.filter((t) => t.wide && !t.boxed), `${name}: wide tables outside a scrolling region`).toEqual([]);
        if (name === 'report-year-full' && viewport.name === 'phone') expect(tables.filter((t) => t.wide).length).toBeGreaterThan(0);
      }
      // The admin came from ADMIN_USERNAME: until the commune is named, admins are told where to name it.
      await page.goto(`${base}/reports?period=year&year=${year}`);
      await expect(page.locator('main > p.warning').first().textContent()).resolves.toBe('Chưa có tên xã/phường: vào Cài đặt để nhập tên và loại đơn vị, để báo cáo ghi đúng.');
    });
  });
}

/** The first session of a new install: four items the catalogue does not have yet, nothing logged before. */
const FIRST_TITLES = ['Ra mắt Trung tâm Phục vụ hành chính công', 'Đăng ký khai sinh trực tuyến', 'Nộp thuế qua ứng dụng', 'Lịch tiếp công dân tháng này'];

for (const viewport of VIEWPORTS) {
  describe(`first session of four new items (${viewport.name}, ${viewport.width}×${viewport.height})`, () => {
    let dataDir: string;
    let server: ServerProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cchc-e2e-first-session-'));
      server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
      browser = await launchChromium();
      page = await signedInPage(browser, server.base, viewport, ADMIN);
    }, 60_000);

    afterAll(async () => {
      await closeJourney(browser, server, dataDir);
    });

    it('saves four new items in one submit after choosing format, unit and topic once and applying them below', async () => {
      const base = server.base;
      const h = new Human(page);
      const nav = viewport.name === 'phone' ? page.getByRole('link', { name: 'Ghi buổi phát' }).first() : page.getByRole('navigation').getByRole('link', { name: 'Ghi buổi phát' });
      await h.click(nav);
      await page.waitForURL(`${base}/sessions/new`);
      await checkPage(page, 'first-broadcast-form', viewport.name);
      await h.click(page.getByRole('button', { name: 'Thêm dòng' }));
      const rows = page.locator('[data-row]');
      await expect(rows.count()).resolves.toBe(4);
      const durations = ['2:00', '3:15', '1:45', '2:30'];
      for (let i = 0; i < 4; i++) {
        const row = rows.nth(i);
        await h.fill(row.locator(`[name="entries.${i}.title"]`), FIRST_TITLES[i]!);
        const format = row.locator(`[name="entries.${i}.format"]`);
        if (i === 0) {
          // Enter moves on to the new item's boxes, open, saying what the row still needs.
          await h.press('Enter');
          await expect.poll(() => format.evaluate((el) => el === document.activeElement)).toBe(true);
          await expect(row.locator('[data-new-summary]').textContent()).resolves.toBe('còn thiếu: hình thức, đơn vị, nội dung tuyên truyền');
          await h.select(format, 'Tin');
          await h.select(row.locator('[name="entries.0.unit"]'), 'Trung tâm Phục vụ hành chính công');
          await h.click(row.locator('[name="entries.0.topics"][value="m"]'));
          await h.click(row.getByRole('button', { name: 'Áp dụng cho các dòng dưới' }));
          await expect(row.getByRole('status').textContent()).resolves.toBe('Đã áp dụng cho tin bài 2, 3, 4.');
        } else {
          // The row's boxes open as its title is typed, showing what was applied to it.
          await expect(format.isVisible()).resolves.toBe(true);
          await expect(row.locator('[data-new-summary]').textContent()).resolves.toBe('Tin · Trung tâm Phục vụ hành chính công · 1 nội dung');
        }
        await h.fill(row.locator(`[name="entries.${i}.durationSeconds"]`), durations[i]!);
      }
      await checkPage(page, 'first-session-filled', viewport.name);
      await h.click(page.getByRole('button', { name: 'Lưu buổi phát' }).last());
      await page.waitForURL(/ok=session-created/);
      await expect(page.locator('.notice').textContent()).resolves.toContain('Đã lưu buổi phát');
      counted.push(h.report(`first session of four new items (${viewport.name})`));
      // One load to open the form, one after the save; one submission.
      expect([h.loads - 1, h.submissions]).toEqual([1, 1]);
      const items = await page.evaluate(async () => (await (await fetch('/api/v1/items?pageSize=10')).json()) as { items: { title: string; format: string; unit: string; topics: string[] }[] });
      expect(items.items.map((i) => [i.title, i.format, i.unit, i.topics]).sort()).toEqual(FIRST_TITLES.map((t) => [t, 'news', 'tt-phcc', ['m']]).sort());
    });
  });
}

/** No sideways scrolling, and no serious accessibility violation. */
async function checkPage(page: Page, name: string, viewport: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${viewport}`).toBe(true);
  expect(await axeViolations(page), `accessibility of ${name} at ${viewport}`).toEqual([]);
}
