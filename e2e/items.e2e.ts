import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, PHONE, tid, uiLogin } from './support/browser.ts';

const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/**
 * Picks the option containing `text` in the antd Select with `data-testid=testId`, typing `search`
 * first. A multiple select stays open after a pick, so it is closed with Escape (not used for a
 * single select: in a modal, Escape would close the modal).
 */
async function pick(page: Page, testId: string, text: string, o: { search?: string; multiple?: boolean } = {}) {
  await tid(page, testId).click();
  if (o.search) await page.keyboard.type(o.search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  if (o.multiple) await page.keyboard.press('Escape');
}

/** Waits for the editor of a saved item and returns its id. */
async function savedId(page: Page) {
  await page.waitForURL(/\/manage\/items\/\d+$/);
  return Number(/\/manage\/items\/(\d+)$/.exec(page.url())?.[1]);
}

const statusIs = (page: Page, text: string) => page.locator('[data-testid="item-status"]', { hasText: text }).waitFor();

describe('the item bank in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a trainer writes items, sees the server refuse a bad blank, and takes the fixed item through review to active', async () => {
    const tag = unique('e2e').toLowerCase();
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await tid(page, 'nav-manage-items').click();
    await page.waitForURL('**/manage/items');
    await tid(page, 'items-table').waitFor();

    // A single-choice item on knowledge point B.2.
    await tid(page, 'item-new').click();
    await page.waitForURL('**/manage/items/new');
    const stem = `以下哪一项最可能是大模型的幻觉？${tag}`;
    await tid(page, 'item-stem').fill(stem);
    for (const [id, text] of [
      ['A', '引用了真实存在的论文'],
      ['B', '编造了不存在的法规条款'],
      ['C', '拒绝回答'],
      ['D', '回答很简短'],
    ]) {
      await tid(page, `option-text-${id}`).fill(text!);
    }
    await tid(page, 'option-correct-B').click();
    await pick(page, 'item-kps', '能力边界与幻觉', { search: 'B.2', multiple: true });
    await tid(page, 'item-explanation').fill('解析：编造内容即幻觉');
    await tid(page, 'item-tags').locator('input').fill(tag);
    await page.keyboard.press('Enter');
    // The candidate preview shows the options but neither the key nor the explanation.
    await tid(page, 'item-preview').click();
    const preview = tid(page, 'candidate-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('编造了不存在的法规条款');
    expect(await preview.textContent()).not.toContain('编造内容即幻觉');
    await page.locator('.ant-drawer-close').click();
    await tid(page, 'item-save').click();
    const singleId = await savedId(page);
    await statusIs(page, '草稿');

    const trainer = await apiLogin('trainer');
    const single = await trainer.get(`/items/${singleId}`);
    expect(single).toMatchObject({
      type: 'single',
      answerKey: { correct: 'B', options: ['A', 'B', 'C', 'D'] },
      tags: [tag],
    });
    expect(single.knowledgePoints.map((k: { code: string }) => k.code)).toEqual(['B.2']);

    // A fill-in-the-blank item with a pattern the engine refuses (nested quantifiers).
    await page.goto('/manage/items/new?type=fill_blank');
    await tid(page, 'item-stem').fill(`法国的首都是 ___。${tag}`);
    await pick(page, 'blank-0-answer-0-kind', '正则');
    await tid(page, 'blank-0-answer-0-pattern').fill('(巴黎+)+');
    await pick(page, 'item-kps', '能力边界与幻觉', { search: 'B.2', multiple: true });
    await tid(page, 'item-save').click();
    const problems = tid(page, 'item-problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('答案');
    expect(text).toContain('blank 1, answer 1');
    expect(await tid(page, 'key-problems').textContent()).toContain('quantified group');
    expect(page.url()).toMatch(/\/manage\/items\/new/);

    // Fixed, it saves.
    await tid(page, 'blank-0-answer-0-pattern').fill('巴黎(市)?');
    await tid(page, 'item-save').click();
    const blankId = await savedId(page);
    await statusIs(page, '草稿');

    // Unsaved changes hold the workflow buttons and a menu click.
    await tid(page, 'item-stem').fill(`法国的首都是哪里？___ ${tag}`);
    await tid(page, 'item-unsaved').waitFor();
    expect(await tid(page, 'status-review').isDisabled()).toBe(true);
    await tid(page, 'nav-manage-items').click();
    await page.locator('.ant-modal-confirm', { hasText: '放弃未保存的修改' }).waitFor();
    await page.getByRole('button', { name: '留在此页' }).click();
    expect(page.url()).toMatch(new RegExp(`/manage/items/${blankId}$`));
    await tid(page, 'item-note').fill('改成问句');
    await tid(page, 'item-save').click();
    await page.locator('[data-testid="item-version"]', { hasText: 'v2' }).waitFor();

    // Through review to active.
    await tid(page, 'status-review').click();
    await statusIs(page, '待审核');
    await tid(page, 'status-active').click();
    await statusIs(page, '已启用');
    await tid(page, 'item-history').click();
    await tid(page, 'version-4').waitFor();
    expect(await tid(page, 'version-4').textContent()).toContain('review → active');
    expect(await tid(page, 'version-2').textContent()).toContain('改成问句');
    await page.locator('.ant-drawer-close').click();

    // The list, filtered by status and text (kept in the URL), shows it active.
    await page.goto(`/manage/items?status=active&q=${tag}`);
    await tid(page, `item-row-${blankId}`).waitFor();
    expect(await tid(page, `item-status-${blankId}`).textContent()).toBe('已启用');
    expect(await tid(page, `item-row-${singleId}`).count()).toBe(0);
    await tid(page, 'filter-clear').click();
    await page.waitForURL((u) => u.search === '');
    await tid(page, `item-row-${singleId}`).waitFor();
    // Only the single-choice item carries the tag.
    await tid(page, 'filter-tag').fill(tag);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('tag') === tag);
    await tid(page, `item-row-${blankId}`).waitFor({ state: 'detached' });
    expect(await tid(page, `item-status-${singleId}`).textContent()).toBe('草稿');

    const saved = await trainer.get(`/items/${blankId}`);
    expect(saved).toMatchObject({
      status: 'active',
      version: 4,
      answerKey: { type: 'fill-blank', blanks: [{ accepted: [{ kind: 'regex', pattern: '巴黎(市)?' }] }] },
    });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a trainer checks an item file (a bad row is reported by line), imports the fixed one as drafts and exports the list', async () => {
    const tag = unique('imp').toLowerCase();
    const csv = (rows: string[]) => Buffer.from(['题型,题干,选项A,选项B,答案,知识点,标签', ...rows].join('\n'), 'utf8');
    const good = [`单选,导入题一 ${tag},甲,乙,A,LLM-APP:B.2,${tag}`, `判断,导入题二 ${tag},,,对,LLM-APP:B.2,${tag}`];
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await page.goto('/manage/items');
    await tid(page, 'item-import').click();
    await pick(page, 'item-import-format', 'CSV');
    const input = page.locator('.ant-modal input[type=file]');
    await input.setInputFiles({
      name: 'items.csv',
      mimeType: 'text/csv',
      buffer: csv([...good, `单选,坏题 ${tag},甲,乙,Z,LLM-APP:B.2,${tag}`]),
    });
    await tid(page, 'item-import-dry-run').click();
    const bad = tid(page, 'item-import-error-line-4');
    await bad.waitFor();
    expect(await bad.textContent()).toContain('"Z" is not an option');
    expect(await tid(page, 'item-import-commit').isDisabled()).toBe(true);

    await input.setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: csv(good) });
    await tid(page, 'item-import-dry-run').click();
    await tid(page, 'item-import-clean').waitFor();
    await tid(page, 'item-import-commit').click();
    await tid(page, 'item-import-done').waitFor();
    await tid(page, 'item-import-show').click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'draft');
    await page.locator('[data-testid="items-table"]', { hasText: `导入题一 ${tag}` }).waitFor();

    const trainer = await apiLogin('trainer');
    const imported = await trainer.get(`/items?tag=${tag}`);
    expect(imported.total).toBe(2);
    expect(imported.items.every((i: { status: string }) => i.status === 'draft')).toBe(true);

    // Export of the tag's items as CSV: a download with both stems.
    await page.goto(`/manage/items?tag=${tag}`);
    await tid(page, 'items-table').locator('tbody tr[data-testid^="item-row-"]').first().waitFor();
    await tid(page, 'item-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'item-export-csv').click()]);
    const path = await download.path();
    const text = fs.readFileSync(path, 'utf8');
    expect(text).toContain(`导入题一 ${tag}`);
    expect(text).toContain(`导入题二 ${tag}`);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("a trainer runs a reference solution against a programming item's tests", async () => {
    const trainer = await apiLogin('trainer');
    const item = await trainer.post('/items', {
      type: 'programming',
      stem: `实现 add(a, b)。${unique('')}`,
      answerKey: {
        language: 'js',
        functionName: 'add',
        starterCode: 'function add(a, b) {\n}',
        tests: [
          { args: [1, 2], expected: 3, sample: true },
          { args: [2, 2], expected: 4 },
        ],
      },
      knowledgePoints: ['LLM-APP:B.2'],
    });
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await page.goto(`/manage/items/${item.id}`);
    await tid(page, 'try-panel').waitFor();
    await tid(page, 'try-code').fill('function add(a, b) { return a - b; }');
    await tid(page, 'try-run').click();
    await page.locator('[data-testid="try-summary"]', { hasText: '0/2' }).waitFor();
    expect(await tid(page, 'try-cases').textContent()).toContain('结果错误');
    await tid(page, 'try-code').fill('function add(a, b) { return a + b; }');
    await tid(page, 'try-run').click();
    await page.locator('[data-testid="try-summary"]', { hasText: '2/2' }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone the list and the editors fit the screen', async () => {
    const trainer = await apiLogin('trainer');
    const kps = await trainer.get('/frameworks?status=published');
    const fw = await trainer.get(`/frameworks/${kps.items[0].id}`);
    const item = await trainer.post('/items', {
      type: 'essay',
      stem: `论述企业应如何防范大模型幻觉带来的业务风险，并给出至少三条可落地的措施。${unique('')}`,
      rubric: {
        criteria: [
          {
            id: 'c1',
            name: '论点',
            levels: [
              { label: '弱', score: 0 },
              { label: '强', score: 4 },
            ],
          },
          {
            id: 'c2',
            name: '措施可行性',
            levels: [
              { label: '无', score: 0 },
              { label: '充分', score: 3 },
            ],
          },
        ],
      },
      knowledgePoints: [fw.points[0].id],
      tags: ['e2e-phone'],
    });

    const { page, context, errors } = await newPage(browser, PHONE);
    await uiLogin(page, 'trainer');
    await page.goto('/manage/items');
    await tid(page, `item-row-${item.id}`).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.goto(`/manage/items/${item.id}`);
    await tid(page, 'rubric-editor').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    for (const type of ['single', 'multiple', 'fill_blank', 'short_answer', 'programming']) {
      await page.goto(`/manage/items/new?type=${type}`);
      await tid(page, 'item-key-card').waitFor();
      expect(await horizontalOverflow(page), type).toBe(0);
    }
    await tid(page, 'item-preview').click();
    await tid(page, 'candidate-preview').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });
});
