import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, PHONE, tid, uiLogin } from './support/browser.ts';

const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/** Picks the option containing `text` in the antd Select with `data-testid=testId`. */
async function pick(page: Page, testId: string, text: string) {
  await tid(page, testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Adds a top-level knowledge point through the "add point" modal and waits for it in the tree. */
async function addTopLevelPoint(page: Page, code: string, name: string) {
  await tid(page, 'point-add-top').click();
  await tid(page, 'point-code').fill(code);
  await tid(page, 'point-name').fill(name);
  await tid(page, 'point-create-ok').click();
  await tid(page, `kp-node-${code}`).waitFor();
  // The new point becomes the selected one.
  await page.locator('[data-testid="prereq-panel"]', { hasText: code }).waitFor();
}

describe('skill frameworks in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a trainer builds a framework, adds a prerequisite, and sees a cycle refused with both codes', async () => {
    const code = unique('E2E-FW-').toUpperCase();
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await tid(page, 'nav-skills-frameworks').click();
    await page.waitForURL('**/skills/frameworks');
    await tid(page, 'frameworks-table').waitFor();

    await tid(page, 'framework-create').click();
    await tid(page, 'framework-code').fill(code);
    await tid(page, 'framework-name').fill('端到端测试框架');
    await tid(page, 'framework-create-ok').click();
    await page.waitForURL(/\/skills\/frameworks\/\d+/);
    const frameworkId = Number(/\/skills\/frameworks\/(\d+)/.exec(page.url())?.[1]);
    await expect(tid(page, 'framework-status').textContent()).resolves.toBe('草稿');

    await addTopLevelPoint(page, 'KA', '知识点甲');
    await addTopLevelPoint(page, 'KB', '知识点乙');

    // KB (selected) requires KA: the edge KA → KB.
    await pick(page, 'requires-select', 'KA');
    await tid(page, 'requires-add').click();
    await tid(page, 'requires-KA').waitFor();

    // KA requiring KB would close the cycle KA → KB → KA.
    await tid(page, 'kp-node-KA').click();
    await page.locator('[data-testid="prereq-panel"]', { hasText: '知识点甲' }).waitFor();
    await tid(page, 'required-by-KB').waitFor();
    await pick(page, 'requires-select', 'KB');
    await tid(page, 'requires-add').click();
    const alert = tid(page, 'cycle-alert');
    await alert.waitFor();
    const detail = (await tid(page, 'cycle-detail').textContent()) ?? '';
    expect(detail).toContain('KA');
    expect(detail).toContain('KB');
    const path = (await tid(page, 'cycle-path').textContent()) ?? '';
    expect(path).toContain('KA');
    expect(path).toContain('KB');
    // Nothing was added.
    expect(await tid(page, 'requires-KB').count()).toBe(0);
    const trainer = await apiLogin('trainer');
    const saved = await trainer.get(`/frameworks/${frameworkId}`);
    expect(saved.prerequisites).toHaveLength(1);

    // The graph draws both points and the edge.
    await tid(page, 'tab-graph').click();
    await tid(page, 'prereq-graph').locator('canvas').first().waitFor();
    await expect(tid(page, 'prereq-graph').getAttribute('data-nodes')).resolves.toBe('2');

    // A CSV with a bad row is reported with its line number before anything is written.
    await tid(page, 'framework-import-csv').click();
    const csv = Buffer.from(
      ['code,name,parent_code,prerequisites', 'KC,知识点丙,KA,KB', 'KD,知识点丁,NOPE,'].join('\n'),
      'utf8',
    );
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: csv });
    expect(await tid(page, 'csv-commit').isDisabled()).toBe(true);
    await tid(page, 'csv-dry-run').click();
    const bad = tid(page, 'csv-error-line-3');
    await bad.waitFor();
    expect(await bad.textContent()).toContain('NOPE');
    expect(await tid(page, 'csv-commit').isDisabled()).toBe(true);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a learner reads the published demo framework on a phone: tree, prerequisites, graph, no overflow', async () => {
    const { page, context, errors } = await newPage(browser, PHONE);
    await uiLogin(page, 'learner');
    await page.goto('/skills/frameworks');
    const link = page.locator('[data-testid^="framework-link-LLM-APP-"]').first();
    await link.click();
    await page.waitForURL(/\/skills\/frameworks\/\d+/);
    await expect(tid(page, 'framework-status').textContent()).resolves.toBe('已发布');
    expect(await tid(page, 'framework-counts').textContent()).toContain('21');
    // Read-only: no authoring actions.
    expect(await tid(page, 'framework-new-version').count()).toBe(0);
    expect(await tid(page, 'point-add-top').count()).toBe(0);

    await tid(page, 'kp-node-B.2').click();
    await tid(page, 'point-details').waitFor();
    await tid(page, 'requires-B.1').waitFor();
    expect(await tid(page, 'requires-select').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);

    await tid(page, 'tab-graph').click();
    await tid(page, 'prereq-graph').locator('canvas').first().waitFor();
    expect(Number(await tid(page, 'prereq-graph').getAttribute('data-nodes'))).toBeGreaterThan(10);
    expect(await horizontalOverflow(page)).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });
});
