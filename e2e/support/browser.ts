/**
 * Debian's Chromium driven by playwright-core (no browser download). One browser per test
 * file; each test gets a fresh context (cookies, storage) at a laptop or phone viewport.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD } from './api.ts';

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A new context at `viewport` with the test server as base URL; page errors fail loudly. */
export async function newPage(
  browser: Browser,
  viewport = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Logs in through the login form and waits for the app shell. */
export async function uiLogin(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

export const tid = (page: Page, id: string) => page.getByTestId(id);

/** Waits until the element with `testId` carries `data-percent="<percent>"` (progress bars). */
export async function waitForPercent(page: Page, testId: string, percent: number) {
  await page.locator(`[data-testid="${testId}"][data-percent="${percent}"]`).waitFor();
}
