/** SQL for courses: summaries (with module totals and the caller's enrolment flag) and writes. */
import { and, arrayContains, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courseModules, courses, enrollments, users, type CourseStatus } from '../../db/schema/index.ts';
import { containsPattern } from './sql.ts';

export type CourseRow = typeof courses.$inferSelect;

/**
 * Owner name and module totals of a course, for a select that has `courses` and
 * `users` (left-joined on the owner) in its FROM clause.
 */
export const courseTotalsColumns = {
  ownerName: users.displayName,
  moduleCount: sql<number>`(select count(*)::int from ${courseModules} where ${courseModules.courseId} = ${courses.id})`,
  totalMinutes: sql<number>`(select coalesce(sum(${courseModules.estimatedMinutes}), 0)::int from ${courseModules} where ${courseModules.courseId} = ${courses.id})`,
};

/** Columns of a course summary; `employeeId` is the caller's employee (null: never enrolled). */
function summaryColumns(employeeId: number | null) {
  return {
    course: courses,
    ...courseTotalsColumns,
    enrolled:
      employeeId == null
        ? sql<boolean>`false`
        : sql<boolean>`exists (select 1 from ${enrollments} where ${enrollments.courseId} = ${courses.id} and ${enrollments.employeeId} = ${employeeId})`,
  };
}

export interface CourseSummaryRow {
  course: CourseRow;
  ownerName: string | null;
  moduleCount: number;
  totalMinutes: number;
  enrolled: boolean;
}

export interface CourseFilter {
  statuses: readonly CourseStatus[];
  search?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  ownerUserId?: number | undefined;
}

function filterCondition(f: CourseFilter): SQL | undefined {
  const pattern = containsPattern(f.search);
  return and(
    inArray(courses.status, [...f.statuses]),
    pattern ? or(ilike(courses.title, pattern), ilike(courses.titleEn, pattern), ilike(courses.description, pattern)) : undefined,
    f.category ? eq(courses.category, f.category) : undefined,
    f.tag ? arrayContains(courses.tags, [f.tag]) : undefined,
    f.ownerUserId != null ? eq(courses.ownerUserId, f.ownerUserId) : undefined,
  );
}

/** One page of course summaries, most recently updated first, and the filtered total. */
export async function listCourseSummaries(
  db: Db,
  q: CourseFilter & { employeeId: number | null; page: number; pageSize: number },
): Promise<{ rows: CourseSummaryRow[]; total: number }> {
  const where = filterCondition(q);
  const [rows, [total]] = await Promise.all([
    db
      .select(summaryColumns(q.employeeId))
      .from(courses)
      .leftJoin(users, eq(users.id, courses.ownerUserId))
      .where(where)
      .orderBy(desc(courses.updatedAt), desc(courses.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(courses).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Summaries of the given courses (any status), unordered. */
export async function courseSummariesByIds(db: Db, ids: number[], employeeId: number | null): Promise<CourseSummaryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(summaryColumns(employeeId))
    .from(courses)
    .leftJoin(users, eq(users.id, courses.ownerUserId))
    .where(inArray(courses.id, ids));
}

/**
 * With `lock`, holds the row until the transaction ends: `update` for changes to the course
 * (status moves, content), `share` for enrolments, which must not race an unpublish.
 */
export async function findCourse(db: Db, id: number, opts: { lock?: 'update' | 'share' } = {}): Promise<CourseRow | undefined> {
  const q = db.select().from(courses).where(eq(courses.id, id));
  const [row] = await (opts.lock ? q.for(opts.lock) : q);
  return row;
}

export async function insertCourse(db: Db, values: typeof courses.$inferInsert): Promise<CourseRow> {
  const [row] = await db.insert(courses).values(values).returning();
  return row!;
}

/** Updates fields and bumps `updatedAt`. */
export async function updateCourse(db: Db, id: number, values: Partial<typeof courses.$inferInsert>): Promise<CourseRow> {
  const [row] = await db
    .update(courses)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(courses.id, id))
    .returning();
  return row!;
}

/** Marks the course as changed (its content changed). */
export async function touchCourse(db: Db, id: number): Promise<void> {
  await db.update(courses).set({ updatedAt: new Date() }).where(eq(courses.id, id));
}

export async function deleteCourse(db: Db, id: number): Promise<void> {
  await db.delete(courses).where(eq(courses.id, id));
}

export async function countModules(db: Db, courseId: number): Promise<number> {
  const [r] = await db.select({ n: count() }).from(courseModules).where(eq(courseModules.courseId, courseId));
  return r?.n ?? 0;
}

export async function countEnrollments(db: Db, courseId: number): Promise<number> {
  const [r] = await db.select({ n: count() }).from(enrollments).where(eq(enrollments.courseId, courseId));
  return r?.n ?? 0;
}
