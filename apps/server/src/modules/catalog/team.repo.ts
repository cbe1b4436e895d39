/**
 * The manager's team view: per-employee learning counts over a scope, in ONE aggregate
 * query. The scope is a subquery (the reporting line walks employees_manager_idx), the
 * per-member aggregate reads training_records through training_records_employee_idx (each
 * online record joins its enrolment by primary key for the due date), and window functions
 * give the whole-scope totals before LIMIT/OFFSET cut the page.
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
  id: number;
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
  const result = await db.execute(sql`
    with members as (
      select e.id, e.employee_no, e.name, e.department_id, e.position_id
      from employees e
      where ${teamCondition(q.scope)} and ${dept}
        and ${pattern ? sql`(e.name ilike ${pattern} or e.employee_no ilike ${pattern})` : sql`true`}
    ),
    stats as (
      select tr.employee_id,
             count(*) filter (where tr.kind = 'online')::int as enrolled,
             count(*) filter (where tr.kind = 'online' and tr.status = 'completed')::int as completed,
             count(*) filter (where tr.kind = 'online' and tr.status = 'in_progress')::int as in_progress,
             count(*) filter (where tr.kind = 'online' and tr.status <> 'completed' and en.due_date < ${today}::date)::int as overdue,
             coalesce(sum(tr.progress_percent) filter (where tr.kind = 'online'), 0)::int as progress_sum,
             max(case when tr.kind = 'classroom' then tr.completed_at
                      when tr.status <> 'not_started' then tr.updated_at end) as last_activity_at
      from training_records tr
      left join enrollments en on en.id = tr.enrollment_id
      where tr.employee_id in (select id from members)
      group by tr.employee_id
    )
    select m.id, m.employee_no, m.name, d.name as department_name, p.name as position_name,
           coalesce(s.enrolled, 0) as enrolled,
           coalesce(s.completed, 0) as completed,
           coalesce(s.in_progress, 0) as in_progress,
           coalesce(s.overdue, 0) as overdue,
           case when coalesce(s.enrolled, 0) = 0 then 0 else round(s.progress_sum::numeric / s.enrolled)::int end as avg_progress,
           s.last_activity_at,
           (count(*) over ())::int as t_employees,
           (sum(coalesce(s.enrolled, 0)) over ())::int as t_enrolled,
           (sum(coalesce(s.completed, 0)) over ())::int as t_completed,
           (sum(coalesce(s.in_progress, 0)) over ())::int as t_in_progress,
           (sum(coalesce(s.overdue, 0)) over ())::int as t_overdue,
           coalesce(round(sum(coalesce(s.progress_sum, 0)) over ()::numeric
                          / nullif(sum(coalesce(s.enrolled, 0)) over (), 0)), 0)::int as t_avg_progress
    from members m
    left join stats s on s.employee_id = m.id
    left join departments d on d.id = m.department_id
    left join positions p on p.id = m.position_id
    order by m.name, m.id
    limit ${limit} offset ${offset}`);
  return rowsOf<RawRow>(result);
}

const emptyTotals: TeamTotals = { employees: 0, enrolled: 0, completed: 0, inProgress: 0, overdue: 0, avgProgress: 0 };

/** One page of the team and the totals over the whole filtered scope. `today` is YYYY-MM-DD. */
export async function teamProgressPage(db: Db, q: TeamQuery, today: string): Promise<{ rows: TeamRow[]; totals: TeamTotals }> {
  let raw = await run(db, q, today, q.pageSize, (q.page - 1) * q.pageSize);
  const rows = raw.map(
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
  // A page past the end has no rows to carry the window totals: ask for the first row.
  if (raw.length === 0 && q.page > 1) raw = await run(db, q, today, 1, 0);
  const t = raw[0];
  const totals: TeamTotals = t
    ? {
        employees: Number(t.t_employees),
        enrolled: Number(t.t_enrolled),
        completed: Number(t.t_completed),
        inProgress: Number(t.t_in_progress),
        overdue: Number(t.t_overdue),
        avgProgress: Number(t.t_avg_progress),
      }
    : emptyTotals;
  return { rows, totals };
}
