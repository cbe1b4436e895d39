import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, makeLearner } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

/** The switch offers the other language; click it unless `locale` is already active. */
async function chooseLanguage(page: Page, locale: 'zh-CN' | 'en-US') {
  const button = tid(page, 'language-switch');
  if ((await button.getAttribute('data-locale')) !== locale) await button.click();
  await page.locator(`[data-testid="language-switch"][data-locale="${locale}"]`).waitFor();
}

describe('the language switch', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('switches the UI to English on the login page, keeps it after login and saves it to the account', async () => {
    const { username } = await makeLearner();
    const { page, context, errors } = await newPage(browser);

    await page.goto('/login');
    await expect(tid(page, 'login-submit').textContent()).resolves.toMatch(/登\s*录/);
    await chooseLanguage(page, 'en-US');
    await page.getByText('Enterprise training and certification').waitFor();
    await expect(tid(page, 'login-submit').textContent()).resolves.toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');

    // The language picked on the login page is kept after login and saved to the account.
    await tid(page, 'login-username').fill(username);
    await tid(page, 'login-password').fill('xueli-demo-2026');
    await tid(page, 'login-submit').click();
    await tid(page, 'nav-courses').waitFor();
    await expect(tid(page, 'nav-courses').textContent()).resolves.toBe('Course catalog');
    await expect(tid(page, 'page-title').textContent()).resolves.toBe('My learning');

    // Saved on the server: another browser (fresh storage, Chinese login page) opens in English after login.
    await expect.poll(async () => (await (await apiLogin(username)).get('/auth/session')).user.locale).toBe('en-US');
    const other = await newPage(browser);
    await uiLogin(other.page, username);
    await expect(tid(other.page, 'nav-courses').textContent()).resolves.toBe('Course catalog');
    await other.context.close();

    // Switching back in the header changes the UI at once and saves Chinese again.
    await chooseLanguage(page, 'zh-CN');
    await expect.poll(() => tid(page, 'nav-courses').textContent()).toBe('课程目录');
    await expect.poll(async () => (await (await apiLogin(username)).get('/auth/session')).user.locale).toBe('zh-CN');

    expect(errors).toEqual([]);
    await context.close();
  });
});
