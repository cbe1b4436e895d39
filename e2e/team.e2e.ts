import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, makePublishedCourse, unique } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

describe('a manager assigning training to the team', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('selects two reports, assigns a course with a due date and sees their enrolments', async () => {
    const admin = await apiLogin('admin');
    const manager = await apiLogin('manager');
    const managerEmployeeId = (await manager.get('/auth/session')).user.employeeId as number;
    const tag = unique('队员');
    const people = [];
    for (const n of [1, 2]) {
      people.push(
        await admin.post('/employees', {
          employeeNo: unique(`TM${n}`),
          name: `${tag}${n}`,
          managerId: managerEmployeeId,
        }),
      );
    }
    const course = await makePublishedCourse(1);

    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'manager');
    await page.goto('/team');
    await tid(page, 'team-search').fill(tag);
    await tid(page, 'team-search').press('Enter');
    const rows = page.locator('[data-testid="team-table"] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.locator('[data-testid="team-table"] thead .ant-checkbox-input').check();
    await tid(page, 'team-assign').click();

    await tid(page, 'assign-course').click();
    await page.keyboard.type(course.title.slice(-10));
    await page.locator('.ant-select-item-option', { hasText: course.title }).click();
    const due = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
    await tid(page, 'assign-due').click();
    await page.keyboard.type(due);
    await page.keyboard.press('Enter');
    await tid(page, 'assign-ok').click();
    await page.getByText('已指派').waitFor();

    // Column 6 is "enrolled" (after the checkbox, number, name, department, position).
    await expect.poll(() => rows.locator('td:nth-child(6)').allTextContents()).toEqual(['1', '1']);
    for (const p of people) {
      const records = await manager.get(`/employees/${p.id}/records`);
      expect(records.items.map((r: { courseId: number; dueDate: string }) => [r.courseId, r.dueDate])).toContainEqual([
        course.id,
        due,
      ]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
