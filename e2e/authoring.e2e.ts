import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

describe('a trainer authoring a course in the editor', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a course, adds a module with Markdown, previews it, and publishes it for learners', async () => {
    const title = `编辑器测试 ${unique('')}`;
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await page.goto('/manage/courses');
    await tid(page, 'course-create').click();
    await tid(page, 'course-title-input').fill(title);
    await tid(page, 'course-create-ok').click();
    await page.waitForURL(/\/manage\/courses\/\d+$/);
    const courseId = Number(page.url().split('/').pop());
    await expect(tid(page, 'editor-status').textContent()).resolves.toBe('草稿');

    await tid(page, 'module-add').click();
    await tid(page, 'module-title').fill('第一单元：入门');
    await tid(page, 'module-save').click();
    const addResource = page.locator('[data-testid^="resource-add-"]');
    await addResource.waitFor();
    await addResource.click();
    await tid(page, 'resource-title').fill('阅读材料');
    await tid(page, 'resource-body').fill('# 标题一\n\n**重点**内容\n\n<img src=x onerror=alert(1)>');
    await page.getByRole('tab', { name: '预览' }).click();
    await page.locator('.ant-modal [data-testid="markdown"] h1').waitFor();
    expect(await page.locator('.ant-modal [data-testid="markdown"] img').count()).toBe(0);
    await tid(page, 'resource-save').click();
    await page.getByText('阅读材料').waitFor();

    await tid(page, 'status-published').click();
    await tid(page, 'confirm-published').click();
    await page.locator('[data-testid="editor-status"]', { hasText: '已发布' }).waitFor();

    // A learner finds it in the catalog.
    const learner = await apiLogin('learner');
    const found = await learner.get(`/courses?search=${encodeURIComponent(title)}`);
    expect(found.items.map((c: { id: number }) => c.id)).toContain(courseId);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the server's validation message next to the field it concerns", async () => {
    const { page, context } = await newPage(browser);
    await uiLogin(page, 'admin');
    await page.goto('/admin/users');
    await tid(page, 'user-create').click();
    await tid(page, 'user-username').fill(unique('weak').toLowerCase());
    await tid(page, 'user-display-name').fill('弱密码');
    await tid(page, 'user-password').fill('short');
    await tid(page, 'user-save').click();
    // The message appears under the password field itself (antd animates it in).
    const fieldError = page
      .locator('.ant-form-item', { has: tid(page, 'user-password') })
      .locator('.ant-form-item-explain-error', { hasText: 'at least 10 characters' });
    await fieldError.waitFor();
    await context.close();
  });
});
