import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

const csv = (rows: string[]) =>
  Buffer.from(`\uFEFF工号,姓名,邮箱,部门,岗位,上级工号,入职日期,状态\n${rows.join('\n')}\n`, 'utf8');

describe('an administrator importing employees from an HR file', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sees the bad row by line number in the dry run, fixes the file and imports it', async () => {
    const admin = await apiLogin('admin');
    const dept = unique('E2EDEPT');
    await admin.post('/departments', { code: dept, name: `导入测试部 ${dept.slice(-5)}` });
    const [a, b, c] = [unique('IMPA'), unique('IMPB'), unique('IMPC')];
    const bad = csv([
      `${a},导入甲,${a.toLowerCase()}@example.com,${dept},,,2024-01-15,在职`,
      `${b},导入乙,not-an-email,${dept},,${a},2024/02/01,在职`,
      `${c},导入丙,${c.toLowerCase()}@example.com,${dept},,${a},2024年3月1日,休假`,
    ]);
    const good = csv([
      `${a},导入甲,${a.toLowerCase()}@example.com,${dept},,,2024-01-15,在职`,
      `${b},导入乙,${b.toLowerCase()}@example.com,${dept},,${a},2024/02/01,在职`,
      `${c},导入丙,${c.toLowerCase()}@example.com,${dept},,${a},2024年3月1日,休假`,
    ]);

    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'admin');
    await page.goto('/admin/import');
    const fileInput = page.locator('input[type=file]');
    const commit = tid(page, 'import-commit');

    await fileInput.setInputFiles({ name: 'hr-export.csv', mimeType: 'text/csv', buffer: bad });
    expect(await commit.isDisabled()).toBe(true);
    await tid(page, 'import-dry-run').click();
    const row = tid(page, 'import-error-line-3');
    await row.waitFor();
    expect(await row.textContent()).toContain('not-an-email');
    expect(await page.locator('[data-testid^="import-error-line-"]').count()).toBe(1);
    expect(await commit.isDisabled()).toBe(true);

    await fileInput.setInputFiles({ name: 'hr-export-fixed.csv', mimeType: 'text/csv', buffer: good });
    await tid(page, 'import-dry-run').click();
    await tid(page, 'import-clean').waitFor();
    expect(await tid(page, 'import-counts').textContent()).toContain('3');
    expect(await commit.isEnabled()).toBe(true);
    await commit.click();
    await tid(page, 'import-done').waitFor();

    await tid(page, 'import-to-employees').click();
    await page.waitForURL('**/admin/employees');
    await tid(page, 'employees-search').fill(b);
    await tid(page, 'employees-search').press('Enter');
    const imported = tid(page, `employee-row-${b}`);
    await imported.waitFor();
    expect(await imported.textContent()).toContain('导入乙');
    expect(await imported.textContent()).toContain('导入甲'); // the manager from the same file

    expect(errors).toEqual([]);
    await context.close();
  });
});
