/**
 * Exams end to end: a learner takes the demo's timed exam (answers kept and the timer running
 * across a reload), submits and reads the result; a trainer grades the essay with its rubric
 * and the learner sees the graded score; the learner's skills page shows the mastery the exam
 * moved (these three share one learner and one attempt, in order). Also: the page submits by
 * itself when the time runs out, and a course's practice quiz checks answers one by one.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, DEMO_PASSWORD, makeLearner, unique, type ApiClient } from './support/api.ts';
import { launchBrowser, newPage, PHONE, tid, uiLogin } from './support/browser.ts';

/** The demo's timed exam (apps/server/src/seed/exams.ts TIMED_EXAM_TITLE). */
const DEMO_TIMED_EXAM = '大模型应用能力测评（初级）';

interface ExamInfo {
  id: number;
  title: string;
  itemIds: number[];
  essayId: number;
}

/** The demo's timed exam with its essay, as the trainer sees it. */
async function timedExam(trainer: ApiClient): Promise<ExamInfo> {
  const list = await trainer.get(`/exams?status=published&purpose=exam&search=${encodeURIComponent(DEMO_TIMED_EXAM)}`);
  const demo = list.items.find((e: any) => e.title === DEMO_TIMED_EXAM);
  if (!demo)
    throw new Error(`The demo seed has no published exam "${DEMO_TIMED_EXAM}" (apps/server/src/seed/exams.ts)`);
  const essay = demo.items.find((i: any) => i.type === 'essay');
  if (!demo.timeLimitMinutes || !essay) throw new Error('The demo timed exam should have a time limit and an essay');
  return { id: demo.id, title: demo.title, itemIds: demo.items.map((i: any) => i.itemId), essayId: essay.itemId };
}

/** A learner account linked to a new employee who holds a demo position (so skill targets exist). */
async function learnerWithPosition(): Promise<{ username: string; employeeId: number }> {
  const admin = await apiLogin('admin');
  const positions = await admin.get('/positions');
  const employeeNo = unique('EXM');
  const employee = await admin.post('/employees', {
    employeeNo,
    name: `考生${employeeNo.slice(-4)}`,
    positionId: positions.items[0].id,
  });
  const username = employeeNo.toLowerCase();
  await admin.post('/users', {
    username,
    displayName: `E2E ${employeeNo}`,
    password: DEMO_PASSWORD,
    roles: ['learner'],
    employeeId: employee.id,
  });
  return { username, employeeId: employee.id };
}

/** Answers the question on screen whatever its type (text answers from `textFor`); returns its item id. */
async function answerCurrent(page: Page, textFor: (itemId: number) => string): Promise<number> {
  const q = tid(page, 'question');
  const itemId = Number(await q.getAttribute('data-item-id'));
  const text = textFor(itemId);
  const choices = q.locator(`[data-testid^="option-${itemId}-"]`);
  const blanks = q.locator(`[data-testid^="blank-${itemId}-"]`);
  // antd hides the native input: click its label, as a person would.
  if ((await choices.count()) > 0) await choices.first().locator('xpath=ancestor::label[1]').click();
  else if ((await blanks.count()) > 0) {
    for (let i = 0; i < (await blanks.count()); i++) await blanks.nth(i).fill(`${text}${i}`);
  } else await tid(page, `answer-${itemId}`).fill(text);
  return itemId;
}

/** Waits until the autosave indicator says every change is on the server. */
const waitSaved = (page: Page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

const remaining = async (page: Page) => Number(await tid(page, 'countdown').getAttribute('data-remaining-ms'));

const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('taking, grading and learning from an exam', () => {
  let browser: Browser;
  let trainer: ApiClient;
  let exam: ExamInfo;
  let learner: { username: string; employeeId: number };
  let me: ApiClient;
  let attemptId = 0;
  let masteryBefore: any;
  const essayText = '风险：幻觉、数据泄露与偏见。控制：人工复核、脱敏、审计日志和模型评估。';
  const textFor = (label: string) => (itemId: number) => (itemId === exam.essayId ? essayText : label);

  beforeAll(async () => {
    browser = await launchBrowser();
    trainer = await apiLogin('trainer');
    exam = await timedExam(trainer);
    learner = await learnerWithPosition();
    me = await apiLogin(learner.username);
    masteryBefore = await me.get('/me/mastery');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a learner starts the timed exam, keeps answers and time across a reload, submits and reads the result', async () => {
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, learner.username);
    await tid(page, 'nav-exams').click();
    await page.waitForURL('**/exams');
    const card = tid(page, `exam-card-${exam.id}`);
    await expect(card.getByTestId('exam-card-title').textContent()).resolves.toBe(exam.title);
    await expect(card.getByTestId('attempts-left').textContent()).resolves.toContain('2');
    await tid(page, `start-${exam.id}`).click();
    await tid(page, 'start-confirm').click();
    await page.waitForURL(/\/attempts\/\d+$/);
    attemptId = Number(/\/attempts\/(\d+)$/.exec(page.url())![1]);

    // The countdown starts from the 30-minute limit on the server's clock.
    await tid(page, 'countdown').waitFor();
    const atStart = await remaining(page);
    expect(atStart).toBeGreaterThan(28 * 60_000);
    expect(atStart).toBeLessThanOrEqual(30 * 60_000);
    await expect(tid(page, 'question-number').textContent()).resolves.toContain(String(exam.itemIds.length));

    // Two answers, each saved before going on.
    const first = await answerCurrent(page, textFor('第一题'));
    await waitSaved(page);
    await tid(page, 'next-question').click();
    const second = await answerCurrent(page, textFor('第二题'));
    await waitSaved(page);
    await expect(tid(page, 'nav-q-0').getAttribute('data-answered')).resolves.toBe('true');
    await expect(tid(page, 'nav-q-1').getAttribute('data-answered')).resolves.toBe('true');
    await expect(tid(page, 'nav-q-2').getAttribute('data-answered')).resolves.toBe('false');
    const beforeReload = await remaining(page);

    // After a reload the answers are still there and the timer kept running.
    await page.reload();
    await tid(page, 'question').waitFor();
    await expect(tid(page, 'nav-q-0').getAttribute('data-answered')).resolves.toBe('true');
    await expect(tid(page, 'nav-q-1').getAttribute('data-answered')).resolves.toBe('true');
    await expect(tid(page, 'question').getAttribute('data-item-id')).resolves.toBe(String(first));
    const saved = await me.get(`/attempts/${attemptId}`);
    const savedFirst = saved.items.find((i: any) => i.item.id === first);
    const savedSecond = saved.items.find((i: any) => i.item.id === second);
    expect(savedFirst.response).not.toBeNull();
    expect(savedSecond.response).not.toBeNull();
    if (typeof savedFirst.response === 'string' && savedFirst.item.type !== 'single') {
      await expect(tid(page, `answer-${first}`).inputValue()).resolves.toBe(savedFirst.response);
    } else if (savedFirst.item.options) {
      await expect(page.locator(`[data-testid^="option-${first}-"]:checked`).count()).resolves.toBeGreaterThan(0);
    }
    const afterReload = await remaining(page);
    expect(afterReload).toBeLessThan(beforeReload);
    expect(afterReload).toBeGreaterThan(0);
    await expect.poll(() => remaining(page), { timeout: 5000 }).toBeLessThan(afterReload);

    // Offline: the answer stays on the page, the indicator says so, and it goes out once back online.
    await context.setOffline(true);
    await tid(page, 'nav-q-2').click();
    await expect.poll(() => tid(page, 'nav-q-2').getAttribute('data-current')).toBe('true');
    const third = await answerCurrent(page, textFor('离线作答'));
    await page.locator('[data-testid="save-state"][data-state="offline"]').waitFor();
    await tid(page, 'offline-banner').waitFor();
    await expect(tid(page, 'nav-q-2').getAttribute('data-answered')).resolves.toBe('true');
    await context.setOffline(false);
    await waitSaved(page);
    expect(
      (await me.get(`/attempts/${attemptId}`)).items.find((i: any) => i.item.id === third).response,
    ).not.toBeNull();

    // The exam page works on a phone too (same attempt, resumed in a second session).
    const phone = await newPage(browser, PHONE);
    await uiLogin(phone.page, learner.username);
    await phone.page.goto(`/attempts/${attemptId}`);
    await tid(phone.page, 'question').waitFor();
    await tid(phone.page, 'countdown').waitFor();
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    // The rest: every question answered, the third flagged for review.
    for (let i = 2; i < exam.itemIds.length; i++) {
      await tid(page, `nav-q-${i}`).click();
      await expect.poll(() => tid(page, 'nav-q-' + i).getAttribute('data-current')).toBe('true');
      await answerCurrent(page, textFor(`答案${i}`));
      if (i === 2) await tid(page, 'flag-toggle').click();
      await waitSaved(page);
    }
    await expect(tid(page, 'nav-q-2').getAttribute('data-flagged')).resolves.toBe('true');

    await tid(page, 'submit-attempt').click();
    const summary = tid(page, 'submit-summary');
    await summary.waitFor();
    expect(await tid(page, 'summary-unanswered').count()).toBe(0);
    await expect(tid(page, 'summary-flagged').getAttribute('data-count')).resolves.toBe('1');
    await tid(page, 'submit-confirm').click();

    // The result: the essay waits for a grader, the objective answers come with feedback.
    await tid(page, 'attempt-result').waitFor();
    await expect(tid(page, 'result-pending').getAttribute('data-value')).resolves.toBe('1');
    await tid(page, 'pending-note').waitFor();
    const result = await me.get(`/attempts/${attemptId}`);
    expect(result.status).toBe('submitted');
    expect(result.result.pendingReview).toBe(1);
    expect(result.items.find((i: any) => i.item.id === exam.essayId).response).toBe(essayText);
    if (result.feedbackAvailable) {
      expect(await page.locator('[data-testid="correct-answer"]').count()).toBeGreaterThan(0);
    } else {
      await tid(page, 'feedback-later').waitFor();
    }
    await expect(
      tid(page, `result-item-${exam.essayId}`).getByTestId('verdict').getAttribute('data-verdict'),
    ).resolves.toBe('pending');

    // My exams shows one attempt used and none open.
    await tid(page, 'back-to-exams').click();
    await expect(tid(page, `exam-card-${exam.id}`).getByTestId('attempts-left').textContent()).resolves.toContain('1');
    expect(await tid(page, `resume-${exam.id}`).count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a trainer grades the essay with the rubric, and the learner sees the graded score', async () => {
    expect(attemptId).toBeGreaterThan(0);
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'trainer');
    await tid(page, 'nav-grading').click();
    await page.waitForURL('**/grading');
    await tid(page, `grade-${attemptId}-${exam.essayId}`).click();
    const panel = tid(page, 'grading-panel');
    await panel.waitFor();
    await expect(tid(page, 'grading-answer').textContent()).resolves.toBe(essayText);

    // The best level of every criterion: the running total reaches the full points.
    const criteria = page.locator('[data-testid^="criterion-"]');
    const n = await criteria.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++)
      await criteria.nth(i).locator('[data-testid^="level-"]').last().locator('xpath=ancestor::label[1]').click();
    await expect(tid(page, 'rubric-total').getAttribute('data-fraction')).resolves.toBe('1');
    await tid(page, 'grading-comment').fill('风险与控制都很全面。');
    await tid(page, 'grade-save-next').click();
    await expect.poll(async () => (await me.get(`/attempts/${attemptId}`)).status).toBe('graded');
    expect(errors).toEqual([]);
    await context.close();

    const graded = await me.get(`/attempts/${attemptId}`);
    expect(graded.result.pendingReview).toBe(0);
    expect(graded.result.percent).not.toBeNull();
    expect(graded.items.find((i: any) => i.item.id === exam.essayId).feedback).toMatchObject({
      score: 1,
      comment: '风险与控制都很全面。',
    });

    const learnerPage = await newPage(browser);
    await uiLogin(learnerPage.page, learner.username);
    await learnerPage.page.goto(`/attempts/${attemptId}`);
    await tid(learnerPage.page, 'attempt-result').waitFor();
    await expect(tid(learnerPage.page, 'result-pending').getAttribute('data-value')).resolves.toBe('0');
    await expect(tid(learnerPage.page, 'result-percent').getAttribute('data-value')).resolves.toBe(
      String(graded.result.percent),
    );
    await expect(tid(learnerPage.page, 'attempt-result').getAttribute('data-passed')).resolves.toBe(
      String(graded.result.passed),
    );
    const essay = tid(learnerPage.page, `result-item-${exam.essayId}`);
    await expect(essay.getByTestId('verdict').getAttribute('data-verdict')).resolves.toBe('correct');
    if (graded.feedbackAvailable) {
      await essay.click();
      await expect(
        tid(learnerPage.page, `feedback-${exam.essayId}`).getByTestId('grader-comment').textContent(),
      ).resolves.toBe('风险与控制都很全面。');
    }
    expect(learnerPage.errors).toEqual([]);
    await learnerPage.context.close();
  });

  it('when the time runs out, the exam page says so plainly and shows the result', async () => {
    // An exam closing in 25 s: the attempt's deadline is the closing time (the server owns time).
    const short = await trainer.post('/exams', {
      mode: 'fixed',
      title: `即将截止的考试 ${unique('')}`,
      purpose: 'exam',
      timeLimitMinutes: 10,
      closesAt: new Date(Date.now() + 25_000).toISOString(),
      feedback: 'after_submit',
      items: [{ itemId: exam.itemIds[0], points: 1 }],
    });
    await trainer.post(`/exams/${short.id}/status`, { status: 'published' });
    const someone = await makeLearner();
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, someone.username);
    await page.goto('/exams');
    await tid(page, `start-${short.id}`).click();
    await tid(page, 'start-confirm').click();
    await page.waitForURL(/\/attempts\/\d+$/);
    const id = Number(/\/attempts\/(\d+)$/.exec(page.url())![1]);
    await tid(page, 'countdown').waitFor();
    expect(await remaining(page)).toBeLessThanOrEqual(25_000);
    await answerCurrent(page, () => '时间快到了');
    await waitSaved(page);
    // No submit click: at zero the page submits what was saved and says why.
    await tid(page, 'time-up-result').waitFor({ timeout: 45_000 });
    await tid(page, 'attempt-result').waitFor();
    const done = await (await apiLogin(someone.username)).get(`/attempts/${id}`);
    expect(done.status).not.toBe('in_progress');
    expect(done.items[0].response).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a course page lists the course's practice quiz, which checks each answer at once", async () => {
    const someone = await makeLearner();
    const quizzes = await (await apiLogin(someone.username)).get('/me/exams?purpose=practice');
    const quiz = quizzes.items.find((e: any) => e.courseId != null && e.canStart);
    expect(quiz, 'the demo has a practice quiz per course').toBeDefined();
    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, someone.username);
    await page.goto(`/courses/${quiz.courseId}`);
    await tid(page, 'course-practice').waitFor();
    await tid(page, `start-${quiz.id}`).click();
    await page.waitForURL(/\/attempts\/\d+$/);
    const itemId = await answerCurrent(page, () => '练习');
    await waitSaved(page);
    await tid(page, 'check-answer').click();
    const feedback = tid(page, `feedback-${itemId}`);
    await feedback.waitFor();
    expect(['correct', 'partial', 'incorrect']).toContain(
      await feedback.getByTestId('verdict').getAttribute('data-verdict'),
    );
    await feedback.getByTestId('correct-answer').waitFor();
    // A checked question is locked: no second check, and the navigator marks it.
    expect(await tid(page, 'check-answer').count()).toBe(0);
    await expect(tid(page, 'question').locator('input:disabled, textarea:disabled').count()).resolves.toBeGreaterThan(
      0,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the learner's skills page shows mastery moved on a knowledge point of the exam", async () => {
    expect(attemptId).toBeGreaterThan(0);
    const examKps = new Set<number>();
    for (const id of exam.itemIds)
      for (const kp of (await trainer.get(`/items/${id}`)).knowledgePoints) examKps.add(kp.id);
    const before = new Map<number, any>(masteryBefore.items.map((i: any) => [i.kpId, i]));
    const after = await me.get('/me/mastery');
    const moved = after.items.find((i: any) => {
      const b = before.get(i.kpId);
      return (
        examKps.has(i.kpId) &&
        i.mastery !== null &&
        i.attempts > (b?.attempts ?? 0) &&
        i.mastery !== (b?.mastery ?? null)
      );
    });
    expect(moved, 'no knowledge point of the exam changed mastery').toBeDefined();
    const was = before.get(moved.kpId);
    expect(was?.mastery ?? null).not.toBe(moved.mastery);

    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, learner.username);
    await tid(page, 'nav-skills').click();
    await tid(page, 'skills-summary').waitFor();
    await tid(page, 'skills-list-switch').getByText('全部知识点').click();
    const row = tid(page, `skill-point-${moved.kpId}`);
    // The list pages by 12: walk the pages until the point shows.
    for (let p = 0; p < 20 && (await row.count()) === 0; p++) {
      const next = page.locator('[data-testid="skills-gaps"] .ant-pagination-next:not(.ant-pagination-disabled)');
      if ((await next.count()) === 0) break;
      await next.click();
    }
    await expect(row.textContent()).resolves.toContain(`K ${Math.round(moved.mastery * 100)}%`);
    await row.click();
    await expect(tid(page, 'kp-attempts').textContent()).resolves.toBe(String(moved.attempts));
    await expect(tid(page, 'kp-mastery').textContent()).resolves.toBe(`${Math.round(moved.mastery * 100)}%`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
