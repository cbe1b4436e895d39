/**
 * The derived tables of ADR 0005 (team_members, employee_learning_stats) are written only by
 * database triggers. After every kind of change to their sources — single and bulk inserts,
 * moves in the reporting line, renames, progress, due dates, deletes — they must equal a
 * recomputation from scratch.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourse, makeDepartment, makeEmployee } from '../../test/factories.ts';
import { testDatabase } from '../../test/harness.ts';
import type { Database, Db } from './client.ts';
import { employees, enrollments, trainingRecords } from './schema/index.ts';

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
afterAll(() => database.close());

const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Record<string, unknown>[];
const norm = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v))).sort();

/** team_members and employee_learning_stats as stored, and as recomputed from their sources. */
async function snapshot(ids: number[]) {
  const list = sql.raw(ids.join(','));
  const statsCols = sql`enrolled, completed, in_progress, progress_sum, open_due_dates, last_activity_at`;
  const expectedStats = sql`
    select e.id as employee_id,
           count(tr.id) filter (where tr.kind = 'online')::int as enrolled,
           count(tr.id) filter (where tr.kind = 'online' and tr.status = 'completed')::int as completed,
           count(tr.id) filter (where tr.kind = 'online' and tr.status = 'in_progress')::int as in_progress,
           coalesce(sum(tr.progress_percent) filter (where tr.kind = 'online'), 0)::int as progress_sum,
           coalesce(array_agg(en.due_date order by en.due_date)
             filter (where tr.kind = 'online' and tr.status <> 'completed' and en.due_date is not null), '{}') as open_due_dates,
           max(case when tr.kind = 'classroom' then tr.completed_at when tr.status <> 'not_started' then tr.updated_at end) as last_activity_at
    from employees e
    left join training_records tr on tr.employee_id = e.id
    left join enrollments en on en.id = tr.enrollment_id
    where e.id in (${list})
    group by e.id`;
  const stored = {
    lines: norm(rowsOf(await db.execute(sql`
      select manager_id, employee_id, depth, employee_no, name, department_id, position_id, ${statsCols}
      from team_members where employee_id in (${list}) or manager_id in (${list})`))),
    // No row yet (no records ever) reads as zeros.
    stats: norm(rowsOf(await db.execute(sql`
      select e.id as employee_id, coalesce(s.enrolled, 0) as enrolled, coalesce(s.completed, 0) as completed,
             coalesce(s.in_progress, 0) as in_progress, coalesce(s.progress_sum, 0) as progress_sum,
             coalesce(s.open_due_dates, '{}') as open_due_dates, s.last_activity_at
      from employees e left join employee_learning_stats s on s.employee_id = e.id where e.id in (${list})`))),
  };
  const expected = {
    lines: norm(rowsOf(await db.execute(sql`
      with recursive up(employee_id, manager_id, depth) as (
        select id, manager_id, 1 from employees where manager_id is not null
        union all
        select up.employee_id, m.manager_id, up.depth + 1 from up join employees m on m.id = up.manager_id where m.manager_id is not null
      ), s as (${expectedStats})
      select up.manager_id, up.employee_id, up.depth, e.employee_no, e.name, e.department_id, e.position_id, ${statsCols}
      from up join employees e on e.id = up.employee_id join s on s.employee_id = up.employee_id
      where up.employee_id in (${list}) or up.manager_id in (${list})`))),
    stats: norm(rowsOf(await db.execute(expectedStats))),
  };
  return { stored, expected };
}

async function expectInStep(ids: number[]) {
  const { stored, expected } = await snapshot(ids);
  expect(stored.stats).toEqual(expected.stats);
  expect(stored.lines).toEqual(expected.lines);
}

describe('derived tables kept in step by triggers', () => {
  it('follow inserts, moves, renames, progress, due dates and deletes', async () => {
    const a = await makeEmployee(db);
    const b = await makeEmployee(db, { managerId: a.id });
    const c = await makeEmployee(db, { managerId: a.id });
    const d = await makeEmployee(db, { managerId: b.id });
    // Several rows in one statement (as the CSV import writes them).
    const many = await db
      .insert(employees)
      .values([0, 1, 2].map((i) => ({ employeeNo: `DRV-${a.id}-${i}`, name: `派生 ${i}`, managerId: d.id })))
      .returning();
    const f = many[0]!;
    const ids = () => [a, b, c, d, ...many].map((x) => x.id);
    await expectInStep(ids());
    const depths = rowsOf(await db.execute(sql`select depth from team_members where manager_id = ${a.id} and employee_id = ${f.id}`));
    expect(depths).toEqual([{ depth: 3 }]);

    // Learning: enrolments with records, due dates, progress, a classroom record.
    const { course } = await makeCourse(db, { modules: 2 });
    const { course: course2 } = await makeCourse(db, { modules: 2 });
    const ens = await db
      .insert(enrollments)
      .values([
        { courseId: course.id, employeeId: f.id, source: 'assigned', dueDate: '2020-01-01' },
        { courseId: course2.id, employeeId: f.id, source: 'assigned', dueDate: '2999-01-01' },
        { courseId: course.id, employeeId: d.id, source: 'self' },
      ])
      .returning();
    await db.insert(trainingRecords).values(
      ens.map((en) => ({ employeeId: en.employeeId, kind: 'online' as const, enrollmentId: en.id, courseId: en.courseId })),
    );
    await expectInStep(ids());
    await db
      .update(trainingRecords)
      .set({ status: 'in_progress', progressPercent: 50, startedAt: new Date(), updatedAt: new Date('2026-01-02T03:04:05Z') })
      .where(eq(trainingRecords.enrollmentId, ens[0]!.id));
    await db.update(enrollments).set({ dueDate: '2021-06-01' }).where(eq(enrollments.id, ens[1]!.id));
    await db.insert(trainingRecords).values({
      employeeId: d.id, kind: 'classroom', title: '线下', status: 'completed', progressPercent: 100, completedAt: new Date('2026-02-03T00:00:00Z'),
    });
    await expectInStep(ids());
    const [fStats] = rowsOf(await db.execute(sql`select open_due_dates::text as due from employee_learning_stats where employee_id = ${f.id}`));
    expect(fStats).toEqual({ due: '{2020-01-01,2021-06-01}' });

    // Moves and renames.
    await db.update(employees).set({ managerId: c.id }).where(eq(employees.id, d.id));
    const dept = await makeDepartment(db);
    await db.update(employees).set({ name: '改名', departmentId: dept.id }).where(eq(employees.id, f.id));
    await expectInStep(ids());
    expect(rowsOf(await db.execute(sql`select count(*)::int as n from team_members where manager_id = ${b.id}`))).toEqual([{ n: 0 }]);
    expect(rowsOf(await db.execute(sql`select count(*)::int as n from team_members where manager_id = ${c.id}`))).toEqual([{ n: 4 }]);

    // Deletes: an enrolment (its record goes with it), then a manager (reports lose their manager).
    await db.delete(enrollments).where(eq(enrollments.id, ens[0]!.id));
    await db.update(trainingRecords).set({ status: 'completed', progressPercent: 100 }).where(eq(trainingRecords.enrollmentId, ens[1]!.id));
    await expectInStep(ids());
    await db.delete(employees).where(eq(employees.id, c.id));
    const left = ids().filter((id) => id !== c.id);
    await expectInStep(left);
    expect(rowsOf(await db.execute(sql`select count(*)::int as n from team_members where manager_id = ${c.id} or employee_id = ${c.id}`))).toEqual([{ n: 0 }]);
    expect(rowsOf(await db.execute(sql`select count(*)::int as n from employee_learning_stats where employee_id = ${c.id}`))).toEqual([{ n: 0 }]);
    const orphaned = await db.select({ managerId: employees.managerId }).from(employees).where(inArray(employees.id, [d.id]));
    expect(orphaned).toEqual([{ managerId: null }]);
  });
});
