import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDepartment, makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let admin: Client;
let learner: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
});
afterAll(() => t.close());

const createDept = async (body: Record<string, unknown>) => {
  const res = await admin.post('/api/v1/departments', body);
  expect(res.status).toBe(201);
  return res.body as { id: number; code: string };
};

describe('department tree', () => {
  it('lists parents before their children, with depth and employee counts, to any logged-in user', async () => {
    const root = await createDept({ code: unique('ROOT'), name: '总行' });
    const child = await createDept({ code: unique('A'), name: '风控部', parentId: root.id });
    const grandchild = await createDept({ code: unique('A'), name: '信贷风控', parentId: child.id });
    await makeEmployee(t.db, { departmentId: child.id });
    await makeEmployee(t.db, { departmentId: child.id, status: 'terminated' });

    const res = await learner.get('/api/v1/departments');
    expect(res.status).toBe(200);
    const items = res.body.items as { id: number; parentId: number | null; depth: number; employeeCount: number }[];
    const pos = (id: number) => items.findIndex((d) => d.id === id);
    expect(pos(root.id)).toBeLessThan(pos(child.id));
    expect(pos(child.id)).toBeLessThan(pos(grandchild.id));
    for (const d of items) if (d.parentId != null) expect(pos(d.parentId)).toBeLessThan(pos(d.id));
    expect(items[pos(grandchild.id)]).toMatchObject({ depth: 2, parentId: child.id, employeeCount: 0 });
    expect(items[pos(child.id)]!.employeeCount).toBe(2);
  });

  it('refuses a duplicate code with 409', async () => {
    const d = await createDept({ code: unique('DUP'), name: 'X' });
    const res = await admin.post('/api/v1/departments', { code: d.code, name: 'Y' });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:xueli:problem:conflict');
  });

  it('refuses a parent that does not exist', async () => {
    const res = await admin.post('/api/v1/departments', { code: unique('X'), name: 'X', parentId: 999999 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('parentId');
  });

  it('moves a department under another one', async () => {
    const a = await createDept({ code: unique('A'), name: 'A' });
    const b = await createDept({ code: unique('B'), name: 'B' });
    const res = await admin.patch(`/api/v1/departments/${b.id}`, { parentId: a.id, nameEn: 'Bee' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parentId: a.id, depth: 1, nameEn: 'Bee' });
    expect((await admin.patch(`/api/v1/departments/${b.id}`, { parentId: null })).body.depth).toBe(0);
  });

  it('refuses a move into its own subtree and names the chain that would loop', async () => {
    const a = await createDept({ code: unique('A'), name: 'A' });
    const b = await createDept({ code: unique('B'), name: 'B', parentId: a.id });
    const c = await createDept({ code: unique('C'), name: 'C', parentId: b.id });
    const res = await admin.patch(`/api/v1/departments/${a.id}`, { parentId: c.id });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:xueli:problem:validation');
    expect(res.body.chain).toEqual([a.code, c.code, b.code, a.code]);
    expect(res.body.detail).toContain(`${a.code} → ${c.code} → ${b.code} → ${a.code}`);
    const self = await admin.patch(`/api/v1/departments/${a.id}`, { parentId: a.id });
    expect(self.status).toBe(400);
  });

  it('refuses to delete a department that has sub-departments or employees, with the counts', async () => {
    const parent = await createDept({ code: unique('P'), name: 'P' });
    await createDept({ code: unique('C'), name: 'C', parentId: parent.id });
    await makeEmployee(t.db, { departmentId: parent.id });
    const res = await admin.delete(`/api/v1/departments/${parent.id}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ children: 1, employees: 1 });
  });

  it('deletes an empty department', async () => {
    const d = await createDept({ code: unique('E'), name: 'Empty' });
    expect((await admin.delete(`/api/v1/departments/${d.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/departments/${d.id}`)).status).toBe(404);
  });

  it('lets only admins change departments', async () => {
    const d = await makeDepartment(t.db);
    expect((await learner.post('/api/v1/departments', { code: unique('L'), name: 'L' })).status).toBe(403);
    expect((await learner.patch(`/api/v1/departments/${d.id}`, { name: 'L' })).status).toBe(403);
    expect((await learner.delete(`/api/v1/departments/${d.id}`)).status).toBe(403);
  });

  it('rejects unknown body fields', async () => {
    const res = await admin.post('/api/v1/departments', { code: unique('U'), name: 'U', budget: 1 });
    expect(res.status).toBe(400);
  });
});

describe('positions', () => {
  it('lists positions with how many employees hold each', async () => {
    const p = await makePosition(t.db);
    await makeEmployee(t.db, { positionId: p.id });
    const res = await learner.get('/api/v1/positions');
    expect(res.status).toBe(200);
    expect(res.body.items.find((x: { id: number }) => x.id === p.id).employeeCount).toBe(1);
  });

  it('creates and changes a position, refusing a duplicate code', async () => {
    const code = unique('TELLER');
    const created = await admin.post('/api/v1/positions', { code, name: '柜员', description: '前台' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, name: '柜员', description: '前台', employeeCount: 0 });
    expect((await admin.post('/api/v1/positions', { code, name: 'again' })).status).toBe(409);
    const changed = await admin.patch(`/api/v1/positions/${created.body.id}`, { nameEn: 'Teller' });
    expect(changed.body.nameEn).toBe('Teller');
  });

  it('refuses to delete a position that employees hold', async () => {
    const p = await makePosition(t.db);
    await makeEmployee(t.db, { positionId: p.id, status: 'terminated' });
    const res = await admin.delete(`/api/v1/positions/${p.id}`);
    expect(res.status).toBe(409);
    expect(res.body.employees).toBe(1);
    const free = await makePosition(t.db);
    expect((await admin.delete(`/api/v1/positions/${free.id}`)).status).toBe(200);
  });
});
