/** SQL of course recommendations: the enrolments to train on, peers, course knowledge points, events. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, enrollments, recommendationEvents, type RecommendationEventKind } from '../../db/schema/index.ts';
import { rowsOf } from '../catalog/sql.ts';

/** Changes whenever an enrolment is added or removed, or a course changes status. */
export async function enrollmentWatermark(db: Db): Promise<string> {
  const [row] = rowsOf<{ n: number; last: string | null; max_id: number | null; c: string | null }>(
    await db.execute(sql`
      select (select count(*)::int from enrollments) as n, (select max(id) from enrollments) as max_id,
             (select max(enrolled_at)::text from enrollments) as last,
             (select string_agg(id::text, ',' order by id) from courses where status = 'published') as c`),
  );
  return `${row?.n}:${row?.max_id}:${row?.last}:${row?.c}`;
}

export async function allEnrollmentPairs(db: Db) {
  return db.select({ employeeId: enrollments.employeeId, courseId: enrollments.courseId }).from(enrollments);
}

export async function publishedCourseIds(db: Db): Promise<number[]> {
  return (await db.select({ id: courses.id }).from(courses).where(eq(courses.status, 'published'))).map((r) => r.id);
}

export async function publishedCourses(db: Db) {
  return db.select({ id: courses.id, title: courses.title, titleEn: courses.titleEn, category: courses.category }).from(courses).where(eq(courses.status, 'published'));
}

export async function courseStatus(db: Db, id: number) {
  const [row] = await db.select({ status: courses.status }).from(courses).where(eq(courses.id, id));
  return row;
}

export async function coursesOf(db: Db, employeeId: number): Promise<number[]> {
  return (await db.select({ id: enrollments.courseId }).from(enrollments).where(eq(enrollments.employeeId, employeeId))).map((r) => r.id);
}

export async function employeeInfo(db: Db, employeeId: number) {
  const [row] = rowsOf<{ position_id: number | null; department_id: number | null; department_name: string | null; department_name_en: string | null }>(
    await db.execute(sql`
      select e.position_id, e.department_id, d.name as department_name, d.name_en as department_name_en
      from employees e left join departments d on d.id = e.department_id where e.id = ${employeeId}`),
  );
  return row
    ? { positionId: row.position_id, departmentId: row.department_id, departmentName: row.department_name ?? '', departmentNameEn: row.department_name_en }
    : undefined;
}

/** Per course: how many people of this position, and of this department, are enrolled. */
export async function peerCounts(db: Db, positionId: number | null, departmentId: number | null, employeeId: number) {
  const rows = rowsOf<{ course_id: number; same_position: number; same_department: number }>(
    await db.execute(sql`
      select e.course_id,
             count(*) filter (where p.position_id = ${positionId})::int as same_position,
             count(*) filter (where p.department_id = ${departmentId})::int as same_department
      from enrollments e join employees p on p.id = e.employee_id
      where p.id <> ${employeeId} and (p.position_id = ${positionId} or p.department_id = ${departmentId})
      group by e.course_id`),
  );
  return rows.map((r) => ({ courseId: Number(r.course_id), samePosition: Number(r.same_position), sameDepartment: Number(r.same_department) }));
}

/** Knowledge points each published course teaches (through its modules). */
export async function courseKps(db: Db): Promise<Map<number, number[]>> {
  const rows = rowsOf<{ course_id: number; kps: number[] }>(
    await db.execute(sql`
      select m.course_id, array_agg(distinct mk.kp_id) as kps
      from module_kps mk join course_modules m on m.id = mk.module_id join courses c on c.id = m.course_id and c.status = 'published'
      group by m.course_id`),
  );
  return new Map(rows.map((r) => [Number(r.course_id), r.kps.map(Number)]));
}

export async function insertEvents(
  db: Db,
  rows: { employeeId: number; courseId: number; kind: RecommendationEventKind; surface: string; rank: number | null; model: string }[],
) {
  if (rows.length) await db.insert(recommendationEvents).values(rows);
}

/**
 * When someone enrols in a course they were shown as a recommendation in the last 14 days,
 * the enrolment is logged against that recommendation (the most recent impression).
 */
export async function attributeEnrollment(db: Db, employeeId: number, courseId: number) {
  await db.execute(sql`
    insert into recommendation_events (employee_id, course_id, kind, surface, rank, model)
    select employee_id, course_id, 'enroll', surface, rank, model from recommendation_events
    where employee_id = ${employeeId} and course_id = ${courseId} and kind = 'impression' and created_at > now() - interval '14 days'
    order by created_at desc limit 1`);
}

interface EventCounts {
  impressions: number;
  clicks: number;
  enrolments: number;
  dismissals: number;
  people: number;
}
type CountRow = { [K in keyof EventCounts]: number | string };
const counts = (r: CountRow | undefined): EventCounts => ({
  impressions: Number(r?.impressions ?? 0),
  clicks: Number(r?.clicks ?? 0),
  enrolments: Number(r?.enrolments ?? 0),
  dismissals: Number(r?.dismissals ?? 0),
  people: Number(r?.people ?? 0),
});

/** Event counts between two days (UTC, inclusive): in all, per surface and model, per rank, per course (top 10). */
export async function eventReport(db: Db, from: string, to: string) {
  const where = sql`e.created_at >= ${from}::date and e.created_at < ${to}::date + 1`;
  const measures = sql`
    count(*) filter (where e.kind = 'impression') as impressions,
    count(*) filter (where e.kind = 'click') as clicks,
    count(*) filter (where e.kind = 'enroll') as enrolments,
    count(*) filter (where e.kind = 'dismiss') as dismissals,
    count(distinct e.employee_id) filter (where e.kind = 'impression') as people`;
  const [totals, bySource, byRank, topCourses] = await Promise.all([
    db.execute(sql`select ${measures} from recommendation_events e where ${where}`),
    db.execute(sql`select e.surface, e.model, ${measures} from recommendation_events e where ${where} group by e.surface, e.model order by e.surface, e.model`),
    db.execute(sql`
      select e.rank, ${measures} from recommendation_events e
      where ${where} and e.rank between 1 and 10 group by e.rank order by e.rank`),
    db.execute(sql`
      select e.course_id, c.title, c.title_en, ${measures}
      from recommendation_events e join courses c on c.id = e.course_id
      where ${where} group by e.course_id, c.title, c.title_en
      order by enrolments desc, clicks desc, impressions desc, e.course_id limit 10`),
  ]);
  return {
    totals: counts(rowsOf<CountRow>(totals)[0]),
    bySource: rowsOf<CountRow & { surface: 'home' | 'course'; model: string }>(bySource).map((r) => ({ surface: r.surface, model: r.model, ...counts(r) })),
    byRank: rowsOf<CountRow & { rank: number }>(byRank).map((r) => {
      const c = counts(r);
      return { rank: Number(r.rank), impressions: c.impressions, clicks: c.clicks, enrolments: c.enrolments };
    }),
    topCourses: rowsOf<CountRow & { course_id: number; title: string; title_en: string | null }>(topCourses).map((r) => ({
      courseId: Number(r.course_id),
      title: r.title,
      titleEn: r.title_en,
      ...counts(r),
    })),
  };
}
