/** SQL for enrolments, module progress and the online training records derived from them. */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courseModules, courses, employees, enrollments, moduleProgress, trainingRecords, users } from '../../db/schema/index.ts';
import { courseTotalsColumns } from './courses.repo.ts';
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

/**
 * Builds the learner-home query: every enrolment of one employee with its record, its course
 * (with owner and module totals) and the first module not yet completed, in ONE statement.
 */
function learnerHomeQuery(db: Db) {
  return db
    .select({
      enrollment: enrollments,
      record: trainingRecords,
      course: courses,
      ...courseTotalsColumns,
      nextModule: sql<{ id: number; title: string } | null>`(
        select json_build_object('id', m.id, 'title', m.title) from ${courseModules} m
        where m.course_id = ${enrollments.courseId}
          and not exists (select 1 from ${moduleProgress} p where p.enrollment_id = ${enrollments.id} and p.module_id = m.id)
        order by m.position, m.id limit 1)`,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .leftJoin(users, eq(users.id, courses.ownerUserId))
    .leftJoin(trainingRecords, eq(trainingRecords.enrollmentId, enrollments.id))
    .where(eq(enrollments.employeeId, sql.placeholder('employeeId')))
    .prepare('catalog_learner_home');
}
const learnerHomeStatements = new WeakMap<Db, ReturnType<typeof learnerHomeQuery>>();

export type LearnerHomeRow = Awaited<ReturnType<ReturnType<typeof learnerHomeQuery>['execute']>>[number];

/** The learner-home SQL text with `$1` for the employee id (bench/learner-home.ts EXPLAINs it). */
export function learnerHomeSqlText(db: Db): string {
  return learnerHomeQuery(db).getQuery().sql;
}

/**
 * The learner home's data. A named prepared statement: the learner home is the busiest page,
 * and planning this query costs more than running it (one round trip, planned once per
 * connection).
 */
export async function learnerHomeRows(db: Db, employeeId: number): Promise<LearnerHomeRow[]> {
  let statement = learnerHomeStatements.get(db);
  if (!statement) {
    statement = learnerHomeQuery(db);
    learnerHomeStatements.set(db, statement);
  }
  return statement.execute({ employeeId });
}
