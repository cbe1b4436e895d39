import { describe, expect, it } from 'vitest';
import { parseEmployeeCsv } from './parse.ts';
import { managersFirst, planImport, type ExistingEmployee, type ImportReference } from './plan.ts';

const employee = (over: Partial<ExistingEmployee> & Pick<ExistingEmployee, 'id' | 'employeeNo'>): ExistingEmployee => ({
  name: over.employeeNo,
  email: null,
  departmentId: null,
  positionId: null,
  managerId: null,
  hireDate: null,
  status: 'active',
  ...over,
});

const ref = (employees: ExistingEmployee[] = []): ImportReference => ({
  departments: [
    { id: 1, code: 'RISK', name: '风控部', nameEn: 'Risk' },
    { id: 2, code: 'OPS', name: '运营部', nameEn: null },
    { id: 3, code: 'OPS-BJ', name: '运营部', nameEn: null },
  ],
  positions: [{ id: 7, code: 'TELLER', name: '柜员', nameEn: 'Teller' }],
  employees,
});

const plan = (csv: string, employees: ExistingEmployee[] = []) => planImport(parseEmployeeCsv(csv), ref(employees));
const messages = (csv: string, employees: ExistingEmployee[] = []) => plan(csv, employees).errors.map((e) => e.message);

describe('planning an import', () => {
  it('resolves departments and positions by code, name or English name', () => {
    const p = plan('工号,姓名,部门,岗位\nE1,A,RISK,柜员\nE2,B,风控部,teller\nE3,C,risk,TELLER\n');
    expect(p.errors).toEqual([]);
    expect(p.creates.map((d) => [d.departmentId, d.positionId])).toEqual([
      [1, 7],
      [1, 7],
      [1, 7],
    ]);
  });

  it('reports an unknown department, and an ambiguous name with the codes to use', () => {
    expect(messages('工号,姓名,部门\nE1,A,风控部X\nE2,B,运营部\n')).toEqual([
      "line 2: department '风控部X' does not exist",
      "line 3: department '运营部' is ambiguous (codes OPS, OPS-BJ); use the code",
    ]);
  });

  it('collects every problem of every row', () => {
    const errors = plan('工号,姓名,邮箱,入职日期,状态\n,A,,,\nE2,,bad-mail,2023-02-30,retired\n').errors;
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'employeeNo'],
      [3, 'name'],
      [3, 'email'],
      [3, 'hireDate'],
      [3, 'status'],
    ]);
  });

  it('reports a repeated employee number on its later line', () => {
    expect(messages('工号,姓名\nE1,A\nE2,B\nE1,C\n')).toEqual([
      "line 4: employee number 'E1' already appears on line 2",
    ]);
  });

  it('accepts a manager defined later in the file or already in the database', () => {
    const p = plan('工号,姓名,上级工号\nE1,A,E2\nE2,B,M0\n', [employee({ id: 5, employeeNo: 'M0' })]);
    expect(p.errors).toEqual([]);
    expect(p.creates.map((d) => [d.employeeNo, d.managerNo])).toEqual([
      ['E2', 'M0'],
      ['E1', 'E2'],
    ]);
  });

  it('rejects an unknown manager and a self-manager', () => {
    expect(messages('工号,姓名,上级工号\nE1,A,NOPE\nE2,B,E2\n')).toEqual([
      "line 2: manager 'NOPE' does not exist in the database or in this file",
      "line 3: employee 'E2' cannot be their own manager",
    ]);
  });

  it('rejects a reporting cycle within the file, blaming every row on it', () => {
    expect(messages('工号,姓名,上级工号\nE1,A,E2\nE2,B,E3\nE3,C,E1\nE4,D,E1\n')).toEqual([
      "line 2: manager 'E2' would create a reporting cycle: E1 → E2 → E3 → E1",
      "line 3: manager 'E3' would create a reporting cycle: E2 → E3 → E1 → E2",
      "line 4: manager 'E1' would create a reporting cycle: E3 → E1 → E2 → E3",
    ]);
  });

  it('rejects a cycle closed by the file through managers already in the database', () => {
    // In the database M2 reports to M1; the file makes M1 report to M2.
    const existing = [employee({ id: 1, employeeNo: 'M1' }), employee({ id: 2, employeeNo: 'M2', managerId: 1 })];
    expect(messages('工号,姓名,上级工号\nM1,M1,M2\n', existing)).toEqual([
      "line 2: manager 'M2' would create a reporting cycle: M1 → M2 → M1",
    ]);
  });

  it('accepts a file that breaks a database chain the other way round', () => {
    const existing = [employee({ id: 1, employeeNo: 'M1' }), employee({ id: 2, employeeNo: 'M2', managerId: 1 })];
    const p = plan('工号,姓名,上级工号\nM2,M2,\nM1,M1,M2\n', existing);
    expect(p.errors).toEqual([]);
    expect(p.updates.map((u) => [u.employeeNo, u.managerNo])).toEqual([
      ['M2', null],
      ['M1', 'M2'],
    ]);
  });

  it('sorts valid rows into creates, updates and unchanged', () => {
    const existing = [
      employee({ id: 1, employeeNo: 'E1', name: 'A', departmentId: 1 }),
      employee({ id: 2, employeeNo: 'E2', name: 'B', departmentId: 1 }),
    ];
    const p = plan('employeeNo,name,department\nE1,A,RISK\nE2,B2,RISK\nE3,C,OPS\n', existing);
    expect([p.creates.length, p.updates.length, p.unchanged]).toEqual([1, 1, 1]);
    expect(p.updates[0]).toMatchObject({ id: 2, name: 'B2' });
  });

  it('leaves attributes whose column is absent as they are, and clears those with a blank cell', () => {
    const existing = [
      employee({ id: 1, employeeNo: 'E1', name: 'A', departmentId: 1, email: 'a@x.cn', status: 'leave' }),
    ];
    const p = plan('employeeNo,name,email,status\nE1,A,,\n', existing);
    expect(p.updates[0]).toMatchObject({ departmentId: 1, email: null, status: 'leave' });
  });

  it('counts rows with errors in totalRows but not in the plan', () => {
    const p = plan('工号,姓名,部门\nE1,A,RISK\nE2,B,NOPE\n');
    expect([p.totalRows, p.creates.length]).toEqual([2, 1]);
  });

  it('orders new employees so that a new manager is written before their reports', () => {
    const p = plan('工号,姓名,上级工号\nA,A,B\nX,X,\nB,B,C\nC,C,M0\nD,D,A\n', [employee({ id: 5, employeeNo: 'M0' })]);
    const order = p.creates.map((d) => d.employeeNo);
    expect(order).toHaveLength(5);
    for (const d of p.creates) {
      if (d.managerNo && d.managerNo !== 'M0')
        expect(order.indexOf(d.managerNo)).toBeLessThan(order.indexOf(d.employeeNo));
    }
  });

  it('keeps a long chain in manager-first order without recursion', () => {
    const n = 50_000;
    const drafts = Array.from({ length: n }, (_, i) => ({
      employeeNo: `E${i}`,
      name: 'x',
      email: null,
      departmentId: null,
      positionId: null,
      hireDate: null,
      status: 'active' as const,
      managerNo: i + 1 < n ? `E${i + 1}` : null,
    }));
    const order = managersFirst(drafts);
    expect(order[0]!.employeeNo).toBe(`E${n - 1}`);
    expect(order[n - 1]!.employeeNo).toBe('E0');
  });
});
