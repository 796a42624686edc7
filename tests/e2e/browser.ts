import type axe from 'axe-core';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterEveryFile } from '../lifecycle.js';
import { kill, type ServerProcess } from '../process.js';

// axe-core's minified build: the same rules as `axe.source` (its unminified build, 1.5 MB), in less than half
// the text, which each page checked has to parse again (most of the time injecting took). Its characters
// beyond ASCII (17 in axe-core 4.14.1: ©, –, …, ε, ®, U+FFFD, in strings, a comment and one property name)
// are written as \u escapes, which mean the same to JavaScript: a text that is all ASCII crosses the
// DevTools protocol and is handed to V8 as one byte a character, not two. Injecting it took about 55 ms less CPU a page (Chromium alone, two
// rounds of 30 pages each way: 159 → 103 and 201 → 148 ms above the navigation's own cost).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The serious and critical accessibility violations axe-core finds on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Once a page: a check after a change within the same page finds axe-core there already.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

// One Chromium for a test file, closed after it (tests/lifecycle.ts): each journey (a describe) works in
// contexts of its own, closed when it ends (`closeJourney`). A start and stop of Chromium cost about two
// seconds of CPU, and most files ran two journeys, each with a Chromium of its own.
let shared: Promise<Browser> | null = null;
afterEveryFile(async () => {
  const browser = shared;
  shared = null;
  await (await browser?.catch(() => undefined))?.close();
});

/**
 * Debian's Chromium headless shell (or CHROMIUM_PATH), started with what a test machine needs: the test
 * file's one Chromium (started at the first call, closed after the file).
 */
export function launchChromium(): Promise<Browser> {
  shared ??= startChromium();
  return shared;
}

async function startChromium(): Promise<Browser> {
  // The headless shell is Chromium's own engine (Blink, V8, the same release as Debian's `chromium`) without
  // the desktop browser around it: what Playwright itself runs headless tests on. The browser journeys took
  // 311 s of CPU on it against 454 s on the full browser (all of tests/e2e, 100 tests, alone on this machine).
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
  if (!existsSync(executablePath)) throw new Error(`Chromium is missing at ${executablePath}: apt-get install -y chromium-headless-shell (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      // Lighter on a small machine (every page is 127.0.0.1): about 8 % less CPU for tests/e2e/sessions.test.ts.
      '--disable-dev-shm-usage',
      '--disable-extensions',
      '--disable-site-isolation-trials',
      '--disable-features=site-per-process,Translate,OptimizationHints,MediaRouter,PaintHolding',
      '--disable-smooth-scrolling',
      '--renderer-process-limit=2',
    ],
  });
}

/** Closes the pages a journey opened (every context of the file's Chromium; the journeys of a file run one after another). */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  if (browser) await Promise.all(browser.contexts().map((c) => c.close()));
}

/** Whether the journeys photograph the pages they check (`E2E_SCREENSHOTS=1`); no test looks at the pictures. */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';
export const SCREENSHOTS_DIR = path.resolve('test-results/screenshots');

/** A full-page screenshot into test-results/screenshots/, when asked for (`E2E_SCREENSHOTS=1`). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** The date in Vietnam, `days` from today, as yyyy-mm-dd. */
export function vnDate(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + days * 86_400_000));
}

/**
 * A page of a new browser at one viewport (Vietnamese, in a time zone far from Vietnam's, downloads
 * kept), signed in through the log-in form.
 */
export async function signedInPage(browser: Browser, base: string, viewport: { width: number; height: number }, user: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, locale: 'vi-VN', timezoneId: 'America/New_York', acceptDownloads: true });
  const page = await context.newPage();
  // A step that cannot happen fails within seconds, naming the element it waited for.
  page.setDefaultTimeout(8_000);
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(user.username);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

/** The widths every journey runs at: an office PC and a phone. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Opens the header's menu where it is folded behind its "Menu" button (phones, tablets); a no-op on wide screens. */
export async function openMenu(page: Page): Promise<void> {
  const summary = page.locator('header.top details.menu > summary');
  if (!(await summary.isVisible())) return;
  if (!(await page.locator('header.top details.menu').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
}

/** A section's link in the header's menu, the menu opened first where it is folded. */
export async function menuLink(page: Page, name: string): Promise<Locator> {
  await openMenu(page);
  return page.getByRole('navigation', { name: 'Chính' }).getByRole('link', { name, exact: true });
}

/** An API token of a user of the server at `base` (for the test's own setup calls). */
export async function apiToken(base: string, user: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...user, name: 'e2e' }) });
  return ((await res.json()) as { token: string }).token;
}

/** A JSON call to the server at `base` with an API token (the test's own setup); a refusal throws, naming the call. */
export async function callApi(base: string, token: string, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Closes what a journey's setup opened, whatever of it was opened: its pages, the server, its data folder. */
export async function closeJourney(browser: Browser | undefined, server: ServerProcess | undefined, dataDir: string | undefined): Promise<void> {
  await closeContexts(browser);
  if (server) await kill(server, 'SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

/** What a person does on a page, counted. */
export class Human {
  loads = 0;
  keys = 0;
  clicks = 0;
  constructor(page: Page) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.loads++;
    });
  }
  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }
  async choose(target: Locator, value: string): Promise<void> {
    this.clicks++;
    await target.selectOption(value);
  }
  async fill(page: Page, target: Locator, text: string): Promise<void> {
    await this.click(target);
    this.keys += [...text].length;
    await page.keyboard.type(text);
  }
  async press(page: Page, key: string): Promise<void> {
    this.keys++;
    await page.keyboard.press(key);
  }
  report(journey: string): Record<string, number | string> {
    return { journey, pageLoads: this.loads, keys: this.keys, clicks: this.clicks };
  }
}
