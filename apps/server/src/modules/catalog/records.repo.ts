/** SQL for training records: an employee's history and classroom (offline) sessions. */
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, employees, enrollments, trainingRecords, users } from '../../db/schema/index.ts';
import { containsPattern } from './sql.ts';
import { scopeCondition, type EmployeeScope } from '../org/policy.ts';
import type { RecordRow } from './learning.repo.ts';

export interface RecordListRow {
  record: RecordRow;
  courseTitle: string | null;
  dueDate: string | null;
}

/** One page of an employee's records (online and classroom), most recent first. */
export async function listRecords(
  db: Db,
  q: { employeeId: number; kind?: 'online' | 'classroom' | undefined; page: number; pageSize: number },
): Promise<{ rows: RecordListRow[]; total: number }> {
  const where = and(eq(trainingRecords.employeeId, q.employeeId), q.kind ? eq(trainingRecords.kind, q.kind) : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select({ record: trainingRecords, courseTitle: courses.title, dueDate: enrollments.dueDate })
      .from(trainingRecords)
      .leftJoin(courses, eq(courses.id, trainingRecords.courseId))
      .leftJoin(enrollments, eq(enrollments.id, trainingRecords.enrollmentId))
      .where(where)
      .orderBy(desc(sql`coalesce(${trainingRecords.completedAt}, ${trainingRecords.updatedAt})`), desc(trainingRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(trainingRecords).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Whether the employee exists and lies within the scope. */
export async function employeeInScope(db: Db, employeeId: number, scope: EmployeeScope): Promise<boolean> {
  const [row] = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.id, employeeId), scopeCondition(scope, employees.id)));
  return Boolean(row);
}

export interface ClassroomRow {
  record: RecordRow;
  employeeNo: string;
  employeeName: string;
  recordedByName: string | null;
}

const classroomColumns = {
  record: trainingRecords,
  employeeNo: employees.employeeNo,
  employeeName: employees.name,
  recordedByName: users.displayName,
};

/** Inserts one completed classroom record per employee; returns the new ids. */
export async function insertClassroomRecords(
  db: Db,
  p: {
    employeeIds: number[];
    title: string;
    sessionDate: string;
    timeSpentSeconds: number;
    location: string | null;
    trainerName: string | null;
    score: number | null;
    notes: string | null;
    recordedBy: number;
  },
): Promise<number[]> {
  // A classroom session is attended in one go: it starts and completes on its day.
  const day = new Date(`${p.sessionDate}T00:00:00Z`);
  const rows = await db
    .insert(trainingRecords)
    .values(
      p.employeeIds.map((employeeId) => ({
        employeeId,
        kind: 'classroom' as const,
        title: p.title,
        status: 'completed' as const,
        progressPercent: 100,
        startedAt: day,
        completedAt: day,
        timeSpentSeconds: p.timeSpentSeconds,
        score: p.score,
        sessionDate: p.sessionDate,
        location: p.location,
        trainerName: p.trainerName,
        notes: p.notes,
        recordedBy: p.recordedBy,
      })),
    )
    .returning({ id: trainingRecords.id });
  return rows.map((r) => r.id);
}

function classroomQuery(db: Db, where: SQL | undefined) {
  return db
    .select(classroomColumns)
    .from(trainingRecords)
    .innerJoin(employees, eq(employees.id, trainingRecords.employeeId))
    .leftJoin(users, eq(users.id, trainingRecords.recordedBy))
    .where(and(eq(trainingRecords.kind, 'classroom'), where));
}

export async function classroomByIds(db: Db, ids: number[]): Promise<ClassroomRow[]> {
  if (ids.length === 0) return [];
  return classroomQuery(db, inArray(trainingRecords.id, ids)).orderBy(employees.name, trainingRecords.id);
}

/** One page of classroom records, latest session first. */
export async function listClassroom(
  db: Db,
  q: { search?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: ClassroomRow[]; total: number }> {
  const pattern = containsPattern(q.search);
  const where = pattern
    ? or(ilike(trainingRecords.title, pattern), ilike(employees.name, pattern), ilike(employees.employeeNo, pattern))
    : undefined;
  const [rows, [total]] = await Promise.all([
    classroomQuery(db, where)
      .orderBy(desc(trainingRecords.sessionDate), desc(trainingRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: count() })
      .from(trainingRecords)
      .innerJoin(employees, eq(employees.id, trainingRecords.employeeId))
      .where(and(eq(trainingRecords.kind, 'classroom'), where)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** A classroom record (not an online one), or undefined. */
export async function findClassroomRecord(db: Db, id: number): Promise<RecordRow | undefined> {
  const [row] = await db
    .select()
    .from(trainingRecords)
    .where(and(eq(trainingRecords.id, id), eq(trainingRecords.kind, 'classroom')));
  return row;
}

export async function deleteRecord(db: Db, id: number): Promise<void> {
  await db.delete(trainingRecords).where(eq(trainingRecords.id, id));
}
