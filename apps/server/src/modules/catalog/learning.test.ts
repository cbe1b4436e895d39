import { eq } from 'drizzle-orm';
import { courseSummary, learnerHome, learningItem } from '@xueli/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollments, trainingRecords } from '../../db/schema/index.ts';
import { makeCourse, makeEmployee, makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { dayFromToday, setDueDate } from './test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function newLearner() {
  const u = await makeUser(t.db, { roles: ['learner'] });
  return { ...u, client: await t.login(u.username) };
}

const complete = (c: Client, enrollmentId: number, moduleId: number, body: object = {}) =>
  c.post(`/api/v1/enrollments/${enrollmentId}/modules/${moduleId}/complete`, body);

describe('enrolment', () => {
  it('enrols in a published course once: 201 the first time, 200 with the same enrolment after', async () => {
    const { client } = await newLearner();
    const { course } = await makeCourse(t.db);
    const first = await client.post(`/api/v1/courses/${course.id}/enroll`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ courseId: course.id, source: 'self', status: 'not_started', progressPercent: 0, totalModules: 2, completedModules: 0 });
    const again = await client.post(`/api/v1/courses/${course.id}/enroll`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const detail = await client.get(`/api/v1/courses/${course.id}`);
    expect(detail.body.enrolled).toBe(true);
    expect(detail.body.enrollment.id).toBe(first.body.id);
  });

  it('explains with 409 that an account without an employee cannot enrol', async () => {
    const u = await makeUser(t.db, { roles: ['learner'], employee: false });
    const c = await t.login(u.username);
    const { course } = await makeCourse(t.db);
    const res = await c.post(`/api/v1/courses/${course.id}/enroll`);
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('account-not-linked');
    expect(res.body.detail).toMatch(/not linked to an employee/);
    expect((await c.get('/api/v1/me/learning')).status).toBe(409);
  });

  it('cannot enrol in a draft course (404 for a learner)', async () => {
    const { client } = await newLearner();
    const { course } = await makeCourse(t.db, { status: 'draft' });
    expect((await client.post(`/api/v1/courses/${course.id}/enroll`)).status).toBe(404);
  });
});

describe('progress', () => {
  it('goes from 0% to 50% to 100% completed with a completedAt, and back to 50% on undo', async () => {
    const { client } = await newLearner();
    const { course, modules } = await makeCourse(t.db, { modules: 2 });
    const enrollment = (await client.post(`/api/v1/courses/${course.id}/enroll`)).body;
    const half = await complete(client, enrollment.id, modules[0]!.id, { timeSpentSeconds: 600 });
    expect(half.status).toBe(200);
    expect(half.body).toMatchObject({ progressPercent: 50, status: 'in_progress', completedAt: null, timeSpentSeconds: 600, completedModules: 1 });
    expect(half.body.startedAt).not.toBeNull();
    const full = await complete(client, enrollment.id, modules[1]!.id, { timeSpentSeconds: 300 });
    expect(full.body).toMatchObject({ progressPercent: 100, status: 'completed', timeSpentSeconds: 900 });
    expect(full.body.completedAt).not.toBeNull();
    const [record] = await t.db.select().from(trainingRecords).where(eq(trainingRecords.enrollmentId, enrollment.id));
    expect(record).toMatchObject({ kind: 'online', status: 'completed', progressPercent: 100, timeSpentSeconds: 900 });
    expect(record!.completedAt).toBeInstanceOf(Date);

    const undo = await client.delete(`/api/v1/enrollments/${enrollment.id}/modules/${modules[1]!.id}/complete`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ progressPercent: 50, status: 'in_progress', completedAt: null, timeSpentSeconds: 600 });
    const detail = await client.get(`/api/v1/courses/${course.id}`);
    expect(detail.body.modules.map((m: { completed: boolean }) => m.completed)).toEqual([true, false]);
  });

  it('completes a module idempotently and accepts no body at all', async () => {
    const { client } = await newLearner();
    const { course, modules } = await makeCourse(t.db, { modules: 4 });
    const enrollment = (await client.post(`/api/v1/courses/${course.id}/enroll`)).body;
    const raw = await client.request({ method: 'POST', url: `/api/v1/enrollments/${enrollment.id}/modules/${modules[0]!.id}/complete` });
    expect(raw.statusCode).toBe(200);
    const twice = await complete(client, enrollment.id, modules[0]!.id, { timeSpentSeconds: 999 });
    expect(twice.body).toMatchObject({ progressPercent: 25, completedModules: 1, timeSpentSeconds: 0 });
  });

  it('does not let another learner complete my enrolment, nor a module of another course', async () => {
    const me = await newLearner();
    const other = await newLearner();
    const { course, modules } = await makeCourse(t.db);
    const { modules: foreign } = await makeCourse(t.db);
    const enrollment = (await me.client.post(`/api/v1/courses/${course.id}/enroll`)).body;
    const res = await complete(other.client, enrollment.id, modules[0]!.id);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('urn:xueli:problem:not-found');
    expect((await complete(me.client, enrollment.id, foreign[0]!.id)).status).toBe(404);
    expect((await complete(me.client, enrollment.id, modules[0]!.id, { timeSpentSeconds: 86401 })).status).toBe(400);
    expect((await me.client.get(`/api/v1/courses/${course.id}`)).body.enrollment.progressPercent).toBe(0);
  });

  it('keeps a finished course finished when a module is added later, but lowers unfinished progress', async () => {
    const trainer = await makeUser(t.db, { roles: ['trainer'] });
    const tc = await t.login(trainer.username);
    const done = await newLearner();
    const halfway = await newLearner();
    const { course, modules } = await makeCourse(t.db, { modules: 2, ownerUserId: trainer.user.id });
    const e1 = (await done.client.post(`/api/v1/courses/${course.id}/enroll`)).body;
    const e2 = (await halfway.client.post(`/api/v1/courses/${course.id}/enroll`)).body;
    for (const m of modules) await complete(done.client, e1.id, m.id);
    await complete(halfway.client, e2.id, modules[0]!.id);
    expect((await tc.post(`/api/v1/courses/${course.id}/modules`, { title: '新增模块' })).status).toBe(201);
    expect((await done.client.get(`/api/v1/courses/${course.id}`)).body.enrollment).toMatchObject({ status: 'completed', progressPercent: 100 });
    expect((await halfway.client.get(`/api/v1/courses/${course.id}`)).body.enrollment).toMatchObject({ status: 'in_progress', progressPercent: 33 });
  });
});

describe('learner home', () => {
  it('lists enrolments by urgency with the next module, overdue flags and counts', async () => {
    const { client } = await newLearner();
    const { course: a, modules: am } = await makeCourse(t.db, { modules: 2, title: 'A 课程' });
    const { course: b } = await makeCourse(t.db, { modules: 1, title: 'B 课程' });
    const { course: c, modules: cm } = await makeCourse(t.db, { modules: 1, title: 'C 课程' });
    const ea = (await client.post(`/api/v1/courses/${a.id}/enroll`)).body;
    const eb = (await client.post(`/api/v1/courses/${b.id}/enroll`)).body;
    const ec = (await client.post(`/api/v1/courses/${c.id}/enroll`)).body;
    await complete(client, ea.id, am[0]!.id);
    await complete(client, ec.id, cm[0]!.id);
    await setDueDate(t.db, eb.id, '2020-01-01');
    await setDueDate(t.db, ea.id, dayFromToday(10));
    const res = await client.get('/api/v1/me/learning');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { enrollmentId: number }) => i.enrollmentId)).toEqual([eb.id, ea.id, ec.id]);
    const [ib, ia, ic] = res.body.items;
    expect(ib).toMatchObject({ overdue: true, status: 'not_started', nextModule: { title: '模块 1' } });
    expect(ia).toMatchObject({ overdue: false, progressPercent: 50, nextModule: { id: am[1]!.id, title: '模块 2' } });
    expect(ia.course).toMatchObject({ id: a.id, title: 'A 课程', enrolled: true, moduleCount: 2 });
    expect(ic).toMatchObject({ status: 'completed', nextModule: null });
    expect(res.body.stats).toEqual({ enrolled: 3, inProgress: 1, completed: 1, overdue: 1 });
    // The database writes this JSON (ADR 0009): it must be exactly the contract, field for field.
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(() => learnerHome.parse(res.body)).not.toThrow();
    for (const item of res.body.items) {
      expect(Object.keys(item).sort()).toEqual(Object.keys(learningItem.shape).sort());
      expect(Object.keys(item.course).sort()).toEqual(Object.keys(courseSummary.shape).sort());
      expect(new Date(item.lastActivityAt).toISOString()).toBe(item.lastActivityAt);
      expect(new Date(item.course.updatedAt).toISOString()).toBe(item.course.updatedAt);
    }
    expect(ia.course).toMatchObject({ canEdit: false, coverUrl: null, totalMinutes: expect.any(Number), tags: expect.any(Array) });
    expect(ia.startedAt).toBe(new Date(ia.startedAt).toISOString());
  });

  it('lists my training records, online ones titled by their course', async () => {
    const { client } = await newLearner();
    const { course } = await makeCourse(t.db, { title: '记录课程' });
    await client.post(`/api/v1/courses/${course.id}/enroll`);
    const res = await client.get('/api/v1/me/records?kind=online');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(res.body.items[0]).toMatchObject({ kind: 'online', title: '记录课程', courseId: course.id, status: 'not_started' });
  });
});

describe('assignments', () => {
  async function team() {
    const mgr = await makeUser(t.db, { roles: ['manager'] });
    const report = await makeEmployee(t.db, { managerId: mgr.employee!.id });
    const indirect = await makeEmployee(t.db, { managerId: report.id });
    const outsider = await makeEmployee(t.db);
    return { mgr, client: await t.login(mgr.username), report, indirect, outsider };
  }

  it('lets a manager assign a course to their reporting line with a due date', async () => {
    const { client, report, indirect } = await team();
    const { course } = await makeCourse(t.db);
    const due = dayFromToday(14);
    const res = await client.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [report.id, indirect.id], dueDate: due });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ courseId: course.id, dueDate: due, created: 2, updated: 0 });
    const rows = await t.db.select().from(enrollments).where(eq(enrollments.courseId, course.id));
    expect(rows.map((r) => [r.source, r.dueDate])).toEqual([['assigned', due], ['assigned', due]]);
    expect(await t.db.select().from(trainingRecords).where(eq(trainingRecords.courseId, course.id))).toHaveLength(2);
  });

  it('refuses with 403 listing anyone outside the line, and writes nothing', async () => {
    const { client, report, outsider } = await team();
    const { course } = await makeCourse(t.db);
    const res = await client.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [report.id, outsider.id, 99999999], dueDate: dayFromToday(7) });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:xueli:problem:forbidden');
    expect(res.body.employeeIds).toEqual([outsider.id, 99999999]);
    expect(await t.db.select().from(enrollments).where(eq(enrollments.courseId, course.id))).toEqual([]);
  });

  it('turns an existing self-enrolment into an assignment with the new due date', async () => {
    const { client, report } = await team();
    const u = await makeUser(t.db, { roles: ['learner'], employee: { managerId: report.id } });
    const learner = await t.login(u.username);
    const { course } = await makeCourse(t.db);
    const self = (await learner.post(`/api/v1/courses/${course.id}/enroll`)).body;
    const due = dayFromToday(3);
    const res = await client.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [u.employee!.id], dueDate: due });
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    const after = (await learner.get(`/api/v1/courses/${course.id}`)).body.enrollment;
    expect(after).toMatchObject({ id: self.id, source: 'assigned', dueDate: due });
  });

  it('refuses a due date in the past, an unpublished course, and callers who are not managers', async () => {
    const { client, report } = await team();
    const { course } = await makeCourse(t.db);
    const past = await client.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [report.id], dueDate: '2020-01-01' });
    expect(past.status).toBe(400);
    expect((await client.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [report.id], dueDate: '2030-02-30' })).status).toBe(400);
    const { course: draft } = await makeCourse(t.db, { status: 'draft' });
    expect((await client.post(`/api/v1/courses/${draft.id}/assignments`, { employeeIds: [report.id], dueDate: dayFromToday(1) })).status).toBe(404);
    const { client: learner } = await newLearner();
    expect((await learner.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [report.id], dueDate: dayFromToday(1) })).status).toBe(403);
  });

  it('tells an admin which employee ids do not exist (400)', async () => {
    const admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
    const { course } = await makeCourse(t.db);
    const res = await admin.post(`/api/v1/courses/${course.id}/assignments`, { employeeIds: [99999998], dueDate: dayFromToday(1) });
    expect(res.status).toBe(400);
    expect(res.body.employeeIds).toEqual([99999998]);
  });
});
