import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDepartment, makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
});
afterAll(() => t.close());

const ids = (body: { items: { id: number }[] }) => body.items.map((i) => i.id).sort((a, b) => a - b);

describe('employee row scope', () => {
  it('shows a manager only their reporting line and themselves', async () => {
    const boss = await makeUser(t.db, { roles: ['manager', 'learner'] });
    const direct = await makeEmployee(t.db, { managerId: boss.employee!.id });
    const indirect = await makeEmployee(t.db, { managerId: direct.id });
    const stranger = await makeEmployee(t.db);
    const c = await t.login(boss.username);

    const res = await c.get('/api/v1/employees?pageSize=200');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([boss.employee!.id, direct.id, indirect.id].sort((a, b) => a - b));
    expect(res.body.total).toBe(3);
    expect((await c.get(`/api/v1/employees/${indirect.id}`)).status).toBe(200);
    const hidden = await c.get(`/api/v1/employees/${stranger.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.type).toBe('urn:xueli:problem:not-found');
  });

  it('lets a learner read only themselves, with 404 for anyone else, and not list employees', async () => {
    const me = await makeUser(t.db, { roles: ['learner'] });
    const other = await makeEmployee(t.db);
    const c = await t.login(me.username);
    const self = await c.get(`/api/v1/employees/${me.employee!.id}`);
    expect(self.status).toBe(200);
    expect(self.body.employeeNo).toBe(me.employee!.employeeNo);
    expect((await c.get(`/api/v1/employees/${other.id}`)).status).toBe(404);
    expect((await c.get(`/api/v1/employees/${other.id + 100000}`)).status).toBe(404);
    expect((await c.get('/api/v1/employees')).status).toBe(403);
  });

  it('shows a trainer every employee', async () => {
    const e = await makeEmployee(t.db);
    const c = await t.login((await makeUser(t.db, { roles: ['trainer'], employee: false })).username);
    expect((await c.get(`/api/v1/employees/${e.id}`)).status).toBe(200);
    expect((await c.get(`/api/v1/employees?search=${e.employeeNo}`)).body.total).toBe(1);
  });

  it('shows a manager without an employee record nobody', async () => {
    const c = await t.login((await makeUser(t.db, { roles: ['manager'], employee: false })).username);
    const res = await c.get('/api/v1/employees');
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });
});

describe('employee list filters', () => {
  it('filters by department including sub-departments, position, status and manager', async () => {
    const top = await makeDepartment(t.db);
    const sub = await makeDepartment(t.db, { parentId: top.id });
    const pos = await makePosition(t.db);
    const boss = await makeEmployee(t.db, { departmentId: top.id });
    const a = await makeEmployee(t.db, { departmentId: sub.id, positionId: pos.id, managerId: boss.id });
    const b = await makeEmployee(t.db, { departmentId: sub.id, status: 'leave' });

    expect(ids((await admin.get(`/api/v1/employees?departmentId=${top.id}`)).body)).toEqual([boss.id, a.id, b.id]);
    expect(ids((await admin.get(`/api/v1/employees?departmentId=${sub.id}`)).body)).toEqual([a.id, b.id]);
    expect(ids((await admin.get(`/api/v1/employees?positionId=${pos.id}`)).body)).toEqual([a.id]);
    expect(ids((await admin.get(`/api/v1/employees?departmentId=${top.id}&status=leave`)).body)).toEqual([b.id]);
    expect(ids((await admin.get(`/api/v1/employees?managerId=${boss.id}`)).body)).toEqual([a.id]);
  });

  it('searches name, employee number and email case-insensitively, with names of related records', async () => {
    const dept = await makeDepartment(t.db, { name: '风控部' });
    const pos = await makePosition(t.db, { name: '风控专员' });
    const boss = await makeEmployee(t.db, { name: '王经理' });
    const tag = unique('srch');
    const e = await makeEmployee(t.db, {
      name: `张三${tag}`,
      email: `${tag}@Bank.example.cn`,
      departmentId: dept.id,
      positionId: pos.id,
      managerId: boss.id,
      hireDate: '2021-05-06',
    });
    for (const query of [
      { search: tag },
      { search: tag.toUpperCase() },
      { search: e.employeeNo },
      { search: 'BANK.EXAMPLE.CN', departmentId: String(dept.id) },
    ] as Record<string, string>[]) {
      const res = await admin.get(`/api/v1/employees?${new URLSearchParams(query).toString()}`);
      expect(res.body.items.map((i: { id: number }) => i.id)).toContain(e.id);
    }
    const item = (await admin.get(`/api/v1/employees?search=${tag}`)).body.items[0];
    expect(item).toEqual({
      id: e.id,
      employeeNo: e.employeeNo,
      name: `张三${tag}`,
      email: `${tag}@Bank.example.cn`,
      departmentId: dept.id,
      departmentName: '风控部',
      positionId: pos.id,
      positionName: '风控专员',
      managerId: boss.id,
      managerName: '王经理',
      hireDate: '2021-05-06',
      status: 'active',
    });
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    await makeEmployee(t.db, { name: 'abc' });
    expect((await admin.get('/api/v1/employees?search=%25')).body.total).toBe(0);
  });

  it('paginates and rejects a page size over 200', async () => {
    const dept = await makeDepartment(t.db);
    for (let i = 0; i < 3; i++) await makeEmployee(t.db, { departmentId: dept.id });
    const res = await admin.get(`/api/v1/employees?departmentId=${dept.id}&page=2&pageSize=2`);
    expect(res.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(res.body.items).toHaveLength(1);
    expect((await admin.get('/api/v1/employees?pageSize=201')).status).toBe(400);
  });
});

describe('creating and changing employees', () => {
  it('creates an employee and refuses the same employee number again', async () => {
    const dept = await makeDepartment(t.db);
    const no = unique('E');
    const res = await admin.post('/api/v1/employees', {
      employeeNo: no,
      name: '李四',
      email: 'li.si@bank.example.cn',
      departmentId: dept.id,
      hireDate: '2020-02-29',
      status: 'leave',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      employeeNo: no,
      departmentName: dept.name,
      hireDate: '2020-02-29',
      status: 'leave',
    });
    const again = await admin.post('/api/v1/employees', { employeeNo: no, name: 'X' });
    expect(again.status).toBe(409);
  });

  it('validates email, date, status and references', async () => {
    const bad = [
      { email: 'not-an-email' },
      { hireDate: '2023-02-29' },
      { status: 'retired' },
      { departmentId: 999999 },
      { positionId: 999999 },
      { managerId: 999999 },
    ];
    for (const body of bad) {
      const res = await admin.post('/api/v1/employees', { employeeNo: unique('E'), name: 'X', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('urn:xueli:problem:validation');
    }
  });

  it('refuses a manager that would close a reporting loop, naming the loop', async () => {
    const a = await makeEmployee(t.db);
    const b = await makeEmployee(t.db, { managerId: a.id });
    const c = await makeEmployee(t.db, { managerId: b.id });
    const res = await admin.patch(`/api/v1/employees/${a.id}`, { managerId: c.id });
    expect(res.status).toBe(400);
    expect(res.body.chain).toEqual([a.employeeNo, c.employeeNo, b.employeeNo, a.employeeNo]);
    expect((await admin.patch(`/api/v1/employees/${a.id}`, { managerId: a.id })).status).toBe(400);
  });

  it('terminates instead of deleting, and clears fields set to null', async () => {
    const dept = await makeDepartment(t.db);
    const e = await makeEmployee(t.db, { departmentId: dept.id, email: 'x@y.cn' });
    const res = await admin.patch(`/api/v1/employees/${e.id}`, {
      status: 'terminated',
      departmentId: null,
      email: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'terminated', departmentId: null, departmentName: null, email: null });
    expect((await admin.delete(`/api/v1/employees/${e.id}`)).status).toBe(404);
  });

  it('lets only admins create or change employees', async () => {
    const c = await t.login((await makeUser(t.db, { roles: ['manager', 'trainer'] })).username);
    const e = await makeEmployee(t.db);
    expect((await c.post('/api/v1/employees', { employeeNo: unique('E'), name: 'X' })).status).toBe(403);
    expect((await c.patch(`/api/v1/employees/${e.id}`, { name: 'X' })).status).toBe(403);
  });
});
