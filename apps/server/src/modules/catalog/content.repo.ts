/** SQL for course content: modules, resources and uploaded files. */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courseModules, courses, enrollments, files, moduleProgress, resources } from '../../db/schema/index.ts';

export type ModuleRow = typeof courseModules.$inferSelect;
export type ResourceRow = typeof resources.$inferSelect;
export type FileRow = typeof files.$inferSelect;
export interface ResourceWithFile {
  resource: ResourceRow;
  fileName: string | null;
  fileSize: number | null;
}

/** The course a module or resource belongs to, as authorization needs it. */
export interface OwningCourse {
  id: number;
  ownerUserId: number | null;
  status: (typeof courses.$inferSelect)['status'];
}
const owningCourse = { id: courses.id, ownerUserId: courses.ownerUserId, status: courses.status };

export async function modulesOfCourse(db: Db, courseId: number): Promise<ModuleRow[]> {
  return db
    .select()
    .from(courseModules)
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(courseModules.id));
}

/** Resources of the given modules in position order, with file name and size. */
export async function resourcesOfModules(db: Db, moduleIds: number[]): Promise<ResourceWithFile[]> {
  if (moduleIds.length === 0) return [];
  return db
    .select({ resource: resources, fileName: files.originalName, fileSize: files.sizeBytes })
    .from(resources)
    .leftJoin(files, eq(files.id, resources.fileId))
    .where(inArray(resources.moduleId, moduleIds))
    .orderBy(asc(resources.moduleId), asc(resources.position), asc(resources.id));
}

export async function resourceWithFile(db: Db, id: number): Promise<ResourceWithFile | undefined> {
  const [row] = await db
    .select({ resource: resources, fileName: files.originalName, fileSize: files.sizeBytes })
    .from(resources)
    .leftJoin(files, eq(files.id, resources.fileId))
    .where(eq(resources.id, id));
  return row;
}

/** A module with its course. */
export async function findModule(db: Db, id: number): Promise<{ module: ModuleRow; course: OwningCourse } | undefined> {
  const [row] = await db
    .select({ module: courseModules, course: owningCourse })
    .from(courseModules)
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(eq(courseModules.id, id));
  return row;
}

/** Appends a module after the course's last one. */
export async function insertModule(db: Db, values: Omit<typeof courseModules.$inferInsert, 'position'>): Promise<ModuleRow> {
  const [row] = await db
    .insert(courseModules)
    .values({
      ...values,
      position: sql`(select coalesce(max(${courseModules.position}) + 1, 0) from ${courseModules} where ${courseModules.courseId} = ${values.courseId})`,
    })
    .returning();
  return row!;
}

export async function updateModule(db: Db, id: number, values: Partial<typeof courseModules.$inferInsert>): Promise<ModuleRow> {
  const [row] = await db.update(courseModules).set(values).where(eq(courseModules.id, id)).returning();
  return row!;
}

export async function deleteModule(db: Db, id: number): Promise<void> {
  await db.delete(courseModules).where(eq(courseModules.id, id));
}

/** Sets positions 0..n-1 in the order given (the ids must all belong to `courseId`). */
export async function setModulePositions(db: Db, courseId: number, orderedIds: number[]): Promise<void> {
  if (orderedIds.length === 0) return;
  const cases = sql.join(
    orderedIds.map((id, i) => sql`when ${id}::int then ${i}::int`),
    sql` `,
  );
  await db
    .update(courseModules)
    .set({ position: sql`case ${courseModules.id} ${cases} end` })
    .where(and(eq(courseModules.courseId, courseId), inArray(courseModules.id, orderedIds)));
}

/** Sets resource positions 0..n-1 in the order given (the ids must all belong to `moduleId`). */
export async function setResourcePositions(db: Db, moduleId: number, orderedIds: number[]): Promise<void> {
  if (orderedIds.length === 0) return;
  const cases = sql.join(
    orderedIds.map((id, i) => sql`when ${id}::int then ${i}::int`),
    sql` `,
  );
  await db
    .update(resources)
    .set({ position: sql`case ${resources.id} ${cases} end` })
    .where(and(eq(resources.moduleId, moduleId), inArray(resources.id, orderedIds)));
}

/** A resource with its module's course. */
export async function findResource(db: Db, id: number): Promise<{ resource: ResourceRow; course: OwningCourse } | undefined> {
  const [row] = await db
    .select({ resource: resources, course: owningCourse })
    .from(resources)
    .innerJoin(courseModules, eq(courseModules.id, resources.moduleId))
    .innerJoin(courses, eq(courses.id, courseModules.courseId))
    .where(eq(resources.id, id));
  return row;
}

/** Appends a resource after the module's last one. */
export async function insertResource(db: Db, values: Omit<typeof resources.$inferInsert, 'position'>): Promise<ResourceRow> {
  const [row] = await db
    .insert(resources)
    .values({
      ...values,
      position: sql`(select coalesce(max(${resources.position}) + 1, 0) from ${resources} where ${resources.moduleId} = ${values.moduleId})`,
    })
    .returning();
  return row!;
}

export async function updateResource(db: Db, id: number, values: Partial<typeof resources.$inferInsert>): Promise<ResourceRow> {
  const [row] = await db.update(resources).set(values).where(eq(resources.id, id)).returning();
  return row!;
}

export async function deleteResource(db: Db, id: number): Promise<void> {
  await db.delete(resources).where(eq(resources.id, id));
}

/** Ids of files used by a course: its cover and its file resources. */
export async function filesOfCourse(db: Db, courseId: number): Promise<number[]> {
  const [cover, used] = await Promise.all([
    db.select({ id: courses.coverFileId }).from(courses).where(eq(courses.id, courseId)),
    db
      .select({ id: resources.fileId })
      .from(resources)
      .innerJoin(courseModules, eq(courseModules.id, resources.moduleId))
      .where(and(eq(courseModules.courseId, courseId), isNotNull(resources.fileId))),
  ]);
  return [...cover, ...used].map((r) => r.id).filter((id): id is number => id != null);
}

/** Ids of files used by one module's resources. */
export async function filesOfModule(db: Db, moduleId: number): Promise<number[]> {
  const rows = await db
    .select({ id: resources.fileId })
    .from(resources)
    .where(and(eq(resources.moduleId, moduleId), isNotNull(resources.fileId)));
  return rows.map((r) => r.id!);
}

export async function insertFile(db: Db, values: typeof files.$inferInsert): Promise<FileRow> {
  const [row] = await db.insert(files).values(values).returning();
  return row!;
}

export async function findFile(db: Db, id: number): Promise<FileRow | undefined> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

/**
 * Deletes those of `ids` that no course cover or resource uses any more and returns their
 * storage keys, so the caller can remove the bytes once the transaction has committed.
 */
export async function deleteUnusedFiles(db: Db, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .delete(files)
    .where(
      and(
        inArray(files.id, ids),
        sql`not exists (select 1 from ${courses} where ${courses.coverFileId} = ${files.id})`,
        sql`not exists (select 1 from ${resources} where ${resources.fileId} = ${files.id})`,
      ),
    )
    .returning({ key: files.storageKey });
  return rows.map((r) => r.key);
}

/**
 * Every course that uses the file (as cover or through a resource), with whether the given
 * employee is enrolled in it; empty when no course uses it.
 */
export async function coursesUsingFile(
  db: Db,
  fileId: number,
  employeeId: number | null,
): Promise<{ id: number; status: OwningCourse['status']; ownerUserId: number | null; enrolled: boolean }[]> {
  const enrolled =
    employeeId == null
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from ${enrollments} where ${enrollments.courseId} = ${courses.id} and ${enrollments.employeeId} = ${employeeId})`;
  return db
    .select({ id: courses.id, status: courses.status, ownerUserId: courses.ownerUserId, enrolled })
    .from(courses)
    .where(
      sql`${courses.coverFileId} = ${fileId} or ${courses.id} in (
        select ${courseModules.courseId} from ${courseModules} join ${resources} on ${resources.moduleId} = ${courseModules.id}
        where ${resources.fileId} = ${fileId})`,
    );
}

/** Module ids the enrolment has completed. */
export async function completedModuleIds(db: Db, enrollmentId: number): Promise<Set<number>> {
  const rows = await db
    .select({ id: moduleProgress.moduleId })
    .from(moduleProgress)
    .where(eq(moduleProgress.enrollmentId, enrollmentId));
  return new Set(rows.map((r) => r.id));
}
