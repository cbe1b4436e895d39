/**
 * Screenshots of the main pages at a laptop (1280×800) and a phone (390×844) size, for
 * checking the layout by eye. Opt-in: runs only with XUELI_SHOTS_DIR set, e.g.
 *   XUELI_SHOTS_DIR=/tmp/xueli-shots npx vitest run --config vitest.e2e.config.ts e2e/screenshots.e2e.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { apiLogin } from './support/api.ts';
import { LAPTOP, PHONE, launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

const dir = process.env.XUELI_SHOTS_DIR;

interface Shot {
  name: string;
  user: string;
  path: string | ((ctx: { courseId: number }) => string);
  /** Waits for the content that matters before the picture is taken. */
  ready: (page: Page) => Promise<unknown>;
}

const SHOTS: Shot[] = [
  { name: 'home', user: 'learner', path: '/', ready: (p) => tid(p, 'stat-enrolled').waitFor() },
  { name: 'catalog', user: 'learner', path: '/courses', ready: (p) => tid(p, 'catalog-grid').waitFor() },
  {
    name: 'course',
    user: 'learner',
    path: ({ courseId }) => `/courses/${courseId}`,
    ready: (p) => tid(p, 'module-list').waitFor(),
  },
  {
    name: 'my-path',
    user: 'learner',
    path: '/path',
    ready: (p) => p.locator('[data-testid="path-summary"], .ant-empty').first().waitFor(),
  },
  {
    name: 'team',
    user: 'manager',
    path: '/team',
    ready: (p) => p.locator('[data-testid="team-table"] tbody tr.ant-table-row').first().waitFor(),
  },
  {
    name: 'manage-courses',
    user: 'trainer',
    path: '/manage/courses',
    ready: (p) => p.locator('[data-testid="manage-courses-table"] tbody tr.ant-table-row').first().waitFor(),
  },
  {
    name: 'course-editor',
    user: 'trainer',
    path: ({ courseId }) => `/manage/courses/${courseId}`,
    ready: (p) => tid(p, 'editor-title').waitFor(),
  },
  { name: 'curated-paths', user: 'trainer', path: '/manage/paths', ready: (p) => tid(p, 'curated-table').waitFor() },
  {
    name: 'recommendation-results',
    user: 'trainer',
    path: '/manage/recommendations',
    ready: (p) => p.locator('[data-testid="recs-report"], [data-testid="empty-state"]').first().waitFor(),
  },
  { name: 'classroom', user: 'trainer', path: '/classroom', ready: (p) => tid(p, 'classroom-table').waitFor() },
  {
    name: 'employees',
    user: 'admin',
    path: '/admin/employees',
    ready: (p) => p.locator('[data-testid="employees-table"] tbody tr.ant-table-row').first().waitFor(),
  },
  {
    name: 'departments',
    user: 'admin',
    path: '/admin/departments',
    ready: (p) => tid(p, 'departments-table').waitFor(),
  },
  {
    name: 'users',
    user: 'admin',
    path: '/admin/users',
    ready: (p) => p.locator('[data-testid="users-table"] tbody tr.ant-table-row').first().waitFor(),
  },
  { name: 'import', user: 'admin', path: '/admin/import', ready: (p) => tid(p, 'import-dry-run').waitFor() },
  { name: 'account', user: 'learner', path: '/account', ready: (p) => tid(p, 'tokens-card').waitFor() },
];

describe.runIf(dir)('screenshots of the main pages', () => {
  let browser: Browser;
  let courseId = 0;
  beforeAll(async () => {
    fs.mkdirSync(dir!, { recursive: true });
    browser = await launchBrowser();
    const learner = await apiLogin('learner');
    const home = await learner.get('/me/learning');
    courseId = home.items[0]?.course.id ?? (await learner.get('/courses')).items[0].id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [size, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`captures the login page and every main page at ${size} size`, async () => {
      const { page, context } = await newPage(browser, viewport);
      await page.goto('/login');
      await tid(page, 'login-card').waitFor();
      await page.screenshot({ path: path.join(dir!, `${size}-login.png`) });
      let current = '';
      for (const shot of SHOTS) {
        if (shot.user !== current) {
          await context.clearCookies();
          await uiLogin(page, shot.user);
          current = shot.user;
        }
        await page.goto(typeof shot.path === 'string' ? shot.path : shot.path({ courseId }));
        await shot.ready(page);
        await page.waitForTimeout(300); // let animations settle
        await page.screenshot({
          path: path.join(dir!, `${size}-${shot.name}.png`),
          fullPage: shot.name === 'home' || shot.name === 'course' || shot.name === 'my-path',
        });
      }
      if (size === 'phone') {
        await tid(page, 'menu-toggle').click();
        await tid(page, 'side-menu').waitFor();
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(dir!, 'phone-menu-drawer.png') });
      }
      await context.close();
    });
  }
});
