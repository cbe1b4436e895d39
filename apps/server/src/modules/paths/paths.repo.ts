/** All SQL of learning paths: module knowledge points, goals, curated paths, preferences, plans. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  certLevels,
  certProgrammes,
  courseModules,
  courses,
  curatedPaths,
  employees,
  enrollments,
  exams,
  frameworks,
  knowledgePoints,
  kpPrerequisites,
  learningGoals,
  learningPlans,
  moduleGainObservations,
  moduleKps,
  pathPreferences,
  positions,
  users,
} from '../../db/schema/index.ts';
import { rowsOf } from '../catalog/sql.ts';
import { scopeCondition, type EmployeeScope } from '../org/policy.ts';


// ---------------------------------------------------------------- module knowledge points

export async function moduleWithCourse(db: Db, moduleId: number) {
  const [row] = await db
    .select({ id: courseModules.id, courseId: courseModules.courseId, status: courses.status, ownerUserId: courses.ownerUserId })
    .from(courseModules)
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(eq(courseModules.id, moduleId));
  return row;
}

export async function kpsOfModule(db: Db, moduleId: number) {
  return db
    .select({ kpId: moduleKps.kpId, gain: moduleKps.gain, kpCode: knowledgePoints.code, kpName: knowledgePoints.name, kpNameEn: knowledgePoints.nameEn })
    .from(moduleKps)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, moduleKps.kpId))
    .where(eq(moduleKps.moduleId, moduleId))
    .orderBy(asc(knowledgePoints.code));
}

export async function replaceModuleKps(db: Db, moduleId: number, items: { kpId: number; gain: number }[]) {
  await db.delete(moduleKps).where(eq(moduleKps.moduleId, moduleId));
  if (items.length) await db.insert(moduleKps).values(items.map((i) => ({ moduleId, kpId: i.kpId, gain: i.gain })));
}

/** Knowledge points that exist in frameworks that are not retired, of these ids. */
export async function liveKps(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: knowledgePoints.id, code: knowledgePoints.code, name: knowledgePoints.name, nameEn: knowledgePoints.nameEn })
    .from(knowledgePoints)
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .where(and(inArray(knowledgePoints.id, ids), sql`${frameworks.status} <> 'retired'`));
}

// ---------------------------------------------------------------- the planner's catalogue

export interface CatalogModuleRow {
  moduleId: number;
  courseId: number;
  position: number;
  title: string;
  titleEn: string | null;
  minutes: number;
  courseTitle: string;
  courseTitleEn: string | null;
  kpId: number;
  gain: number;
}

/** Every module of a published course that teaches at least one live knowledge point. */
export async function catalogModules(db: Db): Promise<CatalogModuleRow[]> {
  return db
    .select({
      moduleId: courseModules.id,
      courseId: courseModules.courseId,
      position: courseModules.position,
      title: courseModules.title,
      titleEn: courseModules.titleEn,
      minutes: courseModules.estimatedMinutes,
      courseTitle: courses.title,
      courseTitleEn: courses.titleEn,
      kpId: moduleKps.kpId,
      gain: moduleKps.gain,
    })
    .from(moduleKps)
    .innerJoin(courseModules, eq(courseModules.id, moduleKps.moduleId))
    .innerJoin(courses, and(eq(courses.id, courseModules.courseId), eq(courses.status, 'published')))
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, moduleKps.kpId))
    .innerJoin(frameworks, and(eq(frameworks.id, knowledgePoints.frameworkId), sql`${frameworks.status} <> 'retired'`))
    .orderBy(asc(courses.id), asc(courseModules.position), asc(moduleKps.kpId));
}

/** Prerequisite edges between points of frameworks that are not retired. */
export async function liveEdges(db: Db): Promise<{ fromId: number; toId: number }[]> {
  return db
    .select({ fromId: kpPrerequisites.fromId, toId: kpPrerequisites.toId })
    .from(kpPrerequisites)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, kpPrerequisites.toId))
    .innerJoin(frameworks, and(eq(frameworks.id, knowledgePoints.frameworkId), sql`${frameworks.status} <> 'retired'`));
}

export async function kpNames(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: knowledgePoints.id, code: knowledgePoints.code, name: knowledgePoints.name, nameEn: knowledgePoints.nameEn }).from(knowledgePoints).where(inArray(knowledgePoints.id, ids));
}

/**
 * Past learners' evidence around modules, aggregated per (module, point): how many completed
 * the module with K known before and evidence after, and the mean change of K. K after is the
 * learner's current estimate, which later evidence has moved since the completion.
 */
export async function gainObservations(db: Db) {
  const rows = rowsOf<{ module_id: number; kp_id: number; n: number; mean_before: number; mean_after: number }>(
    await db.execute(sql`
      select o.module_id, o.kp_id, count(*)::int as n, avg(o.before)::float8 as mean_before, avg(m.p)::float8 as mean_after
      from ${moduleGainObservations} o
      join mastery m on m.employee_id = o.employee_id and m.kp_id = o.kp_id and m.last_evidence_at > o.observed_at
      group by o.module_id, o.kp_id`),
  );
  return rows.map((r) => ({ moduleId: Number(r.module_id), kpId: Number(r.kp_id), n: Number(r.n), before: Number(r.mean_before), after: Number(r.mean_after) }));
}

/** Records K on each of the module's points as the learner completes it (first completion wins). */
export async function observeCompletion(db: Db, employeeId: number, moduleId: number) {
  await db.execute(sql`
    insert into module_gain_observations (employee_id, module_id, kp_id, before)
    select ${employeeId}, mk.module_id, mk.kp_id, m.p
    from module_kps mk join mastery m on m.employee_id = ${employeeId} and m.kp_id = mk.kp_id
    where mk.module_id = ${moduleId}
    on conflict do nothing`);
}

/** Practice quizzes and exams of published courses that are open now, one per course (the newest). */
export async function courseAssessments(db: Db) {
  const rows = rowsOf<{ id: number; course_id: number; title: string; title_en: string | null }>(
    await db.execute(sql`
      select distinct on (e.course_id) e.id, e.course_id, e.title, e.title_en
      from ${exams} e
      where e.course_id is not null and e.status = 'published'
        and (e.opens_at is null or e.opens_at <= now()) and (e.closes_at is null or e.closes_at > now())
      order by e.course_id, (e.purpose = 'practice') desc, e.id desc`),
  );
  return rows.map((r) => ({ id: Number(r.id), courseId: Number(r.course_id), title: r.title, titleEn: r.title_en }));
}

// ---------------------------------------------------------------- a learner's own record

/** Modules the employee completed, with the enrolment. */
export async function completedModules(db: Db, employeeIds: number[]) {
  if (!employeeIds.length) return [];
  const rows = rowsOf<{ employee_id: number; module_id: number; completed_at: number }>(
    await db.execute(sql`
      select e.employee_id, p.module_id, (extract(epoch from p.completed_at) * 1000)::float8 as completed_at
      from module_progress p join enrollments e on e.id = p.enrollment_id
      where e.employee_id = any(${sql.param(employeeIds)}::int[])`),
  );
  return rows.map((r) => ({ employeeId: Number(r.employee_id), moduleId: Number(r.module_id), completedAt: new Date(Number(r.completed_at)) }));
}

export async function enrollmentsOf(db: Db, employeeId: number) {
  return db.select({ id: enrollments.id, courseId: enrollments.courseId }).from(enrollments).where(eq(enrollments.employeeId, employeeId));
}

export async function preferencesOf(db: Db, employeeIds: number[]) {
  if (!employeeIds.length) return [];
  return db.select().from(pathPreferences).where(inArray(pathPreferences.employeeId, employeeIds));
}

export async function setPreference(db: Db, employeeId: number, moduleId: number, action: 'pin' | 'skip' | null) {
  await db
    .insert(pathPreferences)
    .values({ employeeId, moduleId, action })
    .onConflictDoUpdate({ target: [pathPreferences.employeeId, pathPreferences.moduleId], set: { action, updatedAt: sql`now()` } });
  // A row that says nothing any more is removed.
  await db.delete(pathPreferences).where(and(eq(pathPreferences.employeeId, employeeId), isNull(pathPreferences.action), isNull(pathPreferences.position)));
}

export async function setOrder(db: Db, employeeId: number, moduleIds: number[]) {
  await db.update(pathPreferences).set({ position: null, updatedAt: sql`now()` }).where(eq(pathPreferences.employeeId, employeeId));
  if (moduleIds.length) {
    await db
      .insert(pathPreferences)
      .values(moduleIds.map((moduleId, i) => ({ employeeId, moduleId, position: i + 1 })))
      .onConflictDoUpdate({ target: [pathPreferences.employeeId, pathPreferences.moduleId], set: { position: sql`excluded.position`, updatedAt: sql`now()` } });
  }
  await db.delete(pathPreferences).where(and(eq(pathPreferences.employeeId, employeeId), isNull(pathPreferences.action), isNull(pathPreferences.position)));
}

export async function employeeCards(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: employees.id, name: employees.name, positionId: employees.positionId, status: employees.status }).from(employees).where(inArray(employees.id, ids));
}

// ---------------------------------------------------------------- goals

export type GoalRow = typeof learningGoals.$inferSelect;

const goalColumns = {
  goal: learningGoals,
  employeeName: employees.name,
  assignedByName: users.displayName,
  positionName: positions.name,
  positionNameEn: positions.nameEn,
  pathTitle: curatedPaths.title,
  pathTitleEn: curatedPaths.titleEn,
  certLevel: certLevels.level,
  certProgrammeName: certProgrammes.name,
  certProgrammeNameEn: certProgrammes.nameEn,
};

function goalQuery(db: Db) {
  return db
    .select(goalColumns)
    .from(learningGoals)
    .innerJoin(employees, eq(employees.id, learningGoals.employeeId))
    .leftJoin(users, eq(users.id, learningGoals.assignedBy))
    .leftJoin(positions, eq(positions.id, learningGoals.positionId))
    .leftJoin(curatedPaths, eq(curatedPaths.id, learningGoals.curatedPathId))
    .leftJoin(certLevels, eq(certLevels.id, learningGoals.certLevelId))
    .leftJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId));
}

/** A certification level as a goal: its mastery targets and the published modules of its required courses, in order. */
export async function certLevelGoal(db: Db, levelId: number): Promise<{ active: boolean; targets: { kpId: number; target: number }[]; moduleIds: number[] } | null> {
  const [row] = await db
    .select({ requirements: certLevels.requirements, status: certProgrammes.status })
    .from(certLevels)
    .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
    .where(eq(certLevels.id, levelId));
  if (!row) return null;
  const courseIds = row.requirements.courseIds;
  const mods = courseIds.length
    ? await db
        .select({ id: courseModules.id, courseId: courseModules.courseId })
        .from(courseModules)
        .innerJoin(courses, eq(courses.id, courseModules.courseId))
        .where(and(inArray(courseModules.courseId, courseIds), eq(courses.status, 'published')))
        .orderBy(asc(courseModules.courseId), asc(courseModules.position))
    : [];
  const order = new Map(courseIds.map((c, i) => [c, i]));
  mods.sort((a, b) => order.get(a.courseId)! - order.get(b.courseId)!);
  return { active: row.status === 'active', targets: row.requirements.targets, moduleIds: mods.map((m) => m.id) };
}
export type GoalWithNames = Awaited<ReturnType<ReturnType<typeof goalQuery>['execute']>>[number];

export async function activeGoals(db: Db, employeeIds: number[]): Promise<GoalWithNames[]> {
  if (!employeeIds.length) return [];
  return goalQuery(db).where(and(inArray(learningGoals.employeeId, employeeIds), isNull(learningGoals.endedAt)));
}

export async function goalById(db: Db, id: number): Promise<GoalWithNames | undefined> {
  const [row] = await goalQuery(db).where(eq(learningGoals.id, id));
  return row;
}

export async function goalPage(db: Db, q: { scope: EmployeeScope; employeeId?: number | undefined; active?: boolean | undefined; page: number; pageSize: number }) {
  const where = and(
    scopeCondition(q.scope, learningGoals.employeeId),
    q.employeeId !== undefined ? eq(learningGoals.employeeId, q.employeeId) : undefined,
    q.active === undefined ? undefined : q.active ? isNull(learningGoals.endedAt) : sql`${learningGoals.endedAt} is not null`,
  );
  const [rows, [count]] = await Promise.all([
    goalQuery(db)
      .where(where)
      .orderBy(desc(learningGoals.createdAt), desc(learningGoals.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(learningGoals).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Ends the active goals of these employees (a new goal replaces them); returns how many ended. */
export async function endActiveGoals(db: Db, employeeIds: number[]): Promise<number> {
  if (!employeeIds.length) return 0;
  const rows = await db
    .update(learningGoals)
    .set({ endedAt: sql`now()` })
    .where(and(inArray(learningGoals.employeeId, employeeIds), isNull(learningGoals.endedAt)))
    .returning({ id: learningGoals.id });
  return rows.length;
}

export async function endGoal(db: Db, id: number) {
  await db.update(learningGoals).set({ endedAt: sql`now()` }).where(and(eq(learningGoals.id, id), isNull(learningGoals.endedAt)));
}

export async function insertGoals(db: Db, rows: (typeof learningGoals.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(learningGoals).values(rows).returning({ id: learningGoals.id, employeeId: learningGoals.employeeId });
}

/** Active employees of a department and its sub-departments, within the scope. */
export async function departmentMembers(db: Db, departmentId: number, scope: EmployeeScope): Promise<number[]> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      with recursive d as (select id from departments where id = ${departmentId}
        union all select c.id from departments c join d on c.parent_id = d.id)
      select employees.id from employees where employees.department_id in (select id from d) and employees.status = 'active'
        and ${scopeCondition(scope, employees.id) ?? sql`true`}
      order by employees.id`),
  );
  return rows.map((r) => Number(r.id));
}

export async function employeeIdsInScope(db: Db, ids: number[], scope: EmployeeScope): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(inArray(employees.id, ids), scopeCondition(scope, employees.id)));
  return new Set(rows.map((r) => r.id));
}

export async function positionExists(db: Db, id: number) {
  const [row] = await db.select({ id: positions.id }).from(positions).where(eq(positions.id, id));
  return !!row;
}

// ---------------------------------------------------------------- curated paths

export type CuratedRow = typeof curatedPaths.$inferSelect;

export async function listCurated(db: Db): Promise<CuratedRow[]> {
  return db.select().from(curatedPaths).orderBy(asc(curatedPaths.title), asc(curatedPaths.id));
}

export async function findCurated(db: Db, id: number): Promise<CuratedRow | undefined> {
  const [row] = await db.select().from(curatedPaths).where(eq(curatedPaths.id, id));
  return row;
}

export async function insertCurated(db: Db, values: typeof curatedPaths.$inferInsert) {
  const [row] = await db.insert(curatedPaths).values(values).returning();
  return row!;
}

export async function updateCurated(db: Db, id: number, values: Partial<typeof curatedPaths.$inferInsert>) {
  await db.update(curatedPaths).set({ ...values, updatedAt: sql`now()` }).where(eq(curatedPaths.id, id));
}

export async function deleteCurated(db: Db, id: number) {
  await db.delete(curatedPaths).where(eq(curatedPaths.id, id));
}

export async function activeGoalCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: learningGoals.curatedPathId, n: sql<number>`count(*)::int` })
    .from(learningGoals)
    .where(and(isNull(learningGoals.endedAt), sql`${learningGoals.curatedPathId} is not null`))
    .groupBy(learningGoals.curatedPathId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

export async function modulesByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: courseModules.id, title: courseModules.title, titleEn: courseModules.titleEn, courseId: courses.id, courseTitle: courses.title, estimatedMinutes: courseModules.estimatedMinutes, courseStatus: courses.status })
    .from(courseModules)
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(inArray(courseModules.id, ids));
}

// ---------------------------------------------------------------- stored plans

export async function savePlans(db: Db, rows: (typeof learningPlans.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(learningPlans)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: learningPlans.employeeId,
        set: {
          goalId: sql`excluded.goal_id`,
          moduleIds: sql`excluded.module_ids`,
          gapNow: sql`excluded.gap_now`,
          gapAfter: sql`excluded.gap_after`,
          hours: sql`excluded.hours`,
          warnings: sql`excluded.warnings`,
          computedAt: sql`now()`,
        },
      });
  }
}

/** Ids of active employees, in id order, after `afterId` (batches for the re-plan job). */
export async function activeEmployeeBatch(db: Db, afterId: number, limit: number) {
  return db
    .select({ id: employees.id, positionId: employees.positionId })
    .from(employees)
    .where(and(eq(employees.status, 'active'), sql`${employees.id} > ${afterId}`))
    .orderBy(asc(employees.id))
    .limit(limit);
}

export async function countActiveEmployees(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(employees).where(eq(employees.status, 'active'));
  return Number(row?.n ?? 0);
}
