/**
 * Demo exams on the demo item bank: a practice quiz per course (immediate feedback, unlimited
 * attempts), one timed exam across the courses with an essay graded by people (30 minutes, two
 * attempts, open for 60 days), and an adaptive diagnostic over the whole LLM-APP framework.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { examItems, exams, items } from '../db/schema/index.ts';
import type { SeededItemIds } from './items.ts';

const DAY = 86_400_000;
const PRACTICE_SIZE = 8;
const OBJECTIVE = new Set(['single', 'multiple', 'true_false', 'fill_blank']);

export interface ExamsSeedInput {
  now: Date;
  authorUserId: number;
  /** Item ids per course key (seedItems' result). */
  itemIds: SeededItemIds;
  /** Course id per course key. */
  courseIds: Map<string, number>;
  /** Titles per course key, for the quiz titles. */
  courseTitles: Map<string, { zh: string; en: string }>;
  /** Ids of every LLM-APP knowledge point (the adaptive pool). */
  frameworkKpIds: number[];
}

export const TIMED_EXAM_TITLE = '大模型应用能力测评（初级）';

export async function seedExams(db: Db, input: ExamsSeedInput): Promise<{ practice: number; timedExamId: number; adaptiveExamId: number }> {
  const ids = Object.values(input.itemIds).flat();
  const types = new Map((await db.select({ id: items.id, type: items.type }).from(items).where(inArray(items.id, ids))).map((r) => [r.id, r.type]));
  const base = {
    createdBy: input.authorUserId,
    status: 'published' as const,
    createdAt: new Date(input.now.getTime() - 30 * DAY),
    updatedAt: new Date(input.now.getTime() - 30 * DAY),
  };
  const quizzes = Object.entries(input.itemIds).map(([courseKey, list]) => ({ courseKey, list: list.filter((id) => OBJECTIVE.has(types.get(id) ?? '')).slice(0, PRACTICE_SIZE) }));
  const quizRows = await db
    .insert(exams)
    .values(
      quizzes.map(({ courseKey }) => {
        const t = input.courseTitles.get(courseKey)!;
        return {
          ...base,
          title: `${t.zh} · 随堂练习`,
          titleEn: `${t.en} · Practice quiz`,
          description: '每题作答后即可查看对错与解析，不限次数。',
          courseId: input.courseIds.get(courseKey) ?? null,
          mode: 'fixed' as const,
          purpose: 'practice' as const,
          feedback: 'immediate' as const,
          shuffleItems: false,
          passPercent: 60,
        };
      }),
    )
    .returning({ id: exams.id });

  // The timed exam: two objective items from each course, and one essay (graded by people).
  const essay = ids.find((id) => types.get(id) === 'essay');
  const timedItems = [...Object.values(input.itemIds).flatMap((list) => list.filter((id) => OBJECTIVE.has(types.get(id) ?? '')).slice(PRACTICE_SIZE, PRACTICE_SIZE + 2)), ...(essay ? [essay] : [])];
  const [timed] = await db
    .insert(exams)
    .values({
      ...base,
      title: TIMED_EXAM_TITLE,
      titleEn: 'LLM at Work: Junior Assessment',
      description: '覆盖十门课程的综合测评，限时 30 分钟，最多两次机会；论述题由培训师按评分细则阅卷。',
      mode: 'fixed',
      purpose: 'exam',
      timeLimitMinutes: 30,
      opensAt: new Date(input.now.getTime() - DAY),
      closesAt: new Date(input.now.getTime() + 60 * DAY),
      maxAttempts: 2,
      feedback: 'after_submit',
      passPercent: 60,
    })
    .returning({ id: exams.id });
  const [adaptive] = await db
    .insert(exams)
    .values({
      ...base,
      title: '大模型应用能力自适应诊断',
      titleEn: 'LLM at Work: Adaptive Diagnostic',
      description: '题目难度随作答自动调整，约 10–15 题即可估计你的整体水平。',
      mode: 'adaptive',
      purpose: 'exam',
      feedback: 'after_submit',
      adaptive: { knowledgePoints: input.frameworkKpIds, seThreshold: 0.4, minItems: 8, maxItems: 15, randomesque: 3, passTheta: 0 },
    })
    .returning({ id: exams.id });

  const rows = [
    ...quizzes.flatMap(({ list }, q) => list.map((itemId, position) => ({ examId: quizRows[q]!.id, itemId, position, points: 1 }))),
    ...timedItems.map((itemId, position) => ({ examId: timed!.id, itemId, position, points: types.get(itemId) === 'essay' ? 10 : 2 })),
  ];
  if (rows.length) await db.insert(examItems).values(rows);
  return { practice: quizRows.length, timedExamId: timed!.id, adaptiveExamId: adaptive!.id };
}
