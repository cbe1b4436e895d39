/**
 * Certification end to end (issue 7 §2, §5, §6): a learner applies for the junior level of a fresh
 * programme (written exam + practical work), an assessor approves it (reaching the application from
 * the notification bell), the learner takes and passes the written exam and records it, uploads the
 * practical work, two assessors grade it, the committee (admin) passes it on the decision board, the
 * public verification page shows the certificate valid and offers its PDF; the admin revokes it and
 * the page shows it revoked with the reason. Setup (items, exam, programme, accounts) goes through the
 * API.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, makeLearner, unique, type ApiClient } from './support/api.ts';
import { launchBrowser, newPage, tid, uiLogin } from './support/browser.ts';

/** As the demo trainer: `n` active single-choice items (the right answer is option `a`) in a published exam. */
async function publishedExam(trainer: ApiClient, n: number): Promise<{ id: number; itemIds: number[] }> {
  const itemIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = await trainer.post('/items', {
      type: 'single',
      stem: `认证笔试第 ${i + 1} 题：RAG 指的是什么？${unique('')}`,
      options: [
        { id: 'a', text: '检索增强生成' },
        { id: 'b', text: '随机生成' },
        { id: 'c', text: '重复生成' },
      ],
      answerKey: { correct: 'a' },
      knowledgePoints: ['LLM-APP:B.2'],
    });
    for (const status of ['review', 'active']) await trainer.post(`/items/${item.id}/status`, { status });
    itemIds.push(item.id);
  }
  const exam = await trainer.post('/exams', {
    mode: 'fixed',
    title: `认证笔试 ${unique('')}`,
    purpose: 'exam',
    feedback: 'after_submit',
    maxAttempts: 3,
    items: itemIds.map((itemId) => ({ itemId, points: 1 })),
  });
  await trainer.post(`/exams/${exam.id}/status`, { status: 'published' });
  return { id: exam.id, itemIds };
}

/** The application page's stage, once it has loaded (and after every refetch). */
const waitStage = (page: Page, stage: string) =>
  page.locator(`[data-testid="application"][data-stage="${stage}"]`).waitFor();

describe('certification: apply → review → exams → decision → verify → revoke', () => {
  let browser: Browser;
  let admin: ApiClient;
  let code: string;
  let exam: { id: number; itemIds: number[] };
  let learner: { username: string; employeeId: number; employeeNo: string };
  let secondAssessor: { username: string };
  let appId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await apiLogin('admin');
    const trainer = await apiLogin('trainer');
    exam = await publishedExam(trainer, 2);
    code = unique('e2e-cert-');
    await admin.post('/cert-programmes', {
      code,
      name: `端到端认证 ${code}`,
      nameEn: `E2E certification ${code}`,
      status: 'active',
      levels: [
        {
          level: 'junior',
          criteria: '能独立完成大模型应用的基础开发。',
          validityMonths: 24,
          requirements: {
            passScore: 0.6,
            components: [
              { kind: 'written', examId: exam.id, weight: 0.5, minScore: 0.6 },
              { kind: 'practical', weight: 0.5, minScore: 0.6 },
            ],
          },
        },
      ],
    });
    learner = await makeLearner();
    secondAssessor = await makeLearner({ roles: ['assessor'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs the whole workflow in the browser and the public page follows the certificate', async () => {
    // 报名: the learner applies for the junior level.
    const cand = await newPage(browser);
    const lp = cand.page;
    await uiLogin(lp, learner.username);
    await tid(lp, 'nav-certification').click();
    await tid(lp, `programme-${code}`).waitFor();
    await tid(lp, `level-${code}-junior`).getByTestId('component-written').waitFor();
    await tid(lp, `apply-${code}-junior`).click();
    await tid(lp, 'apply-statement').fill('我在部门内搭建过两个 RAG 问答原型。');
    await tid(lp, 'apply-submit').click();
    await lp.waitForURL(/\/certification\/applications\/\d+$/);
    appId = Number(/applications\/(\d+)$/.exec(lp.url())![1]);
    await waitStage(lp, 'review');
    await tid(lp, 'eligibility-employee_active').waitFor();
    await tid(lp, 'candidate-actions').waitFor();

    // Applying again for the same level is refused, and the server's reason is shown.
    await tid(lp, 'nav-certification').click();
    await tid(lp, `apply-${code}-junior`).click();
    await tid(lp, 'apply-submit').click();
    await expect(tid(lp, 'apply-error').textContent()).resolves.toContain(`application ${appId}`);
    await lp.keyboard.press('Escape');
    await tid(lp, 'tab-mine').click();
    await tid(lp, `application-link-${appId}`).waitFor();

    // 审核: the demo assessor opens it from the notification bell and approves it.
    const assessorApi = await apiLogin('assessor');
    const notes = await assessorApi.get('/me/notifications?pageSize=50');
    const note = notes.items.find((n: any) => n.link === `/certification/applications/${appId}`);
    expect(note, 'the assessor is notified of the new application').toBeDefined();
    const asr = await newPage(browser);
    const ap = asr.page;
    await uiLogin(ap, 'assessor');
    await expect.poll(async () => Number(await tid(ap, 'notifications-bell').getAttribute('data-unread'))).toBeGreaterThan(0);
    await tid(ap, 'notifications-bell').click();
    await tid(ap, `notification-${note.id}`).click();
    await ap.waitForURL(`**/certification/applications/${appId}`);
    await waitStage(ap, 'review');
    await tid(ap, 'review-approve').click();
    await tid(ap, 'review-approve-reason').fill('资格检查全部通过，材料完整。');
    await tid(ap, 'review-approve-submit').click();
    // No learning requirements: straight on to the exams.
    await waitStage(ap, 'exams');
    expect((await assessorApi.get(`/me/notifications?pageSize=50`)).items.find((n: any) => n.id === note.id).read).toBe(true);

    // 考试 (written): the learner takes the exam in the browser and records it on the application.
    await lp.goto('/exams');
    await tid(lp, `start-${exam.id}`).click();
    await tid(lp, 'start-confirm').click();
    await lp.waitForURL(/\/attempts\/\d+$/);
    for (let i = 0; i < exam.itemIds.length; i++) {
      await tid(lp, `nav-q-${i}`).click();
      await expect.poll(() => tid(lp, `nav-q-${i}`).getAttribute('data-current')).toBe('true');
      const itemId = await tid(lp, 'question').getAttribute('data-item-id');
      await tid(lp, `option-${itemId}-a`).locator('xpath=ancestor::label[1]').click();
      await lp.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    }
    await tid(lp, 'submit-attempt').click();
    await tid(lp, 'submit-confirm').click();
    await tid(lp, 'attempt-result').waitFor();
    await lp.goto(`/certification/applications/${appId}`);
    await waitStage(lp, 'exams');
    await tid(lp, 'record-written').click();
    await lp.locator('[data-testid="exam-component-written"][data-state="complete"]').waitFor();
    await expect(tid(lp, 'score-written').textContent()).resolves.toBe('100.0%');

    // 考试 (practical): the learner uploads the practical work.
    await tid(lp, 'evidence-upload-practical')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'practical-work.md', mimeType: 'text/markdown', buffer: Buffer.from('# 实操作业\n\nRAG 原型的设计与评估。\n') });
    await lp.getByRole('link', { name: /practical-work\.md/ }).waitFor();

    // Two assessors grade it (within 15 points of each other: the mean counts).
    const grade = async (page: Page, score: number, note: string) => {
      await page.goto(`/certification/applications/${appId}`);
      await tid(page, 'grade-panel-practical').waitFor();
      await tid(page, 'grade-score-practical').fill(String(score));
      await tid(page, 'grade-notes-practical').fill(note);
      await tid(page, 'grade-submit-practical').click();
      await tid(page, 'grades-practical').getByText(note).waitFor();
    };
    await ap.goto('/certification/queue?tab=grading');
    await tid(ap, `queue-open-${appId}`).click();
    await grade(ap, 80, '结构清晰，评估方法合理。');
    const second = await newPage(browser);
    await uiLogin(second.page, secondAssessor.username);
    await grade(second.page, 90, '完整可运行。');
    await waitStage(second.page, 'evaluate');
    await lp.reload();
    await waitStage(lp, 'evaluate');
    await expect(tid(lp, 'score-practical').textContent()).resolves.toBe('85.0%');

    // 评估 / 颁证: the committee passes it on the decision board.
    const adm = await newPage(browser);
    const mp = adm.page;
    await uiLogin(mp, 'admin');
    await tid(mp, 'nav-certification-queue').click();
    await tid(mp, 'queue-tab-board').click();
    await tid(mp, `queue-open-${appId}`).click();
    await tid(mp, 'decision-board').waitFor();
    await expect(tid(mp, 'board-composite').textContent()).resolves.toBe('92.5%');
    await expect(tid(mp, 'board-rule').getAttribute('data-pass')).resolves.toBe('true');
    expect(await tid(mp, 'board-override').count()).toBe(0);
    await tid(mp, 'board-reason').fill('各项成绩均达标，予以通过。');
    await tid(mp, 'board-submit').click();
    await waitStage(mp, 'issued');
    await tid(mp, 'outcome-issued').waitFor();

    // The learner sees it issued and holds the certificate.
    await lp.reload();
    await waitStage(lp, 'issued');
    const mine = await (await apiLogin(learner.username)).get('/me/certificates');
    const cert = mine.items.find((c: any) => c.programmeCode === code);
    expect(cert).toMatchObject({ level: 'junior', status: 'active' });

    // The public verification page (no login) says valid.
    const pub = await newPage(browser);
    await pub.page.goto(`/verify/${cert.publicId}`);
    await expect(tid(pub.page, 'verification-verdict').textContent()).resolves.toBe('证书有效');
    // …and offers the printable PDF (no login either)
    const pdfHref = await tid(pub.page, 'download-pdf').getAttribute('href');
    expect(pdfHref).toBe(`/api/v1/public/certificates/${cert.publicId}/pdf`);
    const pdf = await pub.page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await pub.context.close();

    // The admin revokes it, with a reason and a confirmation.
    await mp.goto('/admin/certificates');
    await mp.getByPlaceholder('搜索持证人、工号或证书编号').fill(learner.employeeNo);
    await mp.getByPlaceholder('搜索持证人、工号或证书编号').press('Enter');
    await expect.poll(() => tid(mp, 'revoke').count()).toBe(1);
    await tid(mp, 'revoke').click();
    const reason = `端到端测试：发现作业抄袭 ${unique('')}`;
    await tid(mp, 'status-reason').fill(reason);
    await tid(mp, 'status-submit').click();
    await mp.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await expect.poll(async () => (await admin.get(`/certificates?q=${learner.employeeNo}`)).items[0].status).toBe('revoked');

    // The public page now says revoked, with the reason.
    const after = await newPage(browser);
    await after.page.goto(`/verify/${cert.publicId}`);
    await expect(tid(after.page, 'verification-verdict').textContent()).resolves.toBe('证书无效');
    await expect(tid(after.page, 'verification-record').textContent()).resolves.toContain(reason);
    await expect(tid(after.page, 'verification-record').textContent()).resolves.toContain('已撤销');
    await after.context.close();

    for (const p of [cand, asr, second, adm]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
