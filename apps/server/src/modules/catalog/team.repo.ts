/**
 * The manager's team view: per-employee learning counts over a scope, in ONE aggregate
 * query. The scope is a materialised subquery (the reporting line walks
 * employees_manager_idx). LIMIT/OFFSET pick the page of members by name first; only those
 * get per-member counts, each a LATERAL aggregate over training_records_employee_idx (online
 * records look up their enrolment's due date by primary key). The whole-scope totals are
 * one ungrouped aggregate over the scope's records. So the work grows with the team, not the
 * organisation. Measured on PostgreSQL 15 (2 cores) with 100,000 employees and 310,000
 * records: a 500-person line answers in about 10 ms.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { reportingLineIds, type EmployeeScope } from '../org/policy.ts';
import { containsPattern, isoOf, rowsOf } from './sql.ts';

export interface TeamQuery {
  scope: EmployeeScope;
  search?: string | undefined;
  /** Includes its sub-departments. */
  departmentId?: number | undefined;
  page: number;
  pageSize: number;
}

export interface TeamRow {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentName: string | null;
  positionName: string | null;
  enrolled: number;
  completed: number;
  inProgress: number;
  overdue: number;
  avgProgress: number;
  lastActivityAt: string | null;
}

export interface TeamTotals {
  employees: number;
  enrolled: number;
  completed: number;
  inProgress: number;
  overdue: number;
  avgProgress: number;
}

/**
 * Which employees the team view covers: a manager's reporting line (their reports, not
 * themselves: this is the view of their team), everyone for `all`, nobody otherwise.
 */
function teamCondition(scope: EmployeeScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'line':
      return sql`e.id in ${reportingLineIds(scope.managerEmployeeId)}`;
    default:
      return sql`false`;
  }
}

interface RawRow {
  /** Null on the lone totals row of an empty page. */
  id: number | null;
  employee_no: string;
  name: string;
  department_name: string | null;
  position_name: string | null;
  enrolled: number;
  completed: number;
  in_progress: number;
  overdue: number;
  avg_progress: number;
  last_activity_at: unknown;
  t_employees: number;
  t_enrolled: number;
  t_completed: number;
  t_in_progress: number;
  t_overdue: number;
  t_avg_progress: number;
}

async function run(db: Db, q: TeamQuery, today: string, limit: number, offset: number): Promise<RawRow[]> {
  const pattern = containsPattern(q.search);
  const dept =
    q.departmentId == null
      ? sql`true`
      : sql`e.department_id in (
          with recursive sub(id) as (
            select id from departments where id = ${q.departmentId}
            union select d.id from departments d join sub on d.parent_id = sub.id
          ) select id from sub)`;
  // Every record belongs to an employee: counting the whole organisation needs no filter,
  // and is one hash join with enrollments (for due dates). For a team, the due date is a
  // lookup by primary key per record instead: the planner misjudges the size of a reporting
  // line and would otherwise hash-join the whole enrollments table.
  const wholeOrganisation = q.scope.kind === 'all' && !pattern && q.departmentId == null;
  const recordsJoin = (all: boolean) =>
    all ? sql`training_records tr left join enrollments en on en.id = tr.enrollment_id` : sql`training_records tr`;
  const dueDate = (all: boolean) =>
    all ? sql`en.due_date` : sql`(select en.due_date from enrollments en where en.id = tr.enrollment_id)`;
  const counts = (all: boolean) => sql`
      count(*) filter (where tr.kind = 'online')::int as enrolled,
      count(*) filter (where tr.kind = 'online' and tr.status = 'completed')::int as completed,
      count(*) filter (where tr.kind = 'online' and tr.status = 'in_progress')::int as in_progress,
      count(*) filter (where tr.kind = 'online' and tr.status <> 'completed' and ${dueDate(all)} < ${today}::date)::int as overdue,
      coalesce(sum(tr.progress_percent) filter (where tr.kind = 'online'), 0)::int as progress_sum`;
  const query = sql`
    with members as materialized (
      select e.id, e.employee_no, e.name, e.department_id, e.position_id
      from employees e
      where ${teamCondition(q.scope)} and ${dept}
        and ${pattern ? sql`(e.name ilike ${pattern} or e.employee_no ilike ${pattern})` : sql`true`}
    ),
    totals as (
      select (select count(*) from members)::int as employees, ${counts(wholeOrganisation)}
      from ${recordsJoin(wholeOrganisation)}
      where ${wholeOrganisation ? sql`true` : sql`tr.employee_id in (select id from members)`}
    ),
    page as (
      select m.id, m.employee_no, m.name, d.name as department_name, p.name as position_name,
             s.enrolled, s.completed, s.in_progress, s.overdue,
             case when s.enrolled = 0 then 0 else round(s.progress_sum::numeric / s.enrolled)::int end as avg_progress,
             s.last_activity_at
      from (select * from members order by name, id limit ${limit} offset ${offset}) m
      cross join lateral (
        select ${counts(false)},
               max(case when tr.kind = 'classroom' then tr.completed_at
                        when tr.status <> 'not_started' then tr.updated_at end) as last_activity_at
        from ${recordsJoin(false)}
        where tr.employee_id = m.id
      ) s
      left join departments d on d.id = m.department_id
      left join positions p on p.id = m.position_id
    )
    select page.*,
           t.employees as t_employees, t.enrolled as t_enrolled, t.completed as t_completed,
           t.in_progress as t_in_progress, t.overdue as t_overdue,
           case when t.enrolled = 0 then 0 else round(t.progress_sum::numeric / t.enrolled)::int end as t_avg_progress
    from totals t left join page on true
    order by page.name, page.id`;
  // JIT is off for the pool's connections (db/client.ts): the planner cannot estimate the
  // recursive reporting line, and its cost guesses would trigger JIT compilation here.
  return rowsOf<RawRow>(await db.execute(query));
}

/** One page of the team and the totals over the whole filtered scope. `today` is YYYY-MM-DD. */
export async function teamProgressPage(db: Db, q: TeamQuery, today: string): Promise<{ rows: TeamRow[]; totals: TeamTotals }> {
  const raw = await run(db, q, today, q.pageSize, (q.page - 1) * q.pageSize);
  const rows = raw
    .filter((r) => r.id != null)
    .map(
      (r): TeamRow => ({
        employeeId: Number(r.id),
        employeeNo: r.employee_no,
        name: r.name,
        departmentName: r.department_name,
        positionName: r.position_name,
        enrolled: Number(r.enrolled),
        completed: Number(r.completed),
        inProgress: Number(r.in_progress),
        overdue: Number(r.overdue),
        avgProgress: Number(r.avg_progress),
        lastActivityAt: isoOf(r.last_activity_at),
      }),
    );
  // The totals row is always there (a page past the end has one row with no member).
  const t = raw[0];
  const totals: TeamTotals = {
    employees: Number(t?.t_employees ?? 0),
    enrolled: Number(t?.t_enrolled ?? 0),
    completed: Number(t?.t_completed ?? 0),
    inProgress: Number(t?.t_in_progress ?? 0),
    overdue: Number(t?.t_overdue ?? 0),
    avgProgress: Number(t?.t_avg_progress ?? 0),
  };
  return { rows, totals };
}
