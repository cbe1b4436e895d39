import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingRecords } from '../../db/schema/index.ts';
import { makeCourse, makeDepartment, makeEmployee, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { dayFromToday, setDueDate } from './test/fixtures.ts';

let t: TestApp;
let trainer: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
});
afterAll(() => t.close());

/**
 * A manager with two direct reports (learners with accounts) and one indirect report, plus
 * an outsider; the first report finishes a course and starts an overdue one.
 */
async function teamWithProgress() {
  const dept = await makeDepartment(t.db);
  const mgr = await makeUser(t.db, { roles: ['manager'], employee: { name: unique('经理'), departmentId: dept.id } });
  const a = await makeUser(t.db, { employee: { name: unique('A'), managerId: mgr.employee!.id, departmentId: dept.id } });
  const b = await makeUser(t.db, { employee: { name: unique('B'), managerId: mgr.employee!.id } });
  const indirect = await makeEmployee(t.db, { name: unique('C'), managerId: b.employee!.id });
  const outsider = await makeUser(t.db, {});
  const ca = await t.login(a.username);
  const { course: c1, modules: m1 } = await makeCourse(t.db, { modules: 1 });
  const { course: c2, modules: m2 } = await makeCourse(t.db, { modules: 4 });
  const e1 = (await ca.post(`/api/v1/courses/${c1.id}/enroll`)).body;
  const e2 = (await ca.post(`/api/v1/courses/${c2.id}/enroll`)).body;
  await ca.post(`/api/v1/enrollments/${e1.id}/modules/${m1[0]!.id}/complete`, {});
  await ca.post(`/api/v1/enrollments/${e2.id}/modules/${m2[0]!.id}/complete`, {});
  await setDueDate(t.db, e2.id, '2020-06-30');
  await (await t.login(outsider.username)).post(`/api/v1/courses/${c1.id}/enroll`);
  return { dept, mgr, manager: await t.login(mgr.username), a, b, indirect, outsider };
}

describe('team progress', () => {
  it("counts each member's learning over the manager's reporting line only, with totals", async () => {
    const { manager, a, b, indirect } = await teamWithProgress();
    const res = await manager.get('/api/v1/team/progress');
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { employeeId: number }) => r.employeeId).sort()).toEqual([a.employee!.id, b.employee!.id, indirect.id].sort());
    const rowA = res.body.items.find((r: { employeeId: number }) => r.employeeId === a.employee!.id);
    expect(rowA).toMatchObject({ enrolled: 2, completed: 1, inProgress: 1, overdue: 1, avgProgress: 63, employeeNo: a.employee!.employeeNo });
    expect(rowA.departmentName).not.toBeNull();
    expect(rowA.lastActivityAt).not.toBeNull();
    const rowB = res.body.items.find((r: { employeeId: number }) => r.employeeId === b.employee!.id);
    expect(rowB).toMatchObject({ enrolled: 0, completed: 0, avgProgress: 0, lastActivityAt: null });
    expect(res.body.total).toBe(3);
    expect(res.body.totals).toEqual({ employees: 3, enrolled: 2, completed: 1, inProgress: 1, overdue: 1, avgProgress: 63 });
  });

  it('pages by name, keeps whole-scope totals on every page, and filters by search and department', async () => {
    const { manager, a, dept } = await teamWithProgress();
    const p1 = await manager.get('/api/v1/team/progress?pageSize=2&page=1');
    const p2 = await manager.get('/api/v1/team/progress?pageSize=2&page=2');
    expect(p1.body.items).toHaveLength(2);
    expect(p2.body.items).toHaveLength(1);
    expect(p2.body.totals.employees).toBe(3);
    const beyond = await manager.get('/api/v1/team/progress?pageSize=2&page=9');
    expect(beyond.body).toMatchObject({ items: [], total: 3 });
    expect(beyond.body.totals.enrolled).toBe(2);
    const byName = await manager.get(`/api/v1/team/progress?search=${encodeURIComponent(a.employee!.name)}`);
    expect(byName.body.items.map((r: { employeeId: number }) => r.employeeId)).toEqual([a.employee!.id]);
    const byDept = await manager.get(`/api/v1/team/progress?departmentId=${dept.id}`);
    expect(byDept.body.items.map((r: { employeeId: number }) => r.employeeId)).toEqual([a.employee!.id]);
  });

  it('shows an admin everyone and refuses learners and trainers', async () => {
    const { outsider } = await teamWithProgress();
    const all = await admin.get(`/api/v1/team/progress?search=${encodeURIComponent(outsider.employee!.employeeNo)}`);
    expect(all.body.items.map((r: { employeeId: number }) => r.employeeId)).toEqual([outsider.employee!.id]);
    expect((await (await t.login(outsider.username)).get('/api/v1/team/progress')).status).toBe(403);
    expect((await trainer.get('/api/v1/team/progress')).status).toBe(403);
  });
});

describe("an employee's records", () => {
  it('lets a manager read a report\'s records and answers 404 outside the line', async () => {
    const { manager, a, outsider } = await teamWithProgress();
    const res = await manager.get(`/api/v1/employees/${a.employee!.id}/records`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    const out = await manager.get(`/api/v1/employees/${outsider.employee!.id}/records`);
    expect(out.status).toBe(404);
    expect(out.body.type).toBe('urn:xueli:problem:not-found');
    expect((await admin.get(`/api/v1/employees/${outsider.employee!.id}/records`)).body.total).toBe(1);
  });
});

describe('classroom records', () => {
  it('records a session as one completed record per attendee, visible in their records', async () => {
    const learner = await makeUser(t.db);
    const other = await makeEmployee(t.db);
    const res = await trainer.post('/api/v1/classroom-records', {
      title: '线下工作坊：提示词实战',
      sessionDate: dayFromToday(-2),
      hours: 3.5,
      location: '总行 3F 培训室',
      trainerName: '王老师',
      employeeIds: [learner.employee!.id, other.id],
      score: 92.5,
    });
    expect(res.status).toBe(201);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ kind: 'classroom', status: 'completed', progressPercent: 100, timeSpentSeconds: 12600, score: 92.5, location: '总行 3F 培训室', recordedByName: expect.any(String) });
    const mine = await (await t.login(learner.username)).get('/api/v1/me/records');
    expect(mine.body.items[0]).toMatchObject({ kind: 'classroom', title: '线下工作坊：提示词实战', sessionDate: dayFromToday(-2) });
    const list = await trainer.get(`/api/v1/classroom-records?search=${encodeURIComponent('提示词实战')}`);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
  });

  it('writes nothing and lists unknown employees when any id is unknown', async () => {
    const known = await makeEmployee(t.db);
    const title = unique('未知员工');
    const res = await trainer.post('/api/v1/classroom-records', { title, sessionDate: dayFromToday(-1), hours: 1, employeeIds: [known.id, 99999997] });
    expect(res.status).toBe(400);
    expect(res.body.employeeIds).toEqual([99999997]);
    expect(await t.db.select().from(trainingRecords).where(eq(trainingRecords.title, title))).toEqual([]);
  });

  it('validates hours, score, dates and duplicates, and refuses learners', async () => {
    const e = await makeEmployee(t.db);
    const base = { title: 'x', sessionDate: dayFromToday(-1), hours: 1, employeeIds: [e.id] };
    for (const bad of [{ hours: 0.25 }, { hours: 25 }, { score: 101 }, { sessionDate: '2024-13-01' }, { sessionDate: dayFromToday(3) }, { employeeIds: [e.id, e.id] }, { employeeIds: [] }, { extra: 1 }]) {
      const res = await trainer.post('/api/v1/classroom-records', { ...base, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.type).toBe('urn:xueli:problem:validation');
    }
    const learner = await t.login((await makeUser(t.db)).username);
    expect((await learner.post('/api/v1/classroom-records', base)).status).toBe(403);
  });

  it('lets only the recording trainer or an admin delete a record', async () => {
    const e = await makeEmployee(t.db);
    const created = await trainer.post('/api/v1/classroom-records', { title: 'del', sessionDate: dayFromToday(0), hours: 2, employeeIds: [e.id, (await makeEmployee(t.db)).id] });
    const [r1, r2] = created.body.items;
    const other = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
    expect((await other.delete(`/api/v1/classroom-records/${r1.id}`)).status).toBe(403);
    expect((await trainer.delete(`/api/v1/classroom-records/${r1.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/classroom-records/${r2.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/classroom-records/${r2.id}`)).status).toBe(404);
  });
});
