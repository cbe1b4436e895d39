/** Data access for attempts, responses and the grading queue. */
import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { executeNamed } from '../../db/prepared.ts';
import { attemptResponses, employees, examAttempts, exams, itemKps, items, type FormEntry } from '../../db/schema/index.ts';
import { isoOf, rowsOf } from '../catalog/sql.ts';
import { scopeCondition, type EmployeeScope } from '../org/policy.ts';

export type AttemptRow = typeof examAttempts.$inferSelect;
export type ResponseRow = typeof attemptResponses.$inferSelect;

export async function attemptById(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<AttemptRow | null> {
  const q = db.select().from(examAttempts).where(eq(examAttempts.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function openAttempt(db: Db, examId: number, employeeId: number): Promise<AttemptRow | null> {
  const [row] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.employeeId, employeeId), eq(examAttempts.status, 'in_progress')));
  return row ?? null;
}

export async function insertAttempt(db: Db, row: typeof examAttempts.$inferInsert): Promise<AttemptRow> {
  const [r] = await db.insert(examAttempts).values(row).returning();
  return r!;
}

/** The candidate's open attempt of an exam (if any) and how many attempts they have used, in one query. */
export async function attemptsOf(db: Db, examId: number, employeeId: number): Promise<{ open: AttemptRow | null; used: number }> {
  const rows = await db
    .select({ attempt: examAttempts, used: sql<number>`count(*) over ()` })
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.employeeId, employeeId)))
    .orderBy(desc(examAttempts.attemptNo));
  return { open: rows.find((r) => r.attempt.status === 'in_progress')?.attempt ?? null, used: rows.length ? Number(rows[0]!.used) : 0 };
}

export async function insertResponses(db: Db, attemptId: number, form: FormEntry[], from = 0): Promise<void> {
  if (!form.length) return;
  await db.insert(attemptResponses).values(form.map((f, i) => ({ attemptId, itemId: f.itemId, position: from + i })));
}

export async function updateAttempt(db: Db, id: number, set: Partial<typeof examAttempts.$inferInsert>): Promise<void> {
  await db.update(examAttempts).set(set).where(eq(examAttempts.id, id));
}

export async function responsesOf(db: Db, attemptId: number): Promise<ResponseRow[]> {
  return db.select().from(attemptResponses).where(eq(attemptResponses.attemptId, attemptId)).orderBy(asc(attemptResponses.position));
}

export async function updateResponse(db: Db, attemptId: number, itemId: number, set: Partial<typeof attemptResponses.$inferInsert>): Promise<void> {
  await db
    .update(attemptResponses)
    .set(set)
    .where(and(eq(attemptResponses.attemptId, attemptId), eq(attemptResponses.itemId, itemId)));
}

export interface GradeUpdate {
  itemId: number;
  score: number | null;
  autoScore: number | null;
  status: ResponseRow['status'];
  detail: unknown;
}

/** Writes the grades of many responses of one attempt in one statement. */
export async function writeGrades(db: Db, attemptId: number, rows: GradeUpdate[], gradedAt: Date): Promise<void> {
  if (!rows.length) return;
  await db.execute(sql`
    update attempt_responses r
    set score = g.score, auto_score = g.auto_score, status = g.status, detail = g.detail, graded_at = ${gradedAt}
    from jsonb_to_recordset(${JSON.stringify(rows.map((u) => ({ item_id: u.itemId, score: u.score, auto_score: u.autoScore, status: u.status, detail: u.detail })))}::jsonb)
      as g(item_id int, score real, auto_score real, status text, detail jsonb)
    where r.attempt_id = ${attemptId} and r.item_id = g.item_id`);
}

export type BankItem = typeof items.$inferSelect & { kpIds: number[] };

/** Items of a form, current state, with their knowledge points. */
export async function bankItems(db: Db, ids: number[]): Promise<Map<number, BankItem>> {
  if (!ids.length) return new Map();
  // One after the other: `db` may be a transaction's single connection.
  const rows = await db.select().from(items).where(inArray(items.id, ids));
  const kps = await db.select().from(itemKps).where(inArray(itemKps.itemId, ids));
  return new Map(rows.map((r) => [r.id, { ...r, kpIds: kps.filter((k) => k.itemId === r.id).map((k) => k.kpId) }]));
}

/**
 * Autosave, the hottest write of an exam: one statement that stores the response only if the
 * attempt is the caller's, still open, before its deadline, the item is on its form, unlocked,
 * of a fitting shape, and the save is not older than the stored one. No row back = refused
 * (`saveRefusal` then says why).
 */
export async function saveResponse(
  db: Db,
  p: { attemptId: number; itemId: number; employeeId: number; response: unknown; flagged: boolean | null; seq: number | null },
): Promise<{ seq: number; savedAt: string } | null> {
  const json = JSON.stringify(p.response ?? null);
  const rows = await executeNamed<{ seq: number; saved_at: unknown }>(
    db,
    'exam_autosave',
    sql`update attempt_responses r
        set response = ${json}::jsonb,
            flagged = coalesce(${p.flagged}::boolean, r.flagged),
            seq = coalesce(${p.seq}::int, r.seq + 1),
            saved_at = now(),
            status = case when ${json}::jsonb = 'null'::jsonb then 'unanswered' else 'saved' end
        from exam_attempts a
        where a.id = ${p.attemptId} and a.employee_id = ${p.employeeId} and a.status = 'in_progress'
          and (a.deadline_at is null or a.deadline_at > now())
          and r.attempt_id = a.id and r.item_id = ${p.itemId} and not r.locked
          and (${p.seq}::int is null or r.seq <= ${p.seq}::int)
        returning r.seq, r.saved_at`,
  );
  const r = rows[0];
  return r ? { seq: Number(r.seq), savedAt: isoOf(r.saved_at)! } : null;
}

/** Why an autosave was refused (or that it was merely older than the stored save). */
export async function saveRefusal(db: Db, attemptId: number, itemId: number) {
  const result = await db.execute(sql`
    select a.employee_id, a.status, a.deadline_at, a.deadline_at <= now() as expired, r.locked, r.seq, r.saved_at, r.item_id
    from exam_attempts a left join attempt_responses r on r.attempt_id = a.id and r.item_id = ${itemId}
    where a.id = ${attemptId}`);
  const [row] = rowsOf<{ employee_id: number; status: string; deadline_at: unknown; expired: boolean | null; locked: boolean | null; seq: number | null; saved_at: unknown; item_id: number | null }>(result);
  return row ?? null;
}

export async function itemType(db: Db, itemId: number): Promise<string | null> {
  const [row] = await db.select({ type: items.type }).from(items).where(eq(items.id, itemId));
  return row?.type ?? null;
}

/** Open attempts whose deadline has passed (by at least `graceMs`), oldest first. */
export async function expiredAttemptIds(db: Db, graceMs: number, limit: number): Promise<number[]> {
  const cutoff = new Date(Date.now() - graceMs);
  const rows = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.status, 'in_progress'), lte(examAttempts.deadlineAt, cutoff)))
    .orderBy(asc(examAttempts.deadlineAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Published exams with the caller's attempt counts, best result and open attempt. */
export async function myExamRows(db: Db, employeeId: number, f: { courseId?: number | undefined; purpose?: string | undefined }) {
  const where: SQL[] = [eq(exams.status, 'published')];
  if (f.courseId) where.push(eq(exams.courseId, f.courseId));
  if (f.purpose) where.push(sql`${exams.purpose} = ${f.purpose}`);
  return db
    .select({
      exam: exams,
      used: sql<number>`(select count(*)::int from exam_attempts a where a.exam_id = exams.id and a.employee_id = ${employeeId})`,
      openAttemptId: sql<number | null>`(select a.id from exam_attempts a where a.exam_id = exams.id and a.employee_id = ${employeeId} and a.status = 'in_progress' limit 1)`,
      bestPercent: sql<number | null>`(select max(a.percent) from exam_attempts a where a.exam_id = exams.id and a.employee_id = ${employeeId})`,
      passed: sql<boolean | null>`(select bool_or(a.passed) from exam_attempts a where a.exam_id = exams.id and a.employee_id = ${employeeId} and a.passed is not null)`,
      questions: sql<number | null>`case exams.mode
        when 'fixed' then (select count(*)::int from exam_items ei where ei.exam_id = exams.id)
        when 'blueprint' then (select sum((r->>'count')::int)::int from jsonb_array_elements(exams.blueprint) r)
        else null end`,
    })
    .from(exams)
    .where(and(...where))
    .orderBy(asc(exams.purpose), asc(exams.closesAt), asc(exams.id));
}

export async function attemptPage(db: Db, q: { examId?: number | undefined; employeeId?: number | undefined; scope?: EmployeeScope; status?: string | undefined; page: number; pageSize: number }) {
  const where: SQL[] = [];
  if (q.examId) where.push(eq(examAttempts.examId, q.examId));
  if (q.employeeId) where.push(eq(examAttempts.employeeId, q.employeeId));
  if (q.status) where.push(sql`${examAttempts.status} = ${q.status}`);
  if (q.scope) {
    const c = scopeCondition(q.scope, examAttempts.employeeId);
    if (c) where.push(c);
  }
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ attempt: examAttempts, examTitle: exams.title, employeeName: employees.name, employeeNo: employees.employeeNo })
      .from(examAttempts)
      .innerJoin(exams, eq(exams.id, examAttempts.examId))
      .innerJoin(employees, eq(employees.id, examAttempts.employeeId))
      .where(cond)
      .orderBy(desc(examAttempts.startedAt), desc(examAttempts.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(examAttempts).where(cond),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Responses waiting for a person, oldest submission first. */
export async function gradingQueue(db: Db, q: { examId?: number | undefined; page: number; pageSize: number }) {
  const where: SQL[] = [eq(attemptResponses.status, 'needs_review'), sql`${examAttempts.status} <> 'in_progress'`];
  if (q.examId) where.push(eq(examAttempts.examId, q.examId));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({ response: attemptResponses, attempt: examAttempts, examTitle: exams.title, item: items })
      .from(attemptResponses)
      .innerJoin(examAttempts, eq(examAttempts.id, attemptResponses.attemptId))
      .innerJoin(exams, eq(exams.id, examAttempts.examId))
      .innerJoin(items, eq(items.id, attemptResponses.itemId))
      .where(cond)
      .orderBy(asc(examAttempts.submittedAt), asc(attemptResponses.attemptId), asc(attemptResponses.position))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: count() })
      .from(attemptResponses)
      .innerJoin(examAttempts, eq(examAttempts.id, attemptResponses.attemptId))
      .where(cond),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Submitted attempts' machine-graded responses to an item (for regrading after a key change). */
export async function autoGradedResponsesOf(db: Db, itemId: number) {
  return db
    .select({ response: attemptResponses, attempt: examAttempts })
    .from(attemptResponses)
    .innerJoin(examAttempts, eq(examAttempts.id, attemptResponses.attemptId))
    .where(and(eq(attemptResponses.itemId, itemId), eq(attemptResponses.status, 'auto_graded'), sql`${examAttempts.status} <> 'in_progress'`));
}

/** Every scored response of an exam's finished attempts (item analysis). */
export async function scoredResponses(db: Db, examId: number) {
  return db
    .select({ attemptId: attemptResponses.attemptId, employeeId: examAttempts.employeeId, itemId: attemptResponses.itemId, score: attemptResponses.score, response: attemptResponses.response })
    .from(attemptResponses)
    .innerJoin(examAttempts, eq(examAttempts.id, attemptResponses.attemptId))
    .where(and(eq(examAttempts.examId, examId), sql`${examAttempts.status} <> 'in_progress'`, sql`${attemptResponses.score} is not null`))
    .orderBy(asc(attemptResponses.attemptId));
}
