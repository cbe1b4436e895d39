/**
 * Issue 6 end to end: a trainer uploads a Word document and watches its index job's progress bar; a
 * learner asks the AI tutor (offline: extractive) and opens the cited passage; the trainer generates
 * quiz items from the document, edits one and approves it into the item bank.
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

/** A small travel-expense policy as a real .docx (the `docx` package writes it). */
async function policyDocx(marker: string): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: `差旅费用报销制度 ${marker}`, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '第一章 住宿标准', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('员工出差的住宿标准为每晚不超过六百元，超出部分须由部门负责人书面审批。'),
          new Paragraph('出差住宿应优先选择公司协议酒店，协议酒店可享受月结服务。'),
          new Paragraph({ text: '第二章 交通标准', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('乘坐高铁应当选择二等座；单程超过八小时的行程可以申请飞机经济舱。'),
          new Paragraph('市内交通优先使用地铁和公交，打车费用须附电子发票。'),
          new Paragraph({ text: '第三章 报销流程', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('报销申请须在出差结束后十个工作日内通过费用系统提交，并附行程单和发票。'),
          new Paragraph('财务部门在收到完整材料后五个工作日内完成审核和付款。'),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

describe('knowledge base, tutor and content generation in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a trainer uploads a .docx and waits for its progress bar; a learner asks and opens the cited passage; the trainer generates quiz items, edits one and approves it', async () => {
    const marker = unique('差旅');
    const trainerApi = await apiLogin('trainer');
    const collection = await trainerApi.post<{ id: number; name: string }>('/kb/collections', { name: unique('行政制度'), visibility: 'everyone' });

    // ---- the trainer uploads the Word file and sees the index job finish
    const t = await newPage(browser);
    await uiLogin(t.page, 'trainer');
    await t.page.goto(`/manage/knowledge/${collection.id}`);
    // the drop zone's file input carries the test id
    await tid(t.page, 'kb-upload').waitFor({ state: 'attached' });
    await tid(t.page, 'kb-upload')
      .setInputFiles({ name: `差旅报销制度-${marker}.docx`, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await policyDocx(marker) });
    const job = t.page.locator('[data-testid^="kb-job-"]').first();
    await job.waitFor();
    await t.page.locator('[data-testid^="kb-job-"][data-status="succeeded"]').first().waitFor({ timeout: 30_000 });
    const status = t.page.locator('[data-testid^="kb-status-"]', { hasText: '已就绪' }).first();
    await status.waitFor();
    const docId = Number((await status.getAttribute('data-testid'))!.replace('kb-status-', ''));
    // its passages follow the headings
    await tid(t.page, `kb-document-${docId}`).click();
    await t.page.locator('[data-testid="kb-passages"]', { hasText: '住宿标准' }).waitFor();

    // ---- a learner asks the tutor and opens the cited passage
    const l = await newPage(browser);
    await uiLogin(l.page, 'learner');
    await l.page.goto('/tutor');
    await tid(l.page, 'tutor-input').fill('员工出差住宿每晚的标准是多少？');
    await tid(l.page, 'tutor-send').click();
    await tid(l.page, 'tutor-answer').last().waitFor({ timeout: 30_000 });
    await expect.poll(() => tid(l.page, 'tutor-answer').last().innerText()).toContain('六百元');
    await tid(l.page, 'citation-tag-1').first().click();
    await tid(l.page, 'citation-modal').waitFor();
    await expect.poll(() => tid(l.page, 'citation-text').innerText()).toContain('每晚不超过六百元');
    expect(await tid(l.page, 'citation-modal').innerText()).toContain(marker);
    expect(l.errors).toEqual([]);

    // ---- the trainer generates quiz items from the document, edits one and approves it
    await t.page.goto('/manage/generation');
    await tid(t.page, 'generation-collection').click();
    await t.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: collection.name }).first().click();
    await t.page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => undefined);
    await tid(t.page, 'generation-documents').click();
    await t.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: marker }).first().click();
    await t.page.keyboard.press('Escape');
    await tid(t.page, 'generation-submit').click();
    await tid(t.page, 'generation-result').waitFor();
    await t.page.locator('[data-testid="generation-result"] button', { hasText: '打开第一份草稿' }).click();
    await tid(t.page, 'draft-stem').waitFor();
    const edited = `（已审校 ${marker}）${await tid(t.page, 'draft-stem').inputValue()}`;
    await tid(t.page, 'draft-stem').fill(edited);
    const kps = t.page.locator('[data-testid="draft-kps"]');
    if (await kps.count()) {
      await kps.click();
      await t.page.keyboard.type('LLM-APP:B.2');
      await t.page.keyboard.press('Enter');
    }
    await tid(t.page, 'draft-approve').click();
    await t.page.locator('.ant-popconfirm .ant-btn-primary').click();
    const itemLink = t.page.locator('a[href^="/manage/items/"]').first();
    await itemLink.waitFor();
    const itemId = Number((await itemLink.getAttribute('href'))!.split('/').pop());
    const item = await trainerApi.get<{ stem: string; status: string; tags: string[] }>(`/items/${itemId}`);
    expect(item.stem).toBe(edited);
    expect(item.tags).toContain('generated');
    expect(t.errors).toEqual([]);
    await t.context.close();
    await l.context.close();
  });
});
