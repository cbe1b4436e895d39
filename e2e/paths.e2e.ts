import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

/** The demo learner's name (apps/server/src/seed/org-data.ts): they report to the demo manager. */
const LEARNER_NAME = '张晓明';

/** Searches the team table and ticks every row found (the selection is kept across searches). */
async function selectMembers(page: Page, search: string) {
  await tid(page, 'team-search').fill(search);
  await tid(page, 'team-search').press('Enter');
  const rows = page.locator('[data-testid="team-table"] tbody tr.ant-table-row', { hasText: search });
  await rows.first().waitFor();
  for (const row of await rows.all()) await row.locator('.ant-checkbox-input').check();
}

/** The module id of the path step with `status` (steps carry `data-testid="path-step-<moduleId>"`). */
async function stepWith(page: Page, status: 'next' | 'done') {
  const step = page
    .locator(`[data-testid^="path-step-"]:not([data-testid^="path-step-exam"])[data-status="${status}"]`)
    .first();
  await step.waitFor();
  return Number((await step.getAttribute('data-testid'))?.replace('path-step-', ''));
}

describe('learning paths in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a manager assigns a knowledge-point goal with a deadline; the learner follows the path and sees it move on, then uses the recommendations', async () => {
    // A second report of the demo manager, so the goal goes to more than one person.
    const admin = await apiLogin('admin');
    const manager = await apiLogin('manager');
    const managerEmployeeId = (await manager.get('/auth/session')).user.employeeId as number;
    const colleague = unique('路径');
    await admin.post('/employees', { employeeNo: unique('PT'), name: colleague, managerId: managerEmployeeId });

    // (a) The manager selects the learner and the colleague on the team page and assigns a goal:
    // "文档切分与索引" (R.1, taught by two modules of the RAG course) at 100% within 60 days.
    const m = await newPage(browser);
    await uiLogin(m.page, 'manager');
    await m.page.goto('/team');
    await selectMembers(m.page, LEARNER_NAME);
    await selectMembers(m.page, colleague);
    await expect(tid(m.page, 'team-goal').textContent()).resolves.toContain('2');
    await tid(m.page, 'team-goal').click();

    await tid(m.page, 'goal-targets-select').click();
    await m.page.keyboard.type('文档切分');
    await m.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '文档切分与索引' }).click();
    // Close the picker's dropdown by clicking outside it (Escape would close the modal).
    await m.page.locator('.ant-modal-title').click();
    await tid(m.page, 'goal-targets').locator('[data-testid^="target-row-"]').waitFor();
    await tid(m.page, 'goal-targets').getByRole('spinbutton').first().fill('100');
    const deadline = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
    await tid(m.page, 'goal-deadline').click();
    await m.page.keyboard.type(deadline);
    await m.page.keyboard.press('Enter');
    await tid(m.page, 'goal-ok').click();
    await expect(tid(m.page, 'goal-result').textContent()).resolves.toContain('已为 2 人分配学习目标');
    await tid(m.page, 'goal-done').click();
    expect(m.errors).toEqual([]);
    await m.context.close();

    // (b) The learner opens their path: the goal with its deadline, and steps with a next one.
    const l = await newPage(browser);
    const page = l.page;
    await uiLogin(page, 'learner');
    await tid(page, 'nav-path').click();
    await tid(page, 'path-steps').waitFor();
    await expect(tid(page, 'path-goal').textContent()).resolves.toContain('知识点');
    await expect(tid(page, 'path-deadline').textContent()).resolves.toContain(deadline);
    // the goal's pace (the form's 3 h a week), and the hours it leaves until that deadline
    await expect(tid(page, 'path-pace').textContent()).resolves.toBe('每周学习时长3 小时');
    await expect(tid(page, 'path-budget').textContent()).resolves.toContain('截止前可用');
    await expect(page.locator('[data-testid^="path-step-"]').count()).resolves.toBeGreaterThan(1);
    const first = await stepWith(page, 'next');
    const doneBefore = await tid(page, 'path-steps-done').textContent();
    await expect(
      page.locator(`[data-testid="path-step-${first}"] [data-testid="step-reason"]`).textContent(),
    ).resolves.toContain('文档切分与索引');

    // Start leads to the module in its course; enrol if needed and mark the module complete.
    await tid(page, 'path-start').click();
    await page.waitForURL(new RegExp(`/courses/\\d+\\?module=${first}$`));
    await page.locator('[data-testid="course-enroll"], [data-testid="course-progress-card"]').first().waitFor();
    if (await tid(page, 'course-enroll').isVisible()) {
      await tid(page, 'course-enroll').click();
      await tid(page, 'course-progress-card').waitFor();
    }
    await tid(page, `complete-${first}`).click();
    await tid(page, `module-done-${first}`).waitFor();

    // Back on the path: that step is done and another one is next.
    await tid(page, 'nav-path').click();
    await expect.poll(() => tid(page, 'path-steps-done').textContent()).not.toBe(doneBefore);
    // Of a long history only the latest done step is shown: open them all.
    if (await tid(page, 'path-toggle-done').isVisible()) await tid(page, 'path-toggle-done').click();
    await page.locator(`[data-testid="path-step-${first}"][data-status="done"]`).waitFor();
    const second = await stepWith(page, 'next');
    expect(second).not.toBe(first);
    await expect(tid(page, 'path-steps-done').textContent()).resolves.toMatch(/已完成 [1-9]\d*\//);

    // (c) Recommendations on the learner home: a dismissed one goes away, a clicked one opens.
    await tid(page, 'nav-home').click();
    const recs = page.locator('[data-testid="recommendations"] [data-testid^="rec-open-"]');
    await recs.first().waitFor();
    const count = await recs.count();
    const dismissed = (await recs.first().getAttribute('data-testid'))!.replace('rec-open-', '');
    await tid(page, `rec-dismiss-${dismissed}`).click();
    await expect.poll(() => tid(page, `rec-${dismissed}`).count()).toBe(0);
    expect(await recs.count()).toBe(count - 1);
    if (count > 1) {
      const opened = (await recs.first().getAttribute('data-testid'))!.replace('rec-open-', '');
      await recs.first().click();
      await page.waitForURL(`**/courses/${opened}`);
      await tid(page, 'course-title').waitFor();
    }

    expect(l.errors).toEqual([]);
    await l.context.close();

    // (d) L&D sees what became of them: the dismissal (and the click, if there was one) counted.
    const tr = await newPage(browser);
    await uiLogin(tr.page, 'trainer');
    await tr.page.goto('/manage/recommendations');
    await tid(tr.page, 'recs-report').waitFor();
    const total = async (key: string) =>
      Number((await tid(tr.page, `recs-total-${key}`).textContent())!.replace(/\D/g, ''));
    expect(await total('impressions')).toBeGreaterThan(0);
    expect(await total('dismissals')).toBeGreaterThanOrEqual(1);
    if (count > 1) expect(await total('clicks')).toBeGreaterThanOrEqual(1);
    await expect(tid(tr.page, 'recs-by-source').textContent()).resolves.toContain('我的学习');
    expect(tr.errors).toEqual([]);
    await tr.context.close();
  });
});
