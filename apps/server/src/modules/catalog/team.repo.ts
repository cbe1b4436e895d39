/**
 * The manager's team view: per-employee learning counts over a scope, in ONE query that reads
 * derived tables (ADR 0005) instead of aggregating training records per request:
 *   team_members             a manager's whole line with each member's counters; the covering
 *                            index (manager_id, name, employee_id) gives the page in name order
 *                            and the totals, both as index-only range scans;
 *   employee_learning_stats  the same counters per employee, for the whole-organisation view.
 * Database triggers keep both in step with employees, training_records and enrollments.
 * Overdue depends on the day, so it is counted from the stored due dates of unfinished
 * enrolments at read time. The work grows with the team, not the organisation.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { EmployeeScope } from '../org/policy.ts';
import { executeNamed } from '../../db/prepared.ts';
import { containsPattern } from './sql.ts';

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
  /** ISO-8601 (UTC) text, or null. */
  last_activity_at: string | null;
  t_employees: number;
  t_enrolled: number;
  t_completed: number;
  t_in_progress: number;
  t_overdue: number;
  t_avg_progress: number;
}

/**
 * The members of the scope, each with their counters (the same columns from either source):
 * a manager's reporting line from team_members alone, everyone from employees and their stats.
 */
function membersQuery(scope: EmployeeScope, filter: SQL): SQL {
  switch (scope.kind) {
    case 'line':
      return sql`
        select m.employee_id as id, m.employee_no, m.name, m.department_id, m.position_id, m.enrolled, m.completed,
               m.in_progress, m.progress_sum, m.open_due_dates, m.last_activity_at
        from team_members m where m.manager_id = ${scope.managerEmployeeId} and ${filter}`;
    case 'all':
      return sql`
        select m.id, m.employee_no, m.name, m.department_id, m.position_id, coalesce(s.enrolled, 0) as enrolled,
               coalesce(s.completed, 0) as completed, coalesce(s.in_progress, 0) as in_progress,
               coalesce(s.progress_sum, 0) as progress_sum, coalesce(s.open_due_dates, '{}') as open_due_dates, s.last_activity_at
        from employees m left join employee_learning_stats s on s.employee_id = m.id where ${filter}`;
    default:
      // Not a manager of anyone: the team view is empty.
      return sql`
        select m.id, m.employee_no, m.name, m.department_id, m.position_id, 0 as enrolled, 0 as completed, 0 as in_progress,
               0 as progress_sum, '{}'::date[] as open_due_dates, null::timestamptz as last_activity_at
        from employees m where false`;
  }
}

/**
 * Overdue enrolments among the ascending due dates `d` on `today`, without unnesting the
 * common cases (none, none due yet, all overdue).
 */
const overdueOf = (d: SQL, today: string) => sql`case
  when cardinality(${d}) = 0 or ${d}[1] >= ${today}::date then 0
  when ${d}[cardinality(${d})] < ${today}::date then cardinality(${d})
  else (select count(*)::int from unnest(${d}) x where x < ${today}::date) end`;

async function run(db: Db, q: TeamQuery, today: string, limit: number, offset: number): Promise<RawRow[]> {
  const pattern = containsPattern(q.search);
  const dept =
    q.departmentId == null
      ? sql`true`
      : sql`m.department_id in (
          with recursive sub(id) as (
            select id from departments where id = ${q.departmentId}
            union select d.id from departments d join sub on d.parent_id = sub.id
          ) select id from sub)`;
  const search = pattern ? sql`(m.name ilike ${pattern} or m.employee_no ilike ${pattern})` : sql`true`;
  // last_activity_at leaves the database as ISO-8601 text (no Date parsing per row in Node).
  // The members subquery appears twice: the totals scan all of it, the page only its first
  // rows in name order (for a manager, straight from team_members_manager_name_idx).
  const members = membersQuery(q.scope, sql`${dept} and ${search}`);
  const query = sql`
    with totals as (
      select count(*)::int as employees, coalesce(sum(m.enrolled), 0)::int as enrolled,
             coalesce(sum(m.completed), 0)::int as completed, coalesce(sum(m.in_progress), 0)::int as in_progress,
             coalesce(sum(${overdueOf(sql`m.open_due_dates`, today)}), 0)::int as overdue,
             coalesce(sum(m.progress_sum), 0)::bigint as progress_sum
      from (${members}) m
    ),
    page as (
      select m.id, m.employee_no, m.name, d.name as department_name, p.name as position_name,
             m.enrolled, m.completed, m.in_progress, ${overdueOf(sql`m.open_due_dates`, today)} as overdue,
             case when m.enrolled = 0 then 0 else round(m.progress_sum::numeric / m.enrolled)::int end as avg_progress,
             to_char(m.last_activity_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_activity_at
      from (${members} order by name, id limit ${limit} offset ${offset}) m
      left join departments d on d.id = m.department_id
      left join positions p on p.id = m.position_id
    )
    select page.*,
           t.employees as t_employees, t.enrolled as t_enrolled, t.completed as t_completed,
           t.in_progress as t_in_progress, t.overdue as t_overdue,
           case when t.enrolled = 0 then 0 else round(t.progress_sum::numeric / t.enrolled)::int end as t_avg_progress
    from totals t left join page on true
    order by page.name, page.id`;
  // A named statement: the manager's team view is a hot read, and planning costs as much as running it.
  return executeNamed<RawRow>(db, 'catalog_team', query);
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
        lastActivityAt: r.last_activity_at,
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
