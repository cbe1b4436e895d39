/** All SQL of the AI tutor: the questions asked, their ratings and the content gaps. */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, tutorQuestions } from '../../db/schema/index.ts';
import { isoOf, rowsOf } from '../catalog/sql.ts';

export type TutorQuestionRow = typeof tutorQuestions.$inferSelect;

/** The course a question is asked on (to check it exists and may be seen). */
export async function courseForTutor(db: Db, id: number) {
  const [row] = await db.select({ id: courses.id, status: courses.status }).from(courses).where(eq(courses.id, id));
  return row;
}

export async function insertQuestion(db: Db, values: typeof tutorQuestions.$inferInsert): Promise<TutorQuestionRow> {
  const [row] = await db.insert(tutorQuestions).values(values).returning();
  return row!;
}

/** The asker's own question (undefined for anyone else's). */
export async function ownQuestion(db: Db, id: number, userId: number): Promise<TutorQuestionRow | undefined> {
  const [row] = await db
    .select()
    .from(tutorQuestions)
    .where(and(eq(tutorQuestions.id, id), eq(tutorQuestions.userId, userId)));
  return row;
}

export async function setRating(db: Db, id: number, rating: 1 | -1, comment: string | null): Promise<TutorQuestionRow> {
  const [row] = await db
    .update(tutorQuestions)
    .set({ rating, ratingComment: comment, ratedAt: new Date() })
    .where(eq(tutorQuestions.id, id))
    .returning();
  return row!;
}

export async function historyPage(db: Db, userId: number, page: number, pageSize: number): Promise<{ rows: TutorQuestionRow[]; total: number }> {
  const [rows, [tot]] = await Promise.all([
    db
      .select()
      .from(tutorQuestions)
      .where(eq(tutorQuestions.userId, userId))
      .orderBy(desc(tutorQuestions.createdAt), desc(tutorQuestions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(tutorQuestions).where(eq(tutorQuestions.userId, userId)),
  ]);
  return { rows, total: Number(tot?.n ?? 0) };
}

export interface GapFilter {
  courseId?: number | undefined;
  /** YYYY-MM-DD, inclusive, UTC. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface GapRow {
  id: number;
  question: string;
  courseId: number | null;
  courseTitle: string | null;
  kind: 'unsupported' | 'low_rated';
  mode: 'extractive' | 'model';
  answer: string;
  ratingComment: string | null;
  times: number;
  createdAt: string;
}

function gapWhere(f: GapFilter) {
  const parts = [sql`true`];
  if (f.courseId !== undefined) parts.push(sql`q.course_id = ${f.courseId}`);
  if (f.from) parts.push(sql`q.created_at >= ${f.from}::date`);
  if (f.to) parts.push(sql`q.created_at < ${f.to}::date + 1`);
  return sql.join(parts, sql` and `);
}

/**
 * Questions the knowledge base could not answer or whose answer was rated -1, newest first, with
 * how often the same question (lower case, spaces collapsed) was such a gap within the filter; and
 * the filter's counts.
 */
export async function gapsPage(db: Db, f: GapFilter, page: number, pageSize: number): Promise<{ rows: GapRow[]; total: number; counts: { unsupported: number; lowRated: number; asked: number } }> {
  const where = gapWhere(f);
  const [itemsRes, countsRes] = await Promise.all([
    db.execute(sql`
      with g as (
        select q.*, lower(regexp_replace(btrim(q.question), '\\s+', ' ', 'g')) as norm
        from tutor_questions q
        where ${where} and (not q.supported or q.rating = -1)
      )
      select g.id, g.question, g.course_id as "courseId", c.title as "courseTitle",
             case when g.supported then 'low_rated' else 'unsupported' end as kind,
             g.mode, g.answer, g.rating_comment as "ratingComment",
             count(*) over (partition by g.norm) as times, g.created_at as "createdAt"
      from g left join courses c on c.id = g.course_id
      order by g.created_at desc, g.id desc
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
    db.execute(sql`
      select count(*) filter (where not q.supported) as unsupported,
             count(*) filter (where q.supported and q.rating = -1) as "lowRated",
             count(*) as asked
      from tutor_questions q where ${where}`),
  ]);
  const [c] = rowsOf<{ unsupported: number | string; lowRated: number | string; asked: number | string }>(countsRes);
  const counts = { unsupported: Number(c?.unsupported ?? 0), lowRated: Number(c?.lowRated ?? 0), asked: Number(c?.asked ?? 0) };
  const rows = rowsOf<Omit<GapRow, 'times' | 'createdAt'> & { times: number | string; createdAt: unknown; courseId: number | null }>(itemsRes).map((r) => ({
    ...r,
    id: Number(r.id),
    courseId: r.courseId == null ? null : Number(r.courseId),
    times: Number(r.times),
    createdAt: isoOf(r.createdAt)!,
  }));
  return { rows, total: counts.unsupported + counts.lowRated, counts };
}
