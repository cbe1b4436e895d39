/** SQL for enrolments, module progress and the online training records derived from them. */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { executeNamed } from '../../db/prepared.ts';
import { courseModules, employees, enrollments, moduleProgress, trainingRecords } from '../../db/schema/index.ts';
import { scopeCondition, type EmployeeScope } from '../org/policy.ts';

export type EnrollmentRow = typeof enrollments.$inferSelect;
export type RecordRow = typeof trainingRecords.$inferSelect;

export async function findEnrollment(db: Db, courseId: number, employeeId: number): Promise<EnrollmentRow | undefined> {
  const [row] = await db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.employeeId, employeeId)));
  return row;
}

/** With `lock`, holds the row until the transaction ends so progress updates serialise. */
export async function findEnrollmentById(db: Db, id: number, opts: { lock?: boolean } = {}): Promise<EnrollmentRow | undefined> {
  const q = db.select().from(enrollments).where(eq(enrollments.id, id));
  const [row] = await (opts.lock ? q.for('update') : q);
  return row;
}

/** Inserts an empty online training record for each enrolment that has none. */
async function ensureRecords(db: Db, rows: { id: number; courseId: number; employeeId: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(trainingRecords)
    .values(rows.map((r) => ({ employeeId: r.employeeId, kind: 'online' as const, enrollmentId: r.id, courseId: r.courseId })))
    .onConflictDoNothing({ target: trainingRecords.enrollmentId });
}

/** Self-enrolment; returns the enrolment and whether it was created now (false: it existed). */
export async function enrollSelf(
  db: Db,
  courseId: number,
  employeeId: number,
): Promise<{ enrollment: EnrollmentRow; created: boolean }> {
  const [created] = await db
    .insert(enrollments)
    .values({ courseId, employeeId, source: 'self' })
    .onConflictDoNothing({ target: [enrollments.courseId, enrollments.employeeId] })
    .returning();
  if (created) {
    await ensureRecords(db, [created]);
    return { enrollment: created, created: true };
  }
  return { enrollment: (await findEnrollment(db, courseId, employeeId))!, created: false };
}

/**
 * Assigns a course: new enrolments for those not enrolled; existing ones get the due date,
 * become `assigned` and remember who assigned them.
 */
export async function upsertAssignments(
  db: Db,
  p: { courseId: number; employeeIds: number[]; dueDate: string; assignedBy: number },
): Promise<{ created: number; updated: number }> {
  const rows = await db
    .insert(enrollments)
    .values(p.employeeIds.map((employeeId) => ({ courseId: p.courseId, employeeId, source: 'assigned' as const, assignedBy: p.assignedBy, dueDate: p.dueDate })))
    .onConflictDoUpdate({
      target: [enrollments.courseId, enrollments.employeeId],
      set: { source: 'assigned', assignedBy: p.assignedBy, dueDate: p.dueDate },
    })
    // xmax is 0 only for a freshly inserted row version (PostgreSQL MVCC).
    .returning({ id: enrollments.id, courseId: enrollments.courseId, employeeId: enrollments.employeeId, inserted: sql<boolean>`(xmax = 0)` });
  await ensureRecords(db, rows);
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

/** Those of `ids` that exist and lie within the scope. */
export async function employeeIdsInScope(db: Db, ids: number[], scope: EmployeeScope): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(inArray(employees.id, ids), scopeCondition(scope, employees.id)));
  return new Set(rows.map((r) => r.id));
}

export async function moduleInCourse(db: Db, moduleId: number, courseId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, courseId)));
  return Boolean(row);
}

/** Marks a module complete; a second call changes nothing. */
export async function insertProgress(db: Db, enrollmentId: number, moduleId: number, timeSpentSeconds: number): Promise<void> {
  await db.insert(moduleProgress).values({ enrollmentId, moduleId, timeSpentSeconds }).onConflictDoNothing();
}

export async function deleteProgress(db: Db, enrollmentId: number, moduleId: number): Promise<void> {
  await db
    .delete(moduleProgress)
    .where(and(eq(moduleProgress.enrollmentId, enrollmentId), eq(moduleProgress.moduleId, moduleId)));
}

/**
 * Recomputes online training records from module progress, for some enrolments or a whole
 * course: progress = floor(done / total · 100) (100 only when all modules are done), status
 * from the counts, startedAt = first completion (kept while any progress remains),
 * completedAt set when everything is done (kept across recomputes), time = sum of modules.
 * With `keepCompleted` (course content changed, not the learner), a completed record stays
 * completed: adding a module later does not take a finished course away from anyone.
 */
export async function recomputeRecords(
  db: Db,
  target: { enrollmentIds: number[] } | { courseId: number },
  opts: { keepCompleted: boolean },
): Promise<void> {
  let which: SQL;
  if ('courseId' in target) which = sql`e.course_id = ${target.courseId}`;
  else if (target.enrollmentIds.length === 0) return;
  else which = sql`e.id in ${target.enrollmentIds}`;
  const keep = opts.keepCompleted ? sql`tr.status = 'completed'` : sql`false`;
  await db.execute(sql`
    with agg as (
      select e.id as enrollment_id,
             count(m.id)::int as total,
             count(p.module_id)::int as done,
             min(p.completed_at) as first_at,
             coalesce(sum(p.time_spent_seconds), 0)::int as spent
      from enrollments e
      left join course_modules m on m.course_id = e.course_id
      left join module_progress p on p.enrollment_id = e.id and p.module_id = m.id
      where ${which}
      group by e.id
    )
    update training_records tr set
      progress_percent = case when ${keep} then 100 when agg.total = 0 then 0
                              else floor(agg.done * 100.0 / agg.total)::int end,
      status = case when ${keep} then 'completed'
                    when agg.total > 0 and agg.done = agg.total then 'completed'
                    when agg.done > 0 then 'in_progress' else 'not_started' end,
      started_at = case when ${keep} then tr.started_at when agg.done = 0 then null
                        else least(tr.started_at, agg.first_at) end,
      completed_at = case when ${keep} then tr.completed_at
                          when agg.total > 0 and agg.done = agg.total then coalesce(tr.completed_at, now())
                          else null end,
      time_spent_seconds = agg.spent,
      updated_at = now()
    from agg
    where tr.enrollment_id = agg.enrollment_id`);
}

/** An enrolment, its training record (null if missing) and its module counts. */
export interface ProgressRow {
  enrollment: EnrollmentRow;
  record: RecordRow | null;
  completedModules: number;
  totalModules: number;
}

const progressColumns = {
  enrollment: enrollments,
  record: trainingRecords,
  completedModules: sql<number>`(select count(*)::int from ${moduleProgress} where ${moduleProgress.enrollmentId} = ${enrollments.id})`,
  totalModules: sql<number>`(select count(*)::int from ${courseModules} where ${courseModules.courseId} = ${enrollments.courseId})`,
};

/** One enrolment with its record and module counts. */
export async function progressOf(db: Db, enrollmentId: number): Promise<ProgressRow | undefined> {
  const [row] = await db
    .select(progressColumns)
    .from(enrollments)
    .leftJoin(trainingRecords, eq(trainingRecords.enrollmentId, enrollments.id))
    .where(eq(enrollments.id, enrollmentId));
  return row;
}

/** An instant as JSON text exactly as `Date.prototype.toISOString` writes it (UTC, milliseconds). */
const isoSql = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The learner home, built by PostgreSQL as the response's JSON text in ONE statement: every
 * enrolment (drafts left out) with its course summary, progress, due date, overdue flag and the
 * first module not yet completed, most urgent first (unfinished, then by due date, none last, then
 * latest activity), and the counts. The busiest page of the product pays no row parsing, mapping
 * or serialization in Node (ADR 0009); `learning.test.ts` checks it against the contract.
 * Parameters: $1 employee, $2 today (YYYY-MM-DD, UTC), $3 caller is admin, $4 caller is a
 * trainer, $5 caller's user id (canEdit = admin, or the trainer who owns the course).
 */
export const LEARNER_HOME_SQL = `
with e as (
  select en.id as enrollment_id, en.source, en.due_date, en.enrolled_at,
         c.id as course_id, c.title, c.title_en, c.description, c.category, c.tags, c.status as course_status,
         c.cover_file_id, c.owner_user_id, c.updated_at as course_updated_at, c.published_at,
         u.display_name as owner_name,
         coalesce(r.status, 'not_started') as status, coalesce(r.progress_percent, 0) as progress_percent,
         r.started_at, r.completed_at, coalesce(r.updated_at, en.enrolled_at) as last_activity_at
  from enrollments en
  join courses c on c.id = en.course_id
  left join users u on u.id = c.owner_user_id
  left join training_records r on r.enrollment_id = en.id
  where en.employee_id = $1 and c.status <> 'draft'
), x as (
  select e.*, (e.due_date is not null and e.due_date < $2::date and e.status <> 'completed') as overdue from e
)
select json_build_object(
  'items', coalesce(json_agg(json_build_object(
    'enrollmentId', x.enrollment_id,
    'course', json_build_object(
      'id', x.course_id, 'title', x.title, 'titleEn', x.title_en, 'description', x.description, 'category', x.category,
      'tags', to_json(x.tags), 'status', x.course_status,
      'coverUrl', case when x.cover_file_id is null then null else '/api/v1/files/' || x.cover_file_id end,
      'ownerUserId', x.owner_user_id, 'ownerName', x.owner_name,
      'moduleCount', (select count(*)::int from course_modules m where m.course_id = x.course_id),
      'totalMinutes', (select coalesce(sum(m.estimated_minutes), 0)::int from course_modules m where m.course_id = x.course_id),
      'enrolled', true,
      'canEdit', ($3::boolean or ($4::boolean and x.owner_user_id is not distinct from $5::int)),
      'updatedAt', ${isoSql('x.course_updated_at')},
      'publishedAt', ${isoSql('x.published_at')}),
    'source', x.source,
    'progressPercent', x.progress_percent,
    'status', x.status,
    'dueDate', to_char(x.due_date, 'YYYY-MM-DD'),
    'overdue', x.overdue,
    'startedAt', ${isoSql('x.started_at')},
    'completedAt', ${isoSql('x.completed_at')},
    'lastActivityAt', ${isoSql('x.last_activity_at')},
    'nextModule', case when x.status = 'completed' then null else (
      select json_build_object('id', m.id, 'title', m.title) from course_modules m
      where m.course_id = x.course_id
        and not exists (select 1 from module_progress p where p.enrollment_id = x.enrollment_id and p.module_id = m.id)
      order by m.position, m.id limit 1) end)
    order by (x.status = 'completed'), x.due_date asc nulls last, x.last_activity_at desc, x.enrollment_id), '[]'::json),
  'stats', json_build_object(
    'enrolled', count(x.enrollment_id)::int,
    'inProgress', (count(*) filter (where x.status = 'in_progress'))::int,
    'completed', (count(*) filter (where x.status = 'completed'))::int,
    'overdue', (count(*) filter (where x.overdue))::int)
)::text as body
from x`;

/** `text` with its $1, $2, … bound to `params` as query parameters. */
function bindNumbered(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$([1-9])\b/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)), sql``);
}

/** The learner home as JSON text (a named prepared statement: planned once per connection). */
export async function learnerHomeJson(
  db: Db,
  p: { employeeId: number; today: string; isAdmin: boolean; isTrainer: boolean; userId: number },
): Promise<string> {
  const [row] = await executeNamed<{ body: string }>(db, 'catalog_learner_home', bindNumbered(LEARNER_HOME_SQL, [p.employeeId, p.today, p.isAdmin, p.isTrainer, p.userId]));
  return row!.body;
}
