import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLearner, makePublishedCourse } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin, waitForPercent } from './support/browser.ts';

describe('a learner studying a course', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('enrols, completes a module, sees the progress change, and can undo it', async () => {
    const course = await makePublishedCourse(2);
    const learner = await makeLearner();
    const { page, context, errors } = await newPage(browser);

    await uiLogin(page, learner.username);
    // A new learner's home shows the empty state with a way to the catalog.
    await tid(page, 'empty-state').waitFor();

    await page.goto(`/courses/${course.id}`);
    await expect(tid(page, 'course-title').textContent()).resolves.toBe(course.title);
    await tid(page, 'course-enroll').click();
    await waitForPercent(page, 'course-progress', 0);

    // The Markdown resource is rendered, and its raw HTML is not.
    await expect(page.locator('[data-testid="markdown"] h2').first().textContent()).resolves.toContain('要点 1');
    expect(await page.locator('[data-testid="markdown"] script').count()).toBe(0);

    const [first, second] = course.moduleIds;
    await tid(page, `complete-${first}`).click();
    await tid(page, `module-done-${first}`).waitFor();
    await waitForPercent(page, 'course-progress', 50);
    await expect(tid(page, 'course-status').textContent()).resolves.toBe('学习中');

    // Undo brings it back to 0%, completing again returns to 50%.
    await tid(page, `undo-${first}`).click();
    await waitForPercent(page, 'course-progress', 0);
    await tid(page, `complete-${first}`).click();
    await waitForPercent(page, 'course-progress', 50);

    // The home page shows the course at 50% with a "continue" button to the second module.
    await page.goto('/');
    await tid(page, `learning-item-${course.id}`).waitFor();
    await waitForPercent(page, `learning-progress-${course.id}`, 50);
    await expect(tid(page, 'stat-in-progress').textContent()).resolves.toContain('1');
    await tid(page, `continue-${course.id}`).click();
    await page.waitForURL(`**/courses/${course.id}?module=${second}`);
    await tid(page, `complete-${second}`).click();
    await waitForPercent(page, 'course-progress', 100);
    await expect(tid(page, 'course-status').textContent()).resolves.toBe('已完成');

    expect(errors).toEqual([]);
    await context.close();
  });
});
