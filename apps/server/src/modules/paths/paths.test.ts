import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseModules, employees, enrollments, frameworks, knowledgePoints, kpPrerequisites, learningPlans, mastery, moduleGainObservations, recommendationEvents } from '../../db/schema/index.ts';
import { waitForJobs } from '../../lib/jobs.ts';
import { ageRecommender, recommenderSettled, REFIT_MIN_MS, resetRecommender } from './recommend.service.ts';
import { replanEveryone } from './plan.service.ts';
import { makeCourse, makeDepartment, makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let trainer: Client;
let trainerId: number;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  const tr = await makeUser(t.db, { roles: ['trainer'] });
  trainerId = tr.user.id;
  trainer = await t.login(tr.username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
});
afterAll(() => t.close());

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/**
 * A framework A → B (A is a prerequisite of B) and C (taught by nothing); a course of three
 * one-hour modules: m1 teaches A (+0.5), m2 teaches B (+0.4), m3 teaches A (+0.1). A position
 * targets A 0.8 (weight 2), B 0.6 and C 0.5. A manager with two reports in that position; the
 * first report's K: A 0.3, B 0.2, C 0.1.
 */
async function setup() {
  const code = unique('PF');
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code, name: '路径测试', version: '1.0', status: 'published' }).returning();
  const kp = async (c: string, name: string, nameEn: string) =>
    (await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: `${code}.${c}`, name, nameEn }).returning())[0]!;
  const A = await kp('A', '提示词基础', 'Prompt basics');
  const B = await kp('B', '少样本提示', 'Few-shot prompting');
  const C = await kp('C', '向量检索', 'Vector search');
  await t.db.insert(kpPrerequisites).values({ fromId: A.id, toId: B.id });
  const { course, modules } = await makeCourse(t.db, { modules: 3, ownerUserId: trainerId });
  for (const m of modules) await t.db.update(courseModules).set({ estimatedMinutes: 60 }).where(eq(courseModules.id, m.id));
  const [m1, m2, m3] = modules as [(typeof modules)[0], (typeof modules)[0], (typeof modules)[0]];
  expect((await trainer.put(`/api/v1/modules/${m1.id}/knowledge-points`, { items: [{ kpId: A.id, gain: 0.5 }] })).status).toBe(200);
  expect((await trainer.put(`/api/v1/modules/${m2.id}/knowledge-points`, { items: [{ kpId: B.id, gain: 0.4 }] })).status).toBe(200);
  expect((await trainer.put(`/api/v1/modules/${m3.id}/knowledge-points`, { items: [{ kpId: A.id, gain: 0.1 }] })).status).toBe(200);
  const pos = await makePosition(t.db);
  expect((await trainer.put(`/api/v1/positions/${pos.id}/targets`, { items: [{ kpId: A.id, target: 0.8, weight: 2 }, { kpId: B.id, target: 0.6 }, { kpId: C.id, target: 0.5 }] })).status).toBe(200);
  const dept = await makeDepartment(t.db);
  const mgr = await makeUser(t.db, { roles: ['manager'], employee: { name: unique('经理'), departmentId: dept.id } });
  const r1 = await makeUser(t.db, { employee: { name: unique('甲'), managerId: mgr.employee!.id, positionId: pos.id, departmentId: dept.id } });
  const r2 = await makeEmployee(t.db, { name: unique('乙'), managerId: mgr.employee!.id, positionId: pos.id, departmentId: dept.id });
  const outsider = await makeUser(t.db, { employee: { positionId: pos.id } });
  await t.db.insert(mastery).values([
    { employeeId: r1.employee!.id, kpId: A.id, p: 0.3 },
    { employeeId: r1.employee!.id, kpId: B.id, p: 0.2 },
    { employeeId: r1.employee!.id, kpId: C.id, p: 0.1 },
  ]);
  return { A, B, C, course, m1, m2, m3, pos, dept, mgr, manager: await t.login(mgr.username), r1, learner: await t.login(r1.username), r2, outsider };
}

type Step = { moduleId: number | null; status: string; kind: string; reason: { zh: string; en: string }; moves: { kpId: number; from: number; to: number }[]; pinned: boolean };
const moduleSteps = (body: { steps: Step[] }) => body.steps.filter((s) => s.kind === 'module');

describe('module knowledge points', () => {
  it('are set by the course owner (all or nothing) and read by anyone who may see the course', async () => {
    const s = await setup();
    const got = await s.learner.get(`/api/v1/modules/${s.m1.id}/knowledge-points`);
    expect(got.status).toBe(200);
    expect(got.body.items).toEqual([expect.objectContaining({ kpId: s.A.id, gain: 0.5, kpName: '提示词基础' })]);
    const dup = await trainer.put(`/api/v1/modules/${s.m1.id}/knowledge-points`, { items: [{ kpId: s.A.id }, { kpId: s.A.id }] });
    expect(dup.status).toBe(400);
    const unknown = await trainer.put(`/api/v1/modules/${s.m1.id}/knowledge-points`, { items: [{ kpId: s.B.id }, { kpId: 99999999 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/99999999/);
    expect((await trainer.put(`/api/v1/modules/${s.m1.id}/knowledge-points`, { items: [{ kpId: s.A.id, gain: 0 }] })).status).toBe(400);
    // nothing was written by the refused requests
    expect((await s.learner.get(`/api/v1/modules/${s.m1.id}/knowledge-points`)).body.items.map((i: { kpId: number }) => i.kpId)).toEqual([s.A.id]);
    // another trainer does not own the course
    const other = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
    expect((await other.put(`/api/v1/modules/${s.m1.id}/knowledge-points`, { items: [] })).status).toBe(403);
    // a draft course's modules are invisible to learners
    const draft = await makeCourse(t.db, { status: 'draft' });
    expect((await s.learner.get(`/api/v1/modules/${draft.modules[0]!.id}/knowledge-points`)).status).toBe(404);
  });
});

describe('my path', () => {
  it('closes the largest gaps first, respects prerequisites, explains each step and reports what no module teaches', async () => {
    const s = await setup();
    const res = await s.learner.get('/api/v1/me/path');
    expect(res.status).toBe(200);
    const steps = moduleSteps(res.body);
    // m3 adds nothing once m1 has closed A: not planned. m2 (B) only after m1 raises A to its target.
    expect(steps.map((x) => x.moduleId)).toEqual([s.m1.id, s.m2.id]);
    expect(steps.map((x) => x.status)).toEqual(['next', 'planned']);
    expect(steps[0]!.reason.zh).toContain('提示词基础');
    expect(steps[0]!.reason.zh).toContain('0.30 → ≈0.80');
    expect(steps[0]!.reason.en).toContain('Prompt basics from 0.30 to ≈0.80');
    expect(steps[0]!.moves).toEqual([expect.objectContaining({ kpId: s.A.id, from: 0.3, to: 0.8 })]);
    // Σ w·max(0, T − K)²: 2·0.5² + 0.4² + 0.4² now; only C's 0.4² is left after the plan
    expect(res.body.gapNow).toBeCloseTo(0.82, 5);
    expect(res.body.gapAfter).toBeCloseTo(0.16, 5);
    expect(res.body.unreachable).toEqual([expect.objectContaining({ kpId: s.C.id, kpName: '向量检索' })]);
    expect(res.body.goal).toBeNull();
    // no goal: the default pace over the default horizon, and the view says so
    expect(res.body.pace).toEqual({ hoursPerWeek: 3, isDefault: true });
    expect(res.body.horizonWeeks).toBe(12);
    expect(res.body.budgetHours).toBe(36);
    expect((await t.db.select().from(learningPlans).where(eq(learningPlans.employeeId, s.r1.employee!.id)))[0]).toMatchObject({ moduleIds: [s.m1.id, s.m2.id] });
  });

  it('moves on when the learner completes the next step, and records K before it for learning gains', async () => {
    const s = await setup();
    const enrol = await s.learner.post(`/api/v1/courses/${s.course.id}/enroll`);
    expect(enrol.status).toBe(201);
    expect((await s.learner.post(`/api/v1/enrollments/${enrol.body.id}/modules/${s.m1.id}/complete`, {})).status).toBe(200);
    const after = moduleSteps((await s.learner.get('/api/v1/me/path')).body);
    expect(after.map((x) => [x.moduleId, x.status])).toEqual([
      [s.m1.id, 'done'],
      [s.m2.id, 'next'],
    ]);
    expect(after[0]!.moves).toEqual([expect.objectContaining({ kpId: s.A.id, from: 0.3, to: 0.8 })]);
    const obs = await t.db.select().from(moduleGainObservations).where(eq(moduleGainObservations.employeeId, s.r1.employee!.id));
    expect(obs).toEqual([expect.objectContaining({ moduleId: s.m1.id, kpId: s.A.id, before: expect.closeTo(0.3, 5) })]);
  });

  it("learns a module's expected gain from past learners' evidence, shrunk toward the author's", async () => {
    const s = await setup();
    // 20 past learners completed m1 at K 0.3 on A; later evidence puts them at 0.35: +0.05, not +0.5
    const past = await Promise.all(Array.from({ length: 20 }, () => makeEmployee(t.db)));
    const dayAgo = new Date(Date.now() - 86_400_000);
    await t.db.insert(moduleGainObservations).values(past.map((e) => ({ employeeId: e.id, moduleId: s.m1.id, kpId: s.A.id, before: 0.3, observedAt: dayAgo })));
    await t.db.insert(mastery).values(past.map((e) => ({ employeeId: e.id, kpId: s.A.id, p: 0.35, lastEvidenceAt: new Date() })));
    const step = moduleSteps((await s.learner.get('/api/v1/me/path')).body).find((x) => x.moduleId === s.m1.id)!;
    // (5 × 0.5 + 20 × 0.05) / (5 + 20) = 0.14
    expect(step.moves).toEqual([expect.objectContaining({ kpId: s.A.id, from: 0.3, to: 0.44 })]);
    await t.db.delete(moduleGainObservations).where(eq(moduleGainObservations.moduleId, s.m1.id));
  });

  it('respects the learner skipping, pinning and reordering steps', async () => {
    const s = await setup();
    const skip = await s.learner.put(`/api/v1/me/path/steps/${s.m2.id}`, { action: 'skip' });
    expect(skip.status).toBe(200);
    expect(moduleSteps(skip.body).map((x) => x.moduleId)).toEqual([s.m1.id]);
    expect(skip.body.skipped).toEqual([expect.objectContaining({ moduleId: s.m2.id })]);
    expect(skip.body.unreachable.map((u: { kpId: number }) => u.kpId).sort()).toEqual([s.B.id, s.C.id].sort());
    const pin = await s.learner.put(`/api/v1/me/path/steps/${s.m3.id}`, { action: 'pin' });
    expect(moduleSteps(pin.body).find((x) => x.moduleId === s.m3.id)).toMatchObject({ pinned: true });
    const cleared = await s.learner.put(`/api/v1/me/path/steps/${s.m2.id}`, { action: 'clear' });
    expect(moduleSteps(cleared.body).map((x) => x.moduleId)).toContain(s.m2.id);
    // m3 before m1 where prerequisites allow: neither has one
    const ordered = await s.learner.put('/api/v1/me/path/order', { moduleIds: [s.m3.id, s.m1.id] });
    expect(ordered.status).toBe(200);
    const ids = moduleSteps(ordered.body).map((x) => x.moduleId);
    expect(ids.indexOf(s.m3.id)).toBeLessThan(ids.indexOf(s.m1.id));
    // m2 can never come before m1 (it needs A at target first), whatever the learner prefers
    const forced = await s.learner.put('/api/v1/me/path/order', { moduleIds: [s.m2.id, s.m1.id] });
    const ids2 = moduleSteps(forced.body).map((x) => x.moduleId);
    expect(ids2.indexOf(s.m1.id)).toBeLessThan(ids2.indexOf(s.m2.id));
    // bad input
    expect((await s.learner.put('/api/v1/me/path/order', { moduleIds: [s.m1.id, s.m1.id] })).status).toBe(400);
    expect((await s.learner.put('/api/v1/me/path/steps/99999999', { action: 'pin' })).status).toBe(404);
    expect((await s.learner.put(`/api/v1/me/path/steps/${s.m1.id}`, { action: 'later' })).status).toBe(400);
  });

  it('is visible to the manager of the person, not outside the reporting line', async () => {
    const s = await setup();
    expect((await s.manager.get(`/api/v1/employees/${s.r1.employee!.id}/path`)).status).toBe(200);
    expect((await s.manager.get(`/api/v1/employees/${s.outsider.employee!.id}/path`)).status).toBe(404);
    const noEmployee = await t.login((await makeUser(t.db, { employee: false })).username);
    expect((await noEmployee.get('/api/v1/me/path')).status).toBe(403);
  });
});

describe('goals', () => {
  it('are assigned by a manager to the reporting line with a deadline, replace the previous goal, and drive the path', async () => {
    const s = await setup();
    const body = { employeeIds: [s.r1.employee!.id, s.r2.id], kind: 'kps', targets: [{ kpId: s.B.id, target: 0.6, weight: 1 }], deadline: inDays(60), hoursPerWeek: 2 };
    const res = await s.manager.post('/api/v1/goals', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigned: 2, replaced: 0 });
    const path = (await s.learner.get('/api/v1/me/path')).body;
    expect(path.goal).toMatchObject({ kind: 'kps', deadline: body.deadline, hoursPerWeek: 2 });
    expect(path.pace).toEqual({ hoursPerWeek: 2, isDefault: false });
    expect(path.horizonWeeks).toBeNull();
    // B needs A at its threshold (0.6 without a target on A): m1 first as an unlocking step
    const steps = moduleSteps(path);
    expect(steps.map((x) => x.moduleId)).toEqual([s.m1.id, s.m2.id]);
    expect(steps[0]!.reason.en).toMatch(/^Prerequisite/);
    expect(path.unreachable).toEqual([]);
    // again: the active goal is replaced
    const again = await s.manager.post('/api/v1/goals', { ...body, employeeIds: [s.r1.employee!.id] });
    expect(again.body).toMatchObject({ assigned: 1, replaced: 1 });
    const mine = await s.learner.get('/api/v1/goals?active=true');
    expect(mine.body.items).toHaveLength(1);
    expect((await s.learner.get('/api/v1/goals')).body.total).toBe(2);
  });

  it('take a certification level as the goal: its mastery targets and the modules of its required courses', async () => {
    const s = await setup();
    const programme = (status: string) => ({
      code: unique('goal-cert').toLowerCase().replace(/[^a-z0-9-]/g, '-'),
      name: 'AI大模型应用工程师',
      nameEn: 'AI Application Engineer',
      status,
      levels: [{ level: 'intermediate', requirements: { courseIds: [s.course.id], targets: [{ kpId: s.B.id, target: 0.6 }] } }],
    });
    const p = await admin.post('/api/v1/cert-programmes', programme('active'));
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const levelId = p.body.levels[0].id as number;
    const res = await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'cert_level', certLevelId: levelId, deadline: inDays(90) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const path = (await s.learner.get('/api/v1/me/path')).body;
    expect(path.goal).toMatchObject({ kind: 'cert_level', certLevelId: levelId });
    expect(path.goal.label.zh).toBe('认证目标：AI大模型应用工程师 · 中级');
    expect(path.goal.label.en).toBe('Certification: AI Application Engineer · Intermediate');
    // the level's course is planned module by module, and B's target is closed
    const planned = moduleSteps(path).map((x) => x.moduleId);
    expect(planned).toEqual(expect.arrayContaining([s.m1.id, s.m2.id, s.m3.id]));
    expect(path.gapAfter).toBeLessThan(path.gapNow);
    // a goal needs its level, and the level's programme must be active
    expect((await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'cert_level' })).status).toBe(400);
    expect((await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'cert_level', certLevelId: 99999999 })).status).toBe(400);
    const draft = await admin.post('/api/v1/cert-programmes', programme('draft'));
    expect((await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'cert_level', certLevelId: draft.body.levels[0].id })).status).toBe(400);
  });

  it('refuses people outside the line, past deadlines and unknown points, writing nothing', async () => {
    const s = await setup();
    const base = { kind: 'kps', targets: [{ kpId: s.A.id, target: 0.9 }] };
    const outside = await s.manager.post('/api/v1/goals', { ...base, employeeIds: [s.r1.employee!.id, s.outsider.employee!.id] });
    expect(outside.status).toBe(403);
    expect(outside.body.employeeIds).toEqual([s.outsider.employee!.id]);
    expect((await s.manager.post('/api/v1/goals', { ...base, employeeIds: [s.r1.employee!.id], deadline: '2020-01-01' })).status).toBe(400);
    expect((await s.manager.post('/api/v1/goals', { kind: 'kps', employeeIds: [s.r1.employee!.id], targets: [{ kpId: 99999999, target: 0.5 }] })).status).toBe(400);
    expect((await s.manager.post('/api/v1/goals', { kind: 'position', employeeIds: [s.r1.employee!.id] })).status).toBe(400);
    expect((await s.manager.get(`/api/v1/goals?employeeId=${s.r1.employee!.id}`)).body.total).toBe(0);
    // a learner cannot assign goals
    expect((await s.learner.post('/api/v1/goals', { ...base, employeeIds: [s.r1.employee!.id] })).status).toBe(403);
  });

  it('warns when the deadline leaves too little time, and reports targets no module teaches', async () => {
    const s = await setup();
    const res = await s.manager.post('/api/v1/goals', { departmentId: s.dept.id, kind: 'position', positionId: s.pos.id, deadline: inDays(7), hoursPerWeek: 0.5 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // the department: the manager and both reports
    expect(res.body.assigned).toBe(3);
    const path = (await s.learner.get('/api/v1/me/path')).body;
    expect(path.budgetHours).toBeCloseTo(0.5, 1);
    expect(path.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['unreachable-targets']));
    expect(path.warnings.some((w: { code: string }) => w.code === 'budget-too-small' || w.code === 'deadline-too-short')).toBe(true);
    expect(moduleSteps(path)).toHaveLength(0);
    expect(res.body.warnings.some((w: { employeeId: number }) => w.employeeId === s.r1.employee!.id)).toBe(true);
  });

  it('can be ended, and the path falls back to the position targets', async () => {
    const s = await setup();
    await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'kps', targets: [{ kpId: s.B.id, target: 0.6 }] });
    const goal = (await s.learner.get('/api/v1/goals?active=true')).body.items[0];
    expect((await s.learner.delete(`/api/v1/goals/${goal.id}`)).status).toBe(403);
    const ended = await s.manager.delete(`/api/v1/goals/${goal.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body.endedAt).not.toBeNull();
    expect((await s.manager.delete(`/api/v1/goals/${goal.id}`)).status).toBe(409);
    expect((await s.learner.get('/api/v1/me/path')).body.goal).toBeNull();
  });
});

describe('curated paths', () => {
  it('are defined by L&D, pin their modules for everyone on them, and cannot be deleted while in use', async () => {
    const s = await setup();
    const bad = await trainer.post('/api/v1/curated-paths', { title: '路径', moduleIds: [s.m3.id, 99999999], targets: [] });
    expect(bad.status).toBe(400);
    const created = await trainer.post('/api/v1/curated-paths', { title: '提示词路径', moduleIds: [s.m3.id, s.m1.id], targets: [{ kpId: s.A.id, target: 0.9, weight: 1 }] });
    expect(created.status).toBe(201);
    expect(created.body.modules.map((m: { id: number }) => m.id)).toEqual([s.m3.id, s.m1.id]);
    const id = created.body.id;
    expect((await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'curated', curatedPathId: id })).status).toBe(200);
    const path = (await s.learner.get('/api/v1/me/path')).body;
    const steps = moduleSteps(path);
    expect(steps.slice(0, 2).map((x) => [x.moduleId, x.pinned])).toEqual([
      [s.m3.id, true],
      [s.m1.id, true],
    ]);
    expect(path.goal.label.zh).toContain('提示词路径');
    expect((await trainer.get('/api/v1/curated-paths')).body.items.find((p: { id: number }) => p.id === id).activeGoals).toBe(1);
    expect((await trainer.delete(`/api/v1/curated-paths/${id}`)).status).toBe(409);
    const goal = (await s.manager.get(`/api/v1/goals?employeeId=${s.r1.employee!.id}&active=true`)).body.items[0];
    await s.manager.delete(`/api/v1/goals/${goal.id}`);
    expect((await trainer.delete(`/api/v1/curated-paths/${id}`)).status).toBe(200);
    expect((await trainer.get(`/api/v1/curated-paths/${id}`)).status).toBe(404);
  });
});

describe('re-planning everyone', () => {
  it('runs as a background job with progress and stores a plan per active employee', async () => {
    await setup();
    const res = await admin.post('/api/v1/paths/replan', {});
    expect(res.status).toBe(202);
    await waitForJobs();
    const job = (await admin.get(`/api/v1/jobs/${res.body.id}`)).body;
    expect(job).toMatchObject({ status: 'succeeded', progress: 1 });
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(employees).where(eq(employees.status, 'active'));
    const active = Number(count!.n);
    expect(job.result.employees).toBe(active);
    const [n] = await t.db.select({ n: sql<number>`count(*)::int` }).from(learningPlans);
    expect(Number(n!.n)).toBeGreaterThanOrEqual(active);
  });

  it('stores the same plans when the job plans on worker threads', async () => {
    const s = await setup();
    await s.manager.post('/api/v1/goals', { employeeIds: [s.r1.employee!.id], kind: 'kps', targets: [{ kpId: s.B.id, target: 0.6 }], deadline: inDays(60) });
    const quiet = { progress: async () => undefined };
    const snapshot = async () =>
      (await t.db.select().from(learningPlans).orderBy(learningPlans.employeeId)).map((p) => ({ e: p.employeeId, g: p.goalId, m: p.moduleIds, now: p.gapNow, after: p.gapAfter, h: p.hours, w: p.warnings }));
    const here = await replanEveryone(t.db, quiet, { workers: 0 });
    expect(here.workers).toBe(0);
    const onThread = await snapshot();
    await t.db.delete(learningPlans);
    const there = await replanEveryone(t.db, quiet, { workers: 2 });
    expect(there.workers).toBe(2);
    expect(there.employees).toBe(here.employees);
    expect(await snapshot()).toEqual(onThread);
    // the goal's plan is among them, with its modules
    expect(onThread.find((p) => p.e === s.r1.employee!.id)!.m).toEqual([s.m1.id, s.m2.id]);
  }, 60_000);
});

describe('recommendations', () => {
  it('come from what colleagues took, say why, log impressions and attribute enrolments', async () => {
    const s = await setup();
    const x = await makeCourse(t.db, { title: unique('课程X') });
    const y = await makeCourse(t.db, { title: unique('课程Y') });
    const z = await makeCourse(t.db, { title: unique('课程Z') });
    // five colleagues took X and Y; two took Z alone; the learner took X
    for (let i = 0; i < 5; i++) {
      const e = await makeEmployee(t.db);
      await t.db.insert(enrollments).values([{ courseId: x.course.id, employeeId: e.id, source: 'self' }, { courseId: y.course.id, employeeId: e.id, source: 'self' }]);
    }
    for (let i = 0; i < 2; i++) await t.db.insert(enrollments).values({ courseId: z.course.id, employeeId: (await makeEmployee(t.db)).id, source: 'self' });
    await t.db.insert(enrollments).values({ courseId: x.course.id, employeeId: s.r1.employee!.id, source: 'self' });
    const res = await s.learner.get('/api/v1/me/recommendations?limit=3');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { courseId: number }) => i.courseId);
    expect(ids[0]).toBe(y.course.id);
    expect(ids).not.toContain(x.course.id);
    expect(res.body.items[0].reasons[0].zh).toContain('同事也学了');
    // the course teaching the learner's gaps is recommended for that reason
    const gapCourse = res.body.items.find((i: { courseId: number }) => i.courseId === s.course.id);
    expect(gapCourse?.reasons.map((r: { en: string }) => r.en).join(' ')).toMatch(/Covers your gap in Prompt basics/);
    const shown = await t.db.select().from(recommendationEvents).where(eq(recommendationEvents.employeeId, s.r1.employee!.id));
    expect(shown.filter((e) => e.kind === 'impression').map((e) => e.rank)).toEqual(res.body.items.map((_: unknown, i: number) => i + 1));
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: y.course.id, kind: 'click', surface: 'home', rank: 1, model: res.body.model })).status).toBe(200);
    expect((await s.learner.post(`/api/v1/courses/${y.course.id}/enroll`)).status).toBe(201);
    const kinds = (await t.db.select().from(recommendationEvents).where(eq(recommendationEvents.employeeId, s.r1.employee!.id))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['click', 'enroll']));
    // beside a course; unknown or hidden courses are 404
    expect((await s.learner.get(`/api/v1/me/recommendations?courseId=${x.course.id}`)).status).toBe(200);
    const draft = await makeCourse(t.db, { status: 'draft' });
    expect((await s.learner.get(`/api/v1/me/recommendations?courseId=${draft.course.id}`)).status).toBe(404);
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: draft.course.id, kind: 'click', surface: 'home' })).status).toBe(404);
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: y.course.id, kind: 'buy', surface: 'home' })).status).toBe(400);
    // impressions and enrolments are the server's to log, not the client's
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: y.course.id, kind: 'enroll', surface: 'home' })).status).toBe(400);
  });

  it('are reported to L&D: impressions, clicks, dismissals and attributed enrolments by surface, model, rank and course', async () => {
    const s = await setup();
    const today = inDays(0);
    const before = (await trainer.get(`/api/v1/recommendations/report?from=${today}&to=${today}`)).body;
    const x = await makeCourse(t.db, { title: unique('报告X') });
    const y = await makeCourse(t.db, { title: unique('报告Y') });
    for (let i = 0; i < 4; i++) {
      const e = await makeEmployee(t.db);
      await t.db.insert(enrollments).values([{ courseId: x.course.id, employeeId: e.id, source: 'self' }, { courseId: y.course.id, employeeId: e.id, source: 'self' }]);
    }
    await t.db.insert(enrollments).values({ courseId: x.course.id, employeeId: s.r1.employee!.id, source: 'self' });
    resetRecommender();
    const shown = (await s.learner.get('/api/v1/me/recommendations?limit=3')).body;
    const rankOfY = shown.items.findIndex((i: { courseId: number }) => i.courseId === y.course.id) + 1;
    expect(rankOfY).toBeGreaterThan(0);
    const other = shown.items.find((i: { courseId: number }) => i.courseId !== y.course.id);
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: y.course.id, kind: 'click', surface: 'home', rank: rankOfY, model: shown.model })).status).toBe(200);
    expect((await s.learner.post('/api/v1/me/recommendations/events', { courseId: other.courseId, kind: 'dismiss', surface: 'home', rank: 2, model: shown.model })).status).toBe(200);
    expect((await s.learner.post(`/api/v1/courses/${y.course.id}/enroll`)).status).toBe(201);
    // an event from 40 days ago is outside the default window
    await t.db.insert(recommendationEvents).values({ employeeId: s.r1.employee!.id, courseId: y.course.id, kind: 'impression', surface: 'course', rank: 1, model: 'old', createdAt: new Date(Date.now() - 40 * 86_400_000) });

    const res = await trainer.get('/api/v1/recommendations/report');
    expect(res.status).toBe(200);
    expect(res.body.to).toBe(today);
    expect(res.body.from).toBe(inDays(-29));
    const now = (await admin.get(`/api/v1/recommendations/report?from=${today}&to=${today}`)).body;
    expect(now.totals.impressions - before.totals.impressions).toBe(shown.items.length);
    expect(now.totals.clicks - before.totals.clicks).toBe(1);
    expect(now.totals.dismissals - before.totals.dismissals).toBe(1);
    expect(now.totals.enrolments - before.totals.enrolments).toBe(1);
    expect(now.totals.ctr).toBeCloseTo(now.totals.clicks / now.totals.impressions, 4);
    expect(now.bySource.some((r: { model: string }) => r.model === 'old')).toBe(false);
    const home = now.bySource.find((r: { surface: string; model: string }) => r.surface === 'home' && r.model === shown.model);
    expect(home.impressions).toBeGreaterThanOrEqual(shown.items.length);
    const top = now.topCourses.find((c: { courseId: number }) => c.courseId === y.course.id);
    expect(top).toMatchObject({ title: y.course.title, impressions: 1, clicks: 1, enrolments: 1, dismissals: 0, people: 1, ctr: 1, enrolRate: 1 });
    const rank = now.byRank.find((r: { rank: number }) => r.rank === rankOfY);
    expect(rank.clicks).toBeGreaterThanOrEqual(1);
    // the old event counts when the window includes its day
    const old = (await trainer.get(`/api/v1/recommendations/report?from=${inDays(-40)}&to=${inDays(-40)}`)).body;
    expect(old.bySource).toEqual([expect.objectContaining({ surface: 'course', model: 'old', impressions: 1, clicks: 0, ctr: 0 })]);
    expect(old.topCourses).toEqual([expect.objectContaining({ courseId: y.course.id, impressions: 1 })]);
    // an empty window: zeros and no rates
    const empty = (await trainer.get('/api/v1/recommendations/report?from=2001-01-01&to=2001-01-31')).body;
    expect(empty.totals).toEqual({ impressions: 0, clicks: 0, enrolments: 0, dismissals: 0, people: 0, ctr: null, enrolRate: null });
    expect(empty.bySource).toEqual([]);
    // not for learners or managers; a reversed or malformed window is a 400 problem
    expect((await s.learner.get('/api/v1/recommendations/report')).status).toBe(403);
    expect((await s.manager.get('/api/v1/recommendations/report')).status).toBe(403);
    const reversed = await trainer.get(`/api/v1/recommendations/report?from=${today}&to=${inDays(-1)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.headers['content-type']).toContain('application/problem+json');
    expect((await trainer.get('/api/v1/recommendations/report?from=yesterday')).status).toBe(400);
    expect((await trainer.get(`/api/v1/recommendations/report?from=${inDays(5)}`)).status).toBe(400);
  });

  it('keep coming from the current model while a refit runs, then from the new one', async () => {
    const s = await setup();
    const x = await makeCourse(t.db, { title: unique('旧课X') });
    await t.db.insert(enrollments).values({ courseId: x.course.id, employeeId: s.r1.employee!.id, source: 'self' });
    resetRecommender();
    expect((await s.learner.get('/api/v1/me/recommendations?limit=20')).status).toBe(200); // the first fit is waited for
    // a new course that five colleagues took together with X
    const v = await makeCourse(t.db, { title: unique('新课V') });
    for (let i = 0; i < 5; i++) {
      const e = await makeEmployee(t.db);
      await t.db.insert(enrollments).values([{ courseId: x.course.id, employeeId: e.id, source: 'self' }, { courseId: v.course.id, employeeId: e.id, source: 'self' }]);
    }
    const colleaguesTookV = (body: { items: { courseId: number; reasons: { en: string }[] }[] }) =>
      body.items.some((i) => i.courseId === v.course.id && i.reasons.some((r) => /also took/.test(r.en)));
    ageRecommender(REFIT_MIN_MS + 1);
    // stale: this request starts the refit and is answered by the model it already has
    const during = await s.learner.get('/api/v1/me/recommendations?limit=20');
    expect(during.status).toBe(200);
    expect(colleaguesTookV(during.body)).toBe(false);
    await recommenderSettled();
    const after = await s.learner.get('/api/v1/me/recommendations?limit=20');
    expect(colleaguesTookV(after.body)).toBe(true);
  });

  it('start a newcomer from what their position and department peers took', async () => {
    const s = await setup();
    const w = await makeCourse(t.db, { title: unique('课程W') });
    await t.db.insert(enrollments).values({ courseId: w.course.id, employeeId: s.r2.id, source: 'self' });
    resetRecommender(); // the model is refitted when enrolments change, checked at most once a minute
    const res = await s.learner.get('/api/v1/me/recommendations');
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { courseId: number }) => i.courseId === w.course.id);
    expect(item.reasons.map((r: { en: string }) => r.en).join(' ')).toMatch(/Popular with colleagues/);
    expect(res.body.model).toContain('peers');
  });
});
