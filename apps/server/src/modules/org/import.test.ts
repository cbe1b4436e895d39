import { desc, eq, inArray } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, employees } from '../../db/schema/index.ts';
import { makeDepartment, makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp({ XUELI_MAX_UPLOAD_MB: '1' });
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
});
afterAll(() => t.close());

/** A multipart/form-data body with one file part, as a browser sends it. */
function multipart(bytes: Buffer, field = 'file') {
  const boundary = `----xueli${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="employees.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

async function upload(bytes: Buffer, opts: { dryRun: boolean; as?: 'multipart' | 'csv'; client?: Client }) {
  const body = opts.as === 'csv' ? { headers: { 'content-type': 'text/csv' }, payload: bytes } : multipart(bytes);
  const res = await (opts.client ?? admin).request({
    method: 'POST',
    url: `/api/v1/employees/import?dryRun=${opts.dryRun}`,
    ...body,
  });
  return { status: res.statusCode, body: res.json() };
}

const utf8 = (s: string, bom = false) => Buffer.from(bom ? `\uFEFF${s}` : s, 'utf8');

const byNo = async (nos: string[]) => {
  const rows = await t.db.select().from(employees).where(inArray(employees.employeeNo, nos));
  return new Map(rows.map((r) => [r.employeeNo, r]));
};

describe('employee CSV import', () => {
  it('imports a UTF-8 file with a BOM and Chinese headers, resolving departments, positions and managers', async () => {
    const dept = await makeDepartment(t.db, { name: unique('风控部') });
    const pos = await makePosition(t.db);
    const [boss, a, b] = [unique('E'), unique('E'), unique('E')];
    const csv = [
      '工号,姓名,邮箱,部门,岗位,上级工号,入职日期,状态',
      `${boss},王经理,wang@bank.example.cn,${dept.name},${pos.code},,2015/3/1,在职`,
      `${a},张三,,${dept.code},${pos.name},${boss},2020年7月15日,休假`,
      `${b},李四,li@bank.example.cn,,,${boss},2021-01-04,离职`,
    ].join('\r\n');

    const dry = await upload(utf8(csv, true), { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      dryRun: true,
      totalRows: 3,
      toCreate: 3,
      toUpdate: 0,
      unchanged: 0,
      errors: [],
      errorCount: 0,
    });
    expect((await byNo([boss, a, b])).size).toBe(0);

    const res = await upload(utf8(csv, true), { dryRun: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, toCreate: 3 });
    const rows = await byNo([boss, a, b]);
    expect(rows.get(boss)).toMatchObject({
      name: '王经理',
      departmentId: dept.id,
      positionId: pos.id,
      managerId: null,
      hireDate: '2015-03-01',
      status: 'active',
    });
    expect(rows.get(a)).toMatchObject({
      email: null,
      managerId: rows.get(boss)!.id,
      hireDate: '2020-07-15',
      status: 'leave',
    });
    expect(rows.get(b)).toMatchObject({ departmentId: null, status: 'terminated' });

    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'employee.import'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry!.details).toMatchObject({ totalRows: 3, created: 3, updated: 0, unchanged: 0, encoding: 'utf-8' });
  });

  it('imports a GBK-encoded file sent as a raw text/csv body', async () => {
    const dept = await makeDepartment(t.db, { name: unique('运营部') });
    const no = unique('G');
    const csv = `员工编号,姓名,部门,状态\r\n${no},赵六,${dept.name},在职\r\n`;
    const res = await upload(iconv.encode(csv, 'gbk'), { dryRun: false, as: 'csv' });
    expect(res.status).toBe(200);
    expect(res.body.toCreate).toBe(1);
    expect((await byNo([no])).get(no)).toMatchObject({ name: '赵六', departmentId: dept.id });
  });

  it('imports a file with English headers in any spelling', async () => {
    const no = unique('EN');
    const csv = `Employee No,NAME,e-mail,Hire_Date,Status\n${no},Alice Chen,alice@bank.example.com,2022-09-01,Active\n`;
    const res = await upload(utf8(csv), { dryRun: false });
    expect(res.status).toBe(200);
    expect((await byNo([no])).get(no)).toMatchObject({
      name: 'Alice Chen',
      email: 'alice@bank.example.com',
      hireDate: '2022-09-01',
    });
  });

  it('lists every bad row of a dry run with the file line where it starts', async () => {
    const dept = await makeDepartment(t.db);
    const [e1, e2, e3, e4, e5, e6] = Array.from({ length: 6 }, () => unique('L'));
    const csv = [
      '工号,姓名,邮箱,部门,上级工号,入职日期,状态', //                         line 1
      `${e1},"张三`, //                                                       line 2: a quoted name…
      `（外派）",zs@bank.example.cn,${dept.code},,2020-01-01,在职`, //        line 3: …that spans two lines
      `${e2},李四,not-an-email,风控部X,,2020-02-30,退休`, //                   line 4
      `${e3},王五,,,${e3},,`, //                                               line 5
      `${e1},重复,,,,,`, //                                                    line 6
      `,无工号,,,,,`, //                                                       line 7
      `${e4},"备注,""引号""",,,NOBODY,,`, //                                   line 8
      `${e5},甲,,,${e6},,`, //                                                 line 9
      `${e6},乙,,,${e5},,`, //                                                 line 10
    ].join('\n');
    const res = await upload(utf8(csv), { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalRows: 8, toCreate: 1 });
    expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [4, 'email'],
      [4, 'department'],
      [4, 'hireDate'],
      [4, 'status'],
      [5, 'manager'],
      [6, 'employeeNo'],
      [7, 'employeeNo'],
      [8, 'manager'],
      [9, 'manager'],
      [10, 'manager'],
    ]);
    const messages = res.body.errors.map((e: { message: string }) => e.message);
    expect(messages).toContain("line 4: department '风控部X' does not exist");
    expect(messages).toContain(`line 6: employee number '${e1}' already appears on line 2`);
    expect(messages).toContain(`line 9: manager '${e6}' would create a reporting cycle: ${e5} → ${e6} → ${e5}`);
    expect(res.body.errorCount).toBe(10);
  });

  it('writes nothing when one row of a real run is bad, and answers 422 with the errors', async () => {
    const [good1, good2] = [unique('A'), unique('A')];
    const csv = `employeeNo,name,hireDate\n${good1},Good One,2020-01-01\n${good2},Good Two,2020-13-01\n`;
    const res = await upload(utf8(csv), { dryRun: false });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:xueli:problem:import-invalid');
    expect(res.body.errors).toEqual([
      {
        line: 3,
        field: 'hireDate',
        value: '2020-13-01',
        message: "line 3: hireDate '2020-13-01' is not a valid date (use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)",
      },
    ]);
    expect((await byNo([good1, good2])).size).toBe(0);
  });

  it('updates an existing employee on re-import and counts unchanged rows', async () => {
    const dept = await makeDepartment(t.db);
    const existing = await makeEmployee(t.db, { name: '旧名字', email: 'old@bank.example.cn', hireDate: '2010-01-01' });
    const same = await makeEmployee(t.db, { name: '不变', status: 'leave' });
    const csv = `工号,姓名,部门,状态\n${existing.employeeNo},新名字,${dept.code},离职\n${same.employeeNo},不变,,休假\n`;
    const res = await upload(utf8(csv), { dryRun: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ toCreate: 0, toUpdate: 1, unchanged: 1 });
    const rows = await byNo([existing.employeeNo]);
    // Columns absent from the file (email, hire date) are left as they were.
    expect(rows.get(existing.employeeNo)).toMatchObject({
      id: existing.id,
      name: '新名字',
      departmentId: dept.id,
      status: 'terminated',
      email: 'old@bank.example.cn',
      hireDate: '2010-01-01',
    });
    expect(rows.get(existing.employeeNo)!.updatedAt.getTime()).toBeGreaterThan(existing.updatedAt.getTime());
  });

  it('links a manager who appears later in the same file', async () => {
    const existing = await makeEmployee(t.db);
    const [report, boss] = [unique('R'), unique('B')];
    const csv = `工号,姓名,直属上级\n${report},下属,${boss}\n${existing.employeeNo},${existing.name},${boss}\n${boss},上司,\n`;
    const res = await upload(utf8(csv), { dryRun: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ toCreate: 2, toUpdate: 1 });
    const rows = await byNo([report, boss, existing.employeeNo]);
    expect(rows.get(report)!.managerId).toBe(rows.get(boss)!.id);
    expect(rows.get(existing.employeeNo)!.managerId).toBe(rows.get(boss)!.id);
  });

  it('refuses a file with unknown or missing columns as a whole', async () => {
    const res = await upload(utf8('工号,姓名,工资\nE1,A,100\n'), { dryRun: true });
    expect(res.body.errors).toEqual([
      { line: 1, field: null, value: '工资', message: "line 1: unknown column '工资'" },
    ]);
    const missing = await upload(utf8('name\nA\n'), { dryRun: false });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].message).toBe('line 1: required column missing: employeeNo');
  });

  it('refuses other content types, a wrong field name, too large a file, and non-admins', async () => {
    const json = await admin.request({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(json.statusCode).toBe(415);
    const wrongField = multipart(utf8('工号,姓名\n'), 'upload');
    expect((await admin.request({ method: 'POST', url: '/api/v1/employees/import', ...wrongField })).statusCode).toBe(
      400,
    );
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    expect((await upload(big, { dryRun: true })).status).toBe(413);
    expect((await upload(big, { dryRun: true, as: 'csv' })).status).toBe(413);
    const manager = await t.login((await makeUser(t.db, { roles: ['manager', 'trainer'] })).username);
    expect((await upload(utf8('工号,姓名\n'), { dryRun: true, client: manager })).status).toBe(403);
  });

  it('offers a template in Chinese (with a BOM for Excel) and in English that imports cleanly', async () => {
    const zh = await admin.request({ method: 'GET', url: '/api/v1/employees/import/template?lang=zh' });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toMatch(/^text\/csv/);
    expect(zh.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
    expect(zh.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(zh.body).toContain('工号,姓名,邮箱,部门,岗位,上级工号,入职日期,状态');
    const en = await admin.request({ method: 'GET', url: '/api/v1/employees/import/template?lang=en' });
    expect(en.body.trim()).toBe('employeeNo,name,email,department,position,managerNo,hireDate,status');
    const check = await upload(en.rawPayload, { dryRun: true });
    expect(check.body).toMatchObject({ totalRows: 0, errors: [] });
  });
});
