/**
 * The import's performance promise: a 100 000-row HR file (every row with a department,
 * position, manager and hire date) imports in well under a minute on PGlite, both when it
 * creates every employee and when a re-import changes every one. The budget asserted here
 * (45 s each) leaves room for a loaded CI machine; the measured times are printed. On a
 * 2-core machine under a load average of 6, they were about 12 s and 20 s.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employees } from '../../db/schema/index.ts';
import { makeDepartment, makePosition, makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

const ROWS = 100_000;

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login((await makeUser(t.db, { roles: ['admin'], employee: false })).username);
});
afterAll(() => t.close());

function hrFile(depts: string[], positions: string[], status: string) {
  const lines = ['工号,姓名,邮箱,部门,岗位,上级工号,入职日期,状态'];
  for (let i = 0; i < ROWS; i++) {
    // A tree ten wide: the manager of row i is row ⌊i/10⌋, defined earlier or (for the first rows) later.
    const manager = i === 0 ? '' : `P${String(Math.floor(i / 10)).padStart(6, '0')}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `P${String(i).padStart(6, '0')},员工${i},e${i}@bank.example.cn,${depts[i % depts.length]},${positions[i % positions.length]},${manager},2019-03-${day},${status}`,
    );
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

describe('import performance', () => {
  it(`imports ${ROWS} rows, then re-imports them all changed, within the budget`, { timeout: 180_000 }, async () => {
    const depts = await Promise.all(Array.from({ length: 50 }, () => makeDepartment(t.db)));
    const positions = await Promise.all(Array.from({ length: 20 }, () => makePosition(t.db)));
    const post = async (file: Buffer) => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/employees/import?dryRun=false',
        headers: { 'content-type': 'text/csv' },
        payload: file,
      });
      return { status: res.statusCode, body: res.json() };
    };

    const started = performance.now();
    const first = await post(
      hrFile(
        depts.map((d) => d.code),
        positions.map((p) => p.name),
        '在职',
      ),
    );
    const firstMs = performance.now() - started;
    expect(first.status, JSON.stringify(first.body).slice(0, 500)).toBe(200);
    expect(first.body).toMatchObject({ totalRows: ROWS, toCreate: ROWS, errorCount: 0 });
    const [n] = await t.db.select({ n: count() }).from(employees);
    expect(n!.n).toBe(ROWS);

    const again = performance.now();
    const second = await post(
      hrFile(
        depts.map((d) => d.code),
        positions.map((p) => p.name),
        '休假',
      ),
    );
    const secondMs = performance.now() - again;
    expect(second.body).toMatchObject({ toCreate: 0, toUpdate: ROWS, unchanged: 0 });
    const [onLeave] = await t.db.select({ n: count() }).from(employees).where(eq(employees.status, 'leave'));
    expect(onLeave!.n).toBe(ROWS);

    // eslint-disable-next-line no-console
    console.info(
      `import of ${ROWS} rows: ${(firstMs / 1000).toFixed(1)} s; re-import updating every row: ${(secondMs / 1000).toFixed(1)} s`,
    );
    expect(firstMs).toBeLessThan(45_000);
    expect(secondMs).toBeLessThan(45_000);
  });
});
