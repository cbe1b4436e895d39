import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidence, examAttempts, frameworks, knowledgePoints } from '../../db/schema/index.ts';
import { makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { expiredAttemptSweeper } from './attempts.service.ts';

let t: TestApp;
let trainer: Client;
let assessor: Client;
let kpA: { id: number; code: string };
let kpB: { id: number; code: string };

const rubric = {
  criteria: [
    { id: 'c1', name: '论点', levels: [{ label: '弱', score: 0 }, { label: '中', score: 2 }, { label: '强', score: 4 }] },
    { id: 'c2', name: '证据', weight: 3, levels: [{ label: '无', score: 0 }, { label: '充分', score: 3 }] },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  assessor = await t.login((await makeUser(t.db, { roles: ['assessor'] })).username);
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: unique('FW'), name: '大模型应用', version: '1.0', status: 'published' }).returning();
  const kp = async (code: string) => (await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code, name: code }).returning())[0]!;
  kpA = await kp(unique('KA'));
  kpB = await kp(unique('KB'));
});
afterAll(() => t.close());

async function learner() {
  const u = await makeUser(t.db, { roles: ['learner'] });
  return { client: await t.login(u.username), employeeId: u.employee!.id };
}

/** Creates an item through the API and takes it to active. */
async function activeItem(body: Record<string, unknown>): Promise<number> {
  const res = await trainer.post('/api/v1/items', { knowledgePoints: [kpA.id], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  for (const status of ['review', 'active']) expect((await trainer.post(`/api/v1/items/${res.body.id}/status`, { status })).status).toBe(200);
  return res.body.id;
}

const single = (stem: string, correct = 'a', extra: Record<string, unknown> = {}) =>
  activeItem({ type: 'single', stem, options: [{ id: 'a', text: '检索增强生成' }, { id: 'b', text: '随机生成' }, { id: 'c', text: '重复生成' }], answerKey: { correct }, explanation: `解析：${stem}`, ...extra });

async function publishedExam(body: Record<string, unknown>): Promise<number> {
  const res = await trainer.post('/api/v1/exams', { title: unique('考试'), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const pub = await trainer.post(`/api/v1/exams/${res.body.id}/status`, { status: 'published' });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  return res.body.id;
}

describe('exam authoring', () => {
  it('reports every problem of an exam at once', async () => {
    const res = await trainer.post('/api/v1/exams', {
      mode: 'fixed',
      title: '坏考试',
      items: [{ itemId: 999999 }, { itemId: 999999 }],
      opensAt: '2026-12-10T00:00:00Z',
      closesAt: '2026-12-01T00:00:00Z',
      courseId: 999999,
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('listed twice'),
        expect.stringContaining('items[0]: item 999999 does not exist'),
        expect.stringContaining('courseId'),
        expect.stringContaining('closesAt'),
      ]),
    );
    const bp = await trainer.post('/api/v1/exams', { mode: 'blueprint', title: 'x', blueprint: [{ knowledgePoints: ['NOPE-KP'], count: 2 }] });
    expect(bp.status).toBe(400);
    expect(bp.body.problems[0]).toMatch(/blueprint\[0\]\.knowledgePoints/);
  });

  it('refuses to publish an exam whose items are not active, then publishes it; only authors see exams', async () => {
    const draftItem = (await trainer.post('/api/v1/items', { type: 'true_false', stem: unique('判断'), answerKey: { correct: true }, knowledgePoints: [kpA.id] })).body.id;
    const exam = (await trainer.post('/api/v1/exams', { mode: 'fixed', title: unique('考试'), items: [{ itemId: draftItem }] })).body;
    const pub = await trainer.post(`/api/v1/exams/${exam.id}/status`, { status: 'published' });
    expect(pub.status).toBe(400);
    expect(pub.body.problems).toEqual([`items: item ${draftItem} is draft, not active`]);
    for (const status of ['review', 'active']) await trainer.post(`/api/v1/items/${draftItem}/status`, { status });
    expect((await trainer.post(`/api/v1/exams/${exam.id}/status`, { status: 'published' })).body.status).toBe('published');
    // Published content is frozen; the window may still move.
    expect((await trainer.patch(`/api/v1/exams/${exam.id}`, { passPercent: 10 })).status).toBe(409);
    expect((await trainer.patch(`/api/v1/exams/${exam.id}`, { maxAttempts: 3 })).body.maxAttempts).toBe(3);
    const { client: l } = await learner();
    expect((await l.get(`/api/v1/exams/${exam.id}`)).status).toBe(403);
  });
});

describe('taking a fixed exam', () => {
  let examId: number;
  let items: number[];
  beforeAll(async () => {
    items = [await single(unique('RAG 的含义是？')), await activeItem({ type: 'multiple', stem: unique('哪些是提示词技巧？'), options: [{ id: 'a', text: '少样本' }, { id: 'b', text: '思维链' }, { id: 'c', text: '关机' }], answerKey: { correct: ['a', 'b'], rule: 'partial' } }), await activeItem({ type: 'fill_blank', stem: unique('1+1=___'), answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2 }] }] }, knowledgePoints: [kpB.id] })];
    examId = await publishedExam({ mode: 'fixed', items: items.map((itemId) => ({ itemId, points: 2 })), timeLimitMinutes: 30, maxAttempts: 2, feedback: 'after_submit' });
  });

  it('starts, never sends a key, resumes, autosaves, submits, grades, gives feedback and records evidence', async () => {
    const { client: l, employeeId } = await learner();
    const listed = (await l.get('/api/v1/me/exams')).body.items.find((e: any) => e.id === examId);
    expect(listed).toMatchObject({ canStart: true, attemptsUsed: 0, questionCount: 3, timeLimitMinutes: 30 });
    const start = await l.post(`/api/v1/exams/${examId}/attempts`);
    expect(start.status).toBe(201);
    const a = start.body;
    expect(a.items).toHaveLength(3);
    const raw = JSON.stringify(a);
    for (const secret of ['answerKey', 'correct', 'explanation', 'accepted', '解析']) expect(raw).not.toContain(secret);
    expect(new Date(a.deadlineAt).getTime() - new Date(a.startedAt).getTime()).toBe(30 * 60_000);
    expect(a.items.map((i: any) => i.item.id).sort()).toEqual([...items].sort());

    // Resume: the same attempt.
    const again = await l.post(`/api/v1/exams/${examId}/attempts`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(a.id);

    const save = (itemId: number, response: unknown, seq?: number) => l.put(`/api/v1/attempts/${a.id}/responses/${itemId}`, { response, ...(seq === undefined ? {} : { seq }) });
    expect((await save(items[0]!, 'a', 1)).body).toMatchObject({ seq: 1, ignored: false });
    expect((await save(items[1]!, ['a'], 1)).status).toBe(200);
    expect((await save(items[2]!, ['２'], 2)).status).toBe(200);
    // An older save arriving late is ignored; the newer answer stays.
    expect((await save(items[2]!, ['3'], 1)).body).toMatchObject({ ignored: true, seq: 2 });
    // Wrong shapes are 400, and nothing is saved.
    const bad = await save(items[0]!, ['a', 'b']);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/must be an option id/);
    const reloaded = (await l.get(`/api/v1/attempts/${a.id}`)).body;
    expect(Object.fromEntries(reloaded.items.map((i: any) => [i.item.id, i.response]))).toEqual({ [items[0]!]: 'a', [items[1]!]: ['a'], [items[2]!]: ['２'] });

    // Another learner cannot see or touch it.
    const { client: other } = await learner();
    expect((await other.get(`/api/v1/attempts/${a.id}`)).status).toBe(404);
    expect((await other.put(`/api/v1/attempts/${a.id}/responses/${items[0]}`, { response: 'b' })).status).toBe(404);
    expect((await other.post(`/api/v1/attempts/${a.id}/submit`)).status).toBe(404);

    const evidenceBefore = await t.db.select().from(evidence).where(eq(evidence.employeeId, employeeId));
    const done = await l.post(`/api/v1/attempts/${a.id}/submit`);
    expect(done.status).toBe(200);
    // single 1 × 2 + multiple partial 0.5 × 2 + fill-in (full-width 2) 1 × 2 = 5 of 6.
    expect(done.body.result).toEqual({ percent: 83.3, pointsEarned: 5, pointsPossible: 6, passed: true, pendingReview: 0 });
    expect(done.body.status).toBe('graded');
    expect(done.body.feedbackAvailable).toBe(true);
    const fb = Object.fromEntries(done.body.items.map((i: any) => [i.item.id, i.feedback]));
    expect(fb[items[0]!]).toMatchObject({ score: 1, correct: true, correctAnswer: 'a' });
    expect(fb[items[1]!]).toMatchObject({ score: 0.5, correct: false, correctAnswer: ['a', 'b'] });
    expect(fb[items[0]!].explanation).toMatch(/^解析/);
    const evidenceAfter = await t.db.select().from(evidence).where(eq(evidence.employeeId, employeeId));
    expect(evidenceAfter.length - evidenceBefore.length).toBe(3);
    expect(evidenceAfter.every((e) => e.source === `exam:${examId}`)).toBe(true);
    const mastery = await l.get('/api/v1/me/mastery');
    expect(mastery.status).toBe(200);
    expect(JSON.stringify(mastery.body)).toContain(kpB.code);

    expect((await l.post(`/api/v1/attempts/${a.id}/submit`)).status).toBe(409);
    expect((await save(items[0]!, 'b')).status).toBe(409);

    // Second and last attempt, then no more.
    expect((await l.post(`/api/v1/exams/${examId}/attempts`)).status).toBe(201);
    const listedAfter = (await l.get('/api/v1/me/exams')).body.items.find((e: any) => e.id === examId);
    expect(listedAfter).toMatchObject({ attemptsUsed: 2, bestPercent: 83.3, passed: true });
    expect(listedAfter.openAttemptId).not.toBeNull();
  });

  it('takes simultaneous first submits of a new item version (evidence registration does not collide)', async () => {
    const fresh = [await single(unique('并发一')), await single(unique('并发二'))];
    const id = await publishedExam({ mode: 'fixed', items: fresh.map((itemId) => ({ itemId })) });
    const takers = await Promise.all([learner(), learner(), learner(), learner()]);
    const attempts = await Promise.all(takers.map(async ({ client: c }) => {
      const a = (await c.post(`/api/v1/exams/${id}/attempts`)).body;
      for (const itemId of fresh) await c.put(`/api/v1/attempts/${a.id}/responses/${itemId}`, { response: 'a' });
      return { c, a };
    }));
    const results = await Promise.all(attempts.map(({ c, a }) => c.post(`/api/v1/attempts/${a.id}/submit`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('refuses answers and submissions after the deadline and submits what was saved in time', async () => {
    const { client: l } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    await l.put(`/api/v1/attempts/${a.id}/responses/${items[0]}`, { response: 'a' });
    await t.db.update(examAttempts).set({ deadlineAt: new Date(Date.now() - 60_000) }).where(eq(examAttempts.id, a.id));
    const late = await l.put(`/api/v1/attempts/${a.id}/responses/${items[1]}`, { response: ['a', 'b'] });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/Time is up/);
    const view = (await l.get(`/api/v1/attempts/${a.id}`)).body;
    expect(view.status).toBe('graded');
    expect(view.result.pointsEarned).toBe(2);
    const [row] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, a.id));
    expect(row!.endedBy).toBe('deadline');
  });

  it('refuses a submit that arrives after the deadline and its grace', async () => {
    const { client: l } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    await t.db.update(examAttempts).set({ deadlineAt: new Date(Date.now() - 120_000) }).where(eq(examAttempts.id, a.id));
    const res = await l.post(`/api/v1/attempts/${a.id}/submit`);
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('time-up');
    expect(res.body.detail).toMatch(/submission was refused/);
  });

  it('finalises expired attempts in the sweep', async () => {
    const { client: l } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    await t.db.update(examAttempts).set({ deadlineAt: new Date(Date.now() - 600_000) }).where(eq(examAttempts.id, a.id));
    expect(await expiredAttemptSweeper(t.deps)).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, a.id));
    expect(row!.status).toBe('graded');
  });

  it('keeps closed and not-yet-open exams closed', async () => {
    const itemId = await single(unique('窗口'));
    const future = await publishedExam({ mode: 'fixed', items: [{ itemId }], opensAt: new Date(Date.now() + 86_400_000).toISOString() });
    const { client: l } = await learner();
    const res = await l.post(`/api/v1/exams/${future}/attempts`);
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('not_open');
    expect((await l.get('/api/v1/me/exams')).body.items.find((e: any) => e.id === future)).toMatchObject({ canStart: false, reason: 'not_open' });
    const draft = (await trainer.post('/api/v1/exams', { mode: 'fixed', title: unique('草稿'), items: [{ itemId }] })).body.id;
    expect((await l.post(`/api/v1/exams/${draft}/attempts`)).status).toBe(404);
  });
});

describe('essays and the grading queue', () => {
  it('routes an essay to a person, who grades it with the rubric; then the attempt is graded and evidence recorded', async () => {
    const essay = await activeItem({ type: 'essay', stem: unique('论述大模型在信贷审批中的风险'), rubric });
    const choice = await single(unique('单选'));
    const examId = await publishedExam({ mode: 'fixed', items: [{ itemId: essay, points: 4 }, { itemId: choice, points: 1 }], shuffleItems: false });
    const { client: l, employeeId } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    await l.put(`/api/v1/attempts/${a.id}/responses/${essay}`, { response: '需要人工复核，注意数据安全……' });
    await l.put(`/api/v1/attempts/${a.id}/responses/${choice}`, { response: 'a' });
    const sub = (await l.post(`/api/v1/attempts/${a.id}/submit`)).body;
    expect(sub.status).toBe('submitted');
    expect(sub.result).toMatchObject({ pendingReview: 1, percent: null, passed: null });

    expect((await l.get('/api/v1/grading/queue')).status).toBe(403);
    const queue = (await assessor.get(`/api/v1/grading/queue?examId=${examId}`)).body;
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ attemptId: a.id, itemId: essay, candidate: `#${a.id}`, rubric, response: '需要人工复核，注意数据安全……', points: 4 });
    expect(JSON.stringify(queue.items[0])).not.toContain(String(employeeId) + '"');

    const bad = await assessor.post(`/api/v1/grading/attempts/${a.id}/items/${essay}`, { rubricLevels: { c1: 9, zz: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toHaveLength(3);
    const graded = await assessor.post(`/api/v1/grading/attempts/${a.id}/items/${essay}`, { rubricLevels: { c1: 1, c2: 1 }, comment: '论点可以更具体' });
    expect(graded.body).toEqual({ ok: true, attemptStatus: 'graded' });
    const view = (await l.get(`/api/v1/attempts/${a.id}`)).body;
    // (1 × 2/4 + 3 × 3/3) / 4 = 0.875 of 4 points, + 1 = 4.5 of 5.
    expect(view.result).toMatchObject({ percent: 90, pointsEarned: 4.5, pendingReview: 0, passed: true });
    expect(view.items.find((i: any) => i.item.id === essay).feedback).toMatchObject({ score: 0.875, comment: '论点可以更具体' });
    const ev = await t.db.select().from(evidence).where(eq(evidence.employeeId, employeeId));
    expect(ev.map((e) => e.score).sort()).toEqual([0.875, 1]);
    expect((await assessor.get(`/api/v1/grading/queue?examId=${examId}`)).body.items).toHaveLength(0);
  });

  it('does not let a grader grade their own attempt', async () => {
    const essay = await activeItem({ type: 'essay', stem: unique('自评'), rubric });
    const examId = await publishedExam({ mode: 'fixed', items: [{ itemId: essay }] });
    const a = (await assessor.post(`/api/v1/exams/${examId}/attempts`)).body;
    await assessor.put(`/api/v1/attempts/${a.id}/responses/${essay}`, { response: '我的答案' });
    await assessor.post(`/api/v1/attempts/${a.id}/submit`);
    expect((await assessor.post(`/api/v1/grading/attempts/${a.id}/items/${essay}`, { score: 1 })).status).toBe(403);
  });
});

describe('practice quizzes', () => {
  it('checks an answer at once, locks it and shows its feedback; a locked answer cannot change', async () => {
    const items = [await single(unique('练习一')), await single(unique('练习二'), 'b')];
    const examId = await publishedExam({ mode: 'fixed', purpose: 'practice', feedback: 'immediate', items: items.map((itemId) => ({ itemId })) });
    const { client: l } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    await l.put(`/api/v1/attempts/${a.id}/responses/${items[1]}`, { response: 'a' });
    const checked = (await l.post(`/api/v1/attempts/${a.id}/responses/${items[1]}/check`)).body.attempt;
    const it = checked.items.find((i: any) => i.item.id === items[1]);
    expect(it).toMatchObject({ locked: true, status: 'auto_graded', feedback: { score: 0, correct: false, correctAnswer: 'b' } });
    // The unchecked item still carries no feedback.
    expect(checked.items.find((i: any) => i.item.id === items[0]).feedback).toBeUndefined();
    expect((await l.put(`/api/v1/attempts/${a.id}/responses/${items[1]}`, { response: 'b' })).status).toBe(409);
    expect((await l.post(`/api/v1/attempts/${a.id}/responses/${items[1]}/check`)).status).toBe(409);
  });

  it('refuses checks in a regular exam', async () => {
    const itemId = await single(unique('考试题'));
    const examId = await publishedExam({ mode: 'fixed', items: [{ itemId }] });
    const { client: l } = await learner();
    const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    expect((await l.post(`/api/v1/attempts/${a.id}/responses/${itemId}/check`)).status).toBe(409);
  });
});

describe('blueprint and adaptive exams', () => {
  it('refuses to publish an unfillable blueprint, and draws different forms of the right shape', async () => {
    const kp = unique('KBP');
    const [fw] = await t.db.select().from(frameworks).limit(1);
    const [point] = await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: kp, name: kp }).returning();
    const made: number[] = [];
    for (let i = 0; i < 8; i++) made.push(await single(unique(`蓝图${i}`), 'a', { knowledgePoints: [point!.id], difficulty: i < 4 ? -1 : 1 }));
    const create = await trainer.post('/api/v1/exams', { mode: 'blueprint', title: unique('蓝图'), blueprint: [{ knowledgePoints: [point!.id], difficulty: 'easy', count: 2 }, { knowledgePoints: [point!.id], difficulty: 'hard', count: 5 }] });
    expect(create.body.blueprint.map((r: any) => r.available)).toEqual([4, 4]);
    const pub = await trainer.post(`/api/v1/exams/${create.body.id}/status`, { status: 'published' });
    expect(pub.status).toBe(400);
    expect(pub.body.problems).toEqual(['blueprint[1]: needs 5 active items, 4 available (4 match the row)']);
    await trainer.patch(`/api/v1/exams/${create.body.id}`, { blueprint: [{ knowledgePoints: [kp], difficulty: 'easy', count: 2 }, { knowledgePoints: [kp], difficulty: 'hard', count: 2 }] });
    expect((await trainer.post(`/api/v1/exams/${create.body.id}/status`, { status: 'published' })).status).toBe(200);
    const forms = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const { client: l } = await learner();
      const a = (await l.post(`/api/v1/exams/${create.body.id}/attempts`)).body;
      expect(a.items).toHaveLength(4);
      const ids = a.items.map((x: any) => x.item.id as number);
      expect(ids.filter((id: number) => made.indexOf(id) < 4)).toHaveLength(2);
      forms.add([...ids].sort().join());
    }
    expect(forms.size).toBeGreaterThan(1);
  });

  it('runs an adaptive test item by item until the stopping rule, estimating θ', async () => {
    const kp = unique('KCAT');
    const [fw] = await t.db.select().from(frameworks).limit(1);
    const [point] = await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: kp, name: kp }).returning();
    for (let i = 0; i < 12; i++) await single(unique(`自适应${i}`), 'a', { knowledgePoints: [point!.id], difficulty: -2 + (4 * i) / 11, discrimination: 1.5 });
    const examId = await publishedExam({ mode: 'adaptive', adaptive: { knowledgePoints: [kp], minItems: 3, maxItems: 6, seThreshold: 0.2 } });
    const { client: l } = await learner();
    let a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
    expect(a.items).toHaveLength(1);
    let steps = 0;
    while (!a.adaptive.finished) {
      const current = a.items[a.items.length - 1];
      await l.put(`/api/v1/attempts/${a.id}/responses/${current.item.id}`, { response: 'a' });
      const res = await l.post(`/api/v1/attempts/${a.id}/responses/${current.item.id}/check`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      a = res.body.attempt;
      steps++;
      expect(steps).toBeLessThanOrEqual(6);
    }
    expect(steps).toBe(6);
    expect(a.status).toBe('graded');
    expect(a.adaptive.theta).toBeGreaterThan(1);
    expect(a.result).toMatchObject({ passed: true, percent: 100 });
  });
});

describe('regrading and item analysis', () => {
  it('regrades after a key change and analyses the responses', async () => {
    const itemId = await single(unique('改钥匙'), 'a');
    const other = await single(unique('另一题'), 'a');
    const examId = await publishedExam({ mode: 'fixed', items: [{ itemId }, { itemId: other }] });
    for (const [answer, second] of [['a', 'a'], ['b', 'a'], ['b', 'b'], ['c', 'b']] as const) {
      const { client: l } = await learner();
      const a = (await l.post(`/api/v1/exams/${examId}/attempts`)).body;
      await l.put(`/api/v1/attempts/${a.id}/responses/${itemId}`, { response: answer });
      await l.put(`/api/v1/attempts/${a.id}/responses/${other}`, { response: second });
      await l.post(`/api/v1/attempts/${a.id}/submit`);
    }
    expect((await trainer.patch(`/api/v1/items/${itemId}`, { answerKey: { correct: 'b' } })).status).toBe(200);
    expect((await trainer.post(`/api/v1/items/${itemId}/regrade`)).body).toEqual({ responses: 3, attempts: 3 });
    const attempts = (await trainer.get(`/api/v1/exams/${examId}/attempts`)).body;
    expect(attempts.total).toBe(4);
    expect(attempts.items.map((x: any) => x.percent).sort((x: number, y: number) => x - y)).toEqual([0, 50, 50, 100]);

    const analysis = (await trainer.get(`/api/v1/exams/${examId}/analysis`)).body;
    expect(analysis.candidates).toBe(4);
    const row = analysis.items.find((i: any) => i.itemId === itemId);
    expect(row.pValue).toBeCloseTo(0.5);
    expect(row.distractors.find((d: any) => d.option === 'b')).toMatchObject({ correct: true, share: 0.5 });
    expect(row.flags).toContain('too-few-responses');
    expect(typeof row.b).toBe('number');
    const applied = await trainer.post(`/api/v1/exams/${examId}/analysis/apply`, { itemIds: [itemId] });
    expect(applied.body).toEqual({ updated: 1 });
    const item = (await trainer.get(`/api/v1/items/${itemId}`)).body;
    expect(item.difficulty).toBeCloseTo(row.b, 5);
  });

  it('lets a manager see only their own line in an exam\'s attempts', async () => {
    const itemId = await single(unique('经理'));
    const examId = await publishedExam({ mode: 'fixed', items: [{ itemId }] });
    const boss = await makeUser(t.db, { roles: ['manager'] });
    const mine = await makeUser(t.db, { roles: ['learner'], employee: { managerId: boss.employee!.id } });
    const stranger = await learner();
    await (await t.login(mine.username)).post(`/api/v1/exams/${examId}/attempts`);
    await stranger.client.post(`/api/v1/exams/${examId}/attempts`);
    const seen = (await (await t.login(boss.username)).get(`/api/v1/exams/${examId}/attempts`)).body;
    expect(seen.items.map((x: any) => x.employeeId)).toEqual([mine.employee!.id]);
    const count = await t.db.execute(sql`select count(*)::int as n from exam_attempts where exam_id = ${examId}`);
    expect(JSON.stringify(count)).toContain('2');
  });
});
