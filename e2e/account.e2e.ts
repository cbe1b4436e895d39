import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, makeLearner } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

describe('personal API tokens on the account page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a new token once, which works until it is revoked', async () => {
    const { username } = await makeLearner();
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, username);
    await page.goto('/account');
    await tid(page, 'token-name').fill('报表脚本');
    await tid(page, 'token-create').click();
    const secret = (await tid(page, 'token-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^xli_/);
    const call = () => fetch(`${baseUrl()}/api/v1/auth/session`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).status).toBe(200);
    await tid(page, 'token-done').click();

    const revoke = page.locator('[data-testid^="token-revoke-"]');
    await revoke.click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await page.locator('[data-testid="tokens-table"]', { hasText: '已撤销' }).waitFor();
    expect((await call()).status).toBe(401);
    // The secret is never shown again.
    expect(await page.content()).not.toContain(secret);
    expect(errors).toEqual([]);
    await context.close();
  });
});
