/** Data access for exams (authoring) and the item pools they draw from. */
import type { ExamListQuery } from '@xueli/contracts';
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { containsPattern, rowsOf } from '../catalog/sql.ts';
import { courses, examAttempts, examItems, exams, items, users } from '../../db/schema/index.ts';

export type ExamRow = typeof exams.$inferSelect;
export type ExamInsert = typeof exams.$inferInsert;

export async function examById(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<ExamRow | null> {
  const q = db.select().from(exams).where(eq(exams.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function examPage(db: Db, q: ExamListQuery): Promise<{ rows: ExamRow[]; total: number }> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(exams.status, q.status));
  if (q.purpose) where.push(eq(exams.purpose, q.purpose));
  if (q.courseId) where.push(eq(exams.courseId, q.courseId));
  if (q.search) {
    const like = containsPattern(q.search)!;
    where.push(or(ilike(exams.title, like), ilike(sql`coalesce(${exams.titleEn}, '')`, like))!);
  }
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(exams).where(cond).orderBy(desc(exams.updatedAt), desc(exams.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(exams).where(cond),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function insertExam(db: Db, row: ExamInsert): Promise<number> {
  const [r] = await db.insert(exams).values(row).returning({ id: exams.id });
  return r!.id;
}

export async function updateExam(db: Db, id: number, set: Partial<ExamInsert>): Promise<void> {
  await db.update(exams).set({ ...set, updatedAt: new Date() }).where(eq(exams.id, id));
}

export async function deleteExam(db: Db, id: number): Promise<void> {
  await db.delete(exams).where(eq(exams.id, id));
}

export async function replaceExamItems(db: Db, examId: number, list: { itemId: number; points: number }[]): Promise<void> {
  await db.delete(examItems).where(eq(examItems.examId, examId));
  if (list.length) await db.insert(examItems).values(list.map((x, i) => ({ examId, itemId: x.itemId, points: x.points, position: i })));
}

export async function examItemList(db: Db, examId: number) {
  return db
    .select({ itemId: examItems.itemId, points: examItems.points, stem: items.stem, type: items.type, status: items.status })
    .from(examItems)
    .innerJoin(items, eq(items.id, examItems.itemId))
    .where(eq(examItems.examId, examId))
    .orderBy(asc(examItems.position));
}

export async function itemsByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: items.id, status: items.status, type: items.type }).from(items).where(inArray(items.id, ids));
}

export async function courseTitle(db: Db, id: number): Promise<string | null> {
  const [row] = await db.select({ title: courses.title }).from(courses).where(eq(courses.id, id));
  return row?.title ?? null;
}

export async function attemptCount(db: Db, examId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(examAttempts).where(eq(examAttempts.examId, examId));
  return row?.n ?? 0;
}

export async function userName(db: Db, id: number | null): Promise<string | null> {
  if (id == null) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name ?? null;
}

export interface PoolRow {
  id: number;
  type: string;
  b: number | null;
  a: number | null;
  kpIds: number[];
}

/** Active items measuring any of the knowledge points, with their IRT parameters. */
export async function activePool(db: Db, kpIds: number[], types?: readonly string[]): Promise<PoolRow[]> {
  if (!kpIds.length) return [];
  const rows = await db.execute(sql`
    select i.id, i.type, i.difficulty as b, i.discrimination as a, array_agg(ik.kp_id order by ik.kp_id) as kp_ids
    from items i join item_kps ik on ik.item_id = i.id
    where i.status = 'active'
      and exists (select 1 from item_kps k2 where k2.item_id = i.id and k2.kp_id in ${sql`(${sql.join(kpIds.map((k) => sql`${k}`), sql`, `)})`})
      ${types ? sql`and i.type in (${sql.join(types.map((t) => sql`${t}`), sql`, `)})` : sql``}
    group by i.id
    order by i.id`);
  return rowsOf<{ id: number; type: string; b: number | null; a: number | null; kp_ids: number[] }>(rows).map((r) => ({
    id: Number(r.id),
    type: r.type,
    b: r.b == null ? null : Number(r.b),
    a: r.a == null ? null : Number(r.a),
    kpIds: r.kp_ids.map(Number),
  }));
}
