/**
 * Writes the planned demo organisation with Drizzle, in batches (a few dozen statements for
 * the whole seed), so that a first start stays quick on PGlite. Callers pass a transaction.
 */
import type { Db } from '../db/client.ts';
import {
  courseModules,
  courses,
  departments,
  employees,
  enrollments,
  moduleProgress,
  positions,
  resources,
  trainingRecords,
  userRoles,
  users,
  type Role,
} from '../db/schema/index.ts';
import type { ClassroomRecordPlan } from './classroom-plan.ts';
import type { CourseSeed } from './courses/index.ts';
import type { CourseRef, EnrollmentPlan } from './learning-plan.ts';
import { DEPARTMENTS, POSITIONS } from './org-data.ts';
import type { OrganisationPlan } from './org-plan.ts';

const DAY = 86_400_000;

function chunks<T>(items: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts departments, positions and employees; returns employeeNo → id. */
export async function insertOrganisation(db: Db, plan: OrganisationPlan): Promise<Map<string, number>> {
  const departmentIds = new Map<string, number>();
  for (const level of [DEPARTMENTS.filter((d) => !d.parent), DEPARTMENTS.filter((d) => d.parent)]) {
    const rows = await db
      .insert(departments)
      .values(level.map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, parentId: d.parent ? departmentIds.get(d.parent)! : null })))
      .returning({ id: departments.id, code: departments.code });
    for (const r of rows) departmentIds.set(r.code, r.id);
  }
  const positionRows = await db.insert(positions).values([...POSITIONS]).returning({ id: positions.id, code: positions.code });
  const positionIds = new Map(positionRows.map((r) => [r.code, r.id]));

  // Level by level, so that every manager exists before their reports reference them.
  const employeeIds = new Map<string, number>();
  const levels = [...new Set(plan.employees.map((e) => e.level))].sort((a, b) => a - b);
  for (const level of levels) {
    for (const part of chunks(plan.employees.filter((e) => e.level === level))) {
      const rows = await db
        .insert(employees)
        .values(
          part.map((e) => ({
            employeeNo: e.employeeNo,
            name: e.name,
            email: e.email,
            departmentId: departmentIds.get(e.department)!,
            positionId: positionIds.get(e.position)!,
            managerId: e.managerNo ? employeeIds.get(e.managerNo)! : null,
            hireDate: e.hireDate,
            status: e.status,
          })),
        )
        .returning({ id: employees.id, employeeNo: employees.employeeNo });
      for (const r of rows) employeeIds.set(r.employeeNo, r.id);
    }
  }
  return employeeIds;
}

/** Inserts the demo accounts (one shared argon2 hash) with their roles; returns username → user id. */
export async function insertAccounts(
  db: Db,
  p: { accounts: readonly { username: string; displayName: string; roles: Role[]; employeeId: number; email: string }[]; passwordHash: string },
): Promise<Map<string, number>> {
  const rows = await db
    .insert(users)
    .values(p.accounts.map((a) => ({ username: a.username.toLowerCase(), displayName: a.displayName, email: a.email, employeeId: a.employeeId, passwordHash: p.passwordHash })))
    .returning({ id: users.id, username: users.username });
  const ids = new Map(rows.map((r) => [r.username, r.id]));
  await db.insert(userRoles).values(p.accounts.flatMap((a) => a.roles.map((role) => ({ userId: ids.get(a.username.toLowerCase())!, role }))));
  return ids;
}

/**
 * Inserts courses with their modules and resources, owned by `ownerUserId`; published ones
 * get a publication date in the past. Returns the published courses' ids, in the given order.
 */
export async function insertCatalogue(
  db: Db,
  p: { published: readonly CourseSeed[]; drafts: readonly CourseSeed[]; ownerUserId: number; now: Date },
): Promise<CourseRef[]> {
  const all = [...p.published.map((c) => ({ c, published: true })), ...p.drafts.map((c) => ({ c, published: false }))];
  const courseRows = await db
    .insert(courses)
    .values(
      all.map(({ c, published }, i) => {
        const createdAt = new Date(p.now.getTime() - (published ? 200 - i * 6 : 5) * DAY);
        const publishedAt = published ? new Date(createdAt.getTime() + 7 * DAY) : null;
        return {
          title: c.title,
          titleEn: c.titleEn,
          description: c.description,
          category: c.category,
          tags: [...c.tags],
          status: published ? ('published' as const) : ('draft' as const),
          ownerUserId: p.ownerUserId,
          createdAt,
          updatedAt: publishedAt ?? createdAt,
          publishedAt,
        };
      }),
    )
    .returning({ id: courses.id, title: courses.title });
  const courseIds = new Map(courseRows.map((r) => [r.title, r.id]));
  const moduleRows = await db
    .insert(courseModules)
    .values(
      all.flatMap(({ c }) =>
        c.modules.map((m, position) => ({
          courseId: courseIds.get(c.title)!,
          position,
          title: m.title,
          titleEn: m.titleEn,
          description: m.description,
          estimatedMinutes: m.estimatedMinutes,
        })),
      ),
    )
    .returning({ id: courseModules.id, courseId: courseModules.courseId, position: courseModules.position });
  const moduleIds = new Map(moduleRows.map((r) => [`${r.courseId}:${r.position}`, r.id]));
  const moduleId = (c: CourseSeed, position: number) => moduleIds.get(`${courseIds.get(c.title)!}:${position}`)!;
  await db.insert(resources).values(
    all.flatMap(({ c }) =>
      c.modules.flatMap((m, position) =>
        m.resources.map((r, i) => ({
          moduleId: moduleId(c, position),
          position: i,
          kind: r.kind,
          title: r.title,
          body: r.kind === 'markdown' ? r.body : null,
          url: r.kind === 'markdown' ? null : r.url,
        })),
      ),
    ),
  );
  return p.published.map((c) => ({
    id: courseIds.get(c.title)!,
    modules: c.modules.map((m, position) => ({ id: moduleId(c, position), estimatedMinutes: m.estimatedMinutes })),
  }));
}

/** Inserts online enrolments (with progress and records) and classroom records. */
export async function insertLearning(
  db: Db,
  p: { online: readonly EnrollmentPlan[]; classroom: readonly ClassroomRecordPlan[]; recordedBy: number },
): Promise<void> {
  const enrollmentIds = new Map<string, number>();
  for (const part of chunks(p.online)) {
    const rows = await db
      .insert(enrollments)
      .values(part.map((e) => ({ courseId: e.courseId, employeeId: e.employeeId, source: e.source, assignedBy: e.assignedBy, dueDate: e.dueDate, enrolledAt: e.enrolledAt })))
      .returning({ id: enrollments.id, courseId: enrollments.courseId, employeeId: enrollments.employeeId });
    for (const r of rows) enrollmentIds.set(`${r.courseId}:${r.employeeId}`, r.id);
  }
  const idOf = (e: EnrollmentPlan) => enrollmentIds.get(`${e.courseId}:${e.employeeId}`)!;
  const progress = p.online.flatMap((e) => e.completions.map((c) => ({ enrollmentId: idOf(e), ...c })));
  for (const part of chunks(progress)) await db.insert(moduleProgress).values(part);
  const records = [
    ...p.online.map((e) => ({
      employeeId: e.employeeId,
      kind: 'online' as const,
      enrollmentId: idOf(e),
      courseId: e.courseId,
      ...e.record,
      createdAt: e.enrolledAt,
    })),
    ...p.classroom.map((c) => ({
      employeeId: c.employeeId,
      kind: 'classroom' as const,
      title: c.title,
      status: 'completed' as const,
      progressPercent: 100,
      startedAt: c.heldAt,
      completedAt: c.heldAt,
      timeSpentSeconds: c.timeSpentSeconds,
      score: c.score,
      sessionDate: c.sessionDate,
      location: c.location,
      trainerName: c.trainerName,
      notes: c.notes,
      recordedBy: p.recordedBy,
      createdAt: c.heldAt,
      updatedAt: c.heldAt,
    })),
  ];
  for (const part of chunks(records)) await db.insert(trainingRecords).values(part);
}
